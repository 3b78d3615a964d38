"""Station migration 11: fewer pages per SQLite save, every lookup still on an index.

A save writes about one page per index it touches. Three of the requests table's
indexes served no query: ``(nik)`` and ``(name)``, whose lookups the desk's
``(state, nik)`` and ``(state, name)`` serve once the query names its states, and
``(central_ref)``, looked up by nothing. SQLite drops them; PostgreSQL keeps its
indexes (not measured there). A save also writes its request with its Suket's number
already in it, and the trigger keeping that copy writes only a change. These tests
read plans and rows, never a time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import peewee
import pytest
from dbkit import run, sqlite_selects
from schemakit import database_at

from conftest import CLERK
from loket.intake.samples import sample_records
from loket.storage import desk, lean_indexes, migrations, open_requests, queue, schema_steps, search_backlog, users
from loket.storage import search as text_search
from loket.storage.desk import DeskFilter

LEAN = migrations.MIGRATIONS.index(schema_steps._m011_lean_pages) + 1
T0 = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.timezone.utc)


def _request_indexes(db) -> set[str]:
    if isinstance(db, peewee.PostgresqlDatabase):
        rows = run(db, "SELECT indexname FROM pg_indexes WHERE tablename = 'requests'").fetchall()
    else:
        rows = run(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'requests'").fetchall()
    return {name for (name,) in rows}


@pytest.fixture
def version_10(backend, tmp_path, request):
    """An empty database migrated up to the step before, as a station of the last release has it."""
    db = database_at(LEAN - 1, backend, tmp_path, request)
    yield db
    db.close()


@pytest.mark.both_backends
def test_a_version_10_station_upgrades_in_place_and_finds_what_it_held(version_10, backend):
    db = version_10
    clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
    niks = ("7373014101900001", "7373014101900002", "7371014101900003")
    names = ("MAKMUR", "MARIAM", "SITI")
    for index, (nik, name) in enumerate(zip(niks, names)):
        request = {"nik": nik, "kk": "7373010101010001", "name": name, "birth_date": "1990-01-01", "sex": "P",
                   "request_type": "new_recording", "purpose": "other", "biometrics_recorded": True}
        queue.enqueue(db, request=request, local={"photo_path": "", "mismatch_reason": ""}, warnings=[],
                      clerk=clerk, station_id="7373-LKT01", now=T0 + dt.timedelta(minutes=index),
                      issue=lambda ctx: (f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)))
    before = _request_indexes(db)
    assert set(schema_steps.LEAN_PAGES_DROPPED) <= before

    assert migrations.migrate(db) == migrations.LATEST
    # Migration 12's claims index, and migration 16's changes (storage.lean_indexes).
    after = _request_indexes(db) - {"requests_claimed", "requests_synced"}
    if backend == "sqlite":
        assert after == before - set(schema_steps.LEAN_PAGES_DROPPED) - set(lean_indexes.DROPPED_ON_SQLITE)
    else:
        assert after == before - set(lean_indexes.DROPPED_ON_POSTGRES)  # PostgreSQL keeps the others
    assert [view.nik for view in queue.search_requests(db, "7373")] == [niks[1], niks[0]]
    assert [view.name for view in queue.search_requests(db, "MA")] == ["MARIAM", "MAKMUR"]
    assert len(open_requests.find_open_requests(db, niks[2])) == 1
    _assert_numbers_in_step(db)


def _assert_numbers_in_step(db) -> None:
    """Each request carries its newest Suket's number and kind (what the desk sorts and searches by)."""
    rows = run(db, "SELECT r.id, r.doc_number, r.doc_kind, s.number, s.kind FROM requests AS r "
                   "JOIN sukets AS s ON s.id = (SELECT MAX(id) FROM sukets WHERE request_id = r.id)").fetchall()
    assert rows and all(row[1:3] == row[3:5] for row in rows), rows


def test_a_save_writes_its_request_row_once_and_a_new_suket_still_moves_the_number(filled):
    """The request is written with its number; the trigger keeping the copy changes
    nothing then (before, it rewrote the row, its number index and its search entry).
    A later Suket of the request still moves the copy."""
    db = filled.db
    run(db, "CREATE TEMP TABLE doc_updates (request_id INTEGER)")
    run(db, "CREATE TEMP TRIGGER count_doc_updates AFTER UPDATE OF doc_number ON main.requests "
            "BEGIN INSERT INTO doc_updates VALUES (NEW.id); END")
    clerk = filled.login(*CLERK)
    record = sample_records(1, seed=77)[0]
    saved = filled.submit(record, clerk)
    search_backlog.catch_up(db)  # indexed, as the station's thread does after its saves
    assert run(db, "SELECT COUNT(*) FROM doc_updates").fetchone()[0] == 0
    (number,) = run(db, "SELECT doc_number FROM requests WHERE id = ?", (saved.request_id,)).fetchone()
    assert number == saved.number
    run(db, "INSERT INTO sukets (request_id, kind, number, station_id, year, seq, issued_at) "
            "VALUES (?, 'receipt', 'TEST-NEWER', '7373-LKT01', 2026, 999, '2026-03-10T01:00:00Z')",
        (saved.request_id,))
    assert run(db, "SELECT request_id FROM doc_updates").fetchall() == [(saved.request_id,)]
    _assert_numbers_in_step(db)
    if text_search.has_text_index(db):  # the search's index follows the new number too
        hits = run(db, "SELECT rowid FROM requests_search WHERE requests_search MATCH '\"NEWER\"'").fetchall()
        assert hits == [(saved.request_id,)]


def _plans_of(db, action) -> list[tuple[str, list[str]]]:
    """Each SELECT on requests that ``action`` sends, with SQLite's plan for it."""
    connection = db.connection()
    plans = []
    for sql in sqlite_selects(db, action):
        if "requests" in sql:
            plans.append((sql, [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql)]))
    assert plans, "the action sent no query on requests"
    return plans


def _assert_on_an_index(plans) -> None:
    """No step reads the whole table or the whole of an index: each is a SEARCH (a range)."""
    for sql, plan in plans:
        for step in plan:
            assert not (step.startswith("SCAN") and ("requests" in step or " t1" in step)), (
                f"{sql}\n  reads every row: {plan}")


@pytest.fixture
def filled(station):
    clerk = station.login(*CLERK)
    start = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(hours=1)
    names = ("MAKMUR", "MARIAM", "ABDUL MAKMUR", "SITI")
    for index, (name, record) in enumerate(zip(names, sample_records(len(names), seed=5))):
        station.submit(dataclasses.replace(record, name=name), clerk, now=start + dt.timedelta(minutes=index))
    return station


def test_the_dropped_indexes_are_gone_from_a_new_sqlite_station(filled):
    assert not set(schema_steps.LEAN_PAGES_DROPPED) & _request_indexes(filled.db)


@pytest.mark.parametrize("text", ["7373", "MA"], ids=["nik", "name"])
def test_the_counters_prefix_search_walks_the_desks_indexes(filled, text):
    plans = _plans_of(filled.db, lambda: queue.search_requests(filled.db, text))
    _assert_on_an_index(plans)
    assert any("requests_desk_nik" in " ".join(plan) or "requests_desk_name" in " ".join(plan) for _, plan in plans)


@pytest.mark.parametrize("search", ["ma", "73"], ids=["short-name", "nik"])
def test_the_desks_count_of_a_prefix_over_every_state_is_a_range_of_an_index(filled, search):
    flt = DeskFilter(states=(), search=search)
    plans = _plans_of(filled.db, lambda: desk.count(filled.db, flt))
    _assert_on_an_index(plans)
    assert desk.count(filled.db, flt) == (2 if search == "ma" else 4)


def test_a_nik_s_open_requests_are_found_on_an_index(filled):
    nik = run(filled.db, "SELECT nik FROM requests ORDER BY id LIMIT 1").fetchone()[0]
    plans = _plans_of(filled.db, lambda: open_requests.find_open_requests(filled.db, nik))
    _assert_on_an_index(plans)
