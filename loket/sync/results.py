"""Reading central's per-item answers, trusting nothing about their shape.

A reply that does not fit the protocol raises ``BadReply``: the run stops and
the items go back to the queue untouched, rather than being marked on a guess.
"""

from __future__ import annotations

from loket.storage.outbox import SEND_RESULTS, OutboxItem
from loket.sync.client import BadReply, Reply

CENTRAL_STATUSES = ("received", "verified", "card_printed", "rejected")


def _text(value: object, limit: int = 300) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(value.split())[:limit]


def read_batch_results(reply: Reply, chunk: list[OutboxItem]) -> list[tuple[OutboxItem, str, str | None, str | None]]:
    """``(item, status, central_ref, reason)`` for every item sent, matched by idempotency key."""
    results = reply.json_object().get("results")
    if not isinstance(results, list):
        raise BadReply("results_missing")
    by_key: dict[str, dict] = {}
    for entry in results:
        if not isinstance(entry, dict) or not isinstance(entry.get("idempotency_key"), str):
            raise BadReply("result_without_key")
        by_key[entry["idempotency_key"]] = entry
    verdicts = []
    for item in chunk:
        entry = by_key.get(item.idempotency_key)
        if entry is None:
            raise BadReply("result_missing_for_item")
        status = entry.get("status")
        if status not in SEND_RESULTS:
            raise BadReply(f"unknown_status:{str(status)[:40]}")
        central_ref = _text(entry.get("central_ref"), 64)
        if status in ("accepted", "duplicate") and central_ref is None:
            raise BadReply("central_ref_missing")
        reason = _text(entry.get("reason"))
        if status in ("rejected", "conflict") and reason is None:
            reason = status  # a person will still see that central refused it
        verdicts.append((item, status, central_ref, reason))
    return verdicts


def read_statuses(reply: Reply, request_ids: dict[str, int]) -> list[tuple[int, str, str | None]]:
    """``(request_id, status, reason)`` for the refs asked about; unknown statuses are skipped."""
    statuses = reply.json_object().get("statuses")
    if not isinstance(statuses, list):
        raise BadReply("statuses_missing")
    updates = []
    for entry in statuses:
        if not isinstance(entry, dict):
            raise BadReply("status_not_object")
        request_id = request_ids.get(entry.get("central_ref"))
        status = entry.get("status")
        if request_id is None or status not in CENTRAL_STATUSES:
            continue  # a status this version does not know yet changes nothing
        updates.append((request_id, status, _text(entry.get("reason"))))
    return updates
