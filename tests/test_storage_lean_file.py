"""Station migration 10 (``storage/lean_file.py``): ``prev_hash`` indexed once, per chain.

Before it, a SQLite file indexed every event's ``prev_hash`` twice (the column's own
UNIQUE from migration 1 and ``(chain, prev_hash)`` from migration 5). A station at
version 9 upgrades in place on both databases: the same events, hashes and guards,
one index on ``prev_hash``, and a fork within a chain still refused.
"""

from __future__ import annotations

import datetime as dt

import peewee
import pytest
from dbkit import other_connection, refused_errors, run

from loket.storage import audit, migrations

T0 = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.timezone.utc)
LEAN = migrations.MIGRATIONS.index(migrations._m010_lean_file) + 1


@pytest.fixture
def version_9(backend, tmp_path, request):
    """An empty database migrated up to the step before, as a station of the last release has it."""
    if backend == "sqlite":
        db = peewee.SqliteDatabase(str(tmp_path / "loket.db"), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    else:
        from loket.storage.target import connect_postgres

        server = request.getfixturevalue("pg_server")
        db = connect_postgres(server.url(server.new_database()))
    db.connect()
    assert migrations.migrate(db, upto=LEAN - 1) == LEAN - 1
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
