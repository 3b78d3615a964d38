"""An office of four counters on one PostgreSQL database: intake latency, and the desk.

    python bench/bench_office.py [--counters 4] [--intakes 150] [--rounds 5] [--desk-n 100000]
                                 [--skip-desk] [--skip-intake] [--before PATH]

Starts its own PostgreSQL server in a temporary folder (as the tests do) and sets
up an office of ``--counters`` counters on it. Then, in interleaved rounds:

(a) intake: every counter process at once takes ``--intakes`` requests through
    ``Station.submit`` (validate, seal, one transaction: request, numbers, Suket,
    audit event), each timed; against a bare baseline in the same round: the same
    number of processes, each doing a psycopg ``INSERT`` of one row of the same
    size plus ``COMMIT`` as fast as it can. Reported: p50 and p99 of each, and
    their ratios (goal: at most 3x), and the CPU per call of the counter processes and
    of the server. ``--before PATH`` also runs an earlier checkout's saves in the same
    rounds (a before/after pair in one run);
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
WARM = 2
times, cpu, due = [], 0.0, []
if kind == "loket":
    from loket.intake.samples import nik_for, sample_record
    from loket.station import Station
    station = Station.open(target)
    clerk = station.login("CLERK", "246810")
    station.warm_up()  # as the counter app does after login
    for i in range(WARM):  # untimed: a new process's first save also loads what warm_up leaves
        born = dt.date(1950, 1, 1) + dt.timedelta(days=base)
        station.submit(sample_record(nik=nik_for("737301", born, "L", 9000 + i), birth_date=born), clerk)
    sealer, made_due = station.event_sealer, []
    after_save = sealer.after_save
    def noted(*args, **kwargs):  # did this save make an audit checkpoint due?
        result = after_save(*args, **kwargs)
        made_due.append(result is not None)
        return result
    sealer.after_save = noted
    for i in range(count):
        # A birth day per counter and round, a serial per intake: every NIK distinct.
        born = dt.date(1950, 1, 1) + dt.timedelta(days=base)
        record = sample_record(nik=nik_for("737301", born, "L", i + 1), birth_date=born)
        started, cpu_started = time.perf_counter(), time.process_time()
        station.submit(record, clerk)
        times.append(time.perf_counter() - started)
        cpu += time.process_time() - cpu_started
        due.append(bool(made_due and made_due.pop()))
    station.close()
else:
    import psycopg
    payload = "x" * 900  # about the size of a request row's payload
    with psycopg.connect(target) as con:
        for i in range(WARM):  # untimed, as the counter's first saves
            con.execute("INSERT INTO bare (payload) VALUES (%s)", (payload,))
            con.commit()
        for i in range(count):
            started, cpu_started = time.perf_counter(), time.process_time()
            con.execute("INSERT INTO bare (payload) VALUES (%s)", (payload,))
            con.commit()
            times.append(time.perf_counter() - started)
            cpu += time.process_time() - cpu_started
print(json.dumps({"times": times, "cpu": cpu, "due": due}))
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


def run_workers(kind: str, targets: list[str], count: int, base: int, tree: Path | None = None,
                due: list | None = None) -> tuple[list[float], float]:
    """Each target's worker at once; returns every timing and the workers' CPU seconds in all
    (``due`` gets, per timing, whether that save made an audit checkpoint due).
    ``tree``: run loket from that checkout instead (an earlier version, for a before/after pair)."""
    env = dict(os.environ, PYTHONPATH=str(tree)) if tree else None
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, kind, target, str(count), str(base + n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                              cwd=tree)  # from there, not this folder, its loket is imported
             for n, target in enumerate(targets)]
    times, cpu = [], 0.0
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"{kind} worker failed: {err}")
        done = json.loads(out.strip().splitlines()[-1])
        times += done["times"]
        cpu += done["cpu"]
        if due is not None:
            due += done.get("due") or [False] * len(done["times"])
    return times, cpu


def server_cpu(server) -> float:
    """CPU seconds the PostgreSQL server has used so far: the postmaster's own and its ended
    children's (a counter's backend ends with its connection), and its live children's.
    Linux only (/proc); 0 elsewhere."""
    pid_file = server.root / "data" / "postmaster.pid"
    if not Path("/proc").is_dir() or not pid_file.exists():
        return 0.0
    postmaster = pid_file.read_text().split()[0]
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", postmaster], capture_output=True, text=True).stdout
    total = 0
    for pid in [postmaster, *found.split()]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a backend that has just ended: counted in the postmaster's children's time
        total += int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if pid == postmaster else 0)
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def intake_rounds(server, url: str, roots: list[Path], intakes: int, rounds: int, before: Path | None) -> None:
    server.admin("CREATE TABLE bare (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)", url.rsplit("/", 1)[1])
    bare_url = url.replace("postgresql://", "postgresql://", 1)
    targets = [str(r) for r in roots]
    kinds = [("loket", None)] + ([("before", before)] if before else [])
    # One warm-up of each (imports, the key, the server's caches).
    run_workers("bare", [bare_url] * len(roots), 20, 0)
    for _label, tree in kinds:
        run_workers("loket", targets, 5, 10_000 + (500 if tree else 0), tree)
    ratios = {label: ([], []) for label, _tree in kinds}
    cpu = {label: [] for label in ["bare", *ratios]}
    shares = {label: [] for label in ratios}  # per round: (saves, made one due) of the slowest 1 %
    for round_no in range(rounds):
        measured = {}
        order = [("bare", None), *kinds]
        if round_no % 2:
            order = [order[0], *reversed(order[1:])]  # which loket goes first alternates
        for label, tree in order:
            serving = server_cpu(server)
            base = 0 if label == "bare" else round_no * 50 + (1000 if tree else 0)
            due = []
            times, spent = run_workers("bare" if label == "bare" else "loket",
                                       [bare_url] * len(roots) if label == "bare" else targets, intakes, base, tree,
                                       due)
            if label != "bare":
                slowest = sorted(range(len(times)), key=times.__getitem__, reverse=True)[:max(1, len(times) // 100)]
                shares[label].append((len(slowest), sum(due[i] for i in slowest), sum(due),
                                      sum(i % intakes == 0 for i in slowest),
                                      statistics.median([t for t, d in zip(times, due) if d] or [0]),
                                      statistics.median([t for t, d in zip(times, due) if not d])))
            saves = len(times)
            measured[label] = times
            cpu[label].append(((spent / saves), (server_cpu(server) - serving) / saves))
        b50, b99 = percentile(measured["bare"], 0.5), percentile(measured["bare"], 0.99)
        line = f"  round {round_no + 1}: bare p50 {b50 * 1000:.2f} ms p99 {b99 * 1000:.2f} ms"
        for label, _tree in kinds:
            l50, l99 = percentile(measured[label], 0.5), percentile(measured[label], 0.99)
            ratios[label][0].append(l50 / b50)
            ratios[label][1].append(l99 / b99)
            line += f" | {label} p50 {l50 * 1000:.2f} ms p99 {l99 * 1000:.2f} ms ({l50 / b50:.2f} / {l99 / b99:.2f})"
        print(line)
    load = f"; load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"(a) {len(roots)} counters x {intakes} intakes a round, {rounds} rounds{load}")
    for label, (p50s, p99s) in ratios.items():
        name = "loket" if label == "loket" else "loket before"
        print(f"    {name}: p50 ratio to a bare INSERT+COMMIT: median {statistics.median(p50s):.2f} "
              f"(min {min(p50s):.2f}, max {max(p50s):.2f}); goal at most 3")
        print(f"    {name}: p99 ratio: median {statistics.median(p99s):.2f} (min {min(p99s):.2f}, max {max(p99s):.2f})")
        slow, made = sum(s[0] for s in shares[label]), sum(s[1] for s in shares[label])
        print(f"    {name}: of the slowest 1 % of saves ({slow} over the rounds), {made} made an audit checkpoint "
              f"due ({sum(s[2] for s in shares[label])} saves in all did), {sum(s[3] for s in shares[label])} "
              f"were a process's first; p50 of the saves making one due "
              f"{statistics.median(s[4] for s in shares[label]) * 1000:.2f} ms, of the others "
              f"{statistics.median(s[5] for s in shares[label]) * 1000:.2f} ms")
    for label, spent in cpu.items():
        client = statistics.median(c for c, _s in spent)
        serving = statistics.median(s for _c, s in spent)
        print(f"    CPU per {'bare insert' if label == 'bare' else label + ' save'}: counter process "
              f"{client * 1000:.2f} ms, server {serving * 1000:.2f} ms (medians over rounds)")


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
    parser.add_argument("--before", type=Path, help="an earlier checkout of loket whose saves run in the same "
                        "rounds (a before/after pair; its code must use the same schema)")
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
                intake_rounds(server, url, roots, args.intakes, args.rounds, args.before)
            if not args.skip_desk:
                desk_rounds(server, Path(tmp), args.desk_n, args.rounds)
    finally:
        pgkit.drop_tree(server)


if __name__ == "__main__":
    main()
