"""Central's answers to a batch, stored with statements written once.

peewee builds a statement afresh from its parts, value by value: for a batch of 500
answers (one ``CASE`` arm per accepted request, one row per attempt) that took longer
than the database took to store them. These two statements are plain SQL, each run
for every row with the driver's ``executemany`` (SQLite steps one prepared statement;
psycopg sends the rows in one pipeline). Each request is found by its id, so no row
is compared with the others' ids.
"""

from __future__ import annotations

import peewee

from loket.storage.models import Request, State

_ATTEMPT_COLUMNS = "request_id, run_id, at, result, reason"


def mark_synced(db: peewee.Database, runner: str, rows: list[tuple[str, str, int]]) -> None:
    """``(central_ref, stamp, request_id)`` per accepted request this run still holds
    (still queued, claimed by ``runner``): synced, with its ref, its claim cleared."""
    if not rows:
        return
    mark = db.param
    synced, queued = Request.state.db_value(State.SYNCED), Request.state.db_value(State.QUEUED)
    sql = (f"UPDATE requests SET state = '{synced}', central_ref = {mark}, synced_at = {mark}, "
           f"updated_at = {mark}, last_error = NULL, claimed_by = NULL, claimed_at = NULL "
           f"WHERE id = {mark} AND state = '{queued}' AND claimed_by = {mark}")
    db.cursor().executemany(sql, [(ref, stamp, stamp, request_id, runner) for ref, stamp, request_id in rows])


def record_attempts(db: peewee.Database, rows: list[tuple]) -> None:
    """One ``sync_attempts`` row per item per send: ``(request_id, run_id, at, result, reason)``."""
    if rows:
        marks = ", ".join([db.param] * 5)
        db.cursor().executemany(f"INSERT INTO sync_attempts ({_ATTEMPT_COLUMNS}) VALUES ({marks})", rows)
