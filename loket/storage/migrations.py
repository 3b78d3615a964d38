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


# Urgent purposes as they stood when migration 4 was written: the desk's urgency index
# is built on this expression, and a query uses the index only when it spells the
# same expression (``urgency_sql``), so a change to the urgent purposes needs a new
# migration that rebuilds the index.
_URGENT_AT_M004 = ("election_candidate", "university_admission", "civil_service_application")


def urgency_sql(purposes: tuple[str, ...]) -> str:
    """0 for an urgent purpose, 1 for any other: the desk's first sort key."""
    return f"(CASE WHEN purpose IN ({_in_list(purposes)}) THEN 0 ELSE 1 END)"


def _m004_desk(db: peewee.Database) -> None:
    """The supervisor's desk: every sort and search of the queue walks an index.

    Each index leads with ``state`` because the desk always filters by state (one
    index walk per state, merged). The row id is the implicit last column of every
    index, so each one is ordered by its column and then by id, the desk's tie-break.
    """
    # The newest Suket/receipt number of a request, kept on the request row so the
    # desk can sort and search by it without a join (a request normally has one).
    db.execute_sql("ALTER TABLE requests ADD COLUMN doc_number VARCHAR(64)")
    db.execute_sql("ALTER TABLE requests ADD COLUMN doc_kind VARCHAR(16)")
    db.execute_sql("""
        UPDATE requests SET doc_number = s.number, doc_kind = s.kind
        FROM (SELECT request_id, number, kind FROM sukets
              WHERE id IN (SELECT MAX(id) FROM sukets GROUP BY request_id)) AS s
        WHERE s.request_id = requests.id""")
    # SQLite-only: the copy is kept by the database, whoever inserts the Suket.
    db.execute_sql("""
        CREATE TRIGGER sukets_newest_on_request AFTER INSERT ON sukets
        WHEN NEW.id = (SELECT MAX(id) FROM sukets WHERE request_id = NEW.request_id)
        BEGIN
            UPDATE requests SET doc_number = NEW.number, doc_kind = NEW.kind WHERE id = NEW.request_id;
        END""")
    db.execute_sql("""
        CREATE TRIGGER sukets_newest_on_request_changed AFTER UPDATE OF number, kind, request_id ON sukets
        BEGIN
            UPDATE requests SET
                doc_number = (SELECT number FROM sukets WHERE request_id = requests.id ORDER BY id DESC LIMIT 1),
                doc_kind = (SELECT kind FROM sukets WHERE request_id = requests.id ORDER BY id DESC LIMIT 1)
            WHERE id IN (NEW.request_id, OLD.request_id);
        END""")
    # An index on an expression rather than a generated column: a generated column
    # would change what ``INSERT INTO requests VALUES (...)`` expects.
    db.execute_sql(
        f"CREATE INDEX requests_desk_urgency ON requests (state, {urgency_sql(_URGENT_AT_M004)}, created_at)"
    )
    # "age" (and the date range) use requests_state_created from migration 3.
    for name, column in (
        ("number", "doc_number"),
        ("nik", "nik"),
        ("name", "name"),
        ("type", "request_type"),
        ("attempts", "attempts"),
        ("error", "last_error"),
    ):
        db.execute_sql(f"CREATE INDEX requests_desk_{name} ON requests (state, {column})")
    # Sorting by state: within one state, by id.
    db.execute_sql("CREATE INDEX requests_desk_state ON requests (state)")
    # A request's history: its audit events (subject = its id or its Suket's number).
    db.execute_sql("CREATE INDEX audit_events_subject ON audit_events (subject)")
    # The dashboard and the report: Sukets issued per day, and those running out for
    # residents still waiting, without reading every Suket ever issued.
    db.execute_sql("CREATE INDEX sukets_issued ON sukets (issued_at, kind)")
    db.execute_sql("CREATE INDEX sukets_current_valid ON sukets (kind, superseded, valid_until)")


MIGRATIONS: tuple[Callable[[peewee.Database], None], ...] = (
    _m001_users_and_audit,
    _m002_queue,
    _m003_link,
    _m004_desk,
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
