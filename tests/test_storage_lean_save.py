"""What a save no longer does, and what it still means.

Its audit event is part of the save's own transaction, with no savepoint of its own:
the savepoint cost two statements on every save; what it guarded (the event rolled back
with what it records) is the transaction's job, and stays so: an event that cannot be
written takes the whole save back, numbers included.

On an office database (station migration 13) the request is written with its Suket's
number, and the trigger keeping that copy writes only a change, as on SQLite since
migration 11: the request row is written once a save, not twice.
"""

from __future__ import annotations

import pytest
from dbkit import run, table_counts
from schemakit import database_at
from test_storage_queue import clerk, db, save  # noqa: F401 - fixtures

from loket.storage import migrations, schema_steps, users
from loket.storage.audit import verify_chain
from loket.storage.backend import is_postgres


def _statements(db, monkeypatch) -> list[str]:
    sent: list[str] = []
    original = db.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        sent.append(sql)
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", execute_sql)
    return sent


def test_a_save_writes_its_audit_event_without_a_savepoint(db, clerk, monkeypatch):
    if is_postgres(db):
        pytest.skip("an office database's save is one pipelined statement on the cursor (office_save)")
    save(db, clerk, nik="7373015001900001")
    sent = _statements(db, monkeypatch)
    done = save(db, clerk, nik="7373015001900002")
    assert sent, "the save's statements were not seen"
    assert not [sql for sql in sent if "SAVEPOINT" in sql.upper()]
    (seq,), = run(db, "SELECT seq FROM audit_events WHERE action = 'intake.saved' AND subject = ?",
                  (str(done.request_id),)).fetchall()
    assert seq == done.audit_seq
    assert verify_chain(db).ok


def _refuse_audit_events(db) -> None:
    if is_postgres(db):
        db.execute_sql("CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN RAISE EXCEPTION 'no room for the event'; END $$")
        db.execute_sql("CREATE TRIGGER refuse_event BEFORE INSERT ON audit_events "
                       "FOR EACH ROW EXECUTE FUNCTION refuse_event()")
    else:  # a temporary trigger: this connection's only, gone when it closes
        db.execute_sql("CREATE TEMP TRIGGER refuse_event BEFORE INSERT ON audit_events "
                       "BEGIN SELECT RAISE(ABORT, 'no room for the event'); END")


def _allow_audit_events(db) -> None:
    db.execute_sql("DROP TRIGGER refuse_event ON audit_events" if is_postgres(db) else "DROP TRIGGER refuse_event")


def test_an_event_that_cannot_be_written_takes_the_whole_save_back(db, clerk):
    save(db, clerk, nik="7373015001900001")
    before = table_counts(db)
    _refuse_audit_events(db)
    with pytest.raises(Exception, match="no room for the event"):
        save(db, clerk, nik="7373015001900002")
    assert table_counts(db) == before  # no request, no Suket, no counter moved, no event
    _allow_audit_events(db)
    done = save(db, clerk, nik="7373015001900002")  # the numbers were given back
    assert (done.queue_no, done.number) == (2, "471/0002/7373-LKT01/VII/2018")
    assert verify_chain(db).ok


# -- station migration 13: a new Suket rewrites its request only when its number changes --

LEAN_SAVE = migrations.MIGRATIONS.index(schema_steps._m013_lean_save) + 1


@pytest.fixture
def version_12(backend, tmp_path, request):
    """An empty database at the step before, as a station of the last release has it."""
    database = database_at(LEAN_SAVE - 1, backend, tmp_path, request)
    yield database
    database.close()


def _count_number_updates(db) -> None:
    """Each later rewrite of a request's document number, noted in ``doc_updates``."""
    if is_postgres(db):
        run(db, "CREATE TABLE doc_updates (request_id BIGINT)")
        db.execute_sql("CREATE FUNCTION note_doc_update() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN INSERT INTO doc_updates VALUES (NEW.id); RETURN NULL; END $$")
        db.execute_sql("CREATE TRIGGER note_doc_update AFTER UPDATE ON requests "
                       "FOR EACH ROW EXECUTE FUNCTION note_doc_update()")
    else:
        run(db, "CREATE TEMP TABLE doc_updates (request_id INTEGER)")
        run(db, "CREATE TEMP TRIGGER note_doc_update AFTER UPDATE ON main.requests "
                "BEGIN INSERT INTO doc_updates VALUES (NEW.id); END")


def _numbers_in_step(db) -> list[tuple]:
    rows = run(db, "SELECT r.id, r.doc_number, r.doc_kind, s.number, s.kind FROM requests AS r "
                   "JOIN sukets AS s ON s.id = (SELECT MAX(id) FROM sukets WHERE request_id = r.id)").fetchall()
    assert rows and all(tuple(row[1:3]) == tuple(row[3:5]) for row in rows), rows
    return rows


def test_after_the_upgrade_a_save_writes_its_request_once_and_a_later_suket_still_moves_it(version_12, backend):
    db = version_12
    clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
    first = save(db, clerk, nik="7373015001900001")  # saved before the upgrade
    assert migrations.migrate(db) == migrations.LATEST
    _numbers_in_step(db)

    _count_number_updates(db)
    done = save(db, clerk, nik="7373015001900002")
    assert run(db, "SELECT COUNT(*) FROM doc_updates").fetchone()[0] == 0  # the row written once
    assert run(db, "SELECT doc_number, doc_kind FROM requests WHERE id = ?",
               (done.request_id,)).fetchone() == (done.number, "suket")

    # A later Suket of a request (as a correction issues) still moves the request's copy.
    run(db, "INSERT INTO sukets (request_id, kind, number, station_id, year, seq, issued_at, copies, superseded) "
            "VALUES (?, 'receipt', 'TEST-NEWER', '7373-LKT01', 2018, 999, '2018-07-12T09:00:00Z', 0, FALSE)",
        (first.request_id,))
    assert [row for (row,) in run(db, "SELECT request_id FROM doc_updates").fetchall()] == [first.request_id]
    assert run(db, "SELECT doc_number, doc_kind FROM requests WHERE id = ?",
               (first.request_id,)).fetchone() == ("TEST-NEWER", "receipt")
    _numbers_in_step(db)
    assert verify_chain(db).ok
