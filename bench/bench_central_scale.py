"""Central's cost per batch as a station's history grows: flat, or growing with it?

    python bench/bench_central_scale.py [--small 10000] [--large 100000] [--rounds 5] [--before]

Two central databases (real SQLite files, WAL, synchronous=FULL) already holding
``--small`` and ``--large`` items of the calling station (written straight into
the table). In each, timed per round: storing a batch of 500 new items the way
``POST /v1/requests/batch`` does after judging (the stored-key lookup and the one
transaction), a status lookup of 500 refs spread evenly over the whole history
(``POST /v1/requests/status``; the worst case: each ref on its own pages), and a
status pull as a station makes it, 500 refs in a row (it asks in the order it synced).
Judging (fields, seals) is left out: it does not touch the database. One untimed
round warms each database first, as a running central's is. The figure
is the large database's time over the small one's; flat means about 1. The
1,000,000 case is ``--large 1000000`` (about a minute to fill).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchkit import check_rounds, machine, ratios, report  # noqa: E402

STATION_ID = "7373-LKT01"
REQUEST = ('{"address":{"district":"WARA","province":"SULAWESI SELATAN","regency":"KOTA PALOPO",'
           '"rt":"001","rw":"002","street":"JL. ANDI DJEMMA NO. 12","village":"BOTING"},"birth_date":"1990-07-12",'
           '"name":"ANDI MUHAMMAD","nik":"7373015207900002","station_id":"7373-LKT01"}')


def fill(path: Path, rows: int):
    from loket.central.store import CentralStore

    store = CentralStore.open(path)
    store.add_station(STATION_ID)
    store.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            # Columns named: central's later schema versions add columns (a Suket's number) with defaults.
            "INSERT INTO items (idempotency_key, station_id, central_ref, request, suket, payload_hash, status, "
            "status_reason, received_at, updated_at) VALUES (?, ?, ?, ?, NULL, 'h', 'received', NULL, "
            "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            ((uuid.uuid4().hex, STATION_ID, f"C7373-{n:08d}", REQUEST) for n in range(1, rows + 1)))
        conn.execute("INSERT INTO ref_counters VALUES ('7373', ?)", (rows,))
    conn.close()
    return CentralStore.open(path)


def one_round(store, rows: int, sequence: int) -> tuple[float, float, float]:
    import json

    from loket.central.canon import BatchEntry

    station = store.station(STATION_ID)
    request = json.loads(REQUEST)
    entries = [BatchEntry(f"{sequence}-{uuid.uuid4().hex}", request, None) for _ in range(500)]
    started = time.perf_counter()
    stored = store.stored_keys([entry.idempotency_key for entry in entries])
    results = store.record_batch(station, entries, {i: None for i, e in enumerate(entries)
                                                    if e.idempotency_key not in stored})
    batch = time.perf_counter() - started
    assert all(result["status"] == "accepted" for result in results)
    # Refs spread over the whole history, as a status pull of old requests asks.
    step = max(1, rows // 500)
    refs = [f"C7373-{n:08d}" for n in range(1, rows + 1, step)][:500]
    started = time.perf_counter()
    found = store.statuses(STATION_ID, refs)
    lookup = time.perf_counter() - started
    assert len(found) == len(refs)
    # A station's own pull asks in the order it synced: 500 refs in a row, from a place
    # that moves each round.
    first = 1 + (sequence + 1) * 7919 * 500 % (rows - 500)
    refs = [f"C7373-{n:08d}" for n in range(first, first + 500)]
    started = time.perf_counter()
    found = store.statuses(STATION_ID, refs)
    pull = time.perf_counter() - started
    assert len(found) == len(refs)
    return batch, lookup, pull


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", action="store_true",
                        help="also time central with SQLite's default page cache, in the same rounds")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if not 500 <= args.small < args.large:
        parser.error("--small must be at least 500 and below --large")
    kinds = ("now", "before") if args.before else ("now",)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        stores = {(kind, size): fill(Path(tmp) / f"{kind}-{size}.db", rows)
                  for kind in kinds for size, rows in (("small", args.small), ("large", args.large))}
        for (kind, _), store in stores.items():
            if kind == "before":  # central's cache before it was sized: SQLite's default 2 MB
                store._conn.execute("PRAGMA cache_size = -2000")
        print(f"machine: {machine()}; filled {args.small:,} and {args.large:,} items in "
              f"{time.perf_counter() - started:.0f} s")
        rows_of = {"small": args.small, "large": args.large}
        batches = {key: [] for key in stores}
        lookups = {key: [] for key in stores}
        pulls = {key: [] for key in stores}
        # One untimed round first in each: a running central has its pages in memory, and
        # the first round would time reading them from disk (the same in every round after).
        for (kind, size), store in stores.items():
            one_round(store, rows_of[size], -1)
        for index in range(args.rounds):  # interleaved, alternating which goes first
            order = list(stores)
            for key in (order if index % 2 == 0 else order[::-1]):
                batch, lookup, pull = one_round(stores[key], rows_of[key[1]], index)
                batches[key].append(batch)
                lookups[key].append(lookup)
                pulls[key].append(pull)
        for store in stores.values():
            store.close()
    sizes = f"{args.large:,} / {args.small:,} stored"
    for kind in kinds:
        label = "" if kind == "now" else " (before: default page cache)"
        large, small = (kind, "large"), (kind, "small")
        report("central", f"storing a batch of 500: {sizes}{label}", ratios(batches[large], batches[small]),
               target="about 1 (flat)", loket=batches[large], bare=batches[small],
               note=f"{min(batches[large]) * 1000:.1f} ms at {args.large:,}")
        report("central", f"status lookup of 500 refs: {sizes}{label}", ratios(lookups[large], lookups[small]),
               target="about 1 (flat)", loket=lookups[large], bare=lookups[small],
               note=f"{min(lookups[large]) * 1000:.2f} ms at {args.large:,}")
        report("central", f"status pull, 500 refs in a row: {sizes}{label}", ratios(pulls[large], pulls[small]),
               target="about 1 (flat)", loket=pulls[large], bare=pulls[small],
               note=f"{min(pulls[large]) * 1000:.2f} ms at {args.large:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
