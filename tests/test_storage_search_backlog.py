"""Station migration 15: the desk's text index written after the save, up to a mark.

A save no longer writes the FTS5 index; the station's own thread indexes the new
rows later, many at a time (``search_backlog.catch_up``). A search must still find
every request the moment it is saved, once, in id order, whichever side of the mark
it lies. Expectations come from the rows themselves; the index's own
``integrity-check`` says it holds exactly what the rows say.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import CLERK
from dbkit import is_postgres, run
from schemakit import database_at
from loket.intake.samples import sample_records
from loket.station import Station
from loket.storage import desk, migrations, queue, schema_steps, search, search_backlog, users
from loket.storage.db import check_integrity
from loket.storage.desk import DeskFilter
from loket.storage.models import Request

pytestmark = pytest.mark.both_backends

OFF_SAVE = migrations.MIGRATIONS.index(schema_steps._m015_search_off_save) + 1
NAMES = ("ABDUL MUSTAFA", "MUSTAFA KAMAL", "SITI AMINAH", "ANDI MUSTAFAR LATIF", "NUR AISYAH", "MUSTAFA RAUF")
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def held(station_dir, monkeypatch):
    """A station whose own thread does not index (the test says when); ``save(name)``
    takes a resident of that name through the counter's save and gives the request id."""
    monkeypatch.setattr("loket.event_sealer._index_saved", lambda db: None)
    opened = Station.open(station_dir)
    clerk = opened.login(*CLERK)
    start = dt.datetime.now().astimezone().replace(microsecond=0, hour=9, minute=0)
    records = iter(sample_records(40, seed=31))
    opened.saved_ids = []

    def save(name: str) -> int:
        record = dataclasses.replace(next(records), name=name)
        when = start + dt.timedelta(minutes=len(opened.saved_ids))
        opened.saved_ids.append(opened.submit(record, clerk, now=when).request_id)
        return opened.saved_ids[-1]

    opened.save = save
    yield opened
    opened.close()


def _ids(db, flt, **kwargs) -> list[int]:
    return [row.id for row in desk.page(db, flt, **kwargs)]


def _indexed(db) -> set[int]:
    """The request ids the FTS5 index holds (SQLite)."""
    return {row[0] for row in run(db, "SELECT rowid FROM requests_search_docsize").fetchall()}


def _check_index(db) -> None:
    """FTS5's own check of the index against the rows of `requests` (raises when they differ)."""
    run(db, "INSERT INTO requests_search (requests_search, rank) VALUES ('integrity-check', 1)")


def _mustafas(db) -> list[int]:
    return [i for (i,) in run(db, "SELECT id FROM requests WHERE name LIKE '%MUSTAFA%' ORDER BY id").fetchall()]


def test_a_save_leaves_the_index_alone_and_is_found_at_once(held):
    db = held.db
    for name in NAMES:
        held.save(name)
    fts = not is_postgres(db) and search.has_text_index(db)
    query = search.parse("mustafa")
    if fts:
        assert _indexed(db) == set()  # nothing written to the index by the saves
        assert search_backlog.indexed_upto(db) < min(held.saved_ids)
        assert [source.fts for source in search.sources(db, query)] == [True, False]  # the index, then the rows
        # SQLite's own check (newer SQLite checks FTS5 indexes too) finds nothing wrong with rows waiting.
        assert check_integrity(db) == []
    expected = _mustafas(db)
    assert len(expected) == 4
    flt = DeskFilter(states=(), search="mustafa")
    assert _ids(db, flt) == expected
    assert _ids(db, flt, descending=True) == expected[::-1]
    assert desk.count(db, flt) == 4
    assert _ids(db, DeskFilter(states=(), search="aminah")) == [held.saved_ids[2]]

    assert search_backlog.catch_up(db) == (len(NAMES) if fts else 0)
    if fts:
        assert _indexed(db) >= set(held.saved_ids)
        assert search_backlog.indexed_upto(db) == max(held.saved_ids)
        assert [source.fts for source in search.sources(db, query)] == [True]  # nothing left to read apart
        _check_index(db)
    assert _ids(db, flt) == expected  # the same rows, each once
    assert desk.count(db, flt) == 4
    assert search_backlog.catch_up(db) == 0


def test_pages_and_counts_cross_the_mark_both_ways(held):
    db = held.db
    for name in NAMES[:3]:
        held.save(name)
    search_backlog.catch_up(db)
    for name in NAMES[3:]:
        held.save(name)  # above the mark: read from the rows
    expected = _mustafas(db)
    assert len(expected) == 4
    if not is_postgres(db) and search.has_text_index(db):  # two matches on each side of the mark
        assert expected[1] <= search_backlog.indexed_upto(db) < expected[2]
    flt = DeskFilter(states=(), search="mustafa")
    first = desk.page(db, flt, limit=2)
    assert [row.id for row in first] == expected[:2]
    assert _ids(db, flt, after=first[-1], limit=2) == expected[2:]
    assert _ids(db, flt, after=first[0], limit=2) == expected[1:3]
    assert _ids(db, flt, descending=True, limit=3) == expected[::-1][:3]
    assert _ids(db, flt, before=desk.get_row(db, expected[3]), limit=2) == expected[1:3]
    assert [row.id for row in desk.last_page(db, flt, limit=3)] == expected[1:]
    assert desk.count(db, flt) == 4
    # A filter on the state applies on both sides of the mark.
    run(db, "UPDATE requests SET state = 'void' WHERE id IN (?, ?)", (expected[0], expected[3]))
    shown = DeskFilter(states=("queued",), search="mustafa")
    assert _ids(db, shown) == expected[1:3]
    assert search.tally(db, shown) == search.Tally(2, {"state": 2})
    # Rows indexed after a search read the mark are still found once: each side keeps
    # to its side of the mark it read.
    sources = search.sources(db, search.parse("mustafa"))
    search_backlog.catch_up(db)
    assert sum(source.count() for source in sources) == 4
    assert [i for source in sources for (i,) in source.select(Request.id).where(*source.terms)
            .order_by(source.key).tuples()] == expected


def test_a_correction_before_and_after_indexing_is_found_by_its_new_name(held):
    db = held.db
    first, second = held.save("ABDUL MUSTAFA"), held.save("MUSTAFA KAMAL")
    run(db, "UPDATE requests SET name = 'ABDUL MUSTOFA' WHERE id = ?", (first,))  # not indexed yet
    assert _ids(db, DeskFilter(states=(), search="mustofa")) == [first]
    search_backlog.catch_up(db)
    run(db, "UPDATE requests SET name = 'MUSTOFA KAMAL' WHERE id = ?", (second,))  # indexed: the trigger tells it
    flt = DeskFilter(states=(), search="mustofa")
    assert _ids(db, flt) == [first, second]
    assert _ids(db, DeskFilter(states=(), search="mustafa")) == []
    if not is_postgres(db) and search.has_text_index(db):
        _check_index(db)


@pytest.mark.parametrize("station_backend", ["sqlite"], indirect=True)
def test_a_row_given_an_id_below_the_mark_is_indexed_at_once(held):
    """An id reserved earlier (a counter's held request) can arrive after higher ones."""
    db = held.db
    if not search.has_text_index(db):
        pytest.skip("this SQLite has no FTS5 trigram tokenizer")
    low = held.save("MUSTAFA KAMAL")
    high = _copy(db, low, low + 60, "ABDUL MUSTAFA", 1)  # a row given a later id first
    search_backlog.catch_up(db)
    assert search_backlog.indexed_upto(db) == high
    _copy(db, low, low + 10, "ANDI MUSTAFAR", 2)
    assert low + 10 in _indexed(db)  # at once: the mark does not move back
    assert _ids(db, DeskFilter(states=(), search="mustafa")) == [low, low + 10, high]
    assert search_backlog.catch_up(db) == 0
    _check_index(db)


def _copy(db, source: int, new_id: int, name: str, number: int) -> int:
    """A request row with the id given (as a counter's held request, reserved at the office)."""
    run(db, "INSERT INTO requests (id, idempotency_key, station_id, clerk_id, nik, request_type, purpose, name, "
            "state, payload, local, warnings, queue_year, queue_no, created_at, updated_at, doc_number) "
            "SELECT ?, ?, station_id, clerk_id, ?, request_type, purpose, ?, 'queued', payload, local, warnings, "
            "queue_year, ?, created_at, updated_at, ? FROM requests WHERE id = ?",
        (new_id, f"held-{number}", f"73730141019000{number:02d}", name, 9000 + number, f"{number:04d}/HELD",
         source))
    return new_id


@pytest.mark.parametrize("station_backend", ["sqlite"], indirect=True)
def test_catch_up_goes_in_batches_and_the_station_indexes_after_its_saves(station_dir):
    station = Station.open(station_dir)
    try:
        db = station.db
        if not search.has_text_index(db):
            pytest.skip("this SQLite has no FTS5 trigram tokenizer")
        clerk = station.login(*CLERK)
        saved = [station.submit(record, clerk) for record in sample_records(3, seed=5)]
        assert station.event_sealer.wait()
        # The first save after opening asks the station's thread, which indexes what is new.
        assert search_backlog.indexed_upto(db) >= saved[0].request_id
        search_backlog.catch_up(db)
        more = [station.submit(record, clerk) for record in sample_records(8, seed=6)[3:]]
        assert search_backlog.catch_up(db, batch=2) == len(more)
        assert search_backlog.indexed_upto(db) == more[-1].request_id
        assert _indexed(db) >= {s.request_id for s in saved + more}
        _check_index(db)
    finally:
        station.close()


def _insert_old(db, clerk_id: int, number: int, name: str) -> int:
    run(db, "INSERT INTO requests (idempotency_key, station_id, clerk_id, nik, request_type, purpose, name, state, "
            "payload, local, warnings, queue_year, queue_no, created_at, updated_at, doc_number) "
            "VALUES (?, '7373-LKT01', ?, ?, 'new_recording', 'other', ?, 'queued', '{}', '{}', '[]', 2026, ?, "
            "'2026-03-09T08:00:00.000000Z', '2026-03-09T08:00:00.000000Z', ?)",
        (f"key-{number}", clerk_id, f"73730141019000{number:02d}", name, 9000 + number, f"{number:04d}/OLD"))
    return run(db, "SELECT id FROM requests WHERE queue_no = ?", (9000 + number,)).fetchone()[0]


def _enqueue(db, clerk, nik: str, name: str):
    request = {"nik": nik, "kk": "7373010101010001", "name": name, "birth_date": "1990-01-01", "sex": "P",
               "request_type": "new_recording", "purpose": "other", "biometrics_recorded": True}
    return queue.enqueue(db, request=request, local={"photo_path": "", "mismatch_reason": ""}, warnings=[],
                         clerk=clerk, station_id="7373-LKT01", now=NOW,
                         issue=lambda ctx: (f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)))


def test_an_upgraded_station_finds_its_old_and_new_requests(backend, tmp_path, request):
    db = database_at(OFF_SAVE - 1, backend, tmp_path, request)
    try:
        clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
        old = [_insert_old(db, clerk.id, number, name) for number, name in enumerate(NAMES[:3], 1)]
        assert migrations.migrate(db) == migrations.LATEST
        fts = backend == "sqlite" and search.has_text_index(db)
        if fts:
            assert search_backlog.indexed_upto(db) == max(old)  # every row so far was the index's
            assert _indexed(db) == set(old)
        new = _enqueue(db, clerk, "7373014101900099", "MUSTAFA RAUF").request_id
        flt = DeskFilter(states=(), search="mustafa")
        assert _ids(db, flt) == [old[0], old[1], new]
        assert desk.count(db, flt) == 3
        if fts:
            assert new not in _indexed(db)
            with db.atomic():  # the step run again (a repair re-runs the later steps) keeps the mark
                schema_steps._m015_search_off_save(db)
            assert search_backlog.indexed_upto(db) == max(old)
            assert search_backlog.catch_up(db) == 1
            assert _ids(db, flt) == [old[0], old[1], new]
            _check_index(db)
        assert _ids(db, DeskFilter(states=(), search="0002/old")) == [old[1]]
    finally:
        db.close()
