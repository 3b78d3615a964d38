"""Where embedded SQLite and the office's PostgreSQL differ, and nowhere else.

Every other storage module writes its queries with peewee's query builder and asks
this module for the few things that are not the same on both:

- how a write transaction starts: SQLite takes the file's write lock at ``BEGIN
  IMMEDIATE``, so reads inside it cannot be overtaken; PostgreSQL runs many writers
  at once and serializes only what must be serialized, with row locks and
  transaction-scoped advisory locks (``serialize``);
- claiming rows another writer may be claiming at the same moment (``claimable``:
  ``FOR UPDATE SKIP LOCKED`` there, nothing here, where the write lock is whole);
- DDL that has no common spelling: auto-assigned integer keys, and the triggers
  that keep the audit log append-only and requests and Sukets undeletable;
- planner hints: SQLite's ``+column`` keeps it from trading a sort's index for a
  filter's (PostgreSQL plans by statistics and needs none);
- the driver's own errors, turned into the messages a person reads.
"""

from __future__ import annotations

import contextlib
import threading
import zlib

import peewee

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def speak_for(db: peewee.Database, station_id: str) -> None:
    """Name the counter this connection works for (its audit chain, its link records)."""
    db.loket_station = station_id


def speaker(db: peewee.Database) -> str:
    """The counter whose records this connection writes in an office database; "" in a
    single-PC file, which holds one counter's records only."""
    return getattr(db, "loket_station", "") if is_postgres(db) else ""


def kind(db: peewee.Database) -> str:
    return POSTGRESQL if isinstance(db, peewee.PostgresqlDatabase) else SQLITE


def is_postgres(db: peewee.Database) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def begin_write(db: peewee.Database) -> contextlib.AbstractContextManager:
    """A write transaction (a savepoint when nested)."""
    if is_postgres(db):
        return db.atomic()
    return _sqlite_write(db)


# How long a thread waits for another thread of this process to end its write
# transaction before leaving the wait to SQLite (as long as the file's busy_timeout).
IN_PROCESS_WAIT_SECONDS = 10.0


@contextlib.contextmanager
def _sqlite_write(db: peewee.SqliteDatabase):
    """``BEGIN IMMEDIATE``, taken in turn by this process's threads.

    SQLite makes a writer that finds the file locked sleep and try again (1, 2, 5, 10 ms
    and longer): a save that meets the sync storing a batch, or the station's own thread
    writing a checkpoint, woke up to 20 ms after the lock was free. Threads of one
    process queue on a lock of their own instead and go on as soon as it is released;
    other processes (a command in another window) still meet SQLite's wait. Re-entrant,
    for a savepoint inside a transaction. If the lock is not had in
    ``IN_PROCESS_WAIT_SECONDS`` (a thread that keeps a transaction open while it waits
    for another), the wait is left to SQLite, whose busy timeout then says so in words.
    """
    writers = _writers(db)
    held = writers.acquire(timeout=IN_PROCESS_WAIT_SECONDS)
    try:
        with db.atomic("IMMEDIATE") as transaction:
            yield transaction
    finally:
        if held:
            writers.release()


_WRITERS_GUARD = threading.Lock()


def _writers(db: peewee.Database) -> threading.RLock:
    writers = getattr(db, "loket_writers", None)
    if writers is None:
        with _WRITERS_GUARD:
            writers = getattr(db, "loket_writers", None)
            if writers is None:
                writers = db.loket_writers = threading.RLock()
    return writers


def serialize(db: peewee.Database, name: str) -> None:
    """Inside a write transaction: wait until no other transaction holds ``name``.

    Held until commit or rollback. SQLite's IMMEDIATE transaction already holds the
    whole file, so there it costs nothing.
    """
    if is_postgres(db):
        db.execute_sql(SERIALIZE_SQL, lock_key(name))


SERIALIZE_SQL = "SELECT pg_advisory_xact_lock(%s::int, %s::int)"


def lock_key(name: str) -> tuple[int, int]:
    """A stable pair of 32-bit keys for an advisory lock's name (hashtext is not guaranteed
    across versions)."""
    return 0x4C4B54, zlib.crc32(name.encode()) & 0x7FFFFFFF


def try_hold(db: peewee.Database, name: str) -> bool:
    """Take a session-long lock on ``name`` if free (office-wide singletons such as the sync).

    SQLite: always True (one PC; the sync's own claims keep two runs apart).
    """
    if not is_postgres(db):
        return True
    row = db.execute_sql(
        "SELECT pg_try_advisory_lock(%s::int, %s::int)", lock_key(name)
    ).fetchone()
    return bool(row[0])


def let_go(db: peewee.Database, name: str) -> None:
    if is_postgres(db):
        db.execute_sql("SELECT pg_advisory_unlock(%s::int, %s::int)", lock_key(name))


def refresh_statistics(db: peewee.Database, tables: tuple[str, ...]) -> None:
    """PostgreSQL plans from its statistics of each table. Rows copied in bulk leave them
    describing the empty table until autovacuum comes round, and meanwhile a claim sorted
    every queued row instead of walking the urgency index. SQLite plans without them."""
    if is_postgres(db):
        for table in tables:
            db.execute_sql(f"ANALYZE {table}")


def claimable(query: peewee.Select, db: peewee.Database) -> peewee.Select:
    """Rows for a claim: on PostgreSQL, lock them and skip rows another writer holds."""
    if is_postgres(db):
        return query.for_update("FOR UPDATE SKIP LOCKED")
    return query


def locked(query: peewee.Select, db: peewee.Database) -> peewee.Select:
    """Rows read to be changed in the same transaction: locked on PostgreSQL."""
    if is_postgres(db):
        return query.for_update()
    return query


def unindexed(column: peewee.Node, db: peewee.Database) -> peewee.Node:
    """SQLite's ``+column``: use no index for this term (see desk.py for why)."""
    if is_postgres(db):
        return column
    return peewee.NodeList((peewee.SQL("+"), column), glue="")


def orders_each_arm(db: peewee.Database) -> bool:
    """Whether each arm of the desk's merged page carries its own ORDER BY and LIMIT.

    SQLite merges the arms' index walks itself (``MERGE (UNION ALL)``). PostgreSQL does
    not: for ``(...) UNION ALL (...) ORDER BY nik, id LIMIT 60`` it reads every match of
    every arm and sorts them (seconds at a million rows). With each arm ordered and
    limited, each is a short index walk and a Merge Append of their first rows.
    """
    return is_postgres(db)


def table_names(db: peewee.Database) -> list[str]:
    return db.get_tables()


def placeholder(db: peewee.Database) -> str:
    """The driver's parameter mark, for the few statements written by hand."""
    return "%s" if is_postgres(db) else "?"


# -- DDL -------------------------------------------------------------------------------


def id_column(db: peewee.Database) -> str:
    """An auto-assigned integer key that an insert may also set explicitly."""
    return "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" if is_postgres(db) else "INTEGER PRIMARY KEY"


def forbid(db: peewee.Database, table: str, operation: str, message: str) -> None:
    """A trigger that refuses every ``operation`` (UPDATE or DELETE) on ``table``."""
    name = f"{table}_no_{operation.lower()}"
    if is_postgres(db):
        db.execute_sql(f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation'; END $$""")
        db.execute_sql(
            f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    else:
        db.execute_sql(f"""
            CREATE TRIGGER {name} BEFORE {operation} ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END""")


def drop_forbid(db: peewee.Database, table: str, operation: str) -> None:
    name = f"{table}_no_{operation.lower()}"
    if is_postgres(db):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    else:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")


def newest_document_triggers(db: peewee.Database) -> None:
    """Keep ``requests.doc_number``/``doc_kind`` equal to the request's newest Suket."""
    if is_postgres(db):
        db.execute_sql("""
            CREATE OR REPLACE FUNCTION sukets_newest_on_request() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE requests SET
                    doc_number = (SELECT number FROM sukets WHERE request_id = requests.id ORDER BY id DESC LIMIT 1),
                    doc_kind = (SELECT kind FROM sukets WHERE request_id = requests.id ORDER BY id DESC LIMIT 1)
                WHERE id = NEW.request_id OR (TG_OP = 'UPDATE' AND id = OLD.request_id);
                RETURN NULL;
            END $$""")
        db.execute_sql("""
            CREATE TRIGGER sukets_newest_on_request AFTER INSERT OR UPDATE OF number, kind, request_id
            ON sukets FOR EACH ROW EXECUTE FUNCTION sukets_newest_on_request()""")
        return
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


def drop_unique(db: peewee.Database, table: str, column: str) -> None:
    """Drop a column's UNIQUE constraint (PostgreSQL only: SQLite would rebuild the table)."""
    if is_postgres(db):
        db.execute_sql(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_{column}_key")
