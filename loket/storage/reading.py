"""Opening the station database for commands that only read, even on a full disk.

On a full disk SQLite cannot even open a WAL database the usual way: it must
create and size the 32 KiB shared-memory file (-shm) first, and reports "disk I/O
error". Read-only commands (``status --no-probe``, ``audit verify``, ``user
list``) should still answer, since they are what an operator runs to see what is
wrong. So when the usual opening says the disk is full, this tries, in order,
with writes forbidden (``query_only``):

1. a read-only connection, which works when a running app already keeps a usable
   -shm file;
2. a connection in exclusive locking mode, set before the first read: SQLite then
   keeps the WAL index in the process's own memory and never touches -shm, and
   still reads every committed transaction in the -wal file. It needs the
   database to itself, so it fails (busy) while another program has it open, in
   which case case 1 normally works.

If neither works, the disk-full error is raised as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import peewee

from loket.storage.db import open_database
from loket.storage.errors import DatabaseUnavailable
from loket.storage.models import use

_READ_ONLY_WAYS = (
    (True, (("busy_timeout", 2000), ("query_only", 1))),
    (False, (("locking_mode", "exclusive"), ("busy_timeout", 2000), ("query_only", 1))),
)


def open_for_reading(path: str | os.PathLike) -> peewee.SqliteDatabase:
    try:
        return open_database(path)
    except DatabaseUnavailable as exc:
        if exc.key != "storage.db.disk_full":
            raise
        refused = exc
    path = Path(path).absolute()
    for read_only, pragmas in _READ_ONLY_WAYS:
        name = f"file:{path.as_posix()}?mode=ro" if read_only else str(path)
        db = peewee.SqliteDatabase(name, pragmas=pragmas, timeout=2, uri=read_only)
        try:
            db.connect()
            db.execute_sql("SELECT COUNT(*) FROM users").fetchone()
        except (peewee.DatabaseError, OSError):
            db.close()
            continue
        use(db)
        return db
    raise refused
