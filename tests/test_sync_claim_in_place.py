"""Station migration 12: a sync's claim moves no state.

A claim stamps ``claimed_by`` and ``claimed_at`` on rows that stay ``queued``; the
state moves once, when central answers. ``sending`` is what people still see for a
claimed row (the desk, the counts, the supervisor's actions). A station upgraded with
rows in ``sending`` keeps each one either still claimed by its run or claimable again,
never lost and never in two claims at once. These tests read rows, plans and written
pages, never a time.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import peewee
import pytest
from dbkit import run, statements_sent
from schemakit import database_at

from linkkit import seed
from loket.storage import claims, desk, linklog, migrations, outbox, queue, schema_steps, users
from loket.storage.desk import DeskFilter
from loket.storage.views import counts_by_state

CLAIM_IN_PLACE = migrations.MIGRATIONS.index(schema_steps._m012_claim_in_place) + 1
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.timezone.utc)


def _stored(db) -> dict[int, tuple]:
    """``id -> (stored state, claimed_by)``."""
    return {row[0]: row[1:] for row in run(db, "SELECT id, state, claimed_by FROM requests").fetchall()}


@pytest.mark.both_backends
def test_a_claim_leaves_the_state_queued_and_people_still_see_it_being_sent(station):
    saved = seed(station, 5)
    db = station.db
    items = outbox.claim_batch(db, "run-a", 3, NOW)
    claimed = {item.request_id for item in items}
    stored = _stored(db)
    assert all(stored[i] == ("queued", "run-a") for i in claimed)
    assert all(stored[s.request_id] == ("queued", None) for s in saved if s.request_id not in claimed)
    counts = counts_by_state(db)
    assert (counts["queued"], counts["sending"]) == (2, 3)
    sending = desk.page(db, DeskFilter(states=("sending",)), "age", limit=50)
    assert {row.id for row in sending} == claimed and all(row.state == "sending" for row in sending)
    assert {row.id for row in desk.page(db, DeskFilter(states=("queued",)), "age", limit=50)} == (
        {s.request_id for s in saved} - claimed)
    assert desk.count(db, DeskFilter(states=("sending",))) == 3
    assert queue.get_request(db, items[0].request_id).state == "sending"
    # The answers move the state, once, and end the claim; a release only ends it.
    run_id = linklog.start_run(db, "run-a", NOW)
    outbox.apply_results(db, "run-a", run_id, [(items[0], "accepted", "C1", None)], NOW)
    outbox.release(db, "run-a", run_id, items[1:], "no_answer", "timeout", NOW)
    stored = _stored(db)
    assert stored[items[0].request_id] == ("synced", None)
    assert all(stored[item.request_id] == ("queued", None) for item in items[1:])
    assert counts_by_state(db)["sending"] == 0


@pytest.fixture
def version_11(backend, tmp_path, request):
    """An empty database at the step before: a station of the last release."""
    db = database_at(CLAIM_IN_PLACE - 1, backend, tmp_path, request)
    yield db
    db.close()


def _queue_requests(db, count: int) -> list[int]:
    clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
    ids = []
    for index in range(count):
        request = {"nik": f"737301410190{index + 1:04d}", "kk": "7373010101010001", "name": f"WARGA {index}",
                   "birth_date": "1990-01-01", "sex": "P", "request_type": "new_recording", "purpose": "other",
                   "biometrics_recorded": True}
        saved = queue.enqueue(db, request=request, local={"photo_path": "", "mismatch_reason": ""}, warnings=[],
                              clerk=clerk, station_id="7373-LKT01", now=NOW - dt.timedelta(hours=1, minutes=-index),
                              issue=lambda ctx: (f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)))
        ids.append(saved.request_id)
    return ids


@pytest.mark.both_backends
def test_rows_sending_at_the_upgrade_stay_claimed_or_become_claimable_never_twice(version_11):
    db = version_11
    ids = _queue_requests(db, 5)
    live, stale, nobody = ids[0], ids[1], ids[2]
    # As the last release left them: a run still sending one, a run that died long
    # ago holding another, and one in ``sending`` with no claimer at all.
    sending = "UPDATE requests SET state = 'sending', claimed_by = ?, claimed_at = ?, attempts = 1 WHERE id = ?"
    run(db, sending, ("run-live", "2026-03-10T08:59:30.000000Z", live))
    run(db, sending, ("run-gone", "2026-03-10T08:00:00.000000Z", stale))
    run(db, "UPDATE requests SET state = 'sending', attempts = 1 WHERE id = ?", (nobody,))

    assert migrations.migrate(db) == migrations.LATEST
    stored = _stored(db)
    assert [stored[i] for i in ids] == [("queued", "run-live"), ("queued", "run-gone"), ("queued", None),
                                        ("queued", None), ("queued", None)]
    counts = counts_by_state(db)
    assert (counts["queued"], counts["sending"]) == (3, 2)

    taken = {item.request_id for item in outbox.claim_batch(db, "run-new", 500, NOW)}
    assert taken == {stale, nobody, ids[3], ids[4]}  # the live run's item stays its own
    assert outbox.claim_batch(db, "run-other", 500, NOW) == []  # nothing is in two claims
    # The live run's answer is still stored: its claim survived the upgrade.
    run_id = linklog.start_run(db, "run-live", NOW)
    item = outbox.OutboxItem(live, "key", "{}")
    assert outbox.apply_results(db, "run-live", run_id, [(item, "accepted", "C9", None)], NOW).accepted == 1
    assert _stored(db)[live] == ("synced", None)
    assert (run(db, "SELECT attempts FROM requests WHERE id = ?", (stale,)).fetchone()[0]) == 2


@pytest.mark.both_backends
def test_a_claim_abandoned_after_the_upgrade_is_taken_over_after_the_lease(version_11):
    db = version_11
    ids = _queue_requests(db, 2)
    migrations.migrate(db)
    first = outbox.claim_batch(db, "run-a", 500, NOW)
    assert len(first) == 2
    assert outbox.claim_batch(db, "run-b", 500, NOW + outbox.CLAIM_LEASE - dt.timedelta(seconds=1)) == []
    later = outbox.claim_batch(db, "run-b", 500, NOW + outbox.CLAIM_LEASE + dt.timedelta(seconds=1))
    assert sorted(item.request_id for item in later) == sorted(ids)
    assert set(_stored(db).values()) == {("queued", "run-b")}


@pytest.mark.parametrize("station_backend", ["sqlite"])
def test_the_stale_claim_check_reads_the_claims_index_not_the_queue(station):
    """Who holds claims was read in the state index's ``sending`` range; with the claim
    in place that range is the whole queue, so it is read in the claims' partial index."""
    seed(station, 3)
    outbox.claim_batch(station.db, "run-a", 1, NOW)
    with statements_sent() as queries:
        outbox.claim_batch(station.db, "run-b", 500, NOW)
    grouped = [(sql, params) for sql, params in queries if "GROUP BY" in sql]
    assert len(grouped) == 1, queries
    plan = [row[-1] for row in station.db.execute_sql("EXPLAIN QUERY PLAN " + grouped[0][0], grouped[0][1])]
    assert any("requests_claimed" in step for step in plan), plan


def _pages_written(db: peewee.Database, action) -> set[str]:
    """The tables and indexes whose pages ``action`` wrote (read from the WAL's frames)."""
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute_sql("PRAGMA wal_autocheckpoint=0")
    try:
        action()
        page_size = db.execute_sql("PRAGMA page_size").fetchone()[0]
        wal = Path(db.database + "-wal").read_bytes()
        numbers = {struct.unpack(">I", wal[at:at + 4])[0] for at in range(32, len(wal), page_size + 24)}
        owners = dict((page, name) for name, page in db.execute_sql("SELECT name, pageno FROM dbstat").fetchall())
    finally:
        db.execute_sql("PRAGMA wal_autocheckpoint=1000")
    return {owners[number] for number in numbers if number in owners}


@pytest.mark.parametrize("station_backend", ["sqlite"])
def test_a_claim_writes_no_page_of_the_indexes_that_start_with_state(station):
    """The claim rewrote each claimed row's entry in the ten ``(state, ...)`` indexes
    (1,775 pages a batch at 100,000 queued). Only the attempts index still moves: the
    claim counts the attempt, which that index orders by."""
    db = station.db
    try:
        db.execute_sql("SELECT 1 FROM dbstat LIMIT 1")
    except peewee.OperationalError:  # Windows' CPython builds SQLite without it
        pytest.skip("this SQLite has no dbstat table to map pages to indexes (Windows' build); counted on Linux")
    seed(station, 30)
    leading = {name for name, sql in db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'requests' AND sql IS NOT NULL")
        if sql.split("(", 1)[1].lstrip().startswith("state")}
    assert len(leading) >= 8, leading
    written = _pages_written(db, lambda: outbox.claim_batch(db, "run-a", 20, NOW))
    assert "requests" in written and "requests_claimed" in written
    assert written & leading <= {"requests_desk_attempts"}, written & leading
    assert claims.count_claimed(db) == 20
