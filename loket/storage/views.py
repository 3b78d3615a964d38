"""Read-only views of requests and their Sukets, as plain frozen dataclasses.

Screens and the printer get these instead of peewee rows: they can cross threads,
carry no lazy database access, and decode the JSON columns once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import peewee

from loket.storage import backend
from loket.storage.lean_payload import restored
from loket.storage.claims import count_claimed, shown_state, split_counts
from loket.storage.models import OPEN_STATES, STATES, Request, State, Suket, User, use
from loket.storage.open_key import OPEN


@dataclass(frozen=True)
class SuketView:
    id: int
    kind: str  # "suket" or "receipt"
    number: str
    issued_at: dt.datetime
    valid_until: dt.date | None
    jws: str | None
    pdf_path: str | None
    copies: int  # reprints made so far
    superseded: bool


@dataclass(frozen=True)
class RequestView:
    id: int
    idempotency_key: str
    station_id: str
    clerk_name: str
    nik: str
    name: str
    request_type: str
    purpose: str
    state: str
    queue_year: int
    queue_no: int
    created_at: dt.datetime
    updated_at: dt.datetime
    payload: dict[str, Any]
    local: dict[str, Any]
    warnings: list[str]
    attempts: int
    last_error: str | None
    central_ref: str | None
    synced_at: dt.datetime | None
    suket: SuketView | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def _select() -> peewee.Select:
    """Requests with their clerk's name and their newest document (normally the only one)."""
    doc = Suket.alias("doc")
    newer = Suket.alias("newer")
    newest_id = newer.select(peewee.fn.MAX(newer.id)).where(newer.request == Request.id)
    return (
        Request.select(
            Request.id, Request.idempotency_key, Request.station_id, User.name, Request.nik, Request.name,
            Request.request_type, Request.purpose, Request.state, Request.queue_year, Request.queue_no,
            Request.created_at, Request.updated_at, Request.payload, Request.local, Request.warnings,
            Request.attempts, Request.last_error, Request.central_ref, Request.synced_at,
            doc.id, doc.kind, doc.number, doc.issued_at, doc.valid_until, doc.jws, doc.pdf_path, doc.copies,
            doc.superseded, Request.claimed_by,
        )
        .join(User, on=(User.id == Request.clerk))
        .join(doc, peewee.JOIN.LEFT_OUTER, on=(doc.id == newest_id))
        .tuples()
    )


def _row_to_view(row: tuple) -> RequestView:
    (rid, key, station, clerk, nik, name, rtype, purpose, state, qyear, qno, created, updated,
     payload, local, warnings, attempts, last_error, central_ref, synced_at,
     sid, kind, number, issued_at, valid_until, jws, pdf_path, copies, superseded, claimed_by) = row
    suket = None
    if sid is not None:
        suket = SuketView(
            id=sid, kind=kind, number=number, issued_at=issued_at, valid_until=_date(valid_until), jws=jws,
            pdf_path=pdf_path, copies=copies, superseded=bool(superseded),
        )
    return RequestView(
        id=rid, idempotency_key=key, station_id=station, clerk_name=clerk, nik=nik, name=name,
        request_type=rtype, purpose=purpose, state=shown_state(state, claimed_by), queue_year=qyear, queue_no=qno,
        created_at=created, updated_at=updated, payload=restored(payload, (nik, name, rtype, purpose, station)), local=local, warnings=warnings,
        attempts=attempts, last_error=last_error, central_ref=central_ref, synced_at=synced_at, suket=suket,
    )


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def select_views(db: peewee.Database, where: peewee.Expression | None = None,
                 order: tuple = (), limit: int | None = None) -> list[RequestView]:
    use(db)
    query = _select()
    if where is not None:
        query = query.where(where)
    if order:
        query = query.order_by(*order)
    if limit is not None:
        query = query.limit(limit)
    return [_row_to_view(row) for row in query]


def get_request(db: peewee.Database, request_id: int) -> RequestView | None:
    found = select_views(db, Request.id == request_id)
    return found[0] if found else None


def find_open(db: peewee.Database, nik: str, request_type: str) -> RequestView | None:
    """The open request (not completed, not void) of this type for this NIK, if any."""
    found = select_views(
        db, (Request.nik == nik) & (Request.request_type == request_type) & OPEN
    )
    return found[0] if found else None


def recent_requests(db: peewee.Database, station_id: str, limit: int = 50) -> list[RequestView]:
    """This station's latest requests, newest first."""
    # Walked by id from the newest, the station checked on each row: a SQLite file holds
    # one station's rows and has no station index (migration 16); the office keeps one.
    return select_views(db, backend.unindexed(Request.station_id, db) == station_id, (Request.id.desc(),),
                        max(1, int(limit)))


def search_requests(db: peewee.Database, text: str, limit: int = 50) -> list[RequestView]:
    """By NIK prefix (digits) or name prefix (anything else), newest first.

    Prefix ranges instead of LIKE, so the desk's nik and name indexes are used.
    """
    text = " ".join(text.split()).upper()
    if not text:
        return []
    column = Request.nik if text.isdigit() else Request.name
    # Every state named, so SQLite walks the desk's (state, nik) or (state, name) index.
    where = (column >= text) & (column < text + "\U0010ffff") & Request.state.in_(STATES)
    return select_views(db, where, (Request.id.desc(),), max(1, int(limit)))


def counts_by_state(db: peewee.Database) -> dict[str, int]:
    """How many requests are in each state (every state present, zeros included)."""
    use(db)
    counts = dict.fromkeys(STATES, 0)
    query = Request.select(Request.state, peewee.fn.COUNT(Request.id)).group_by(Request.state).tuples()
    for state, count in query:
        counts[State(state)] = count
    split_counts(counts, count_claimed(db))
    return counts
