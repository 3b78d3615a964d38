"""The audit log: hash chain, append-only triggers, tamper detection."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dbkit import other_connection, refused_errors, run, table_counts  # noqa: F401

from loket.storage import audit
from loket.storage.db import open_database, write_tx

T0 = dt.datetime(2018, 7, 12, 8, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def db(db_target):
    database = open_database(db_target)
    for i in range(1, 6):
        audit.append(database, "SITI", "test.event", f"item-{i}", {"n": i, "note": "satu dua"},
                     now=T0 + dt.timedelta(minutes=i))
    yield database
    database.close()


def raw(db):
    return other_connection(db)


def test_chain_verifies_and_links(db):
    report = audit.verify_chain(db)
    assert (report.ok, report.count, report.first_bad_id, report.problem) == (True, 5, None, None)
    rows = run(db, "SELECT id, prev_hash, hash, details, at FROM audit_events ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0][1] == audit.GENESIS_HASH
    for before, after in zip(rows, rows[1:]):
        assert after[1] == before[2]
    assert rows[0][3] == '{"n":1,"note":"satu dua"}'  # canonical: sorted keys, no spaces
    assert rows[0][4] == "2018-07-12T08:01:00.000000Z"


def test_update_and_delete_are_refused_by_the_database(db):
    con, _ = raw(db)
    try:
        with pytest.raises(refused_errors(), match="append-only"):
            con.execute("UPDATE audit_events SET actor = 'MALLORY' WHERE id = 3")
        with pytest.raises(refused_errors(), match="append-only"):
            con.execute("DELETE FROM audit_events WHERE id = 5")
    finally:
        con.close()
    assert audit.verify_chain(db).ok


def _tamper(db, *statements):
    con, mark = raw(db)
    try:
        con.execute("DROP TRIGGER audit_events_no_update ON audit_events" if mark == "%s"
                    else "DROP TRIGGER audit_events_no_update")
        con.execute("DROP TRIGGER audit_events_no_delete ON audit_events" if mark == "%s"
                    else "DROP TRIGGER audit_events_no_delete")
        for sql, params in statements:
            con.execute(sql.replace("?", mark), params)
    finally:
        con.close()


def test_changed_row_is_found(db):
    _tamper(db, ("UPDATE audit_events SET details = ? WHERE id = 3", ('{"n":30,"note":"satu dua"}',)))
    report = audit.verify_chain(db)
    assert (report.ok, report.first_bad_id, report.code) == (False, 3, "hash_mismatch")
    assert report.problem and report.count == 5


def test_removed_row_is_found(db):
    _tamper(db, ("DELETE FROM audit_events WHERE id = 2", ()))
    report = audit.verify_chain(db)
    assert (report.ok, report.first_bad_id, report.code) == (False, 3, "id_gap")


def test_rewritten_row_with_fresh_hash_breaks_the_next_link(db):
    prev_hash = run(db, "SELECT prev_hash FROM audit_events WHERE id = 2").fetchone()[0]
    fake = audit.event_hash(prev_hash, 2, "2018-07-12T08:02:00.000000Z", "SITI", "test.event", "item-2", "{}")
    _tamper(db, ("UPDATE audit_events SET details = '{}', hash = ? WHERE id = 2", (fake,)))
    report = audit.verify_chain(db)
    assert (report.ok, report.first_bad_id, report.code) == (False, 3, "link_broken")


def test_event_joins_the_callers_transaction(db):
    class Abandon(Exception):
        pass

    with pytest.raises(Abandon):
        with write_tx(db):
            audit.append(db, "SITI", "test.rolled_back", "x")
            raise Abandon
    assert audit.verify_chain(db).count == 5
    new_id = audit.append(db, "SITI", "test.after", "y")
    assert new_id == 6 and audit.verify_chain(db).ok


def test_recent_events_newest_first(db):
    events = audit.recent_events(db, limit=2)
    assert [e["id"] for e in events] == [5, 4]
    assert events[0]["details"] == {"n": 5, "note": "satu dua"}


def test_details_keep_non_ascii_text(db):
    audit.append(db, "SITI", "test.unicode", "z", {"alasan": "kartu rusak — sobek"})
    stored = run(db, "SELECT details FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(stored) == {"alasan": "kartu rusak — sobek"} and "—" in stored
    assert audit.verify_chain(db).ok
