"""Looking at a test's database from the outside, the same way on SQLite and PostgreSQL.

Tests check what is stored with plain SQL, as an operator in an SQL client would;
these helpers let one such check run on both backends.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading

import peewee


def is_postgres(db: peewee.Database) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def run(db: peewee.Database, sql: str, params: tuple | list = ()):
    """``db.execute_sql`` with ``?`` marks on either backend."""
    if is_postgres(db):
        sql = sql.replace("%", "%%").replace("?", "%s")
    return db.execute_sql(sql, tuple(params))


def other_connection(db: peewee.Database):
    """A connection of its own (autocommit), as another program would have: (connection, mark)."""
    if is_postgres(db):
        import psycopg

        return psycopg.connect(db.database, autocommit=True), "%s"
    return sqlite3.connect(db.database, isolation_level=None), "?"


def refused_errors() -> tuple[type[BaseException], ...]:
    """What a driver raises when a trigger or constraint refuses a statement."""
    errors: list[type[BaseException]] = [sqlite3.IntegrityError]
    try:
        import psycopg

        errors += [psycopg.errors.RestrictViolation, psycopg.errors.IntegrityError]
    except ImportError:
        pass
    return tuple(errors)


def table_counts(db: peewee.Database, tables=("requests", "sukets", "counters", "audit_events")) -> dict[str, int]:
    con, _ = other_connection(db)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def station_rows(station_dir, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of ``sql`` (``?`` marks) from a test station's database, whichever it is."""
    from loket.config import DataPaths, load_settings

    paths = DataPaths(station_dir)
    database = load_settings(paths).database
    if database:
        import psycopg

        with psycopg.connect(database) as con:
            return [tuple(row) for row in con.execute(sql.replace("%", "%%").replace("?", "%s"), params).fetchall()]
    con = sqlite3.connect(paths.database)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


@contextlib.contextmanager
def statements_sent():
    """Every (sql, params) peewee sends inside the block from this thread, in order (from its
    debug log). Other threads' statements are left out: the station's audit checkpoint runs
    on a thread of its own and may read the audit log at any moment."""
    sent: list[tuple[str, tuple]] = []
    mine = threading.get_ident()

    class Keep(logging.Handler):
        def emit(self, record):
            if isinstance(record.msg, tuple) and record.thread == mine:
                sent.append(record.msg)

    logger = logging.getLogger("peewee")
    keep, level = Keep(), logger.level
    logger.addHandler(keep)
    logger.setLevel(logging.DEBUG)
    try:
        yield sent
    finally:
        logger.removeHandler(keep)
        logger.setLevel(level)


def sqlite_selects(db: peewee.Database, action) -> list[str]:
    """The SELECTs SQLite ran for ``action`` on this connection, values written in (its trace
    callback), so each can be asked for its plan as it ran."""
    sent: list[str] = []
    connection = db.connection()
    connection.set_trace_callback(sent.append)
    try:
        action()
    finally:
        connection.set_trace_callback(None)
    return [sql for sql in sent if sql.lstrip().upper().startswith("SELECT")]
