"""Reading central's per-item answers, trusting nothing about their shape.

A reply that does not fit the protocol raises ``BadReply``: the run stops and
the items go back to the queue untouched, rather than being marked on a guess.
"""

from __future__ import annotations

from loket.storage.outbox import SEND_RESULTS, OutboxItem
from loket.sync.client import BadReply, Reply

CENTRAL_STATUSES = ("received", "verified", "card_printed", "rejected")


def text(value: object, limit: int = 300) -> str | None:
    """A short text field of an answer, its whitespace folded, or None when absent or blank."""
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(value.split())[:limit]


def entries_by_key(reply: Reply, keys: list[str], known: tuple[str, ...]) -> list[dict]:
    """Central's ``results`` entry for each idempotency key sent, in the order of ``keys``;
    every entry must carry a status in ``known``."""
    results = reply.json_object().get("results")
    if not isinstance(results, list):
        raise BadReply("results_missing")
    by_key: dict[str, dict] = {}
    for entry in results:
        if not isinstance(entry, dict) or not isinstance(entry.get("idempotency_key"), str):
            raise BadReply("result_without_key")
        by_key[entry["idempotency_key"]] = entry
    entries = []
    for key in keys:
        entry = by_key.get(key)
        if entry is None:
            raise BadReply("result_missing_for_item")
        if entry.get("status") not in known:
            raise BadReply(f"unknown_status:{str(entry.get('status'))[:40]}")
        entries.append(entry)
    return entries


def read_batch_results(reply: Reply, chunk: list[OutboxItem]) -> list[tuple[OutboxItem, str, str | None, str | None]]:
    """``(item, status, central_ref, reason)`` for every item sent, matched by idempotency key."""
    entries = entries_by_key(reply, [item.idempotency_key for item in chunk], SEND_RESULTS)
    verdicts = []
    for item, entry in zip(chunk, entries):
        status = entry["status"]
        central_ref = text(entry.get("central_ref"), 64)
        if status in ("accepted", "duplicate") and central_ref is None:
            raise BadReply("central_ref_missing")
        reason = text(entry.get("reason"))
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
        updates.append((request_id, status, text(entry.get("reason"))))
    return updates
