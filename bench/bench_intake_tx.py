"""How long the full intake transaction takes, next to a bare SQLite commit.

    python bench/bench_intake_tx.py [--n 500] [--dir PATH]

Intake: ``queue.enqueue`` (duplicate check, queue and Suket numbers, request and
Suket rows, audit event, one BEGIN IMMEDIATE ... COMMIT) with a cheap ``issue``
callback, into a real database file. Baseline: the stdlib ``sqlite3`` module
inserting one row and committing, also in WAL mode with synchronous=FULL. Both
durable commits pay one fsync of the WAL; the ratio shows what Loket adds on top.
The two run interleaved, one of each in turn, so disk conditions hit both alike.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_RATIO = 3.0
FAKE_SEAL = "eyJhbGciOiJFZERTQSJ9." + "A" * 300 + "." + "B" * 86  # about a real seal's length


def _record(i: int) -> dict:
    return {
        "nik": f"7373{i:012d}",
        "kk": "7373010101010001",
        "name": "SITI AMINAH BINTI ABDULLAH",
        "birth_place": "PALOPO",
        "birth_date": "1990-01-01",
        "sex": "P",
        "blood_type": "O",
        "address": {
            "street": "JL. ANDI DJEMMA NO. 12",
            "rt": "001",
            "rw": "002",
            "village": "AMASANGAN",
            "district": "WARA",
            "regency": "KOTA PALOPO",
            "province": "SULAWESI SELATAN",
        },
        "religion": "ISLAM",
        "marital_status": "KAWIN",
        "occupation": "WIRASWASTA",
        "nationality": "WNI",
        "request_type": "new_recording",
        "purpose": "general",
        "biometrics_recorded": True,
    }


def _issue(ctx):
    return FAKE_SEAL, ctx.now.date() + dt.timedelta(days=180)


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run(n: int, root: Path) -> tuple[list[float], list[float]]:
    from loket.storage import queue, users
    from loket.storage.db import open_database

    bare = sqlite3.connect(str(root / "bare.db"), isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    body = "x" * 600

    db = open_database(root / "loket.db")
    clerk = users.add_user(db, "BENCH", "clerk", "123456", actor="bench")
    now = dt.datetime(2018, 7, 12, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    def bare_once() -> float:
        start = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute("INSERT INTO items (body) VALUES (?)", (body,))
        bare.execute("COMMIT")
        return time.perf_counter() - start

    def intake_once(i: int) -> float:
        start = time.perf_counter()
        queue.enqueue(
            db, request=_record(i), local={"photo_path": "", "mismatch_reason": ""}, warnings=[],
            clerk=clerk, station_id="7373-LKT01", now=now, issue=_issue,
        )
        return time.perf_counter() - start

    warmup = min(20, n)
    for i in range(warmup):
        bare_once()
        intake_once(i)
    bare_times, intake_times = [], []
    for i in range(warmup, warmup + n):
        bare_times.append(bare_once())
        intake_times.append(intake_once(i))
    bare.close()
    db.close()
    return bare_times, intake_times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="transactions of each kind (default 500)")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the database files (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        bare, intake = run(args.n, Path(tmp))
    rows = []
    for label, samples in (("bare sqlite3 insert+commit", bare), ("intake transaction (enqueue)", intake)):
        rows.append((label, _percentile(samples, 0.5), _percentile(samples, 0.99), statistics.fmean(samples)))
    print(f"n={args.n} per kind, WAL + synchronous=FULL, times in ms")
    print(f"{'':32} {'p50':>8} {'p99':>8} {'mean':>8}")
    for label, p50, p99, mean in rows:
        print(f"{label:32} {p50 * 1e3:8.3f} {p99 * 1e3:8.3f} {mean * 1e3:8.3f}")
    ratio50 = rows[1][1] / rows[0][1]
    ratio99 = rows[1][2] / rows[0][2]
    print(f"ratio intake/bare: p50 {ratio50:.2f}x, p99 {ratio99:.2f}x (target <= {TARGET_RATIO:.0f}x)")
    return 0 if max(ratio50, ratio99) <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
