"""A supervisor's answers to stuck requests: send again, correct, cancel, confirm a warning.

Every action is a supervisor's decision with a reason: the role is checked against
the database inside the write transaction (a supervisor disabled a moment ago can
no longer act), and each changed request gets its own audit event naming who, why
and what moved.

A request sent again always gets a NEW idempotency key: central has bound the old
one to its verdict (``rejected`` or ``conflict``) and would give the same answer to
the same key forever. Everything else the sender looks at is put back exactly as a
fresh intake leaves it (no claim, no attempts, no error, no central reference), so
the outbox cannot tell a resent request from a new one.

Central's word wins (``fate``): a void of a request central holds asks central to
withdraw it and waits for the answer; re-sending a conflict under a new key asks
central to withdraw the record under the old key.

Nothing here deletes a row. Cancelling marks the request ``void`` and its Suket
superseded; a correction that changes what a Suket seals supersedes the old Suket
and issues a new one under a new number. Signing stays with the caller (``issue``,
as for ``queue.enqueue``), so this package never imports cryptography.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import peewee

from loket.i18n.notice import RequestName
from loket.storage import audit, backend, fate, lean_payload
from loket.storage.db import write_tx
from loket.storage.errors import QueueError
from loket.storage.models import Request, Suket, User, utc_text
from loket.storage.naming import name_of
from loket.storage.numbering import DEFAULT_RECEIPT_PATTERN, DEFAULT_SUKET_PATTERN, format_number, next_value, office_of
from loket.storage.queue import IssueContext, IssuedDoc, _checked_issue, _checked_pattern, _refuse_duplicate
from loket.storage.claims import shown_state
from loket.storage.states import CAN_CORRECT, CAN_REQUEUE, CAN_VOID, CENTRAL_HOLDS, CLOSED_STATES, State
from loket.storage.transitions import change_state
from loket.storage.users import require_supervisor

__all__ = [
    "ActionResult", "CORRECTABLE_STATES", "CorrectionDone", "DOCUMENT_FIELDS", "REQUEUE_STATES",
    "StateRefused", "VOIDABLE_STATES", "changed_fields", "clean_reason", "correct_request",
    "needs_new_document", "override_warning", "requeue", "void_many",
]

# Only a request central refused (or found different under its key) waits for a person;
# a queued or sending one is still the sender's, a synced one is central's.
REQUEUE_STATES = CAN_REQUEUE
CORRECTABLE_STATES = CAN_CORRECT
VOIDABLE_STATES = CAN_VOID
# What each document shows that identifies the resident: a change to any of these
# makes the paper already handed out wrong, so a new document is issued. A Suket's
# seal covers exactly these four; a receipt prints name, NIK and the request type.
DOCUMENT_FIELDS = {
    "suket": ("nik", "name", "birth_date", "sex"),
    "receipt": ("nik", "name", "request_type"),
}



def _back_to_queue(new_key: str, stamp: str) -> dict:
    """A request about to be sent as if just taken: the sender claims by state and reads
    key and payload, so these are all it looks at."""
    return {
        Request.state: State.QUEUED, Request.idempotency_key: new_key, Request.attempts: 0,
        Request.last_error: None, Request.claimed_by: None, Request.claimed_at: None,
        Request.central_ref: None, Request.synced_at: None, Request.updated_at: stamp,
    }


@dataclass(frozen=True)
class ActionResult:
    """What happened to one request of a bulk action."""

    request_id: int
    ok: bool
    message: str  # a sentence in the current language: what was done, or why not
    # Why not (or, when ok, what kind of done), for grouping: ``not_found``, ``wrong_state``,
    # ``central_holds``, ``withdrawal_pending``; ``withdrawal_asked`` when a void waits for central.
    code: str | None = None
    # A refusal's message key and the state it found: a summary of many refusals groups
    # by these and names each request its own way, never by its internal id.
    state: str | None = None
    key: str = ""


class StateRefused(QueueError):
    """The request's state does not allow the action; the state is named in the reader's language."""

    def __init__(self, key: str, *, request: RequestName | None, state: str, code: str = "wrong_state"):
        super().__init__(key, request=request, state=state)
        self.state = state
        self.code = code

    def message(self, language: str | None = None) -> str:
        from loket.i18n import t
        from loket.i18n.labels import STATE_LABELS, label

        params = {**self.params, "state": label(STATE_LABELS, self.state, language)}
        return t(self.key, language=language, **params)


@dataclass(frozen=True)
class CorrectionDone:
    request_id: int
    queue_no: int
    old_key: str
    new_key: str
    # Set when a new document was issued (print it); None when the old one still holds.
    kind: str | None = None
    number: str | None = None
    suket_id: int | None = None
    jws: str | None = None
    valid_until: dt.date | None = None


def clean_reason(reason: object) -> str:
    """The reason on one line; a blank one is refused (``storage.reason_required``)."""
    text = " ".join(str(reason or "").split())
    if not text:
        raise QueueError("storage.reason_required")
    return text


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """Names of the fields of ``after`` (an ``IntakeRecord.to_local()`` dict) whose value
    differs in ``before``, in form order; address parts are named on their own
    (``village``, not ``address``), as the field labels are."""

    def flat(data: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in data.items():
            if name == "address" and isinstance(value, dict):
                out.update(value)  # in place, so the order stays the form's
            else:
                out[name] = value
        return out

    def same(a: Any, b: Any) -> bool:
        # An empty optional field reads back as "" from the form and may be stored
        # as None (or missing): not a change the supervisor made.
        return (a if a is not None else "") == (b if b is not None else "")

    old, new = flat(before), flat(after)
    return tuple(name for name, value in new.items() if not same(old.get(name), value))


def needs_new_document(old_kind: str | None, record: Any, changed: tuple[str, ...]) -> bool:
    """True when the corrected ``record`` needs a new Suket or receipt: the kind changed
    (biometrics were recorded meanwhile, or not) or a field the document shows did."""
    kind = "suket" if record.biometrics_recorded is True else "receipt"
    return old_kind != kind or any(name in changed for name in DOCUMENT_FIELDS[kind])


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.timezone.utc)


def _ids(request_ids: Iterable[object]) -> list[object]:
    """The ids once each, in the order given (a request picked twice is acted on once)."""
    return list(dict.fromkeys(request_ids))


def _refused(db: peewee.Database, request_id: Any, key: str, code: str, **params: object) -> ActionResult:
    from loket.i18n import t
    from loket.i18n.labels import STATE_LABELS, label

    state = params.get("state")
    if state is not None:
        params["state"] = label(STATE_LABELS, state)
    return ActionResult(request_id, False, t(key, request=name_of(db, request_id), **params), code,
                        None if state is None else str(state), key)


def refusal_for(request: RequestName | None, state: str, refusal: str) -> StateRefused:
    """Why an action does not apply to a request in ``state``: central already holds a
    synced or completed request (a correction or requeue would contradict it; a void
    asks central), and any other state names itself."""
    if state in (State.SYNCED, State.COMPLETED) and refusal != "resolve.cannot_void":
        return StateRefused("fate.refused.central_holds", request=request, state=state, code="central_holds")
    return StateRefused(refusal, request=request, state=state)


def _state_of(db: peewee.Database, request_id: object) -> tuple | None:
    if not isinstance(request_id, int) or isinstance(request_id, bool):
        return None
    query = Request.select(Request.state, Request.idempotency_key, Request.central_ref, Request.claimed_by)
    row = backend.locked(query, db).where(Request.id == request_id).tuples().first()
    if row is None:
        return None
    state, key, central_ref, claimed_by = row
    return shown_state(state, claimed_by), key, central_ref  # a queued row being sent is not the desk's


def _eligible(db: peewee.Database, request_id: object, states: tuple[str, ...], refusal: str,
              results: list[ActionResult]) -> tuple | None:
    """The request's ``(state, key, central_ref)`` when it may be acted on; otherwise
    None, with the reason it may not added to ``results``."""
    row = _state_of(db, request_id)
    if row is None:
        results.append(_refused(db, request_id, "storage.request_not_found", "not_found"))
    elif row[0] not in states:
        why = refusal_for(None, row[0], refusal)
        results.append(_refused(db, request_id, why.key, why.code, state=row[0]))
        row = None
    elif row[0] in CENTRAL_HOLDS and fate.is_pending(db, request_id):
        results.append(_refused(db, request_id, "fate.refused.pending", "withdrawal_pending"))
        row = None
    return row


def _withdraw_old(db: peewee.Database, request_id: object, state: str, old_key: str, central_ref: str | None,
                  supervisor: User, reason: str, now: dt.datetime) -> None:
    """A conflict sent again under a new key: central is asked to withdraw what it stored
    under the old one, so no second record stays alive there."""
    if state == State.CONFLICT:
        fate.ask(db, request_id, item_key=old_key, central_ref=central_ref, purpose="superseded",
                 reason=reason, by=supervisor.name, now=now)


def requeue(
    db: peewee.Database, request_ids: list[int], supervisor: User, reason: str, now: dt.datetime | None = None
) -> list[ActionResult]:
    """Send rejected or conflicting requests again, each under a new idempotency key.

    Requests in other states are refused one by one; the rest still go through.
    """
    from loket.i18n import t

    reason = clean_reason(reason)
    now = _now(now)
    stamp = utc_text(now)
    results = []
    with write_tx(db):
        require_supervisor(db, supervisor)
        for request_id in _ids(request_ids):
            row = _eligible(db, request_id, REQUEUE_STATES, "resolve.cannot_requeue", results)
            if row is None:
                continue
            state, old_key, central_ref = row
            new_key = uuid.uuid4().hex
            Request.update(_back_to_queue(new_key, stamp)).where(Request.id == request_id).execute()
            details = {"reason": reason, "from": str(state), "old_key": old_key, "new_key": new_key}
            if central_ref:
                details["old_central_ref"] = central_ref
            audit.append(db, supervisor.name, "request.requeued", request_id, details, now)
            _withdraw_old(db, request_id, state, old_key, central_ref, supervisor, reason, now)
            results.append(ActionResult(request_id, True, t("resolve.requeued", request=name_of(db, request_id))))
    return results


def void_many(
    db: peewee.Database, request_ids: list[int], supervisor: User, reason: str, now: dt.datetime | None = None
) -> list[ActionResult]:
    """Cancel requests (queued, synced, rejected or conflict); each row stays, marked void.

    A request central holds (synced, conflict) is not voided here: central is asked to
    withdraw it, and it becomes void when central answers that it did (``fate``).
    """
    from loket.i18n import t

    reason = clean_reason(reason)
    now = _now(now)
    results = []
    with write_tx(db):
        require_supervisor(db, supervisor)
        for request_id in _ids(request_ids):
            row = _eligible(db, request_id, VOIDABLE_STATES, "resolve.cannot_void", results)
            if row is None:
                continue
            state, key, central_ref = row
            if state in CENTRAL_HOLDS:
                fate.ask(db, request_id, item_key=key, central_ref=central_ref, purpose="void", reason=reason,
                         by=supervisor.name, now=now)
                results.append(ActionResult(request_id, True, t("fate.void_asked", request=name_of(db, request_id)),
                                            "withdrawal_asked"))
                continue
            change_state(db, request_id, State.VOID, actor=supervisor.name, now=now, reason=reason)
            results.append(ActionResult(request_id, True, t("resolve.voided", request=name_of(db, request_id))))
    return results


def override_warning(
    db: peewee.Database, request_id: int, code: str, supervisor: User, reason: str, now: dt.datetime | None = None
) -> None:
    """A supervisor confirms an intake warning: the code leaves the request's warnings and is
    kept under ``local["overrides"]`` with who, when and why."""
    reason = clean_reason(reason)
    now = _now(now)
    with write_tx(db):
        require_supervisor(db, supervisor)
        row = _state_of(db, request_id)
        if row is None:
            raise QueueError("storage.request_not_found")
        if row[0] in CLOSED_STATES:
            raise StateRefused("resolve.override_closed", request=name_of(db, request_id), state=row[0])
        warnings, local = Request.select(Request.warnings, Request.local).where(
            Request.id == request_id).tuples().first()
        if code not in warnings:
            raise QueueError("resolve.warning_not_found", request=name_of(db, request_id), code=str(code))
        overrides = list(local.get("overrides") or [])
        overrides.append({"code": code, "by": supervisor.name, "at": utc_text(now), "reason": reason})
        local["overrides"] = overrides
        (Request.update(warnings=[w for w in warnings if w != code], local=local, updated_at=utc_text(now))
         .where(Request.id == request_id).execute())
        audit.append(db, supervisor.name, "request.warning_overridden", request_id,
                     {"code": code, "reason": reason}, now)


def correct_request(
    db: peewee.Database,
    request_id: int,
    *,
    expected_key: str,
    request: dict[str, Any],
    local: dict[str, Any],
    warnings: list[str],
    changed: tuple[str, ...],
    new_document: bool,
    supervisor: User,
    reason: str,
    station_id: str,
    now: dt.datetime,
    issue: Callable[[IssueContext], IssuedDoc | tuple],
    office_code: str | None = None,
    number_pattern: str = DEFAULT_SUKET_PATTERN,
    receipt_pattern: str = DEFAULT_RECEIPT_PATTERN,
) -> CorrectionDone:
    """Store a corrected (already validated) request and queue it under a new key.

    ``expected_key`` is the key the caller read before computing ``changed``: if the
    request moved on meanwhile (another supervisor's correction, a requeue) nothing
    is written. With ``new_document`` every earlier document of the request is
    superseded and a new one is numbered like at intake and sealed by ``issue``.
    ``now`` must be timezone-aware; numbers follow the calendar of its zone.
    """
    reason = clean_reason(reason)
    if not changed:
        raise QueueError("resolve.nothing_changed", request=name_of(db, request_id))
    office = office_code or office_of(station_id)
    kind = "suket" if request.get("biometrics_recorded") is True else "receipt"
    pattern = _checked_pattern(number_pattern if kind == "suket" else receipt_pattern)
    stamp = utc_text(now)
    nik, request_type = request["nik"], request["request_type"]
    new_key = uuid.uuid4().hex
    try:
        with write_tx(db):
            require_supervisor(db, supervisor)
            row = _state_of(db, request_id)
            if row is None:
                raise QueueError("storage.request_not_found")
            state, old_key, central_ref = row
            who = name_of(db, request_id)
            if state not in CORRECTABLE_STATES:
                raise refusal_for(who, state, "resolve.cannot_correct")
            if old_key != expected_key:
                raise QueueError("resolve.changed_meanwhile", request=who)
            if fate.is_pending(db, request_id):
                raise QueueError("fate.refused.pending", request=who)
            _refuse_duplicate(db, nik, request_type, besides=request_id)
            # The row's station column is not the corrector's: the payload keeps its own station_id.
            lean = lean_payload.stored(request, (nik, request["name"], request_type, request["purpose"], None))
            changes = {
                Request.nik: nik, Request.request_type: request_type, Request.purpose: request["purpose"],
                Request.name: request["name"], Request.payload: lean, Request.local: local,
                Request.warnings: list(warnings), **_back_to_queue(new_key, stamp),
            }
            Request.update(changes).where(Request.id == request_id).execute()
            (queue_no,) = Request.select(Request.queue_no).where(Request.id == request_id).tuples().first()
            details: dict[str, object] = {"changed": list(changed), "reason": reason, "from": str(state),
                                          "old_key": old_key, "new_key": new_key}
            if central_ref:
                details["old_central_ref"] = central_ref
            done = CorrectionDone(request_id, queue_no, old_key, new_key)
            if new_document:
                done = _reissue(db, done, kind, pattern, request, station_id, office, now, issue, details)
            audit.append(db, supervisor.name, "request.corrected", request_id, details, now)
            _withdraw_old(db, request_id, state, old_key, central_ref, supervisor, reason, now)
    except peewee.IntegrityError as exc:
        if "sukets.number" in str(exc) or "sukets_number" in str(exc):
            raise QueueError("storage.number_taken") from exc
        if "requests.nik" in str(exc) or "requests_one_open" in str(exc):
            # another writer opened the same NIK and type just now
            _refuse_duplicate(db, nik, request_type, besides=request_id)
        raise
    return done


def _reissue(
    db: peewee.Database, done: CorrectionDone, kind: str, pattern: str, request: dict[str, Any],
    station_id: str, office: str, now: dt.datetime, issue: Callable, details: dict[str, object],
) -> CorrectionDone:
    """Supersede the request's documents and issue the next number of ``kind`` for it."""
    previous = (Suket.select(Suket.number).where(Suket.request == done.request_id)
                .order_by(Suket.id.desc()).limit(1).tuples().first())
    Suket.update(superseded=True).where(Suket.request == done.request_id).execute()
    year = now.year
    seq = next_value(db, station_id, year, kind)
    number = format_number(pattern, seq, station_id, office, now)
    ctx = IssueContext(kind, number, done.queue_no, seq, year, now, done.request_id, station_id, office, request)
    jws, valid_until = _checked_issue(issue(ctx), kind)
    suket_id = Suket.insert(
        request=done.request_id, kind=kind, number=number, station_id=station_id, year=year, seq=seq,
        issued_at=utc_text(now), valid_until=valid_until, jws=jws,
    ).execute()
    details.update(kind=kind, number=number)
    if previous:
        details["superseded"] = previous[0]
    return CorrectionDone(done.request_id, done.queue_no, done.old_key, done.new_key,
                          kind, number, suket_id, jws, valid_until)
