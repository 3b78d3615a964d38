"""Withdrawals on the wire: ``POST /v1/requests/withdraw``, an addition to protocol v1.

The body names each record by the idempotency key it was sent under (and its
``central_ref`` when known), with the supervisor's reason; central answers one
result per key: ``cancelled``, ``not_held`` or ``refused`` with a reason
(``card_printed``). A central that does not know the call (an older one) answers
404, 405 or 501: every withdrawal in the call is settled ``unsupported``, so the
station is never left waiting for an answer that cannot come.
"""

from __future__ import annotations

from loket.storage.fate import Answer, PendingWithdrawal
from loket.sync.client import Reply

MAX_ITEMS = 250  # with reasons of up to 500 characters, well under central's 256 KiB for a small body
# What a server answers for a call it does not have.
UNKNOWN_CALL = (404, 405, 501)
ANSWERS = ("cancelled", "not_held", "refused")


def body(page: list[PendingWithdrawal]) -> dict:
    items, seen = [], set()
    for pending in page:
        if pending.item_key in seen:
            continue  # the same record asked twice goes once; both get its answer
        seen.add(pending.item_key)
        items.append({"idempotency_key": pending.item_key, "central_ref": pending.central_ref,
                      "reason": pending.reason[:500]})
    return {"items": items}


def unsupported(page: list[PendingWithdrawal]) -> list[Answer]:
    return [Answer(pending.id, "unsupported", None, "unsupported") for pending in page]


def read_answers(reply: Reply, page: list[PendingWithdrawal]) -> list[Answer]:
    """One ``Answer`` per pending withdrawal, matched by key; a reply that does not fit
    the addition raises ``BadReply`` and nothing is settled."""
    from loket.sync.results import entries_by_key, text

    answers = []
    for pending, entry in zip(page, entries_by_key(reply, [p.item_key for p in page], ANSWERS)):
        status, reason = entry["status"], text(entry.get("reason"))
        if status == "refused" and reason is None:
            reason = "refused"
        answers.append(Answer(pending.id, status, text(entry.get("central_ref"), 64), reason))
    return answers
