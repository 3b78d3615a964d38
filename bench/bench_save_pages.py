"""What one full save writes: WAL bytes and pages per save, and each index's share.

    python bench/bench_save_pages.py [--queue 20000] [--n 200] [--each-index]

A station holding ``--queue`` requests (bench/seed_queue.py) saves ``--n`` records
through ``Station.submit`` with the WAL's automatic checkpoint off, so the WAL only
grows: its growth over the saves, divided by ``n``, is what one save writes (each
frame is one page plus a 24-byte header). ``--each-index`` repeats this on a copy of
the same file for every index dropped alone, and prints how much less a save writes
without it: that index's share. A counting run, not a timing one: the pages written
do not depend on the machine's load.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_intake_tx import SUPERVISOR, fresh_records, make_station  # noqa: E402


def wal_per_save(root: Path, records, drop: str | None = None) -> tuple[float, float]:
    """(bytes, pages) the WAL grows by per save, with index ``drop`` dropped first."""
    from loket.station import Station

    station = Station.open(root)
    if drop:
        station.db.execute_sql(f'DROP INDEX "{drop}"')
    station.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    # On every connection, the station's own thread's too (its checkpoint and the search
    # index's catch-up commit there): one checkpoint would restart the WAL and hide pages.
    station.db.pragma("wal_autocheckpoint", 0, permanent=True)
    page = station.db.execute_sql("PRAGMA page_size").fetchone()[0]
    clerk = station.login(*SUPERVISOR)
    station.warm_up()
    wal = Path(str(station.paths.database) + "-wal")
    before = wal.stat().st_size if wal.exists() else 0
    for record in records:
        station.submit(record, clerk)
    station.event_sealer.wait()  # what the thread writes after the saves is theirs too
    grown = wal.stat().st_size - before
    station.close()
    return grown / len(records), grown / (page + 24) / len(records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", type=int, default=20000)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--each-index", action="store_true", help="also each index's share (one copy per index)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        station = make_station(root / "seed", args.queue)
        records = fresh_records(station, args.n)
        indexes = [name for (name,) in station.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY tbl_name, name")]
        station.close()
        shutil.copytree(root / "seed", root / "run")
        size, pages = wal_per_save(root / "run", records)
        print(f"queue {args.queue:,}; {args.n} saves: {size / 1024:.1f} KiB, {pages:.1f} pages per save")
        if not args.each_index:
            return 0
        print(f"{'index dropped':40} {'pages/save':>10} {'saved':>7}")
        for name in indexes:
            shutil.rmtree(root / "run")
            shutil.copytree(root / "seed", root / "run")
            _, without = wal_per_save(root / "run", records, drop=name)
            print(f"{name:40} {without:10.1f} {pages - without:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
