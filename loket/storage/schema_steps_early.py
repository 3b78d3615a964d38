"""The schema's steps 1 to 7: the tables and the rules they hold (users and the audit log,
the queue, the link log, the desk's indexes, the office, the search index, the audit
checkpoints). ``schema_steps`` lists every step in order, these and the later ones.

The DDL is written by hand (the models may change; an applied step must not) in SQL
both databases accept; the few pieces that have no common spelling (integer keys,
triggers) come from ``backend``. A step, once released, is never edited.
"""

from __future__ import annotations

import peewee

from loket.storage import backend
from loket.storage.states import OPEN_STATES, STATES


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _m001_users_and_audit(db: peewee.Database) -> None:
    """Users and the append-only, hash-chained audit log."""
    ID = backend.id_column(db)
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
    # Append-only, enforced by the database, not by convention.
    backend.forbid(db, "audit_events", "UPDATE", _AUDIT_NO_UPDATE)
    backend.forbid(db, "audit_events", "DELETE", _AUDIT_NO_DELETE)


_AUDIT_NO_UPDATE = "audit log is append-only: rows cannot be changed"
_AUDIT_NO_DELETE = "audit log is append-only: rows cannot be deleted"


def _m002_queue(db: peewee.Database) -> None:
    """The outbox (requests), issued Sukets and receipts, and the number counters."""
    ID = backend.id_column(db)
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
    ID = backend.id_column(db)
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
    # A request or its Suket is never deleted, by Loket or by hand in an SQL client;
    # a cancelled one is marked void and stays.
    for table in ("requests", "sukets"):
        backend.forbid(db, table, "DELETE", f"{table} are never deleted: void a request instead")


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
    # The copy is kept by the database, whoever inserts the Suket.
    backend.newest_document_triggers(db)
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


def _m005_office(db: peewee.Database) -> None:
    """One office, many counters: its stations, shared settings, one audit chain per station.

    In an office database several counters append audit events at once. One chain
    for the whole office would make every counter wait for every other at each
    save; one chain per station (``chain`` = its id, ``seq`` gapless within it)
    lets each counter append alone, and each chain is sealed by its own station's
    key. A single-PC file keeps one chain, named "" (its events keep their hashes:
    ``seq`` takes the old ``id``).
    """
    db.execute_sql("""
        CREATE TABLE stations (
            station_id VARCHAR(32) PRIMARY KEY,
            joined_at TEXT NOT NULL,
            kid VARCHAR(64),
            public_jwk TEXT,
            active BOOLEAN NOT NULL DEFAULT TRUE
        )""")
    # The counters a file already knows: those that took its requests.
    db.execute_sql("""
        INSERT INTO stations (station_id, joined_at)
        SELECT station_id, MIN(created_at) FROM requests GROUP BY station_id""")
    db.execute_sql("""
        CREATE TABLE office_settings (
            name VARCHAR(64) PRIMARY KEY,
            value TEXT NOT NULL
        )""")
    db.execute_sql("ALTER TABLE audit_events ADD COLUMN chain VARCHAR(32) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE audit_events ADD COLUMN seq BIGINT")
    # Filling the new column is the one update the append-only log ever gets.
    backend.drop_forbid(db, "audit_events", "UPDATE")
    db.execute_sql("UPDATE audit_events SET seq = id")
    backend.forbid(db, "audit_events", "UPDATE", _AUDIT_NO_UPDATE)
    db.execute_sql("CREATE UNIQUE INDEX audit_events_chain_seq ON audit_events (chain, seq)")
    db.execute_sql("CREATE UNIQUE INDEX audit_events_chain_prev ON audit_events (chain, prev_hash)")
    # Every chain starts from the same genesis hash: only (chain, prev_hash) is unique.
    backend.drop_unique(db, "audit_events", "prev_hash")
    # Each counter watches its own authorization: its link changes are its own.
    db.execute_sql("ALTER TABLE link_events ADD COLUMN station_id VARCHAR(32) NOT NULL DEFAULT ''")
    db.execute_sql("CREATE INDEX link_events_station ON link_events (station_id, id)")
    # A counter's own requests (its recent list, its sync) and the station filter.
    db.execute_sql("CREATE INDEX requests_station ON requests (station_id, id)")


def _m006_search(db: peewee.Database) -> None:
    """The desk's search finds any part of a name or a Suket number, through the
    database's own text index rather than a scan.

    SQLite: an FTS5 table with the trigram tokenizer over the request's name and
    newest number, holding only the index (its text stays in ``requests``), kept in
    step by triggers whoever writes the row. PostgreSQL: pg_trgm GIN indexes on the
    same columns, which ``LIKE '%...%'`` uses. Where neither is available (SQLite
    built without FTS5 or older than 3.34; a server without the contrib package)
    the search still works by reading the rows, and the desk says nothing different.
    """
    if backend.is_postgres(db):
        available = db.execute_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").fetchone()
        if not available:
            return
        try:
            with db.atomic():  # a savepoint: a role not allowed to add it leaves the rest intact
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except peewee.DatabaseError:
            return
        db.execute_sql("CREATE INDEX requests_search_name ON requests USING gin (name gin_trgm_ops)")
        db.execute_sql("CREATE INDEX requests_search_number ON requests USING gin (doc_number gin_trgm_ops)")
        return
    try:
        db.execute_sql(
            "CREATE VIRTUAL TABLE requests_search USING fts5("
            "name, doc_number, content='requests', content_rowid='id', tokenize='trigram')")
    except peewee.OperationalError:
        return  # no FTS5 or no trigram tokenizer in this SQLite
    db.execute_sql("INSERT INTO requests_search (requests_search) VALUES ('rebuild')")
    db.execute_sql("""
        CREATE TRIGGER requests_search_insert AFTER INSERT ON requests
        BEGIN
            INSERT INTO requests_search (rowid, name, doc_number) VALUES (NEW.id, NEW.name, NEW.doc_number);
        END""")
    # A correction changes the name; a new Suket changes doc_number (by the trigger of
    # migration 4). The index forgets the old words by being told them ('delete').
    db.execute_sql("""
        CREATE TRIGGER requests_search_update AFTER UPDATE OF name, doc_number ON requests
        BEGIN
            INSERT INTO requests_search (requests_search, rowid, name, doc_number)
                VALUES ('delete', OLD.id, OLD.name, OLD.doc_number);
            INSERT INTO requests_search (rowid, name, doc_number) VALUES (NEW.id, NEW.name, NEW.doc_number);
        END""")


def _m007_audit_checkpoints(db: peewee.Database) -> None:
    """Signed checkpoints of each audit chain's head: append-only like the log itself.

    A copy of the newest also lives outside the database (loket/audit_seal.py), so
    removing events, or these rows, or re-hashing the chain, does not go unnoticed.
    """
    ID = backend.id_column(db)
    db.execute_sql(f"""
        CREATE TABLE audit_checkpoints (
            id {ID},
            chain VARCHAR(32) NOT NULL,
            seq BIGINT NOT NULL,
            hash CHAR(64) NOT NULL,
            at TEXT NOT NULL,
            reason VARCHAR(16) NOT NULL,
            jws TEXT NOT NULL
        )""")
    db.execute_sql("CREATE INDEX audit_checkpoints_chain_seq ON audit_checkpoints (chain, seq)")
    backend.forbid(db, "audit_checkpoints", "UPDATE", _CHECKPOINT_NO_UPDATE)
    backend.forbid(db, "audit_checkpoints", "DELETE", _CHECKPOINT_NO_DELETE)


_CHECKPOINT_NO_UPDATE = "audit checkpoints are append-only: rows cannot be changed"
_CHECKPOINT_NO_DELETE = "audit checkpoints are append-only: rows cannot be deleted"
