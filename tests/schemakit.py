"""A database of either backend migrated up to a chosen step: the station of an earlier release."""

from __future__ import annotations

import peewee

from loket.storage import migrations


def database_at(version: int, backend: str, tmp_path, request) -> peewee.Database:
    """An empty, connected database at schema ``version`` (the caller closes it)."""
    if backend == "sqlite":
        db = peewee.SqliteDatabase(str(tmp_path / "loket.db"), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    else:
        from loket.storage.target import connect_postgres

        server = request.getfixturevalue("pg_server")
        db = connect_postgres(server.url(server.new_database()))
    db.connect()
    assert migrations.migrate(db, upto=version) == version
    return db
