"""A counter's own note of the numbers the office issued it, written while the office commits.

After a save at the office returns, the counter's file knows the numbers it used, so
requests held while the server is down continue the same series. The note is written
while the server writes the COMMIT (office_save's ``while_committing``) and taken back
when that COMMIT fails: the file then holds what it held before, as if never noted.
"""

from __future__ import annotations

import pytest
from dbkit import run, table_counts
from test_storage_queue import NOW, STATION, clerk, db, record, seal  # noqa: F401 - fixtures

from loket.storage import holding, queue
from loket.storage.audit import verify_chain
from loket.storage.backend import is_postgres
from loket.storage.db import open_database
from loket.storage.errors import DuplicateOpenRequest


@pytest.fixture
def local(tmp_path):
    database = open_database(tmp_path / "counter.db")
    yield database
    database.close()


def _noted(local) -> dict[str, int]:
    rows = local.execute_sql("SELECT kind, value FROM counters WHERE station_id = ? AND year = ?",
                             (STATION, NOW.year)).fetchall()
    return dict(rows)


def _save(db, clerk, nik: str, note, issue=seal):
    return queue.enqueue(db, request=record(nik=nik), local={"photo_path": "", "mismatch_reason": ""},
                         warnings=[], clerk=clerk, station_id=STATION, now=NOW, issue=issue, note_numbers=note)


def test_the_note_is_written_while_the_office_commits_and_taken_back_when_it_fails(db, clerk, local):
    calls = []

    def note(year, values):
        calls.append(dict(values))
        return holding.note_numbers(local, STATION, year, values)

    first = _save(db, clerk, "7373015001900001", note)
    if not is_postgres(db):
        # A single-PC file has no office to overlap with: the caller notes afterwards.
        assert calls == [] and _noted(local) == {}
        return
    assert calls == [{"queue": 1, "suket": 1}] and _noted(local) == {"queue": 1, "suket": 1}

    # Refused by the office (the unique open NIK). Pipelined, the refusal of the insert
    # may reach the counter before or after the COMMIT is sent, so the note was either
    # never written or written and taken back: either way the file holds what it held.
    before = table_counts(db)
    with pytest.raises(DuplicateOpenRequest):
        _save(db, clerk, "7373015001900001", note)
    assert _noted(local) == {"queue": 1, "suket": 1}
    assert table_counts(db) == before

    # Refused at the COMMIT itself (a check the server makes only then): the note was
    # written while the server wrote the COMMIT, and is taken back.
    run(db, """CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION 'refused at commit'; END $$""")
    run(db, """CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON requests
               DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()""")
    written = len(calls)
    with pytest.raises(Exception, match="refused at commit"):
        _save(db, clerk, "7373015001900009", note)
    assert calls[written:] == [{"queue": 2, "suket": 2}]  # it was written...
    assert _noted(local) == {"queue": 1, "suket": 1}  # ...and taken back
    assert table_counts(db) == before
    run(db, "DROP TRIGGER refuse_at_commit ON requests")
    del calls[written:]

    # A failure before the COMMIT is sent notes nothing.
    def broken_signer(ctx):
        raise RuntimeError("signing key unreadable")

    with pytest.raises(RuntimeError):
        _save(db, clerk, "7373015001900002", note, issue=broken_signer)
    assert len(calls) == written and _noted(local) == {"queue": 1, "suket": 1}

    second = _save(db, clerk, "7373015001900002", note)
    assert (second.queue_no, second.seq) == (first.queue_no + 1, first.seq + 1)
    assert _noted(local) == {"queue": 2, "suket": 2}
    assert verify_chain(db).ok


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_note_that_fails_is_reported_after_the_office_committed(db, clerk, local):
    def failing_note(year, values):
        raise OSError("disk full")

    before = table_counts(db)["requests"]
    with pytest.raises(OSError, match="disk full"):
        _save(db, clerk, "7373015001900003", failing_note)
    # The request is saved at the office: the error says the note is missing, nothing more.
    assert table_counts(db)["requests"] == before + 1
    assert verify_chain(db).ok


def test_undo_puts_back_what_the_file_held(local):
    undo = holding.note_numbers(local, STATION, 2018, {"queue": 5, "suket": 3})
    undo()
    assert _noted(local) == {}
    holding.note_numbers(local, STATION, 2018, {"queue": 5, "suket": 3})
    undo = holding.note_numbers(local, STATION, 2018, {"queue": 6, "receipt": 1})
    assert _noted(local) == {"queue": 6, "suket": 3, "receipt": 1}
    undo()
    assert _noted(local) == {"queue": 5, "suket": 3}
    # A note never lowers a number another save raised further.
    holding.note_numbers(local, STATION, 2018, {"queue": 2, "suket": 1})
    assert _noted(local) == {"queue": 5, "suket": 3}
