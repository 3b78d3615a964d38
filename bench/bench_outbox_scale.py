"""The station's cost per sync batch as its queue grows: flat, or growing with it?

    python bench/bench_outbox_scale.py [--small 10000] [--large 100000] [--rounds 5]

Two set-up stations (real SQLite files, WAL, synchronous=FULL) whose queues hold
``--small`` and ``--large`` queued requests (``seed_queue.py``: the rows intake
writes, without seals, which the station side of a sync never checks). In each,
timed per round: what a sync does at the station for one batch of 500 (claim it in
queue order, then store central's answers: every item accepted with its reference).
The network and central are left out (``bench_sync.py`` times them; central's own
growth is ``bench_central_scale.py``). The figure is the large queue's time over the
small one's; flat means about 1. ``--large 1000000`` is the million case (seeding
takes a few minutes). Each batch's write-ahead-log growth is printed too, in pages,
for the claim and for the answers: a counting figure, independent of the load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchkit import check_rounds, machine, ratios, report  # noqa: E402

BATCH = 500


def make_station(root: Path, rows: int, seed: int):
    from seed_queue import seed_queue

    from loket.config import Settings
    from loket.setup import setup_station
    from loket.station import Station

    settings = Settings(office_code="7373", office_name="Disdukcapil Kota Palopo", station_id="7373-LKT01")
    setup_station(root, settings, "SUPERVISOR", "123456")
    seed_queue(root, rows, seed=seed, states={"queued": 1})
    return Station.open(root)


def wal_pages(station) -> int:
    """Pages in the write-ahead log now (each frame: a 24-byte header and a page)."""
    path = Path(str(station.db.database) + "-wal")
    page = station.db.execute_sql("PRAGMA page_size").fetchone()[0]
    return max(0, path.stat().st_size - 32) // (page + 24) if path.exists() else 0


def one_batch(station, round_index: int, pages: dict[str, list[int]]) -> float:
    """Claim a batch of 500 and store central's answers, as one sync batch does.

    The log is emptied before the batch and not checkpointed during it (outside the
    timed part), so its growth is what the claim and the answers wrote, in pages."""
    from loket.storage import linklog, outbox

    now = dt.datetime.now(dt.timezone.utc)
    runner = f"bench-{round_index}"
    run_id = linklog.start_run(station.db, runner, now)
    station.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    station.db.execute_sql("PRAGMA wal_autocheckpoint=0")
    started = time.perf_counter()
    items = outbox.claim_batch(station.db, runner, BATCH, now, station_id=station.settings.station_id)
    claimed = time.perf_counter()
    verdicts = [(item, "accepted", f"C7373-{round_index:02d}{index:06d}", None) for index, item in enumerate(items)]
    after_claim = wal_pages(station)
    answered = time.perf_counter()
    applied = outbox.apply_results(station.db, runner, run_id, verdicts, now)
    elapsed = (claimed - started) + (time.perf_counter() - answered)
    pages["claim"].append(after_claim)
    pages["answers"].append(wal_pages(station) - after_claim)
    station.db.execute_sql("PRAGMA wal_autocheckpoint=1000")
    if len(items) != BATCH or applied.accepted != BATCH:
        raise SystemExit(f"claimed {len(items)}, stored {applied.accepted}: the queue ran short")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if not BATCH * args.rounds <= args.small < args.large:
        parser.error(f"--small must hold every round's batch ({BATCH * args.rounds:,}) and be below --large")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        small = make_station(Path(tmp) / "small", args.small, seed=1)
        large = make_station(Path(tmp) / "large", args.large, seed=2)
        print(f"machine: {machine()}; queued {args.small:,} and {args.large:,} requests in "
              f"{time.perf_counter() - started:.0f} s")
        times: dict[str, list[float]] = {"small": [], "large": []}
        pages = {name: {"claim": [], "answers": []} for name in times}
        for index in range(args.rounds):  # interleaved, alternating which goes first
            order = [("small", small), ("large", large)]
            for name, station in (order if index % 2 == 0 else order[::-1]):
                times[name].append(one_batch(station, index, pages[name]))
        for name, rows in (("small", args.small), ("large", args.large)):
            print(f"at {rows:,} queued: {sorted(times[name])[len(times[name]) // 2] * 1000:.0f} ms per batch "
                  f"(median); WAL pages per batch: claim {sorted(pages[name]['claim'])}, "
                  f"answers {sorted(pages[name]['answers'])}")
        small.close()
        large.close()
    report("outbox", f"claiming and storing a batch of 500: {args.large:,} / {args.small:,} queued",
           ratios(times["large"], times["small"]), target="about 1 (flat)", loket=times["large"],
           bare=times["small"], note=f"{sorted(times['large'])[len(times['large']) // 2] * 1000:.0f} ms "
                                     f"at {args.large:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
