"""One open request per NIK and type, kept without naming the state (migration 14).

The rule has been a unique partial index, ``requests_one_open (nik, request_type)
WHERE state IN (the open states)``. Its key never changes while a request is open,
yet SQLite rewrites an index whose columns *or condition* name a column an UPDATE
sets: every move between two open states (a sync's answer ``queued`` -> ``synced``,
a requeue ``rejected`` -> ``queued``) rewrote the row's entry. At 100,000 queued that
was 393 of the 1,635 log pages a batch of 500 answers wrote (docs/benchmarks.md, "The
claim in place").

Now the rows carry ``is_open`` (1 or 0) and the index's condition is ``is_open = 1``.
The column changes only when a request opens or closes (created; completed or void),
so a move between open states leaves the index alone. The database keeps the column
in step with ``state`` itself, so no code path can forget it:

- SQLite: a trigger after INSERT and after UPDATE OF state or is_open that writes the
  column only when it disagrees with the state. The column defaults to 1 (intake
  creates open requests, and pays nothing); a row inserted closed (``loket
  migrate-to``, a seeded queue) is set to 0 by the same trigger. SQLite's triggers
  cannot change the row being inserted, so such a row counts as open between its
  insert and the trigger: a closed request inserted while an open one of the same
  NIK and type is stored is refused, unless the insert says ``is_open = 0`` (a move
  copies the column). It can only refuse, never let a second open request in.
- PostgreSQL: a BEFORE INSERT OR UPDATE OF state, is_open trigger sets it in the row
  being written. An update there writes a new entry in every index whatever changed,
  so this spares PostgreSQL nothing; it keeps one schema on both.

Reads that relied on the old index (the duplicate check, the intake form's lookup by
NIK, ``find_open``) name ``OPEN`` instead of the open states, so they are planned on
the new index.
"""

from __future__ import annotations

import peewee

from loket.storage import backend
from loket.storage.models import Request
from loket.storage.states import OPEN_STATES

# Rows of open requests, as the unique index's condition spells it (a literal: a
# partial index serves a query whose terms imply its condition).
OPEN = Request.is_open == peewee.SQL("1")

_OPEN_LIST = ", ".join(f"'{state}'" for state in OPEN_STATES)

_SQLITE_TRIGGERS = {
    "requests_open_on_insert": f"""CREATE TRIGGER requests_open_on_insert AFTER INSERT ON requests
        WHEN NEW.is_open IS NOT (NEW.state IN ({_OPEN_LIST}))
        BEGIN
            UPDATE requests SET is_open = (NEW.state IN ({_OPEN_LIST})) WHERE id = NEW.id;
        END""",
    "requests_open_on_update": f"""CREATE TRIGGER requests_open_on_update AFTER UPDATE OF state, is_open ON requests
        WHEN NEW.is_open IS NOT (NEW.state IN ({_OPEN_LIST}))
        BEGIN
            UPDATE requests SET is_open = (NEW.state IN ({_OPEN_LIST})) WHERE id = NEW.id;
        END""",
}

_POSTGRES_FUNCTION = f"""
    CREATE OR REPLACE FUNCTION requests_open() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.is_open := CASE WHEN NEW.state IN ({_OPEN_LIST}) THEN 1 ELSE 0 END;
        RETURN NEW;
    END $$"""


def open_key(db: peewee.Database) -> None:
    """Migration 14: the column, its triggers, the closed rows marked, the index anew.

    Adding a column with a constant default rewrites no row on either database; only
    the closed rows are written, to 0. Safe to run again (a station whose earlier steps
    are re-run).
    """
    postgres = backend.is_postgres(db)
    if "is_open" not in {column.name for column in db.get_columns("requests")}:
        db.execute_sql(f"ALTER TABLE requests ADD COLUMN is_open {'SMALLINT' if postgres else 'INTEGER'} "
                       "NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1))")
    if postgres:
        db.execute_sql(_POSTGRES_FUNCTION)
        db.execute_sql("DROP TRIGGER IF EXISTS requests_open ON requests")
        db.execute_sql("CREATE TRIGGER requests_open BEFORE INSERT OR UPDATE OF state, is_open ON requests "
                       "FOR EACH ROW EXECUTE FUNCTION requests_open()")
    else:
        for name, trigger in _SQLITE_TRIGGERS.items():
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
            db.execute_sql(trigger)
    db.execute_sql(f"UPDATE requests SET is_open = 0 WHERE is_open = 1 AND state NOT IN ({_OPEN_LIST})")
    db.execute_sql("DROP INDEX IF EXISTS requests_one_open")
    db.execute_sql("CREATE UNIQUE INDEX requests_one_open ON requests (nik, request_type) WHERE is_open = 1")
