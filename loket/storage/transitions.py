"""Recording each change of a request's state (the life cycle is in ``states``).

A completed or void request frees its NIK for a new request of the same type, and
its Suket is marked superseded.
"""

from __future__ import annotations

import datetime as dt

import peewee

from loket.storage import audit, backend
from loket.storage.claims import shown_state
from loket.storage.db import write_tx
from loket.storage.errors import QueueError
from loket.storage.models import Request, Suket, User, utc_text
from loket.storage.naming import name_of
from loket.storage.states import CLOSED_STATES, REFUSED, TRANSITIONS, State
from loket.storage.users import require_supervisor

__all__ = ["CLOSED_STATES", "TRANSITIONS", "change_state", "void_request"]


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
    to_state = State(to_state)
    with write_tx(db):
        query = Request.select(Request.state, Request.claimed_by)
        row = backend.locked(query, db).where(Request.id == request_id).tuples().first()
        if row is None:
            raise QueueError("storage.request_not_found")
        from_state = shown_state(*row)
        if to_state not in TRANSITIONS[from_state]:
            raise QueueError("storage.bad_transition", request=name_of(db, request_id), from_state=from_state.value,
                             to_state=to_state.value)
        # "sending" is a claim on a queued row (``storage.claims``): made here under the
        # actor's name, and cleared by any move out of it.
        if to_state is State.SENDING:
            changes: dict = {Request.claimed_by: actor, Request.claimed_at: stamp, Request.updated_at: stamp}
        else:
            changes = {Request.state: to_state, Request.updated_at: stamp}
        if from_state is State.SENDING:
            changes.update({Request.claimed_by: None, Request.claimed_at: None})
        if to_state is State.SYNCED:
            changes[Request.synced_at] = stamp
        if to_state in REFUSED:
            changes[Request.last_error] = reason
        if central_ref is not None:
            changes[Request.central_ref] = central_ref
        Request.update(changes).where(Request.id == request_id).execute()
        if to_state in CLOSED_STATES:
            Suket.update(superseded=True).where(Suket.request == request_id).execute()
        details: dict[str, object] = {"from": from_state.value}
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
        change_state(db, request_id, State.VOID, actor=supervisor.name, now=now, reason=reason)
