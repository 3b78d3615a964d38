"""An office of four counters on one PostgreSQL database: intake latency, and the desk.

    python bench/bench_office.py [--counters 4] [--intakes 150] [--rounds 5] [--desk-n 100000]
                                 [--skip-desk]

Starts its own PostgreSQL server in a temporary folder (as the tests do) and sets
up an office of ``--counters`` counters on it. Then, in interleaved rounds:

(a) intake: every counter process at once takes ``--intakes`` requests through
    ``Station.submit`` (validate, seal, one transaction: request, numbers, Suket,
    audit event), each timed; against a bare baseline in the same round: the same
    number of processes, each doing a psycopg ``INSERT`` of one row of the same
    size plus ``COMMIT`` as fast as it can. Reported: p50 and p99 of each, and
    their ratios (goal: at most 3x);
(b) the desk on the office database holding ``--desk-n`` requests (a station seeded
    by bench/seed_queue.py and moved there with ``loket migrate-to``): the desk
    pushed over the intake screen to its first frame with rows, against a bare
    Textual app's first frame, and search keystrokes to the narrowed rows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

SUPERVISOR = ("SUPERVISOR", "123456")
CLERK = ("CLERK", "246810")

# One counter's work, in its own process: timed saves (or bare inserts), as JSON on stdout.
WORKER = r"""
import datetime as dt, json, sys, time
kind, target, count, base = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
times = []
if kind == "loket":
    from loket.intake.samples import nik_for, sample_record
    from loket.station import Station
    station = Station.open(target)
    clerk = station.login("CLERK", "246810")
    station.key()
    for i in range(count):
        # A birth day per counter and round, a serial per intake: every NIK distinct.
        born = dt.date(1950, 1, 1) + dt.timedelta(days=base)
        record = sample_record(nik=nik_for("737301", born, "L", i + 1), birth_date=born)
        started = time.perf_counter()
        station.submit(record, clerk)
        times.append(time.perf_counter() - started)
    station.close()
else:
    import psycopg
    payload = "x" * 900  # about the size of a request row's payload
    with psycopg.connect(target) as con:
        for i in range(count):
            started = time.perf_counter()
            con.execute("INSERT INTO bare (payload) VALUES (%s)", (payload,))
            con.commit()
            times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def loket(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, LOKET_LANG="en")
    done = subprocess.run([sys.executable, "-m", "loket.cli", "--data-dir", str(root), *args], input=stdin,
                          capture_output=True, text=True, env=env)
    if done.returncode not in (0,):
        raise SystemExit(f"loket {' '.join(args)} failed: {done.stderr}")
    return done


def make_office(server, tmp: Path, counters: int) -> tuple[str, list[Path]]:
    url = server.url(server.new_database())
    flags = ["--office-code", "7373", "--office-name", "Disdukcapil Kota Palopo", "--office-address",
             "Jl. Andi Djemma No. 1, Palopo", "--head-name", "KEPALA DINAS", "--head-nip", "196801011990031005"]
    roots = []
    for n in range(1, counters + 1):
        root = tmp / f"counter{n}"
        station_id = f"7373-LKT{n:02d}"
        if n == 1:
            loket(root, "setup", "--database", url, *flags, "--station-id", station_id, "--supervisor",
                  SUPERVISOR[0], "--pin-stdin", stdin=SUPERVISOR[1] + "\n")
            loket(root, "user", "add", CLERK[0], "--role", "clerk", "--as", SUPERVISOR[0], "--pin-stdin",
                  stdin=f"{SUPERVISOR[1]}\n{CLERK[1]}\n")
        else:
            loket(root, "setup", "--database", url, "--station-id", station_id)
        roots.append(root)
    return url, roots


def run_workers(kind: str, targets: list[str], count: int, base: int) -> list[float]:
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, kind, target, str(count), str(base + n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n, target in enumerate(targets)]
    times = []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"{kind} worker failed: {err}")
        times += json.loads(out.strip().splitlines()[-1])
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def intake_rounds(server, url: str, roots: list[Path], intakes: int, rounds: int) -> None:
    server.admin("CREATE TABLE bare (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)", url.rsplit("/", 1)[1])
    bare_url = url.replace("postgresql://", "postgresql://", 1)
    # One warm-up of each (imports, the key, the server's caches).
    run_workers("bare", [bare_url] * len(roots), 20, 0)
    run_workers("loket", [str(r) for r in roots], 5, 10_000)
    p50s, p99s = [], []
    for round_no in range(rounds):
        bare = run_workers("bare", [bare_url] * len(roots), intakes, 0)
        saves = run_workers("loket", [str(r) for r in roots], intakes, round_no * 50)
        b50, b99, l50, l99 = (percentile(bare, 0.5), percentile(bare, 0.99), percentile(saves, 0.5),
                              percentile(saves, 0.99))
        p50s.append(l50 / b50)
        p99s.append(l99 / b99)
        print(f"  round {round_no + 1}: bare p50 {b50 * 1000:.2f} ms p99 {b99 * 1000:.2f} ms | "
              f"loket p50 {l50 * 1000:.2f} ms p99 {l99 * 1000:.2f} ms | ratios {l50 / b50:.2f} / {l99 / b99:.2f}")
    print(f"(a) {len(roots)} counters x {intakes} intakes a round, {rounds} rounds")
    print(f"    p50 ratio loket / bare INSERT+COMMIT: median {statistics.median(p50s):.2f} "
          f"(min {min(p50s):.2f}, max {max(p50s):.2f}); goal at most 3")
    print(f"    p99 ratio: median {statistics.median(p99s):.2f} (min {min(p99s):.2f}, max {max(p99s):.2f})")


def desk_rounds(server, tmp: Path, n: int, rounds: int) -> None:
    import asyncio

    from bench_desk import bare_first_paint, desk_round, make_station

    single = tmp / "desk-station"
    make_station(single, n)
    url = server.url(server.new_database())
    started = time.perf_counter()
    loket(single, "migrate-to", url, "--as", SUPERVISOR[0], "--pin-stdin", stdin=SUPERVISOR[1] + "\n")
    print(f"moved {n:,} requests into the office database in {time.perf_counter() - started:.1f} s")
    asyncio.run(bare_first_paint())
    asyncio.run(desk_round(single))
    bare, desk, keys = [], [], []
    for _ in range(rounds):
        bare.append(asyncio.run(bare_first_paint()))
        first, strokes, _left = asyncio.run(desk_round(single))
        desk.append(first)
        keys.extend(strokes)
    ratios = [d / b for d, b in zip(desk, bare)]
    print(f"(b) desk on the office database at {n:,} requests, {rounds} rounds")
    print(f"    bare first paint median {statistics.median(bare) * 1000:.1f} ms; desk to its rows median "
          f"{statistics.median(desk) * 1000:.1f} ms; ratio median {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}); goal at most 1.5")
    print(f"    search keystroke: median {statistics.median(keys) * 1000:.1f} ms, max {max(keys) * 1000:.1f} ms "
          f"over {len(keys)} keys; goal under 100 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counters", type=int, default=4)
    parser.add_argument("--intakes", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--desk-n", type=int, default=100_000)
    parser.add_argument("--skip-desk", action="store_true")
    args = parser.parse_args()
    import pgkit

    server = pgkit.start_server()
    passfile = server.root.parent / "pgpass"
    passfile.write_text(f"127.0.0.1:*:*:{pgkit.SUPERUSER}:{pgkit.PASSWORD}\n")
    os.chmod(passfile, 0o600)
    os.environ["PGPASSFILE"] = str(passfile)
    try:
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"PostgreSQL in {server.bindir}")
        with tempfile.TemporaryDirectory() as tmp:
            url, roots = make_office(server, Path(tmp), args.counters)
            intake_rounds(server, url, roots, args.intakes, args.rounds)
            if not args.skip_desk:
                desk_rounds(server, Path(tmp), args.desk_n, args.rounds)
    finally:
        pgkit.drop_tree(server)


if __name__ == "__main__":
    main()
