"""Numbered schema migrations, applied in order, each in its own write transaction.

``schema_version`` holds one row per applied migration. Every step re-reads the
version inside ``BEGIN IMMEDIATE``, so when two processes start at once the second
waits for the first and then finds nothing left to do: a migration never runs twice.

The steps themselves are in ``schema_steps``. A PostgreSQL office database runs the
same numbered steps as a SQLite file, so both reach the same schema by the same path.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import peewee

from loket.storage import backend
from loket.storage.errors import DatabaseUnavailable, SchemaTooNew
from loket.storage.models import SchemaVersion, use
from loket.storage.schema_steps import STEPS


# The numbered steps in order: a database at version n has had the first n applied.
MIGRATIONS: tuple[Callable[[peewee.Database], None], ...] = STEPS
LATEST = len(MIGRATIONS)


def current_version(db: peewee.Database) -> int:
    if "schema_version" not in backend.table_names(db):
        return 0
    use(db)
    return SchemaVersion.select(peewee.fn.COALESCE(peewee.fn.MAX(SchemaVersion.version), 0)).scalar()


def migrate(db: peewee.Database, upto: int | None = None) -> int:
    """Apply pending migrations (up to ``upto``, default all); return the version reached."""
    use(db)
    target = LATEST if upto is None else upto
    while True:
        with backend.begin_write(db):
            backend.serialize(db, "schema")
            tables = backend.table_names(db)
            if "schema_version" not in tables:
                if tables:
                    # Some other program's database: do not add our tables to it.
                    raise DatabaseUnavailable("storage.db.foreign", path=_where(db))
                db.execute_sql(
                    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
                )
            version = current_version(db)
            if version > LATEST:
                raise SchemaTooNew("storage.db.too_new", path=_where(db), found=version, supported=LATEST)
            if version >= target:
                return version
            MIGRATIONS[version](db)
            applied_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            SchemaVersion.insert(version=version + 1, applied_at=applied_at).execute()


def _where(db: peewee.Database) -> str:
    """The database as a person would name it (a file, or host/database without password)."""
    from loket.storage.target import describe

    return describe(db)
