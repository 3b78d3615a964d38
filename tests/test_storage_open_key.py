"""Station migration 14: one open request per NIK and type, kept by ``is_open``.

The unique index's condition named ``state``, so SQLite rewrote it on every move
between two open states (a sync's answer, a requeue) although its key stayed the
same. Now it names ``is_open``, which the database keeps in step with the state and
which changes only when a request opens or closes. These tests read rows, plans and
written pages, never a time.
"""

from __future__ import annotations

import datetime as dt

import peewee
import pytest
from dbkit import run, statements_sent
from schemakit import database_at
from test_sync_claim_in_place import _pages_written

from conftest import CLERK, SUPERVISOR
from linkkit import seed
from loket.storage import linklog, migrations, open_requests, outbox, queue, resolve, schema_steps, users
from loket.storage.errors import DuplicateOpenRequest

OPEN_KEY = migrations.MIGRATIONS.index(schema_steps._m014_open_key) + 1
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.timezone.utc)
NIK_A, NIK_B, NIK_C = "7373014101900001", "7373014101900002", "7373014101900003"


def _request(nik: str) -> dict:
    return {"nik": nik, "kk": "7373010101010001", "name": f"WARGA {nik[-1]}", "birth_date": "1990-01-01",
            "sex": "P", "request_type": "new_recording", "purpose": "other", "biometrics_recorded": True}


def _enqueue(db, clerk, nik: str, minute: int = 0):
    return queue.enqueue(db, request=_request(nik), local={"photo_path": "", "mismatch_reason": ""}, warnings=[],
                         clerk=clerk, station_id="7373-LKT01", now=NOW + dt.timedelta(minutes=minute),
                         issue=lambda ctx: (f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)))


def _insert_as_before(db, clerk_id: int, number: int, nik: str, state: str) -> int:
    """A request row as the last release wrote it (no ``is_open``)."""
    run(db, "INSERT INTO requests (idempotency_key, station_id, clerk_id, nik, request_type, purpose, name, state, "
            "payload, local, warnings, queue_year, queue_no, created_at, updated_at) "
            "VALUES (?, '7373-LKT01', ?, ?, 'new_recording', 'other', 'WARGA', ?, '{}', '{}', '[]', 2026, ?, "
            "'2026-03-09T08:00:00.000000Z', '2026-03-09T08:00:00.000000Z')",
        (f"key-{number}", clerk_id, nik, state, 9000 + number))
    return run(db, "SELECT id FROM requests WHERE queue_no = ?", (9000 + number,)).fetchone()[0]


def _is_open(db) -> dict[int, int]:
    return dict(run(db, "SELECT id, is_open FROM requests").fetchall())


@pytest.fixture
def version_13(backend, tmp_path, request):
    db = database_at(OPEN_KEY - 1, backend, tmp_path, request)
    yield db
    db.close()


@pytest.mark.both_backends
def test_an_upgraded_station_keeps_the_rule_and_frees_a_nik_when_its_request_closes(version_13):
    db = version_13
    clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
    # Open and closed requests of the same NIK and type, as the last release left them.
    a_done = _insert_as_before(db, clerk.id, 1, NIK_A, "completed")
    a_void = _insert_as_before(db, clerk.id, 2, NIK_A, "void")
    a_open = _insert_as_before(db, clerk.id, 3, NIK_A, "rejected")
    b_void = _insert_as_before(db, clerk.id, 4, NIK_B, "void")
    c_open = _insert_as_before(db, clerk.id, 5, NIK_C, "synced")

    assert migrations.migrate(db) == migrations.LATEST
    assert _is_open(db) == {a_done: 0, a_void: 0, a_open: 1, b_void: 0, c_open: 1}

    # The rule still refuses a second open request, with the friendly message first...
    with pytest.raises(DuplicateOpenRequest) as duplicate:
        _enqueue(db, clerk, NIK_A)
    assert duplicate.value.request_id == a_open
    # ...and in the database itself, for a writer that did not ask.
    with pytest.raises(peewee.IntegrityError, match="requests.nik|requests_one_open"):
        with db.atomic():
            _insert_as_before(db, clerk.id, 6, NIK_A, "queued")
    # A NIK whose only request is closed may open a new one.
    assert _enqueue(db, clerk, NIK_B).request_id not in (a_done, a_void, a_open, b_void, c_open)

    # Completing or voiding the open request frees its NIK.
    run(db, "UPDATE requests SET state = 'completed' WHERE id = ?", (c_open,))
    run(db, "UPDATE requests SET state = 'void' WHERE id = ?", (a_open,))
    assert _is_open(db)[c_open] == 0 and _is_open(db)[a_open] == 0
    again_a, again_c = _enqueue(db, clerk, NIK_A, 1), _enqueue(db, clerk, NIK_C, 2)
    assert queue.find_open(db, NIK_A, "new_recording").id == again_a.request_id
    assert [r.queue_no for r in open_requests.find_open_requests(db, NIK_C)] == [again_c.queue_no]


@pytest.mark.both_backends
def test_the_database_keeps_is_open_in_step_whatever_a_writer_says(station):
    db = station.db
    clerk = station.login(*CLERK)
    open_id = _enqueue(db, clerk, NIK_A).request_id
    # A row inserted closed (a move, a seeded queue) is not counted as open.
    closed = [_insert_as_before(db, clerk.id, 100 + index, NIK_B, state)
              for index, state in enumerate(("completed", "void", "void"))]
    assert [_is_open(db)[i] for i in [open_id, *closed]] == [1, 0, 0, 0]
    # A move copies the column: a closed row beside an open one of the same NIK and type.
    run(db, "INSERT INTO requests (idempotency_key, station_id, clerk_id, nik, request_type, purpose, name, state, "
            "payload, local, warnings, queue_year, queue_no, created_at, updated_at, is_open) "
            "SELECT 'moved', station_id, clerk_id, nik, request_type, purpose, name, 'void', payload, local, "
            "warnings, queue_year, 9999, created_at, updated_at, 0 FROM requests WHERE id = ?", (open_id,))
    assert run(db, "SELECT is_open FROM requests WHERE idempotency_key = 'moved'").fetchone()[0] == 0
    # A writer that sets the column against the state is overruled.
    run(db, "UPDATE requests SET is_open = 0 WHERE id = ?", (open_id,))
    run(db, "UPDATE requests SET is_open = 1 WHERE id = ?", (closed[0],))
    assert [_is_open(db)[i] for i in (open_id, closed[0])] == [1, 0]
    with pytest.raises(DuplicateOpenRequest):
        _enqueue(db, clerk, NIK_A, 1)
    # A move between open states keeps it; a close clears it.
    for state, expected in (("synced", 1), ("rejected", 1), ("queued", 1), ("void", 0), ("completed", 0)):
        run(db, "UPDATE requests SET state = ? WHERE id = ?", (state, open_id))
        assert _is_open(db)[open_id] == expected, state


def _supports_dbstat(db) -> None:
    try:
        db.execute_sql("SELECT 1 FROM dbstat LIMIT 1")
    except peewee.OperationalError:  # Windows' CPython builds SQLite without it
        pytest.skip("this SQLite has no dbstat table to map pages to indexes (Windows' build); counted on Linux")


@pytest.mark.parametrize("station_backend", ["sqlite"])
def test_answers_and_a_requeue_write_no_page_of_the_one_open_index(station):
    """393 of the 1,635 pages a batch of answers wrote at 100,000 queued were this
    index's, rewritten for a key that did not change."""
    db = station.db
    _supports_dbstat(db)
    seed(station, 30)
    items = outbox.claim_batch(db, "run-a", 20, NOW)
    run_id = linklog.start_run(db, "run-a", NOW)
    answers = [(item, "accepted", f"C{index}", None) for index, item in enumerate(items[:15])]
    answers += [(item, "rejected", None, "bad photo") for item in items[15:]]
    written = _pages_written(db, lambda: outbox.apply_results(db, "run-a", run_id, answers, NOW))
    assert "requests" in written and "requests_one_open" not in written, written

    supervisor = station.login(*SUPERVISOR)
    rejected = [item.request_id for item in items[15:]]
    written = _pages_written(db, lambda: resolve.requeue(db, rejected, supervisor, "photo retaken", NOW))
    assert "requests" in written and "requests_one_open" not in written, written
    assert {state for (state,) in run(db, f"SELECT state FROM requests WHERE id IN ({', '.join(map(str, rejected))})")
            } == {"queued"}

    # Closing a request does take it out of the index: the test can see the index move.
    queued = [run(db, "SELECT id FROM requests WHERE state = 'queued' AND claimed_by IS NULL").fetchone()[0]]
    written = _pages_written(db, lambda: resolve.void_many(db, queued, supervisor, "asked twice", NOW))
    assert "requests_one_open" in written, written


@pytest.mark.parametrize("station_backend", ["sqlite"])
def test_every_look_up_of_open_requests_is_planned_on_the_one_open_index(station):
    seed(station, 3)
    db = station.db
    nik = run(db, "SELECT nik FROM requests ORDER BY id LIMIT 1").fetchone()[0]
    looks = {
        "duplicate check": lambda: queue._refuse_duplicate(db, nik, "other_type"),
        "find_open": lambda: queue.find_open(db, nik, "other_type"),
        "the form's lookup": lambda: open_requests.find_open_requests(db, nik),
    }
    for name, look in looks.items():
        with statements_sent() as sent:
            look()
        on_requests = [(sql, params) for sql, params in sent if 'FROM "requests"' in sql]
        assert on_requests, (name, sent)
        for sql, params in on_requests:
            plan = " ".join(row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
            assert "USING INDEX requests_one_open" in plan, (name, plan)
