"""Opening the station database and running write transactions.

By default one SQLite file per station, in WAL mode with ``synchronous=FULL``: a
request the clerk saw saved is on disk even if the power goes a moment later. A
counter of a many-counter office opens the office's PostgreSQL database instead
(``open_database("postgresql://...")``); the same storage code runs on both, and
what differs lives in ``backend``. Peewee keeps one connection per thread, so TUI
worker threads can use the same ``db`` object; every connection gets the same
pragmas.
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

from loket.i18n.os_errors import errno_reason, os_reason
from loket.storage import backend
from loket.storage.errors import DatabaseUnavailable
from loket.storage.migrations import migrate
from loket.storage.models import use
from loket.storage.target import connect_postgres, describe, is_office_url

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


def open_database(target: str | os.PathLike, *, password: str | None = None) -> peewee.Database:
    """Open (creating if needed) the database and bring its schema up to date.

    ``target`` is a SQLite file's path or an office database's
    ``postgresql://USER@HOST[:PORT]/DB`` address. Raises ``DatabaseUnavailable``
    (or its ``SchemaTooNew``) with a message naming the database and what is wrong.
    """
    if is_office_url(str(target)):
        return _open_postgres(str(target), password)
    path = Path(target)
    header = _prepare_file(path)
    if header and header != SQLITE_HEADER:
        from loket.storage.cipher import CipherDatabase, find_key, looks_encrypted

        if not looks_encrypted(header):
            raise DatabaseUnavailable("storage.db.not_a_database", path=str(path))
        key = find_key(path)
        if key is None:
            raise DatabaseUnavailable("encrypt.key_missing", path=str(path))
        db = CipherDatabase(str(path), key, pragmas=PRAGMAS, timeout=10)
    else:
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


def _open_postgres(url: str, password: str | None) -> peewee.PostgresqlDatabase:
    db = connect_postgres(url, password)
    try:
        with translate_errors(db):
            db.connect()
            migrate(db)
    except BaseException:
        db.close()
        raise
    use(db)
    return db


@contextlib.contextmanager
def write_tx(db: peewee.Database) -> Iterator[peewee.Database]:
    """One write transaction (a savepoint when nested inside another).

    On SQLite it takes the write lock at BEGIN (``BEGIN IMMEDIATE``): reads inside
    the transaction (counters, the audit chain head, the duplicate check) cannot be
    overtaken by another writer, and a busy file waits at BEGIN (up to busy_timeout)
    instead of failing halfway. On PostgreSQL writers run side by side and each
    module takes the row or advisory locks its reads need (see ``backend``).
    """
    use(db)
    with translate_errors(db):
        with backend.begin_write(db):
            yield db


@contextlib.contextmanager
def translate_errors(where: peewee.Database | str | os.PathLike) -> Iterator[None]:
    """Turn database failures into ``DatabaseUnavailable`` with a readable message.

    Integrity errors pass through untouched: callers check their own constraints.
    """
    try:
        yield
    except (peewee.IntegrityError, sqlite3.IntegrityError):
        raise
    except (peewee.DatabaseError, peewee.InterfaceError, sqlite3.DatabaseError) as exc:
        if isinstance(where, peewee.PostgresqlDatabase):
            raise describe_postgres_error(exc, where) from exc
        path = where.database if isinstance(where, peewee.Database) else where
        raise describe_sqlite_error(exc, path) from exc


def describe_sqlite_error(exc: BaseException, path: str | os.PathLike) -> DatabaseUnavailable:
    text = str(exc).lower()
    folder = str(Path(path).absolute().parent)
    for needle, key in _SQLITE_PROBLEMS:
        if needle in text:
            # SQLite says "disk I/O error" when a full disk stops it growing the -shm or
            # -wal file; only the free space tells that apart from a failing disk.
            if key == "storage.db.io_error" and disk_is_full(folder):
                key = "storage.db.disk_full"
            return DatabaseUnavailable(key, path=str(path), folder=folder)
    return DatabaseUnavailable("storage.db.failed", path=str(path), detail=str(exc))


# Substrings of libpq's and the server's messages, mapped to what we tell a person.
_POSTGRES_PROBLEMS = (
    ("password authentication failed", "office.bad_password"),
    ("no password supplied", "office.needs_password"),
    ("does not exist", "office.no_database"),
    ("permission denied", "office.no_permission"),
    ("connection refused", "office.unreachable"),
    ("timeout expired", "office.unreachable"),
    ("could not translate host name", "office.unreachable"),
    ("server closed the connection", "office.unreachable"),
    ("connection is lost", "office.unreachable"),
    ("the connection is closed", "office.unreachable"),
    ("terminating connection", "office.unreachable"),
    ("no route to host", "office.unreachable"),
    ("could not connect", "office.unreachable"),
    ("connection failed", "office.unreachable"),
    ("consuming input failed", "office.unreachable"),
)


def describe_postgres_error(exc: BaseException, db: peewee.Database) -> DatabaseUnavailable:
    text = str(exc).lower()
    for needle, key in _POSTGRES_PROBLEMS:
        if needle in text:
            return DatabaseUnavailable(key, path=describe(db))
    return DatabaseUnavailable("storage.db.failed", path=describe(db), detail=str(exc).strip())


def is_unreachable(exc: BaseException) -> bool:
    """True when the office server could not be reached (as opposed to a refusal)."""
    return isinstance(exc, DatabaseUnavailable) and exc.key == "office.unreachable"


# Less room than this left for an unprivileged writer counts as full: SQLite needs
# a 32 KiB -shm file and a page or more of -wal before it can do anything.
FULL_BELOW = 1024 * 1024


def disk_is_full(folder: str | os.PathLike) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def set_aside(path: Path, word: str) -> Path:
    """Rename a closed SQLite file (with its -wal and -shm) to ``<name>-<word>-<time>.db``: kept
    as the record of what it held, and never opened as the station's file again."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}-{word}-{stamp}{path.suffix}")
    os.replace(path, kept)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, kept.with_name(kept.name + suffix))
    return kept


def check_integrity(db: peewee.Database) -> list[str]:
    """SQLite's full integrity check; an empty list means the database is sound.

    PostgreSQL checks its pages itself and keeps the constraints; there the check is
    that the append-only triggers and the unique rules are still in place.
    """
    if backend.is_postgres(db):
        return _postgres_guards_missing(db)
    rows = db.execute_sql("PRAGMA integrity_check").fetchall()
    problems = [row[0] for row in rows]
    return [] if problems == ["ok"] else problems


def _postgres_guards_missing(db: peewee.Database) -> list[str]:
    wanted = {
        "audit_events_no_update", "audit_events_no_delete", "requests_no_delete", "sukets_no_delete",
        "sukets_newest_on_request",
    }
    rows = db.execute_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").fetchall()
    missing = sorted(wanted - {name for (name,) in rows})
    return [f"trigger {name} is missing" for name in missing]


def _prepare_file(path: Path) -> bytes:
    """Create the folder and a 0600 file before SQLite does; returns its first 16 bytes."""
    from loket.files import BINARY

    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable("storage.db.dir_unusable", path=str(parent), reason=os_reason(exc)) from exc
    if path.is_dir():
        raise DatabaseUnavailable("storage.db.not_a_database", path=str(path))
    existed = path.exists()
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | BINARY, 0o600)  # an encrypted file's salt may hold 0x1a
    except OSError as exc:
        if exc.errno == errno.EROFS or (existed and exc.errno in (errno.EACCES, errno.EPERM)):
            raise DatabaseUnavailable("storage.db.read_only", path=str(path)) from exc
        raise DatabaseUnavailable("storage.db.dir_unusable", path=str(parent), reason=os_reason(exc)) from exc
    try:
        _restrict_mode(fd, created=not existed)
        header = os.read(fd, len(SQLITE_HEADER))
    finally:
        os.close(fd)
    # WAL mode creates the -wal and -shm files beside the database.
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DatabaseUnavailable("storage.db.dir_unusable", path=str(parent), reason=errno_reason(errno.EACCES))
    return header


def _restrict_mode(fd: int, created: bool) -> None:
    """Owner-only access: the file holds residents' personal data.

    SQLite gives the -wal and -shm files the database file's permissions. How
    each platform protects a file is decided in ``loket.files``.
    """
    from loket.files import restrict_open_file

    restrict_open_file(fd, created)

