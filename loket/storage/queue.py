"""The durable outbox: saving an intake as one transaction, and what is done to its Suket.

``enqueue`` writes the request, its queue number, its Suket (or receipt) number and
seal, and the audit event in ONE ``BEGIN IMMEDIATE`` transaction: either all of it
is on disk, or none of it (no counter is used up, no audit row appears). Signing
is the caller's: ``issue`` gets the allocated number and returns the seal, so this
package never imports cryptography.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

import peewee

from loket.storage import audit, backend, lean_payload, office_save
from loket.storage.claims import shown_state
from loket.storage.db import write_tx
from loket.storage.errors import DuplicateOpenRequest, QueueError
from loket.storage.models import Request, State, Suket, User, canonical_json, use, utc_text
from loket.storage.numbering import (
    DEFAULT_RECEIPT_PATTERN,
    DEFAULT_SUKET_PATTERN,
    QUEUE,
    check_number_pattern,
    format_number,
    next_value,
    office_of,
)
from loket.storage.open_key import OPEN
from loket.storage.rows import insert_row
from loket.storage.users import require_supervisor
from loket.intake.nik import mask_nik  # re-exported: logs and screens mask NIKs the same way
from loket.storage.views import (  # re-exported: the queue's read side
    RequestView,
    SuketView,
    counts_by_state,
    find_open,
    get_request,
    recent_requests,
    search_requests,
)

__all__ = [
    "DEFAULT_RECEIPT_PATTERN", "DEFAULT_SUKET_PATTERN", "DuplicateOpenRequest", "Enqueued",
    "IssueContext", "IssuedDoc", "QueueError", "RequestView", "SuketView", "check_number_pattern",
    "counts_by_state", "enqueue", "find_open", "format_number", "get_request", "get_suket",
    "mask_nik", "recent_requests", "record_reprint", "search_requests", "set_pdf_path",
]

_REQUIRED_TEXT = ("nik", "name", "request_type", "purpose")


@dataclass(frozen=True)
class IssueContext:
    """What the signer needs to seal a freshly numbered document."""

    kind: str  # "suket" or "receipt"
    number: str
    queue_no: int
    seq: int
    year: int
    now: dt.datetime
    request_id: int
    station_id: str
    office_code: str
    request: dict[str, Any]


class IssuedDoc(NamedTuple):
    """What ``issue`` returns; a plain ``(jws, valid_until)`` tuple works too."""

    jws: str | None  # None for a receipt
    valid_until: dt.date | None


@dataclass(frozen=True)
class Enqueued:
    request_id: int
    queue_no: int
    kind: str
    number: str
    jws: str | None
    valid_until: dt.date | None
    idempotency_key: str
    suket_id: int
    issued_at: dt.datetime
    year: int = 0  # the numbering year, and the document's place in that year's series
    seq: int = 0
    audit_seq: int = 0  # the intake event's place in its audit chain


@functools.lru_cache(maxsize=16)
def _checked_pattern(pattern: str) -> str:
    check_number_pattern(pattern)
    return pattern


def enqueue(
    db: peewee.Database,
    *,
    request: dict[str, Any],
    local: dict[str, Any],
    warnings: list[str],
    clerk: User,
    station_id: str,
    now: dt.datetime,
    issue: Callable[[IssueContext], IssuedDoc | tuple],
    office_code: str | None = None,
    number_pattern: str = DEFAULT_SUKET_PATTERN,
    receipt_pattern: str = DEFAULT_RECEIPT_PATTERN,
    allocate_id: Callable[[peewee.Database], int] | None = None,
    note_numbers: Callable[[int, dict[str, int]], Callable[[], None]] | None = None,
) -> Enqueued:
    """Save one validated intake with its numbered Suket (or receipt) and audit event.

    ``allocate_id`` gives the request its id inside the transaction (a counter holding
    requests while its office database is down takes ids reserved at the office).
    ``note_numbers(year, {kind: value})``, on an office database, writes the counter's
    own note of the numbers while the office commits them, and returns how to take it
    back (``office_save.save``'s ``while_committing``); the caller notes them otherwise.

    ``now`` must be timezone-aware; the year and month in the numbers are taken from
    it in the timezone it carries, so pass the office's local time to number by the
    local calendar. Raises ``DuplicateOpenRequest`` when the NIK already has an open
    request of this type. Whatever ``issue`` raises propagates and nothing is written.
    """
    _check_request(request)
    office = office_code or office_of(station_id)
    kind = "suket" if request["biometrics_recorded"] is True else "receipt"
    pattern = _checked_pattern(number_pattern if kind == "suket" else receipt_pattern)
    stamp = utc_text(now)
    payload = dict(request)
    if "received_at" not in payload:  # the station gives it: not formatted for nothing
        payload["received_at"] = now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    payload["clerk_id"] = clerk.name
    payload["station_id"] = station_id
    # Stored without the fields its columns hold (lean_payload): the sync restores them.
    payload_text = lean_payload.stored(payload, (request["nik"], request["name"], request["request_type"],
                                                 request["purpose"], station_id))
    nik, request_type = request["nik"], request["request_type"]
    key = new_key()
    year = now.year
    try:
        if allocate_id is None and office_save.usable(db):
            # An office database: the same statements, in two round trips (office_save).
            allocated: list[int] = []

            def build(queue_no: int, seq: int, request_id: int, prev_seq: int, prev_hash: str):
                allocated[:] = [queue_no, seq]
                number = format_number(pattern, seq, station_id, office, now)
                ctx = IssueContext(kind, number, queue_no, seq, year, now, request_id, station_id, office, payload)
                jws, valid_until = _checked_issue(issue(ctx), kind)
                details = {"kind": kind, "nik": mask_nik(nik), "number": number, "queue_no": queue_no}
                event = audit.next_event(db, audit.chain_of(db), prev_seq, prev_hash, stamp, clerk.name,
                                         "intake.saved", str(request_id), canonical_json(details))
                inserts = [
                    office_save.insert("requests", dict(
                        id=request_id, idempotency_key=key, station_id=station_id, clerk_id=clerk.id, nik=nik,
                        request_type=request_type, purpose=request["purpose"], name=request["name"],
                        state=State.QUEUED.value, payload=payload_text, local=canonical_json(local),
                        warnings=canonical_json(list(warnings)), queue_year=year, queue_no=queue_no,
                        created_at=stamp, attempts=0, updated_at=stamp, doc_number=number, doc_kind=kind,
                    )),
                    office_save.insert("sukets", dict(
                        request_id=request_id, kind=kind, number=number, station_id=station_id, year=year, seq=seq,
                        issued_at=stamp, valid_until=valid_until.isoformat() if valid_until else None, jws=jws,
                        copies=0, superseded=False,
                    ), returning="id"),
                    office_save.insert("audit_events", event),
                ]
                done = (request_id, queue_no, kind, number, jws, valid_until, key, 0, now, year, seq, event["seq"])
                return inserts, done

            def while_committing():
                return note_numbers(year, {QUEUE: allocated[0], kind: allocated[1]})

            use(db)
            fields, rows = office_save.save(db, station_id=station_id, year=year, kind=kind, build=build,
                                            while_committing=while_committing if note_numbers else None)
            fields = list(fields)
            fields[7] = rows[1][0]  # the Suket's id
            return Enqueued(*fields)
        with write_tx(db):
            # No look for an open request of this NIK first: the database's unique index
            # refuses a second one (also from another counter at the same instant), and
            # the refusal is explained below. One round trip less on every save.
            queue_no = next_value(db, station_id, year, QUEUE)
            seq = next_value(db, station_id, year, kind)
            number = format_number(pattern, seq, station_id, office, now)
            chosen = {"id": allocate_id(db)} if allocate_id is not None else {}
            # The row is written with its Suket's number already in it, so the trigger
            # that keeps it (migration 11) has nothing to change: one write of the row,
            # of its number index and of its search entry, not two.
            request_id = insert_row(db, Request, dict(
                **chosen, idempotency_key=key, station_id=station_id, clerk=clerk.id, nik=nik, request_type=request_type,
                purpose=request["purpose"], name=request["name"], state=State.QUEUED, payload=payload_text,
                local=local, warnings=list(warnings), queue_year=year, queue_no=queue_no, created_at=stamp,
                updated_at=stamp, doc_number=number, doc_kind=kind,
            ))
            ctx = IssueContext(kind, number, queue_no, seq, year, now, request_id, station_id, office, payload)
            jws, valid_until = _checked_issue(issue(ctx), kind)
            suket_id = insert_row(db, Suket, dict(
                request=request_id, kind=kind, number=number, station_id=station_id, year=year, seq=seq,
                issued_at=stamp, valid_until=valid_until, jws=jws,
            ))
            # In this transaction, not a savepoint of its own: two statements less a save.
            audit_seq = audit.append_held(
                db, clerk.name, "intake.saved", request_id,
                {"kind": kind, "nik": mask_nik(nik), "number": number, "queue_no": queue_no}, now, at=stamp,
            )
    except peewee.IntegrityError as exc:
        raise _explain_integrity(db, exc, nik, request_type) from exc
    return Enqueued(request_id, queue_no, kind, number, jws, valid_until, key, suket_id, now, year, seq, audit_seq)


def new_key() -> str:
    """A request's idempotency key: a random (version 4) UUID as 32 hex digits.

    ``uuid.uuid4().hex`` spelled out: the same bits set, without building a UUID object
    and running its checks on every save.
    """
    value = int.from_bytes(os.urandom(16), "big")
    value = (value & ~_UUID_FIXED_BITS) | _UUID4_BITS
    return f"{value:032x}"


# The version (4) and the RFC 4122 variant, where ``uuid.UUID(..., version=4)`` puts them.
_UUID_FIXED_BITS = (0xF000 << 64) | (0xC000 << 48)
_UUID4_BITS = (4 << 76) | (0x8000 << 48)


def _check_request(request: dict[str, Any]) -> None:
    for name in _REQUIRED_TEXT:
        value = request.get(name)
        if not isinstance(value, str) or not value:
            raise QueueError("storage.request_incomplete", field=name)
    if not isinstance(request.get("biometrics_recorded"), bool):
        raise QueueError("storage.request_incomplete", field="biometrics_recorded")


def _checked_issue(result: Any, kind: str) -> tuple[str | None, dt.date | None]:
    try:
        jws, valid_until = result
    except (TypeError, ValueError):
        raise QueueError("storage.issue_invalid", kind=kind) from None
    if valid_until is not None and not isinstance(valid_until, dt.date):
        raise QueueError("storage.issue_invalid", kind=kind)
    if isinstance(valid_until, dt.datetime):
        valid_until = valid_until.date()
    if kind == "suket" and (not isinstance(jws, str) or not jws or valid_until is None):
        raise QueueError("storage.issue_invalid", kind=kind)
    if jws is not None and not isinstance(jws, str):
        raise QueueError("storage.issue_invalid", kind=kind)
    return jws, valid_until


def _refuse_duplicate(db: peewee.Database, nik: str, request_type: str, besides: int | None = None) -> None:
    """Raise when the NIK has an open request of this type (other than ``besides``).

    The database enforces the same rule with a unique partial index, so two
    counters saving the same NIK at the same moment cannot both succeed; this
    check comes first to name the request that is in the way.
    """
    use(db)
    query = (Request.select(Request.id, Request.queue_no, Request.state, Request.doc_number, Request.claimed_by)
             .where((Request.nik == nik) & (Request.request_type == request_type) & OPEN))
    if besides is not None:
        query = query.where(Request.id != besides)
    row = query.limit(1).tuples().first()
    if row:
        request_id, queue_no, state, number, claimed_by = row
        raise DuplicateOpenRequest(
            nik=nik, request_type=request_type, request_id=request_id, queue_no=queue_no, number=number,
            state=str(shown_state(state, claimed_by)),
        )


def _explain_integrity(db: peewee.Database, exc: Exception, nik: str, request_type: str) -> Exception:
    """A constraint the friendly checks did not foresee (another writer, a changed pattern)."""
    text = str(exc)
    if "sukets.number" in text or "sukets_number" in text:
        return QueueError("storage.number_taken")
    if "requests.nik" in text or "requests_one_open" in text:
        try:
            _refuse_duplicate(db, nik, request_type)
        except DuplicateOpenRequest as duplicate:
            return duplicate
        except peewee.DatabaseError:
            pass  # the transaction is aborted (PostgreSQL): the constraint's name says enough
        return DuplicateOpenRequest(
            nik=nik, request_type=request_type, request_id=0, queue_no=0, number="", state=State.QUEUED.value
        )
    return exc


def get_suket(db: peewee.Database, suket_id: int) -> SuketView | None:
    use(db)
    row = Suket.select(Suket.request).where(Suket.id == suket_id).tuples().first()
    if row is None:
        return None
    view = get_request(db, row[0])
    return view.suket if view and view.suket and view.suket.id == suket_id else None


def set_pdf_path(db: peewee.Database, suket_id: int, path: str) -> None:
    """Remember where the slip's PDF was saved (for reprints and support)."""
    with write_tx(db):
        done = Suket.update(pdf_path=str(path)).where(Suket.id == suket_id).execute()
    if not done:
        raise QueueError("storage.suket_not_found")


def record_reprint(
    db: peewee.Database, suket_id: int, supervisor: User, reason: str, now: dt.datetime | None = None
) -> int:
    """Count one reprint (a supervisor's decision, with a reason); returns its copy number (1, 2...)."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise QueueError("storage.reason_required")
    now = now or dt.datetime.now(dt.timezone.utc)
    with write_tx(db):
        require_supervisor(db, supervisor)
        row = (backend.locked(Suket.select(Suket.number, Suket.copies, Suket.superseded), db)
               .where(Suket.id == suket_id).tuples().first())
        if row is None:
            raise QueueError("storage.suket_not_found")
        number, copies, superseded = row
        if superseded:
            raise QueueError("storage.suket_superseded", number=number)
        copy = copies + 1
        Suket.update(copies=copy).where(Suket.id == suket_id).execute()
        audit.append(db, supervisor.name, "suket.reprinted", number, {"copy": copy, "reason": reason}, now)
    return copy
