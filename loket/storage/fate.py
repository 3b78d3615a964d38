"""What becomes of a request's record at central when the station changes its mind.

Once central holds a request (``synced``, or a ``conflict``: central stored a record
under its key), the station alone cannot cancel it: voiding it here while central
goes on to print the card would leave two truths. So a supervisor's void of such a
request is a *withdrawal* asked of central, and the request keeps its state (it is
still central's) until central answers:

- ``cancelled`` (central withdrew it; it will never be printed) or ``not_held``
  (central has nothing under that key and never will take it): the request is void;
- ``refused`` with central's reason: it stays as central says; ``card_printed``
  completes it (the e-KTP exists);
- ``unsupported``: central does not know withdrawals (an older central). Nothing
  changed there; the request stays as it was, and the desk says so.

A correction or requeue of a conflict sends the request again under a new key; the
record central keeps under the old key is withdrawn the same way (``superseded``),
and its fate is shown in the request's history. The protocol addition is in
docs/central-link.md; the sync sends pending withdrawals (``sync.withdraw``).

A withdrawal is idempotent by the key it names: asked twice, central answers the
same; with no answer it stays pending and goes again with the next run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from loket.storage import audit, backend
from loket.storage.db import write_tx
from loket.storage.models import BaseModel, Request, use, utc_text
from loket.storage.states import State
from loket.storage.transitions import change_state

PURPOSES = ("void", "superseded")
OUTCOMES = ("cancelled", "not_held", "refused", "unsupported")
# Central's reason when the card exists already: the request is completed, not void.
CARD_PRINTED = "card_printed"
# The audit action each outcome writes (its words: screen_labels.DESK_HISTORY).
ANSWER_ACTIONS = {
    "cancelled": "request.withdrawn",
    "not_held": "request.withdrawn",
    "refused": "request.withdrawal_refused",
    "unsupported": "request.withdrawal_unsupported",
}
ASKED_ACTION = "request.withdrawal_asked"
# Voids made before stations asked central (see schema_steps._m008_central_fate).
BEFORE_UPGRADE = "voided before central was asked"


class Withdrawal(BaseModel):
    request = peewee.ForeignKeyField(Request, column_name="request_id", lazy_load=False)
    station_id = peewee.CharField()
    item_key = peewee.CharField()
    central_ref = peewee.CharField(null=True)
    purpose = peewee.CharField()
    reason = peewee.TextField()
    requested_by = peewee.CharField()
    requested_at = peewee.CharField()
    outcome = peewee.CharField(null=True)  # None while central has not answered
    answer = peewee.TextField(null=True)  # central's reason code with a refusal
    answered_at = peewee.CharField(null=True)
    attempts = peewee.IntegerField(default=0)

    class Meta:
        table_name = "withdrawals"


@dataclass(frozen=True)
class PendingWithdrawal:
    id: int
    request_id: int
    item_key: str
    central_ref: str | None
    purpose: str
    reason: str


@dataclass(frozen=True)
class Answer:
    """Central's word on one withdrawal."""

    withdrawal_id: int
    outcome: str  # one of OUTCOMES
    central_ref: str | None = None
    reason: str | None = None


def is_pending(db: peewee.Database, request_id: int) -> bool:
    """True while a void of this request waits for central's answer."""
    use(db)
    return (Withdrawal.select(Withdrawal.id)
            .where((Withdrawal.request == request_id) & (Withdrawal.purpose == "void")
                   & Withdrawal.outcome.is_null()).exists())


def ask(db: peewee.Database, request_id: int, *, item_key: str, central_ref: str | None, purpose: str,
        reason: str, by: str, now: dt.datetime) -> None:
    """Record that central is to withdraw the record under ``item_key`` (inside the caller's
    write transaction), with one audit event on the request. The request's own station
    sends it: central takes a station's word only about its own items."""
    use(db)
    station_id = Request.select(Request.station_id).where(Request.id == request_id).scalar()
    Withdrawal.insert(request=request_id, station_id=station_id, item_key=item_key, central_ref=central_ref,
                      purpose=purpose, reason=reason, requested_by=by, requested_at=utc_text(now)).execute()
    details: dict[str, object] = {"purpose": purpose, "reason": reason, "old_key": item_key}
    if central_ref:
        details["central_ref"] = central_ref
    audit.append(db, by, ASKED_ACTION, request_id, details, now)


def pending(db: peewee.Database, station_id: str, after_id: int = 0, limit: int = 500) -> list[PendingWithdrawal]:
    """This station's withdrawals central has not answered, oldest first (keyset by id)."""
    use(db)
    rows = (Withdrawal.select(Withdrawal.id, Withdrawal.request, Withdrawal.item_key, Withdrawal.central_ref,
                              Withdrawal.purpose, Withdrawal.reason)
            .where(Withdrawal.outcome.is_null() & (Withdrawal.station_id == station_id) & (Withdrawal.id > after_id))
            .order_by(Withdrawal.id).limit(limit).tuples())
    return [PendingWithdrawal(*row) for row in rows]


def pending_count(db: peewee.Database, station_id: str | None = None) -> int:
    use(db)
    query = Withdrawal.select().where(Withdrawal.outcome.is_null())
    if station_id is not None:
        query = query.where(Withdrawal.station_id == station_id)
    return query.count()


def settle(db: peewee.Database, answers: list[Answer], now: dt.datetime) -> dict[str, int]:
    """Store central's answers and move each request where central's word puts it.

    One transaction; an answer to a withdrawal already settled (a retry) changes
    nothing. Returns the number of answers per outcome.
    """
    use(db)
    counts = dict.fromkeys(OUTCOMES, 0)
    stamp = utc_text(now)
    with write_tx(db):
        for answer in answers:
            query = Withdrawal.select(Withdrawal.request, Withdrawal.purpose, Withdrawal.item_key,
                                      Withdrawal.central_ref, Withdrawal.outcome, Withdrawal.requested_by,
                                      Withdrawal.reason)
            row = backend.locked(query, db).where(Withdrawal.id == answer.withdrawal_id).tuples().first()
            if row is None or row[4] is not None:
                continue
            request_id, purpose, item_key, asked_ref, _, by, reason = row
            central_ref = answer.central_ref or asked_ref
            (Withdrawal.update(outcome=answer.outcome, answer=answer.reason, answered_at=stamp,
                               central_ref=central_ref)
             .where(Withdrawal.id == answer.withdrawal_id).execute())
            counts[answer.outcome] += 1
            details: dict[str, object] = {"purpose": purpose, "outcome": answer.outcome, "old_key": item_key}
            if central_ref:
                details["central_ref"] = central_ref
            if answer.reason:
                details["answer"] = answer.reason
            audit.append(db, "sync", ANSWER_ACTIONS[answer.outcome], request_id, details, now)
            if purpose == "void":
                _follow(db, request_id, answer, by, reason, now)
    return counts


def _follow(db: peewee.Database, request_id: int, answer: Answer, by: str, reason: str, now: dt.datetime) -> None:
    """The request's state after central's answer to its void."""
    (state,) = backend.locked(Request.select(Request.state), db).where(Request.id == request_id).tuples().first()
    state = State(state)
    if answer.outcome in ("cancelled", "not_held") and state in (State.SYNCED, State.CONFLICT, State.REJECTED):
        change_state(db, request_id, State.VOID, actor=by, now=now, reason=reason)
    elif answer.outcome == "refused" and answer.reason == CARD_PRINTED and state in (State.SYNCED, State.VOID):
        change_state(db, request_id, State.COMPLETED, actor="sync", now=now, reason=CARD_PRINTED)


def mark_tried(db: peewee.Database, ids: list[int]) -> None:
    """Count a send that got no usable answer (the withdrawal stays pending)."""
    if ids:
        use(db)
        with write_tx(db):
            Withdrawal.update(attempts=Withdrawal.attempts + 1).where(Withdrawal.id.in_(ids)).execute()
