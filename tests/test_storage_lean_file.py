"""Station migration 10: a smaller file with the same meaning, on both databases.

- A request's payload is stored without the fields its columns hold
  (``storage/lean_payload.py``); what the sync posts is still byte-for-byte the record
  intake built, and what a screen reads is the whole record.
- A SQLite file indexed every audit event's ``prev_hash`` twice (the column's own
  UNIQUE from migration 1 and ``(chain, prev_hash)`` from migration 5); now once
  (``storage/lean_file.py``), a fork within a chain still refused.

A station at version 9 upgrades in place: the same events and hashes, the same bytes
for central.
"""

from __future__ import annotations

import datetime as dt
import json

import peewee
import pytest
from dbkit import other_connection, refused_errors, run
from schemakit import database_at

from loket.storage import audit, lean_payload, migrations, outbox, queue, schema_steps, users
from loket.storage.models import canonical_json

T0 = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.timezone.utc)
LEAN = migrations.MIGRATIONS.index(schema_steps._m010_lean_file) + 1


@pytest.fixture
def version_9(backend, tmp_path, request):
    """An empty database migrated up to the step before, as a station of the last release has it."""
    db = database_at(LEAN - 1, backend, tmp_path, request)
    yield db
    db.close()


def _prev_hash_indexes(db) -> list[str]:
    if isinstance(db, peewee.PostgresqlDatabase):
        rows = db.execute_sql("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_events'")
    else:
        rows = db.execute_sql("SELECT il.name, ii.name FROM pragma_index_list('audit_events') AS il "
                              "JOIN pragma_index_info(il.name) AS ii")
    return sorted({name for name, column in rows if "prev_hash" in column})


def _events(db) -> list[tuple]:
    return list(run(db, "SELECT id, chain, seq, at, actor, action, subject, details, prev_hash, hash "
                        "FROM audit_events ORDER BY id").fetchall())


def test_a_version_9_log_upgrades_with_prev_hash_indexed_once(version_9):
    db = version_9
    for index in range(1, 7):
        audit.append(db, "SUPERVISOR", "test.event", f"item-{index}", {"n": index},
                     now=T0 + dt.timedelta(minutes=index))
    before = _events(db)
    if not isinstance(db, peewee.PostgresqlDatabase):
        assert len(_prev_hash_indexes(db)) == 2  # what the migration is for: the column's own and the chain's

    assert migrations.migrate(db) == migrations.LATEST
    assert _events(db) == before
    assert _prev_hash_indexes(db) == ["audit_events_chain_prev"]
    report = audit.verify_chain(db)
    assert (report.ok, report.count) == (True, 6)

    # Still append-only, and still no fork: a second event after the same one is refused.
    con, mark = other_connection(db)
    try:
        with pytest.raises(refused_errors(), match="append-only"):
            con.execute("UPDATE audit_events SET actor = 'MALLORY' WHERE seq = 3")
        with pytest.raises(refused_errors(), match="append-only"):
            con.execute("DELETE FROM audit_events WHERE seq = 6")
        last = before[-1]
        with pytest.raises(refused_errors()):
            con.execute(f"INSERT INTO audit_events (chain, seq, at, actor, action, subject, details, prev_hash, hash) "
                        f"VALUES ({', '.join([mark] * 9)})", (last[1], 99, last[3], "MALLORY", "fork", "x", "{}",
                                                              last[8], "f" * 64))
    finally:
        con.close()

    # The next event extends the same chain.
    seq = audit.append(db, "SUPERVISOR", "test.event", "item-7", {"n": 7}, now=T0 + dt.timedelta(minutes=7))
    assert seq == 7 and audit.verify_chain(db).ok


def test_a_fresh_database_has_the_lean_schema(db_target):
    from loket.storage.db import open_database

    db = open_database(db_target)
    try:
        assert _prev_hash_indexes(db) == ["audit_events_chain_prev"]
    finally:
        db.close()


STATION = "7373-LKT01"
NOW = dt.datetime(2026, 3, 10, 1, 30, tzinfo=dt.timezone.utc)


def _record(nik: str) -> dict:
    return {"nik": nik, "kk": "7373010101010001", "name": "SITI AMINAH", "birth_date": "1990-01-10", "sex": "P",
            "request_type": "new_recording", "purpose": "university_admission", "biometrics_recorded": True}


def _save(db, clerk, nik: str):
    return queue.enqueue(db, request=_record(nik), local={"photo_path": "", "mismatch_reason": ""}, warnings=[],
                         clerk=clerk, station_id=STATION, now=NOW,
                         issue=lambda ctx: (f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)))


def _stored_payload(db, request_id: int) -> str:
    (text,) = run(db, "SELECT payload FROM requests WHERE id = ?", (request_id,)).fetchone()
    return text


def _posted(db) -> dict[int, str]:
    """Each request's item as the sync posts it (and a bundle writes it)."""
    return {item.request_id: item.json
            for item in map(outbox.outbox_item, db.execute(outbox.item_rows().order_by(outbox.Request.id)))}


def test_the_payload_is_stored_without_its_columns_and_read_and_sent_whole(db_target):
    from loket.storage.db import open_database

    db = open_database(db_target)
    try:
        clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
        done = _save(db, clerk, "7373015001900004")
        built = {**_record("7373015001900004"), "received_at": "2026-03-10T01:30:00Z", "clerk_id": "SITI",
                 "station_id": STATION}
        stored = json.loads(_stored_payload(db, done.request_id))
        assert not set(lean_payload.FIELDS) & set(stored)
        assert stored == {key: value for key, value in built.items() if key not in lean_payload.FIELDS}
        assert queue.get_request(db, done.request_id).payload == built
        item = _posted(db)[done.request_id]
        assert f'"request":{canonical_json(built)},"suket":' in item
        assert json.loads(item)["request"] == built
    finally:
        db.close()


def test_a_version_9_payload_upgrades_and_the_sync_posts_the_same_bytes(version_9):
    db = version_9
    clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
    agreeing = _save(db, clerk, "7373015001900004").request_id
    other = _save(db, clerk, "7373015001900005").request_id
    # As the last release stored them: the whole record; one whose NIK was changed by
    # hand in the payload only (the column disagrees, so the payload keeps its own).
    for request_id in (agreeing, other):
        whole = json.loads(_posted(db)[request_id])["request"]
        if request_id == other:
            whole["nik"] = "7373015001900099"
        run(db, "UPDATE requests SET payload = ? WHERE id = ?", (canonical_json(whole), request_id))
    before = _posted(db)
    before_views = {rid: queue.get_request(db, rid).payload for rid in (agreeing, other)}

    assert migrations.migrate(db) == migrations.LATEST
    assert _posted(db) == before
    assert {rid: queue.get_request(db, rid).payload for rid in (agreeing, other)} == before_views
    assert not set(lean_payload.FIELDS) & set(json.loads(_stored_payload(db, agreeing)))
    assert json.loads(_stored_payload(db, other))["nik"] == "7373015001900099"
