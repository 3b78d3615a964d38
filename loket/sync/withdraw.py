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
from loket.sync.client import BadReply, Reply

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
    results = reply.json_object().get("results")
    if not isinstance(results, list):
        raise BadReply("results_missing")
    by_key: dict[str, dict] = {}
    for entry in results:
        if not isinstance(entry, dict) or not isinstance(entry.get("idempotency_key"), str):
            raise BadReply("result_without_key")
        by_key[entry["idempotency_key"]] = entry
    answers = []
    for pending in page:
        entry = by_key.get(pending.item_key)
        if entry is None:
            raise BadReply("result_missing_for_item")
        status = entry.get("status")
        if status not in ANSWERS:
            raise BadReply(f"unknown_status:{str(status)[:40]}")
        ref, reason = entry.get("central_ref"), entry.get("reason")
        ref = ref[:64] if isinstance(ref, str) and ref.strip() else None
        reason = " ".join(reason.split())[:300] if isinstance(reason, str) and reason.strip() else None
        if status == "refused" and reason is None:
            reason = "refused"
        answers.append(Answer(pending.id, status, ref, reason))
    return answers
