"""Central's speed-ups keep its answers: judging on worker processes gives the very verdicts
of judging inline, and a status lookup's work does not grow with a station's history."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys

import httpx
import pytest

from centralkit import STATION_ID, Link, item, suket_for
from loket.central.judges import INLINE_BELOW
from loket.central.server import start_background
from loket.central.store import CentralStore
from loket.intake.samples import sample_record, sample_records
from loket.printing.keys import generate_keypair


def _mixed_batch(key, other_key) -> list[dict]:
    """Good items with and without a Suket, and every kind of refusal, more than the inline limit."""
    records = sample_records(40, seed=11)
    items = []
    for index, record in enumerate(records):
        # Each Suket its own number: central keeps one record per sealed Suket.
        number = f"471/{index + 1:04d}/7373-LKT01/V/2026"
        items.append(item(record, suket_for(key, record, number) if index % 2 else None))
    items += [
        item(sample_record(nik="7373011705900")),
        item(sample_record(village="KAMPUNG ENTAH")),
        item(sample_record(name="")),
        item(records[0], suket_for(other_key, records[0])),
        item(records[1], dict(suket_for(key, records[1]), jws="not-a-seal")),
        item(records[2], suket_for(key, records[3])),
    ]
    items += [item(record) for record in sample_records(10, seed=12)]
    items.append(dict(items[5]))  # the same key twice in one batch: the second is a duplicate
    return items


def _send(tmp_path, name: str, workers: int, key, items: list[dict]) -> tuple[list[tuple], int]:
    server = start_background(tmp_path / f"{name}.db", workers=workers)
    try:
        link = Link(server.url, STATION_ID, server.store.add_station(STATION_ID))
        # The first big batch starts the worker processes: seconds on a slow machine (or under Wine).
        link.client.timeout = httpx.Timeout(120)
        assert link.register(key).status_code == 204
        results = link.results(items)
        children = len(multiprocessing.active_children())
        link.client.close()
    finally:
        server.stop()
    return [(r["status"], r["reason"], r["central_ref"] is not None) for r in results], children


@pytest.mark.skipif(sys.platform == "win32", reason="the Windows lane runs under Wine, where a process pool never "
                    "starts (a bare ProcessPoolExecutor hangs there too); on Windows the pool is opt-in")
def test_worker_processes_give_the_verdicts_of_inline_judging(tmp_path, key):
    other_key = generate_keypair(tmp_path / "other", STATION_ID)
    items = _mixed_batch(key, other_key)
    assert len(items) > INLINE_BELOW
    inline, _ = _send(tmp_path, "inline", 1, key, items)
    pooled, children = _send(tmp_path, "pooled", 2, key, items)
    assert children >= 2  # the batch really went to worker processes
    assert pooled == inline
    statuses = [status for status, _, _ in inline]
    assert statuses.count("accepted") == 50 and statuses[-1] == "duplicate"
    assert [reason for _, reason, _ in inline[40:46]] == [
        "invalid_nik", "unknown_region", "invalid_field:name", "unknown_key", "bad_signature", "invalid_field:suket"]
    assert not multiprocessing.active_children()  # the pool ends with the server


def _fill(path, rows: int) -> None:
    """``rows`` stored items of one station, written straight into central's table."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO items VALUES (?, ?, ?, '{}', NULL, 'h', 'received', NULL, 'x', 'x', NULL)",
            [(f"key-{n}", STATION_ID, f"C7373-{n:08d}") for n in range(rows)])
    conn.close()


def _lookup_steps(store: CentralStore, refs: list[str]) -> int:
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    store._conn.set_progress_handler(count, 100)  # every 100 SQLite VM instructions
    try:
        found = store.statuses(STATION_ID, refs)
    finally:
        store._conn.set_progress_handler(None, 100)
    assert [entry["central_ref"] for entry in found] == refs
    return steps


def test_one_process_per_core_by_default_except_on_windows():
    from loket.central.judges import default_workers

    assert default_workers() == (1 if sys.platform == "win32" else max(1, os.cpu_count() or 1))


def test_a_status_lookup_costs_the_same_whatever_the_station_sent_before(tmp_path):
    costs = []
    for rows in (1_000, 20_000):
        path = tmp_path / f"central-{rows}.db"
        store = CentralStore.open(path)
        store.add_station(STATION_ID)
        _fill(path, rows)
        refs = [f"C7373-{n:08d}" for n in range(0, 1_000, 2)]  # 500 refs, the protocol's most
        costs.append(_lookup_steps(store, refs))
        store.close()
    # Scanning the station's rows made this 20 times dearer; probing by ref keeps it flat.
    assert costs[1] < costs[0] * 1.5


def _bytes_read_by_this_process() -> int:
    """Bytes this process asked the OS for through read calls (Linux's rchar), page cache hits included."""
    with open("/proc/self/io", encoding="ascii") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("rchar:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts reads through Linux's /proc/self/io")
def test_a_repeated_status_lookup_is_served_from_centrals_own_page_cache(tmp_path):
    path = tmp_path / "central.db"
    store = CentralStore.open(path)
    store.add_station(STATION_ID)
    conn = sqlite3.connect(path)
    with conn:  # rows of a real request's size: 40,000 of them fill some 5,000 pages
        conn.executemany(
            "INSERT INTO items VALUES (?, ?, ?, ?, NULL, 'h', 'received', NULL, 'x', 'x', NULL)",
            [(f"key-{n}", STATION_ID, f"C7373-{n:08d}", "x" * 400) for n in range(40_000)])
    conn.close()
    refs = [f"C7373-{n:08d}" for n in range(0, 40_000, 80)]  # 500 refs over the whole history
    store.statuses(STATION_ID, refs)
    before = _bytes_read_by_this_process()
    assert len(store.statuses(STATION_ID, refs)) == 500
    read = _bytes_read_by_this_process() - before
    store.close()
    # SQLite's default 2 MB cache re-read about 3 MB here; a lookup of cached pages reads
    # only the write-ahead log's header.
    assert read < 64 * 1024
