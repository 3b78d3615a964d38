"""Is there already an open request for this NIK? A small read for the intake form.

The form asks as soon as the 16 digits are typed, so the clerk learns of a
duplicate before typing the rest; saving still refuses one in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from loket.storage.claims import shown_state
from loket.storage.models import Request, Suket, use
from loket.storage.open_key import OPEN


@dataclass(frozen=True)
class OpenRequest:
    request_type: str
    queue_no: int
    state: str
    number: str  # the last slip's number, "" if none


def find_open_requests(db: peewee.Database, nik: str, excluding: int | None = None) -> list[OpenRequest]:
    """The NIK's open requests (any type), oldest first; ``excluding`` a request being corrected."""
    use(db)
    found = []
    where = (Request.nik == nik) & OPEN
    if excluding is not None:
        where &= Request.id != excluding
    query = (Request.select(Request.id, Request.request_type, Request.queue_no, Request.state, Request.claimed_by)
             .where(where))
    query = query.order_by(Request.id)
    for row in query:
        slip = Suket.select(Suket.number).where(Suket.request == row.id).order_by(Suket.id.desc()).first()
        state = str(shown_state(row.state, row.claimed_by))
        found.append(OpenRequest(row.request_type, row.queue_no, state, slip.number if slip else ""))
    return found
