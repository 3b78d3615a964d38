"""A full save at the counter, next to a bare durable SQLite commit, at a given queue size.

    python bench/bench_intake_tx.py [--queue 0] [--n 300] [--rounds 5]
    python bench/bench_intake_tx.py --queue 100000      # the goal's sizes: 0, 100,000, 1,000,000
    python bench/bench_intake_tx.py --queue 1000000     # seeding takes a few minutes
    python bench/bench_intake_tx.py --encrypt           # also an encrypted station (loket[encrypt])

Loket: ``Station.submit`` as the form's save runs it: the record validated, the
Suket numbered and sealed with the station's Ed25519 key, and everything
(request, Suket, counters, audit event) in one ``BEGIN IMMEDIATE ... COMMIT``,
into a real station database already holding ``--queue`` requests (written by
bench/seed_queue.py in a realistic mix of states). Baseline: the stdlib
``sqlite3`` module inserting one row and committing, WAL with synchronous=FULL,
beside it on the same disk, its WAL file grown to its working size first (as the
station's is). Rounds interleave ``--n / --rounds`` saves with as
many bare commits; each round gives the ratio of the medians and of the p99s.
The goal (issue 13) is at most 3 times, p99 included, at every queue size.

``--encrypt`` also saves each record into a second station, the same but with its
file encrypted (``loket setup --encrypt``: SQLCipher), in the same rounds, and
gives the ratio of its medians to the plain station's: the cost of encryption.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchkit import check_rounds, machine, report  # noqa: E402

SUPERVISOR = ("SUPERVISOR", "123456")
# Untimed saves at most before the station's WAL has begun again (a save writes about
# 30 pages, SQLite checkpoints at 1,000: about 35 are needed).
WARM_UP_SAVES = 200


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def make_station(root: Path, queued: int):
    from seed_queue import seed_queue

    from loket.config import Settings
    from loket.setup import setup_station
    from loket.station import Station

    settings = Settings(office_code="7373", office_name="Disdukcapil Kota Palopo", station_id="7373-LKT01",
                        office_address="Jl. Andi Djemma No. 1, Palopo")
    setup_station(root, settings, *SUPERVISOR)
    if queued:
        started = time.perf_counter()
        seed_queue(root, queued, seed=1)
        print(f"seeded {queued:,} requests in {time.perf_counter() - started:.0f} s")
    return Station.open(root)


def fresh_records(station, count: int) -> list:
    """Residents with no open request at this station (the save would refuse a duplicate)."""
    from loket.intake.samples import sample_records

    taken = {nik for (nik,) in station.db.execute_sql("SELECT nik FROM requests")}
    found = [record for record in sample_records(count * 2 + 100, seed=4242) if record.nik not in taken]
    return found[:count]


def _watch_checkpoints(station, flags: list) -> list:
    """Note, per save, whether it made an audit checkpoint due (``EventSealer.after_save``
    returns something then: the checkpoint made, or the one asked of the background)."""
    sealer = station.event_sealer
    original, made_due = sealer.after_save, [False]

    def after_save(*args, **kwargs):
        result = original(*args, **kwargs)
        made_due.append(result is not None)
        return result

    sealer.after_save = after_save
    return made_due


def _checkpoint_share(saves: list[float], checkpointed: list[bool], overlapped: list[bool]) -> None:
    """How many of the slowest 1 % of saves made a checkpoint due, and the saves right after one."""
    if len(checkpointed) != len(saves) or not any(checkpointed):
        return
    slowest = sorted(range(len(saves)), key=saves.__getitem__, reverse=True)[:max(1, len(saves) // 100)]
    due = [t for t, c in zip(saves, checkpointed) if c]
    after = [saves[i + 1] for i in range(len(saves) - 1) if checkpointed[i]]
    rest = [t for i, t in enumerate(saves) if not checkpointed[i] and not (i and checkpointed[i - 1])]
    print(f"  checkpoint due after {len(due)} of {len(saves)} saves; of the slowest {len(slowest)}, "
          f"{sum(checkpointed[i] for i in slowest)} made one due and "
          f"{sum(bool(i) and checkpointed[i - 1] for i in slowest)} came right after one")
    if any(overlapped):
        print(f"  {sum(overlapped)} saves began while the checkpoint before them was still being made; "
              f"their p50 {statistics.median(t for t, o in zip(saves, overlapped) if o) * 1e3:.2f} ms")
    print(f"  p50: saves making one due {statistics.median(due) * 1e3:.2f} ms, the save after "
          f"{statistics.median(after) * 1e3:.2f} ms, the others {statistics.median(rest) * 1e3:.2f} ms")


def _checkpoints_made(*stations) -> None:
    for station in stations:
        if station is not None:
            station.event_sealer.wait()


def _wal_begun_again(step, wal: Path, limit: int) -> int:
    """Call ``step`` (an untimed commit) until the WAL has been checkpointed and begun again
    from its start; return how many calls that took.

    While a WAL file grows, each fsync also records its new length, and a commit costs more:
    here a bare commit's first 500 took about 1.5 times as long as the later ones, and a
    fresh station's first 40 saves about 1.4 times. From the first restart on, commits write
    over the file's old frames. Both sides are timed from there, as a counter that has been
    saving for a while runs. The WAL header's checkpoint sequence and salts change at each
    restart (SQLite's file format, "WAL File Format").
    """
    def header() -> bytes:
        with wal.open("rb") as file:
            return file.read(24)[12:24]

    step()
    first, calls = header(), 1
    while header() == first:
        if calls >= limit:
            raise SystemExit(f"{wal.name} was not begun again after {limit} commits: is its automatic checkpoint off?")
        step()
        calls += 1
    return calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", type=int, default=0, help="requests already in the station (default 0)")
    parser.add_argument("--n", type=int, default=300, help="saves in all, and as many bare commits (default 300)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="where to put the databases (default: a temporary folder)")
    parser.add_argument("--encrypt", action="store_true", help="also time a station with an encrypted file")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if args.queue < 0 or args.n < args.rounds:
        parser.error("--queue must be 0 or more and --n at least --rounds")
    if args.dir is not None:
        try:
            args.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            parser.error(f"--dir {args.dir}: {exc.strerror}")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        return _run(args, Path(tmp))


def _run(args, root: Path) -> int:
    station = make_station(root / "station", args.queue)
    clerk = station.login(*SUPERVISOR)
    sealed = None
    if args.encrypt:
        from loket.station import Station
        from loket.storage.cipher import encrypt_file

        other = make_station(root / "encrypted", args.queue)
        other.close()
        encrypt_file(other.paths.database)
        sealed = Station.open(other.paths.root)
        sealed_clerk = sealed.login(*SUPERVISOR)
        sealed.warm_up()
    records = fresh_records(station, args.n + WARM_UP_SAVES)
    if len(records) < args.n + WARM_UP_SAVES:
        raise SystemExit("not enough fresh residents for this many saves")
    bare = sqlite3.connect(str(root / "bare.db"), isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    body = "x" * 1200  # about a request's stored payload
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    station.warm_up()

    cpu = []  # the process's CPU time per save: a figure the machine's load barely moves
    checkpointed = []  # per timed save: did it make an audit checkpoint due?
    made_due = _watch_checkpoints(station, checkpointed)

    overlapped = []  # per timed save: was a checkpoint still being made in the background as it began?

    def save(record) -> float:
        overlapped.append(getattr(station.event_sealer, "under_way", False))
        started, cpu_started = time.perf_counter(), time.process_time()
        station.submit(record, clerk, now=now)
        elapsed = time.perf_counter() - started
        cpu.append(time.process_time() - cpu_started)
        checkpointed.append(made_due.pop())
        return elapsed

    def save_encrypted(record) -> float:
        started = time.perf_counter()
        sealed.submit(record, sealed_clerk, now=now)
        return time.perf_counter() - started

    def commit() -> float:
        started = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute("INSERT INTO items (body) VALUES (?)", (body,))
        bare.execute("COMMIT")
        return time.perf_counter() - started

    for record in records[:10]:  # warm-up: imports, the page cache
        save(record)
        commit()
        if sealed is not None:
            save_encrypted(record)
    # The first audit checkpoint after seeding follows the whole seeded history (the
    # seeder writes events but no checkpoint): seconds of CPU at 100,000, and a reader
    # that keeps the WAL from beginning again. A running counter has one every 20
    # events, so it is made first, and again after the untimed saves below.
    _checkpoints_made(station, sealed)
    bare_commits = _wal_begun_again(commit, root / "bare.db-wal", limit=20_000)
    warm = iter(records[10:WARM_UP_SAVES])
    untimed = _wal_begun_again(lambda: save(next(warm)), Path(f"{station.paths.database}-wal"),
                               limit=WARM_UP_SAVES - 10)
    print(f"WALs begun again after {bare_commits} bare commits and {untimed} saves (untimed)")
    if sealed is not None:
        warm = iter(records[10:WARM_UP_SAVES])
        _wal_begun_again(lambda: save_encrypted(next(warm)), Path(f"{sealed.paths.database}-wal"),
                         limit=WARM_UP_SAVES - 10)
    _checkpoints_made(station, sealed)
    del checkpointed[:], overlapped[:], cpu[:]
    per_round = args.n // args.rounds
    queue = iter(records[WARM_UP_SAVES:])
    p50s, p99s, all_saves, all_bare = [], [], [], []
    cipher_p50s, all_encrypted = [], []
    for index in range(args.rounds):
        saves, commits, encrypted = [], [], []
        for _ in range(per_round):  # one of each in turn, the first alternating per round
            record = next(queue)
            if index % 2 == 0:
                saves.append(save(record))
                commits.append(commit())
                if sealed is not None:
                    encrypted.append(save_encrypted(record))
            else:
                if sealed is not None:
                    encrypted.append(save_encrypted(record))
                commits.append(commit())
                saves.append(save(record))
        if encrypted:
            cipher_p50s.append(statistics.median(encrypted) / statistics.median(saves))
            all_encrypted += encrypted
        p50s.append(statistics.median(saves) / statistics.median(commits))
        p99s.append(_percentile(saves, 0.99) / _percentile(commits, 0.99))
        all_saves += saves
        all_bare += commits
    bare.close()
    station.close()
    if sealed is not None:
        sealed.close()
    print(f"machine: {machine()}; queue {args.queue:,}; {args.n} saves and {args.n} bare commits, "
          f"{args.rounds} interleaved rounds")
    for label, samples in (("bare sqlite3 insert + FULL commit", all_bare), ("full save (Station.submit)", all_saves)):
        print(f"  {label:34} p50 {statistics.median(samples) * 1e3:7.2f} ms   p99 "
              f"{_percentile(samples, 0.99) * 1e3:7.2f} ms")
    print(f"  {'CPU of a save (process time)':34} mean {statistics.mean(cpu) * 1e3:6.2f} ms")
    _checkpoint_share(all_saves, checkpointed, overlapped)
    note = f"save p50 {statistics.median(all_saves) * 1e3:.1f} ms, CPU {statistics.mean(cpu) * 1e3:.2f} ms a save"
    report("intake", f"full save at {args.queue:,} queued / bare FULL commit, p50", p50s, target="<= 3", note=note)
    report("intake", f"full save at {args.queue:,} queued / bare FULL commit, p99", p99s, target="<= 3")
    if cipher_p50s:
        note = f"encrypted save p50 {statistics.median(all_encrypted) * 1e3:.1f} ms"
        report("intake", f"encrypted save / plain save at {args.queue:,} queued, p50", cipher_p50s, note=note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
