"""How big a station's database grows: MB per 100,000 sealed requests, and where it goes.

    python bench/bench_file_size.py [--n 3000] [--rounds 5] [--breakdown]

A real station (SQLite file, set up as ``loket setup`` does) takes ``--n`` requests
through the counter's own path, ``Station.submit``: validated, numbered, a Suket or
receipt sealed with the station's key, audited. Its file is then checkpointed and
measured with SQLite's ``dbstat`` table (the pages each table and index uses, free
pages left out), scaled to 100,000 requests. Each round measures the station after
another ``--n / --rounds`` requests, so the figure shows whether the size per
request holds as the file grows. ``--breakdown`` prints MB per 100,000 for every
table and index of the last round.

This is a size, not a time: there is no baseline to run beside it, and the load
of the machine does not change it. The figure's unit is MB per 100,000 requests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from benchkit import check_rounds, machine, report  # noqa: E402

PER = 100_000
MB = 1_000_000


def pages_by_object(path: Path) -> dict[str, int]:
    """Bytes used by each table and index of the file (``dbstat``), FTS shadow tables included."""
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    return {name: size for name, size in rows}


def grouped(sizes: dict[str, int], path: Path) -> dict[str, int]:
    """Each index counted under its own name, tables under theirs (``tbl (table)``)."""
    with sqlite3.connect(path) as con:
        kinds = {name: (kind, table) for kind, name, table in
                 con.execute("SELECT type, name, tbl_name FROM sqlite_master")}
    out: dict[str, int] = {}
    for name, size in sizes.items():
        kind, table = kinds.get(name, ("table", name))
        label = f"{table}: {name}" if kind == "index" or name.startswith("sqlite_autoindex") else f"{name} (table)"
        out[label] = out.get(label, 0) + size
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="requests submitted in all")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--breakdown", action="store_true", help="print every table and index")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if args.n < args.rounds:
        parser.error("--n must be at least --rounds")

    from conftest import SUPERVISOR, make_settings
    from loket.intake.samples import sample_records
    from loket.setup import setup_station
    from loket.station import Station

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "station"
        setup_station(root, make_settings(), *SUPERVISOR)
        station = Station.open(root)
        clerk = station.login(*SUPERVISOR)
        now = dt.datetime.now().astimezone().replace(microsecond=0)
        records = iter(sample_records(args.n, seed=7))
        path = station.paths.database
        per_round = args.n // args.rounds
        submitted, figures, sizes = 0, [], {}
        for index in range(args.rounds):
            take = per_round if index < args.rounds - 1 else args.n - submitted
            for _ in range(take):
                station.submit(next(records), clerk, now=now)
            submitted += take
            sizes = pages_by_object(path)
            figures.append(sum(sizes.values()) / submitted * PER / MB)
            print(f"  {submitted:,} requests: {figures[-1]:.0f} MB per 100,000")
        station.close()
        print(f"machine: {machine()}; {submitted:,} sealed requests through Station.submit")
        if args.breakdown:
            print(f"\n{'MB per 100,000':>15}  table or index")
            for label, size in sorted(grouped(sizes, path).items(), key=lambda item: -item[1]):
                print(f"{size / submitted * PER / MB:15.1f}  {label}")
        report("file_size", "station database per 100,000 sealed requests (SQLite)", figures,
               target="< 150 MB", unit="MB", note=f"{submitted:,} requests through Station.submit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
