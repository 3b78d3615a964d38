"""An office of four counters on one PostgreSQL database: intake latency, and the desk.

    python bench/bench_office.py [--counters 4] [--intakes 150] [--rounds 5] [--desk-n 100000]
                                 [--skip-desk] [--skip-intake]

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

from textual.geometry import Size

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

SIZE = (120, 40)  # as bench_desk
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


def bare_office_push(url: str) -> float:
    """(b)'s baseline: bench_desk's bare pushed list, its rows read from the office database with psycopg."""
    import asyncio

    from bench_desk import BareApp, BareList, BareListScreen

    class BareOfficeList(BareList):
        def on_mount(self, event) -> None:
            import psycopg

            event.prevent_default()  # not BareList's own reading, from a SQLite file
            with psycopg.connect(self.db_path) as conn:
                (total,) = conn.execute("SELECT COUNT(*) FROM requests").fetchone()
                found = conn.execute(
                    "SELECT id, state, created_at, payload FROM requests ORDER BY id DESC LIMIT 60").fetchall()
            self.rows = [f"{id_:>7} {state:<10} {str(created)[:16]} {str(payload)[:80]}"
                         for id_, state, created, payload in found]
            self.rows.insert(0, f"{total:,} requests")
            self.virtual_size = Size(120, len(self.rows))

    class BareOfficeScreen(BareListScreen):
        def compose(self):
            yield BareOfficeList(self.db_path)

    async def push() -> float:
        painted = asyncio.Event()
        app = BareApp(painted)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            app.push_screen(BareOfficeScreen(url))
            await asyncio.wait_for(painted.wait(), 60)
            return app.painted_at - started

    return asyncio.run(push())


# Requests seeded through the real code and moved in with `loket migrate-to`; the rest
# are made from them inside PostgreSQL (moving a million one by one takes too long here).
MOVED = 20_000

_GROW = """
INSERT INTO requests (id, idempotency_key, station_id, clerk_id, nik, request_type, purpose, name, state,
    payload, local, warnings, queue_year, queue_no, created_at, attempts, last_error, central_ref,
    claimed_by, claimed_at, synced_at, updated_at, doc_number, doc_kind)
SELECT r.id + k * m.top, md5(r.id::text || '/' || k::text), r.station_id, r.clerk_id,
    -- 16 digits under the same region prefix, distinct (day 00: never a real resident's)
    left(r.nik, 6) || lpad((r.id + k * m.top)::text, 10, '0'),
    r.request_type, r.purpose, r.name, r.state, r.payload, r.local, r.warnings, r.queue_year,
    r.queue_no + k * m.top, r.created_at, r.attempts, r.last_error, r.central_ref, r.claimed_by,
    r.claimed_at, r.synced_at, r.updated_at, r.doc_number, r.doc_kind
FROM requests r CROSS JOIN (SELECT max(id) AS top FROM requests) m CROSS JOIN generate_series(1, %s) k
WHERE r.id + k * m.top <= %s
"""


def grow_office(url: str, n: int) -> None:
    """Make the office database hold ``n`` requests, copying the moved ones with generate_series."""
    import psycopg

    with psycopg.connect(url) as conn:
        # Seeded Sukets have no PDF on disk: mark them printed, as every slip of a real
        # office is; otherwise each app start would try to "recover" every one of them.
        conn.execute("UPDATE sukets SET pdf_path = 'printed' WHERE pdf_path IS NULL")
        (have,) = conn.execute("SELECT count(*) FROM requests").fetchone()
        if n > have:
            copies = -(-n // have) - 1
            conn.execute(_GROW, (copies, n))
            conn.execute("SELECT setval(pg_get_serial_sequence('requests', 'id'), (SELECT max(id) FROM requests))")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE requests")
        (total,) = conn.execute("SELECT count(*) FROM requests").fetchone()
    assert total == max(n, have), (total, n)


def desk_rounds(server, tmp: Path, n: int, rounds: int) -> None:
    import asyncio

    from bench_desk import desk_round, make_station

    single = tmp / "desk-station"
    make_station(single, min(n, MOVED))
    url = server.url(server.new_database())
    started = time.perf_counter()
    loket(single, "migrate-to", url, "--as", SUPERVISOR[0], "--pin-stdin", stdin=SUPERVISOR[1] + "\n")
    print(f"moved {min(n, MOVED):,} requests into the office database in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    grow_office(url, n)
    print(f"grown to {n:,} requests with generate_series in {time.perf_counter() - started:.1f} s")
    bare_office_push(url)  # one warm-up of each: imports, the page cache, the server's buffers
    asyncio.run(desk_round(single))
    bare, desk, keys = [], [], []
    for index in range(rounds):  # interleaved, alternating which goes first
        if index % 2:
            first, strokes, _left = asyncio.run(desk_round(single))
            bare.append(bare_office_push(url))
        else:
            bare.append(bare_office_push(url))
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
    parser.add_argument("--skip-intake", action="store_true")
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
            if not args.skip_intake:
                url, roots = make_office(server, Path(tmp), args.counters)
                intake_rounds(server, url, roots, args.intakes, args.rounds)
            if not args.skip_desk:
                desk_rounds(server, Path(tmp), args.desk_n, args.rounds)
    finally:
        pgkit.drop_tree(server)


if __name__ == "__main__":
    main()
