"""How a person tells one request from another: the words that name it in a message.

A supervisor and a citizen know a request by its Suket (or receipt) number and the
resident's name, or by its queue number while it has no document; the row id is
the database's and is never shown (``loket.i18n.notice``).
"""

from __future__ import annotations

import peewee

from loket.i18n.notice import RequestName
from loket.storage.models import Request, use


def name_of(db: peewee.Database, request_id: object) -> RequestName | None:
    """The words naming ``request_id``, or None when there is no such request."""
    if not isinstance(request_id, int) or isinstance(request_id, bool):
        return None
    use(db)
    row = (Request.select(Request.name, Request.queue_no, Request.doc_number, Request.doc_kind)
           .where(Request.id == request_id).tuples().first())
    if row is None:
        return None
    name, queue_no, number, kind = row
    return RequestName(name, queue_no, number, kind)

