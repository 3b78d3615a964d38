"""Numbered schema migrations, applied in order, each in its own write transaction.

``schema_version`` holds one row per applied migration. Every step re-reads the
version inside ``BEGIN IMMEDIATE``, so when two processes start at once the second
waits for the first and then finds nothing left to do: a migration never runs twice.

The DDL is written by hand (the models may change; an applied migration must not)
and kept to SQL that PostgreSQL also accepts, except where marked SQLite-only: the
integer primary keys (``INTEGER PRIMARY KEY`` here, an identity column there) and
the append-only triggers (a PL/pgSQL trigger function there).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import peewee

from loket.storage.errors import DatabaseUnavailable, SchemaTooNew
from loket.storage.models import OPEN_STATES, STATES

ID = "INTEGER PRIMARY KEY"  # SQLite-only spelling of an auto-assigned integer key.


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _m001_users_and_audit(db: peewee.Database) -> None:
    """Users and the append-only, hash-chained audit log."""
    db.execute_sql(f"""
        CREATE TABLE users (
            id {ID},
            name VARCHAR(64) NOT NULL UNIQUE,
            role VARCHAR(16) NOT NULL CHECK (role IN ('clerk', 'supervisor')),
            pin_hash VARCHAR(255) NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            active BOOLEAN NOT NULL DEFAULT TRUE,
            created_at TEXT NOT NULL
        )""")
    # Ids are assigned by audit.append (head + 1), so the chain has no gaps; the
    # UNIQUE prev_hash makes a forked chain impossible even if two writers raced.
    db.execute_sql(f"""
        CREATE TABLE audit_events (
            id {ID},
            at TEXT NOT NULL,
            actor VARCHAR(64) NOT NULL,
            action VARCHAR(64) NOT NULL,
            subject VARCHAR(128) NOT NULL,
            details TEXT NOT NULL,
            prev_hash CHAR(64) NOT NULL UNIQUE,
            hash CHAR(64) NOT NULL
        )""")
    # SQLite-only: append-only enforced by the database, not by convention.
    db.execute_sql("""
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only: rows cannot be changed'); END""")
    db.execute_sql("""
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only: rows cannot be deleted'); END""")


def _m002_queue(db: peewee.Database) -> None:
    """The outbox (requests), issued Sukets and receipts, and the number counters."""
    db.execute_sql(f"""
        CREATE TABLE requests (
            id {ID},
            idempotency_key VARCHAR(32) NOT NULL UNIQUE,
            station_id VARCHAR(32) NOT NULL,
            clerk_id INTEGER NOT NULL REFERENCES users (id),
            nik CHAR(16) NOT NULL,
            request_type VARCHAR(32) NOT NULL,
            purpose VARCHAR(32) NOT NULL,
            name VARCHAR(255) NOT NULL,
            state VARCHAR(16) NOT NULL CHECK (state IN ({_in_list(STATES)})),
            payload TEXT NOT NULL,
            local TEXT NOT NULL,
            warnings TEXT NOT NULL,
            queue_year INTEGER NOT NULL,
            queue_no INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            central_ref VARCHAR(64),
            claimed_by VARCHAR(64),
            claimed_at TEXT,
            synced_at TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (station_id, queue_year, queue_no)
        )""")
    db.execute_sql("CREATE INDEX requests_state_purpose_created ON requests (state, purpose, created_at)")
    db.execute_sql("CREATE INDEX requests_nik ON requests (nik)")
    db.execute_sql("CREATE INDEX requests_name ON requests (name)")
    db.execute_sql("CREATE INDEX requests_central_ref ON requests (central_ref)")
    # One open request per NIK and type; completed and void ones do not count.
    db.execute_sql(
        "CREATE UNIQUE INDEX requests_one_open ON requests (nik, request_type) "
        f"WHERE state IN ({_in_list(OPEN_STATES)})"
    )
    db.execute_sql(f"""
        CREATE TABLE sukets (
            id {ID},
            request_id INTEGER NOT NULL REFERENCES requests (id),
            kind VARCHAR(16) NOT NULL CHECK (kind IN ('suket', 'receipt')),
            number VARCHAR(64) NOT NULL UNIQUE,
            station_id VARCHAR(32) NOT NULL,
            year INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            issued_at TEXT NOT NULL,
            valid_until DATE,
            jws TEXT,
            pdf_path TEXT,
            copies INTEGER NOT NULL DEFAULT 0,
            superseded BOOLEAN NOT NULL DEFAULT FALSE,
            UNIQUE (station_id, year, kind, seq)
        )""")
    db.execute_sql("CREATE INDEX sukets_request ON sukets (request_id)")
    db.execute_sql("""
        CREATE TABLE counters (
            station_id VARCHAR(32) NOT NULL,
            year INTEGER NOT NULL,
            kind VARCHAR(16) NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (station_id, year, kind)
        )""")


def _m003_link(db: peewee.Database) -> None:
    """The central link: its state changes, sync runs, each item's send attempts, station facts."""
    # Every change of the link state, so an outage has a start, an end and a length.
    db.execute_sql(f"""
        CREATE TABLE link_events (
            id {ID},
            at TEXT NOT NULL,
            from_state VARCHAR(16) NOT NULL,
            to_state VARCHAR(16) NOT NULL,
            reason TEXT,
            revoked_at TEXT
        )""")
    db.execute_sql("CREATE INDEX link_events_at ON link_events (at)")
    db.execute_sql(f"""
        CREATE TABLE sync_runs (
            id {ID},
            runner VARCHAR(128) NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            outcome VARCHAR(16),
            sent INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            duplicate INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            conflict INTEGER NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            left_over INTEGER NOT NULL DEFAULT 0,
            detail TEXT
        )""")
    # One row per item per send: the history a supervisor reads for a stuck request.
    db.execute_sql(f"""
        CREATE TABLE sync_attempts (
            id {ID},
            request_id INTEGER NOT NULL REFERENCES requests (id),
            run_id INTEGER NOT NULL REFERENCES sync_runs (id),
            at TEXT NOT NULL,
            result VARCHAR(16) NOT NULL,
            reason TEXT
        )""")
    db.execute_sql("CREATE INDEX sync_attempts_request ON sync_attempts (request_id)")
    # Small facts about this station's standing with central (e.g. the key it registered).
    db.execute_sql("""
        CREATE TABLE station_facts (
            name VARCHAR(64) PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    # The sync engine picks queued items by urgency then age, and looks up claims.
    db.execute_sql("CREATE INDEX requests_state_created ON requests (state, created_at)")
    # SQLite-only: a request or its Suket is never deleted, by Loket or by hand in
    # an SQL client; a cancelled one is marked void and stays.
    for table in ("requests", "sukets"):
        db.execute_sql(f"""
            CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} are never deleted: void a request instead'); END""")


MIGRATIONS: tuple[Callable[[peewee.Database], None], ...] = (
    _m001_users_and_audit,
    _m002_queue,
    _m003_link,
)
LATEST = len(MIGRATIONS)


def _user_tables(db: peewee.Database) -> list[str]:
    rows = db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [name for (name,) in rows]


def current_version(db: peewee.Database) -> int:
    if "schema_version" not in _user_tables(db):
        return 0
    (version,) = db.execute_sql("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
    return version


def migrate(db: peewee.Database, upto: int | None = None) -> int:
    """Apply pending migrations (up to ``upto``, default all); return the version reached."""
    target = LATEST if upto is None else upto
    while True:
        with db.atomic("IMMEDIATE"):
            tables = _user_tables(db)
            if "schema_version" not in tables:
                if tables:
                    # Some other program's SQLite file: do not add our tables to it.
                    raise DatabaseUnavailable("storage.db.foreign", path=str(db.database))
                db.execute_sql(
                    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
                )
            version = current_version(db)
            if version > LATEST:
                raise SchemaTooNew("storage.db.too_new", path=str(db.database), found=version, supported=LATEST)
            if version >= target:
                return version
            MIGRATIONS[version](db)
            applied_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            db.execute_sql(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version + 1, applied_at)
            )
