"""Fewer indexes a save writes (station migration 16).

A save writes about one page per index its new row enters, and it entered every index
of ``requests``. Two served nothing a save's row needed them for:

- ``requests_desk_state (state)``: the desk's "state" sort (within a state, by id) and,
  by the same (state, id) order, the status pull's walk over synced requests
  (``outbox.synced_refs_after``). The state sort now orders each state oldest first
  (created_at, then id) on ``requests_state_created``, which the "age" sort and the
  date range walk already; the pull reads a partial index of the synced rows alone,
  which a save (a queued row) never enters.
- ``requests_station (station_id, id)`` on SQLite: a station's file holds its own rows
  only (``loket migrate-to`` refuses a file with another station's rows, and a holding
  file holds its counter's), so a walk by station is a walk by id. PostgreSQL's office
  database holds every counter's rows and keeps it: each counter claims and pulls its own.

Weighed and left (docs/benchmarks.md, "Fewer indexes a save writes"): ``(state,
last_error)`` as a partial index of the rows with an error would leave the error
sort's rows without one to be found by walking a state's rows in another order, and
in a refused state (rejected, conflict: every row has an error) that walk reads every
row to find none; ``(state, attempts)`` likewise over the closed rows, nearly all sent
at least once.
"""

from __future__ import annotations

import peewee

from loket.storage import backend

# The synced rows by id, for the status pull. The state is spelled as a literal: SQLite
# plans a query on a partial index only when its terms name the index's condition.
SYNCED_ONLY = "state = 'synced'"

DROPPED_ON_SQLITE = ("requests_desk_state", "requests_station")
DROPPED_ON_POSTGRES = ("requests_desk_state",)


def lean_indexes(db: peewee.Database) -> None:
    """Migration 16: the two indexes dropped (one on PostgreSQL), the synced rows' index made."""
    postgres = backend.is_postgres(db)
    for name in DROPPED_ON_POSTGRES if postgres else DROPPED_ON_SQLITE:
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
    # PostgreSQL: each counter pulls its own synced rows from the office database. SQLite
    # plans on a partial index only when it beats the others by its columns: led by the
    # state, it does ("state=? AND id>?"); on (id) alone, SQLite sorted the state's rows.
    columns = "station_id, id" if postgres else "state, id"
    db.execute_sql(f"CREATE INDEX IF NOT EXISTS requests_synced ON requests ({columns}) WHERE {SYNCED_ONLY}")
