"""What each read of the desk costs the database on a big station, outside the app.

    python bench/bench_desk_reads.py --data-dir DIR [--rounds 3] [--plans]

On a station already seeded (``bench/bench_desk.py --make DIR``), times
the storage calls the desk makes, each ``rounds`` times (median, min, max in ms):
each kind of search's first page (80 rows, two screens at 120x40) and its count, in
the default filter and across every state (a NIK prefix, a name's first letters, the
text index for a name and for a Suket number); the default list's and each sort's
first page; the count shown under the list; the reason filter's codes and the change
mark (the desk's live look); the status bar's counts by state (with a central server
set); the dashboard's numbers. ``--plans`` prints each page's query plan. Nothing here is compared with a baseline: it says which reads grow
with the queue (a page should not; a count of every match does).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchkit import check_rounds, machine  # noqa: E402

PAGE = 80
# A NIK prefix nearly every row matches, and a longer one; a name's first letters;
# name words and Suket number parts through the text index (common, rarer, everywhere).
SEARCHES = ("7", "7373", "7373011", "A", "AN", "AND", "HAMZAH", "0012/", "LKT01")


def timed(rounds: int, call) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def line(label: str, times: list[float], result: object) -> None:
    shown = result if isinstance(result, int) else len(result) if hasattr(result, "__len__") else ""
    print(f"{label:44} {statistics.median(times):8.1f} {min(times):8.1f} {max(times):8.1f}   {shown}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, help="a station already seeded")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--plans", action="store_true", help="print each page's query plan")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)

    from loket.storage import bulk, desk, search, stats, views
    from loket.storage.db import open_database
    from loket.storage.desk import DeskFilter

    db = open_database(Path(args.data_dir) / "loket.db")
    (total,) = db.execute_sql("SELECT COUNT(*) FROM requests").fetchone()
    print(f"machine: {machine()}; requests: {total:,}; ms over {args.rounds} calls: median, min, max; rows")

    def page(label: str, flt: DeskFilter, sort: str = "urgency", descending: bool = False) -> None:
        line(label, *timed(args.rounds, lambda: desk.page(db, flt, sort, descending, limit=PAGE)))
        if args.plans:
            for step in desk.query_plan(db, flt, sort, descending):
                print("      ", step)

    for text in SEARCHES:
        for states, flt in (("default", DeskFilter(search=text)), ("every state", DeskFilter(search=text, states=()))):
            page(f"search {text!r}, {states}: first page", flt)
            line(f"search {text!r}, {states}: count", *timed(args.rounds, lambda: desk.count(db, flt)))
        line(f"search {text!r}: count and hidden (tally)",
             *timed(args.rounds, lambda: search.tally(db, DeskFilter(search=text))))
    for sort in desk.SORTS:
        for descending in (False, True):
            page(f"sort {sort}{' desc' if descending else ''}: first page", DeskFilter(), sort, descending)
    line("count, default filter", *timed(args.rounds, lambda: desk.count(db, DeskFilter())))
    line("live look: change mark", *timed(args.rounds, lambda: bulk.change_mark(db)))
    line("live look: reason codes", *timed(args.rounds, lambda: bulk.reason_codes(db)))
    line("status bar: queue counts by state", *timed(args.rounds, lambda: views.counts_by_state(db)))
    line("dashboard: numbers (chart 14 days)", *timed(args.rounds, lambda: stats.station_numbers(db, None, days=14)))
    line("dashboard: chart", *timed(args.rounds, lambda: stats.last_days(db, 14)))
    db.close()


if __name__ == "__main__":
    main()
