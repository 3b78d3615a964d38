"""The request life cycle: which state may follow which, and recording each change.

    queued -> sending -> synced -> completed      (card printed centrally)
                      -> rejected | conflict      (needs a person)
              sending -> queued                   (no answer: retry with the same key)
    rejected | conflict -> queued                 (resubmitted after a fix)
    queued | synced | rejected | conflict -> void (cancelled by a supervisor)

A completed or void request frees its NIK for a new request of the same type, and
its Suket is marked superseded.
"""

from __future__ import annotations

import datetime as dt

import peewee

from loket.storage import audit
from loket.storage.db import write_tx
from loket.storage.errors import QueueError
from loket.storage.models import User, utc_text
from loket.storage.users import require_supervisor

TRANSITIONS: dict[str, frozenset[str]] = {
    "queued": frozenset({"sending", "void"}),
    "sending": frozenset({"queued", "synced", "rejected", "conflict"}),
    "synced": frozenset({"completed", "rejected", "void"}),
    "rejected": frozenset({"queued", "void"}),
    "conflict": frozenset({"queued", "void"}),
    "completed": frozenset(),
    "void": frozenset(),
}
CLOSED_STATES = ("completed", "void")


def change_state(
    db: peewee.Database,
    request_id: int,
    to_state: str,
    *,
    actor: str,
    now: dt.datetime | None = None,
    reason: str | None = None,
    central_ref: str | None = None,
) -> str:
    """Move one request to ``to_state``; returns the state it left.

    ``reason`` is kept as the request's ``last_error`` for rejected/conflict and goes
    to the audit event; ``central_ref`` is stored when given.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    stamp = utc_text(now)
    with write_tx(db):
        row = db.execute_sql("SELECT state FROM requests WHERE id = ?", (request_id,)).fetchone()
        if row is None:
            raise QueueError("storage.request_not_found", id=request_id)
        (from_state,) = row
        if to_state not in TRANSITIONS.get(from_state, ()):
            raise QueueError("storage.bad_transition", id=request_id, from_state=from_state, to_state=to_state)
        sets = ["state = ?", "updated_at = ?"]
        params: list[object] = [to_state, stamp]
        if to_state == "synced":
            sets.append("synced_at = ?")
            params.append(stamp)
        if to_state in ("rejected", "conflict"):
            sets.append("last_error = ?")
            params.append(reason)
        if central_ref is not None:
            sets.append("central_ref = ?")
            params.append(central_ref)
        db.execute_sql(f"UPDATE requests SET {', '.join(sets)} WHERE id = ?", (*params, request_id))
        if to_state in CLOSED_STATES:
            db.execute_sql("UPDATE sukets SET superseded = ? WHERE request_id = ?", (True, request_id))
        details: dict[str, object] = {"from": from_state}
        if reason:
            details["reason"] = reason
        if central_ref:
            details["central_ref"] = central_ref
        audit.append(db, actor, f"request.{to_state}", request_id, details, now)
    return from_state


def void_request(
    db: peewee.Database, request_id: int, supervisor: User, reason: str, now: dt.datetime | None = None
) -> None:
    """Cancel a request (a supervisor's decision, with a reason); its Suket stops being current."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise QueueError("storage.reason_required")
    with write_tx(db):
        require_supervisor(db, supervisor)
        change_state(db, request_id, "void", actor=supervisor.name, now=now, reason=reason)
