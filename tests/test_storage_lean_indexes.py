"""Station migration 16: fewer indexes a save writes, every page and pull still an index walk.

A new request entered every index of ``requests``. ``(state)`` served the desk's state
sort and the status pull's walk over the synced rows by id; ``(station_id, id)`` on
SQLite served walks by station in a file that holds one station. The state sort now
walks ``(state, created_at)`` (oldest first within a state), the pull a partial index
of the synced rows, which a save never enters. These tests read rows and plans, never
a time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dbkit import is_postgres, run, sqlite_selects
from schemakit import database_at
from test_storage_desk_plan import _assert_index_walk

from loket.storage import desk, lean_indexes, migrations, outbox, queue, schema_steps, users
from loket.storage.desk import DeskFilter

LEAN = migrations.MIGRATIONS.index(schema_steps._m016_lean_indexes) + 1
T0 = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.timezone.utc)
STATION = "7373-LKT01"
# The state each saved request is moved to, in order; equal times give ties.
STATES = ("queued", "synced", "queued", "rejected", "synced", "queued", "completed", "synced", "void", "queued")


def _request_indexes(db) -> set[str]:
    if is_postgres(db):
        rows = run(db, "SELECT indexname FROM pg_indexes WHERE tablename = 'requests'").fetchall()
    else:
        rows = run(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'requests'").fetchall()
    return {name for (name,) in rows}


def _fill(db) -> list[int]:
    """Ten requests, three sharing each minute, moved to ``STATES``; synced ones carry a ref."""
    clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
    ids = []
    for index, state in enumerate(STATES):
        nik = f"73730141019000{index:02d}"
        request = {"nik": nik, "kk": "7373010101010001", "name": f"WARGA {index}", "birth_date": "1990-01-01",
                   "sex": "P", "request_type": "new_recording", "purpose": "other", "biometrics_recorded": True}
        # Later ids at earlier minutes too: the state sort's order is not the id's.
        now = T0 + dt.timedelta(minutes=(7 * index) % 4)
        saved = queue.enqueue(db, request=request, local={"photo_path": "", "mismatch_reason": ""}, warnings=[],
                              clerk=clerk, station_id=STATION, now=now,
                              issue=lambda ctx: (f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)))
        ref = f"C{saved.request_id}" if state == "synced" else None
        run(db, "UPDATE requests SET state = ?, central_ref = ? WHERE id = ?", (state, ref, saved.request_id))
        ids.append(saved.request_id)
    return ids


@pytest.fixture
def version_15(backend, tmp_path, request):
    """A database at the step before, holding requests, as a station of the last release has it."""
    db = database_at(LEAN - 1, backend, tmp_path, request)
    _fill(db)
    yield db
    db.close()


def _expected_state_order(db) -> list[int]:
    rows = run(db, "SELECT id, state, created_at FROM requests").fetchall()
    return [rid for rid, _, _ in sorted(rows, key=lambda row: (row[1], row[2], row[0]))]


def _walk(db, flt, descending: bool, limit: int = 3) -> tuple[list[int], list[int]]:
    """Every row of the state sort, page by page forward, and page by page back from the end."""
    forward, rows = [], desk.page(db, flt, "state", descending, limit=limit)
    while rows:
        forward += [row.id for row in rows]
        rows = desk.page(db, flt, "state", descending, after=rows[-1], limit=limit)
    backward, rows = [], desk.last_page(db, flt, "state", descending, limit=limit)
    while rows:
        backward = [row.id for row in rows] + backward
        rows = desk.page(db, flt, "state", descending, before=rows[0], limit=limit)
    return forward, backward


@pytest.mark.both_backends
def test_a_version_15_station_upgrades_and_pages_and_pulls_as_before(version_15, backend):
    db = version_15
    before = _request_indexes(db)
    synced_before = outbox.synced_refs_after(db, 0, 500, STATION)
    assert len(synced_before) == STATES.count("synced")

    assert migrations.migrate(db) == migrations.LATEST
    dropped = lean_indexes.DROPPED_ON_POSTGRES if is_postgres(db) else lean_indexes.DROPPED_ON_SQLITE
    assert set(dropped) <= before
    assert _request_indexes(db) == (before - set(dropped)) | {"requests_synced"}
    # The pull finds the same rows in the same order, from the start and from a cursor.
    assert outbox.synced_refs_after(db, 0, 500, STATION) == synced_before
    assert outbox.synced_refs_after(db, 0, 500) == synced_before
    assert outbox.synced_refs_after(db, synced_before[0][0], 500, STATION) == synced_before[1:]
    # The state sort: by state, the oldest first within it, then the id; both ways, in pages.
    expected = _expected_state_order(db)
    by_id = [rid for rid, _ in sorted(run(db, "SELECT id, state FROM requests").fetchall(), key=lambda r: (r[1], r[0]))]
    assert expected != by_id  # the tie order is the age, not the id
    everything = DeskFilter(states=())
    for descending in (False, True):
        order = expected[::-1] if descending else expected
        assert _walk(db, everything, descending) == (order, order)
    assert desk.count(db, everything) == len(STATES)


@pytest.mark.both_backends
def test_the_synced_rows_index_follows_the_state(version_15):
    """A row enters the pull's index when it is synced and leaves it when it moves on."""
    db = version_15
    migrations.migrate(db)
    first_queued = run(db, "SELECT MIN(id) FROM requests WHERE state = 'queued'").fetchone()[0]
    run(db, "UPDATE requests SET state = 'synced', central_ref = 'NEW' WHERE id = ?", (first_queued,))
    first_synced = run(db, "SELECT MIN(id) FROM requests WHERE state = 'synced' AND id <> ?",
                       (first_queued,)).fetchone()[0]
    run(db, "UPDATE requests SET state = 'completed' WHERE id = ?", (first_synced,))
    expected = run(db, "SELECT id, central_ref FROM requests WHERE state = 'synced' ORDER BY id").fetchall()
    assert outbox.synced_refs_after(db, 0, 500, STATION) == [tuple(row) for row in expected]
    assert (first_queued, "NEW") in expected and first_synced not in [rid for rid, _ in expected]


def _sqlite_plan(db, sql: str) -> list[str]:
    return [row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql).fetchall()]


@pytest.mark.parametrize("station_id", [STATION, None], ids=["by-station", "all"])
def test_the_pull_walks_the_synced_rows_index_on_sqlite(tmp_path, request, station_id):
    db = database_at(migrations.LATEST, "sqlite", tmp_path, request)
    try:
        _fill(db)
        for sql in sqlite_selects(db, lambda: outbox.synced_refs_after(db, 1, 500, station_id, synced_before="9999")):
            plan = _sqlite_plan(db, sql)
            assert plan == ["SEARCH t1 USING INDEX requests_synced (state=? AND id>?)"], plan
    finally:
        db.close()


def test_a_new_sqlite_station_has_neither_dropped_index(tmp_path, request):
    db = database_at(migrations.LATEST, "sqlite", tmp_path, request)
    try:
        assert not set(lean_indexes.DROPPED_ON_SQLITE) & _request_indexes(db)
        assert "requests_synced" in _request_indexes(db)
    finally:
        db.close()


@pytest.mark.both_backends
def test_the_state_sort_walks_an_index_in_order(version_15):
    db = version_15
    migrations.migrate(db)
    rows = desk.page(db, DeskFilter(states=()), "state", limit=4)
    if is_postgres(db):  # a handful of rows: price the table's scans out, as the desk's plan tests do
        for setting in ("enable_seqscan", "enable_incremental_sort", "enable_bitmapscan"):
            run(db, f"SET {setting} = off")
    for flt in (DeskFilter(states=()), DeskFilter()):
        for descending in (False, True):
            for kwargs in ({}, {"after": rows[-1]}, {"before": rows[-1]}):
                plan = desk.query_plan(db, flt, "state", descending, **kwargs)
                assert "requests_state_created" in "\n".join(plan), plan
                _assert_index_walk(db, plan)


def test_the_counters_own_list_walks_the_newest_rows_on_sqlite(tmp_path, request):
    """Without a station index, the counter's list of its latest requests reads back from
    the newest row (its file holds its own rows), never sorting the station's rows."""
    db = database_at(migrations.LATEST, "sqlite", tmp_path, request)
    try:
        ids = _fill(db)
        sent = sqlite_selects(db, lambda: queue.recent_requests(db, STATION, limit=3))
        assert [view.id for view in queue.recent_requests(db, STATION, limit=3)] == ids[::-1][:3]
        for sql in sent:
            plan = _sqlite_plan(db, sql)
            assert not any("TEMP B-TREE" in step for step in plan), plan
            assert plan[0] == "SCAN t1", plan  # by rowid, newest first, stopped by the limit
    finally:
        db.close()
