"""Opening the station database and running write transactions.

One SQLite file per station, in WAL mode with ``synchronous=FULL``: a request the
clerk saw saved is on disk even if the power goes a moment later. Peewee keeps one
connection per thread, so TUI worker threads can use the same ``db`` object; every
connection gets the same pragmas.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import peewee

from loket.storage.errors import DatabaseUnavailable
from loket.storage.migrations import migrate
from loket.storage.models import use

# busy_timeout first: switching to WAL may have to wait for another process.
PRAGMAS = (
    ("busy_timeout", 10000),
    ("journal_mode", "wal"),
    ("synchronous", 2),  # FULL
    ("foreign_keys", 1),
)
SQLITE_HEADER = b"SQLite format 3\x00"
# How long opening may keep retrying while another process holds the file.
OPEN_WAIT_SECONDS = 10

# Substrings of SQLite's messages, mapped to what we tell a person.
_SQLITE_PROBLEMS = (
    ("file is not a database", "storage.db.not_a_database"),
    ("malformed", "storage.db.corrupt"),
    ("corrupt", "storage.db.corrupt"),
    ("readonly", "storage.db.read_only"),
    ("read-only", "storage.db.read_only"),
    ("unable to open", "storage.db.cannot_open"),
    ("locked", "storage.db.busy"),
    ("busy", "storage.db.busy"),
    ("is full", "storage.db.disk_full"),
    ("disk i/o", "storage.db.io_error"),
)


def open_database(path: str | os.PathLike) -> peewee.SqliteDatabase:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Raises ``DatabaseUnavailable`` (or its ``SchemaTooNew``) with a message naming
    the file and what is wrong with it.
    """
    path = Path(path)
    _prepare_file(path)
    db = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=10)
    deadline = time.monotonic() + OPEN_WAIT_SECONDS
    while True:
        try:
            with translate_errors(path):
                db.connect()
                migrate(db)
            break
        except DatabaseUnavailable as exc:
            db.close()
            # Two processes opening a brand-new file at once: switching it to WAL
            # needs a lock SQLite will not wait for (its busy handler is skipped
            # to avoid a deadlock), so the loser gets "locked" at once. Try again.
            if exc.key != "storage.db.busy" or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.01, 0.05))
        except BaseException:
            db.close()
            raise
    use(db)
    return db


@contextlib.contextmanager
def write_tx(db: peewee.Database) -> Iterator[peewee.Database]:
    """One write transaction, taking the write lock at BEGIN (``BEGIN IMMEDIATE``).

    Taking the lock up front means reads inside the transaction (counters, the audit
    chain head, the duplicate check) cannot be overtaken by another writer, and a
    busy database waits at BEGIN (up to busy_timeout) instead of failing halfway.
    Nested inside another transaction it becomes a savepoint of that one.
    """
    use(db)
    with translate_errors(db.database):
        with db.atomic("IMMEDIATE"):
            yield db


@contextlib.contextmanager
def translate_errors(path: str | os.PathLike) -> Iterator[None]:
    """Turn SQLite failures into ``DatabaseUnavailable`` with a readable message.

    Integrity errors pass through untouched: callers check their own constraints.
    """
    try:
        yield
    except (peewee.IntegrityError, sqlite3.IntegrityError):
        raise
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        raise describe_sqlite_error(exc, path) from exc


def describe_sqlite_error(exc: BaseException, path: str | os.PathLike) -> DatabaseUnavailable:
    text = str(exc).lower()
    for needle, key in _SQLITE_PROBLEMS:
        if needle in text:
            return DatabaseUnavailable(key, path=str(path))
    return DatabaseUnavailable("storage.db.failed", path=str(path), detail=str(exc))


def check_integrity(db: peewee.Database) -> list[str]:
    """SQLite's full integrity check; an empty list means the file is sound."""
    rows = db.execute_sql("PRAGMA integrity_check").fetchall()
    problems = [row[0] for row in rows]
    return [] if problems == ["ok"] else problems


def _prepare_file(path: Path) -> None:
    """Create the folder and a 0600 file before SQLite does, and sniff the header."""
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable("storage.db.dir_unusable", path=str(parent), reason=_reason(exc)) from exc
    if path.is_dir():
        raise DatabaseUnavailable("storage.db.not_a_database", path=str(path))
    existed = path.exists()
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        if exc.errno == errno.EROFS or (existed and exc.errno in (errno.EACCES, errno.EPERM)):
            raise DatabaseUnavailable("storage.db.read_only", path=str(path)) from exc
        raise DatabaseUnavailable("storage.db.dir_unusable", path=str(parent), reason=_reason(exc)) from exc
    try:
        _restrict_mode(fd, created=not existed)
        header = os.read(fd, len(SQLITE_HEADER))
    finally:
        os.close(fd)
    if header and header != SQLITE_HEADER:
        raise DatabaseUnavailable("storage.db.not_a_database", path=str(path))
    # WAL mode creates the -wal and -shm files beside the database.
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DatabaseUnavailable("storage.db.dir_unusable", path=str(parent), reason=os.strerror(errno.EACCES))


def _restrict_mode(fd: int, created: bool) -> None:
    """Owner-only access: the file holds residents' personal data.

    SQLite gives the -wal and -shm files the database file's permissions. How
    each platform protects a file is decided in ``loket.files``.
    """
    from loket.files import restrict_open_file

    restrict_open_file(fd, created)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
