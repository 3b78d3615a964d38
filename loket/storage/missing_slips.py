"""The one query crash recovery needs: current slips whose PDF was never saved.

A request, its Suket or receipt and the audit event commit together; the PDF is
rendered and saved just after. A crash (or a power cut) in between leaves a saved
request with no slip, which only this query finds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from loket.storage.models import Request, State, Suket, use


@dataclass(frozen=True)
class MissingSlip:
    suket_id: int
    request_id: int
    kind: str
    number: str


def current_without_pdf(db: peewee.Database, issued_before: dt.datetime,
                        station_id: str | None = None) -> list[MissingSlip]:
    """Slips (not superseded, request not void) issued before ``issued_before`` with no PDF path.

    ``station_id``: only that counter's (an office database holds every counter's; each
    PC renders its own slips).
    """
    use(db)
    query = (Suket.select(Suket.id, Suket.request, Suket.kind, Suket.number)
             .join(Request)
             .where(Suket.pdf_path.is_null(), Suket.superseded == False,  # noqa: E712 (SQL expression)
                    Request.state != State.VOID, Suket.issued_at < issued_before)
             .order_by(Suket.id))
    if station_id is not None:
        query = query.where(Suket.station_id == station_id)
    return [MissingSlip(row.id, row.request_id, row.kind, row.number) for row in query]
