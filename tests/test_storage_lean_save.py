"""A save's audit event is part of the save's own transaction, with no savepoint of its own.

The savepoint cost two statements on every save; what it guarded (the event rolled back
with what it records) is the transaction's job, and stays so: an event that cannot be
written takes the whole save back, numbers included.
"""

from __future__ import annotations

import pytest
from dbkit import run, table_counts
from test_storage_queue import clerk, db, save  # noqa: F401 - fixtures

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
