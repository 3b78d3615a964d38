"""Read-only views of requests and their Sukets, as plain frozen dataclasses.

Screens and the printer get these instead of peewee rows: they can cross threads,
carry no lazy database access, and decode the JSON columns once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import peewee

from loket.storage.models import OPEN_STATES, STATES, parse_utc_text, use


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


# The newest document of each request (a request normally has exactly one).
_SELECT = """
SELECT r.id, r.idempotency_key, r.station_id, u.name, r.nik, r.name, r.request_type, r.purpose,
       r.state, r.queue_year, r.queue_no, r.created_at, r.updated_at, r.payload, r.local,
       r.warnings, r.attempts, r.last_error, r.central_ref, r.synced_at,
       s.id, s.kind, s.number, s.issued_at, s.valid_until, s.jws, s.pdf_path, s.copies, s.superseded
FROM requests r
JOIN users u ON u.id = r.clerk_id
LEFT JOIN sukets s ON s.id = (SELECT MAX(id) FROM sukets WHERE request_id = r.id)
"""


def _time(text: str | None) -> dt.datetime | None:
    return parse_utc_text(text) if text else None


def _row_to_view(row: tuple) -> RequestView:
    (rid, key, station, clerk, nik, name, rtype, purpose, state, qyear, qno, created, updated,
     payload, local, warnings, attempts, last_error, central_ref, synced_at,
     sid, kind, number, issued_at, valid_until, jws, pdf_path, copies, superseded) = row
    suket = None
    if sid is not None:
        suket = SuketView(
            id=sid,
            kind=kind,
            number=number,
            issued_at=parse_utc_text(issued_at),
            valid_until=dt.date.fromisoformat(valid_until) if valid_until else None,
            jws=jws,
            pdf_path=pdf_path,
            copies=copies,
            superseded=bool(superseded),
        )
    return RequestView(
        id=rid, idempotency_key=key, station_id=station, clerk_name=clerk, nik=nik, name=name,
        request_type=rtype, purpose=purpose, state=state, queue_year=qyear, queue_no=qno,
        created_at=parse_utc_text(created), updated_at=parse_utc_text(updated),
        payload=json.loads(payload), local=json.loads(local), warnings=json.loads(warnings),
        attempts=attempts, last_error=last_error, central_ref=central_ref, synced_at=_time(synced_at),
        suket=suket,
    )


def select_views(db: peewee.Database, where: str = "", params: tuple = (), tail: str = "") -> list[RequestView]:
    use(db)
    sql = _SELECT + (f" WHERE {where}" if where else "") + (f" {tail}" if tail else "")
    return [_row_to_view(row) for row in db.execute_sql(sql, params).fetchall()]


def get_request(db: peewee.Database, request_id: int) -> RequestView | None:
    found = select_views(db, "r.id = ?", (request_id,))
    return found[0] if found else None


def find_open(db: peewee.Database, nik: str, request_type: str) -> RequestView | None:
    """The open request (not completed, not void) of this type for this NIK, if any."""
    marks = ", ".join("?" for _ in OPEN_STATES)
    found = select_views(
        db, f"r.nik = ? AND r.request_type = ? AND r.state IN ({marks})", (nik, request_type, *OPEN_STATES)
    )
    return found[0] if found else None


def recent_requests(db: peewee.Database, station_id: str, limit: int = 50) -> list[RequestView]:
    """This station's latest requests, newest first."""
    return select_views(db, "r.station_id = ?", (station_id, max(1, int(limit))), "ORDER BY r.id DESC LIMIT ?")


def search_requests(db: peewee.Database, text: str, limit: int = 50) -> list[RequestView]:
    """By NIK prefix (digits) or name prefix (anything else), newest first.

    Prefix ranges instead of LIKE, so the nik and name indexes are used.
    """
    text = " ".join(text.split()).upper()
    if not text:
        return []
    column = "r.nik" if text.isdigit() else "r.name"
    return select_views(
        db,
        f"{column} >= ? AND {column} < ?",
        (text, text + "\U0010ffff", max(1, int(limit))),
        "ORDER BY r.id DESC LIMIT ?",
    )


def counts_by_state(db: peewee.Database) -> dict[str, int]:
    """How many requests are in each state (every state present, zeros included)."""
    use(db)
    counts = dict.fromkeys(STATES, 0)
    for state, count in db.execute_sql("SELECT state, COUNT(*) FROM requests GROUP BY state").fetchall():
        counts[state] = count
    return counts
