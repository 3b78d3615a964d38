"""``POST /v1/requests/withdraw``: a station takes back what it sent (an addition to protocol v1).

A supervisor voided a request central holds, or sent a conflicting one again under
a new key: the station names the record by the idempotency key it was sent under.
Per key, one answer:

- ``cancelled``: central held it and has withdrawn it; it will never be printed
  (its status reads ``rejected``, reason ``withdrawn``, and its Suket number is free
  for the request sent again);
- ``not_held``: central has nothing of this station's under that key. The key is
  kept as withdrawn, so a send of it still on its way is refused (``rejected``,
  reason ``withdrawn``), never stored;
- ``refused`` with ``reason: card_printed``: too late, the e-KTP exists.

Asking again gives the same answer: the first withdrawal of a key is kept, with its
reason and time.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from loket.central.batch import KEY_MAX, BadBatch

MAX_ITEMS = 500
REASON_MAX = 500
WITHDRAWN = "withdrawn"  # the status reason of a withdrawn item, and the rejection of a late send


def parse_withdrawals(body: Any) -> list[tuple[str, str]]:
    """``(idempotency_key, reason)`` per item; ``BadBatch`` names what is wrong."""
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise BadBatch('the body must be a JSON object with an "items" list')
    if len(body["items"]) > MAX_ITEMS:
        raise BadBatch(f"at most {MAX_ITEMS} items per call")
    parsed = []
    for index, item in enumerate(body["items"]):
        where = f"items[{index}]"
        if not isinstance(item, dict):
            raise BadBatch(f"{where} must be an object")
        key, reason = item.get("idempotency_key"), item.get("reason")
        if not isinstance(key, str) or not key.strip() or len(key) > KEY_MAX:
            raise BadBatch(f"{where}.idempotency_key must be a non-empty string of at most {KEY_MAX} characters")
        if not isinstance(reason, str) or not reason.strip() or len(reason) > REASON_MAX:
            raise BadBatch(f"{where}.reason must be a non-empty string of at most {REASON_MAX} characters: "
                           "a record is never withdrawn without a reason")
        ref = item.get("central_ref")
        if ref is not None and not isinstance(ref, str):
            raise BadBatch(f"{where}.central_ref must be a string or null")
        parsed.append((key, " ".join(reason.split())))
    return parsed


def withdraw(store, station_id: str, items: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Decide and store every withdrawal of the call in one transaction; one result per item."""
    from loket.central.store import utc_now

    now = utc_now()
    results = []
    with store.transaction() as conn:
        for key, reason in items:
            results.append(_one(conn, station_id, key, reason, now))
    return results


def _one(conn: sqlite3.Connection, station_id: str, key: str, reason: str, now: str) -> dict[str, Any]:
    def answer(status: str, ref: str | None = None, why: str | None = None) -> dict[str, Any]:
        return {"idempotency_key": key, "status": status, "central_ref": ref, "reason": why}

    done = conn.execute("SELECT station_id, central_ref FROM withdrawals WHERE idempotency_key = ?",
                        (key,)).fetchone()
    if done is not None and done[0] == station_id:
        return answer("cancelled" if done[1] else "not_held", done[1])
    item = conn.execute("SELECT station_id, central_ref, status FROM items WHERE idempotency_key = ?",
                        (key,)).fetchone()
    if done is not None or (item is not None and item[0] != station_id):
        return answer("not_held")  # another station's key: nothing of this station's to withdraw
    if item is None:
        conn.execute("INSERT INTO withdrawals VALUES (?, ?, NULL, ?, ?)", (key, station_id, reason, now))
        return answer("not_held")
    _, ref, status = item
    if status == "card_printed":
        return answer("refused", ref, "card_printed")
    conn.execute("UPDATE items SET status = 'rejected', status_reason = ?, updated_at = ? WHERE idempotency_key = ?",
                 (WITHDRAWN, now, key))
    conn.execute("INSERT INTO withdrawals VALUES (?, ?, ?, ?, ?)", (key, station_id, ref, reason, now))
    return answer("cancelled", ref)


def withdrawn_keys(conn: sqlite3.Connection, keys: list[str]) -> set[str]:
    """Which of these keys were withdrawn before they were ever stored."""
    found: set[str] = set()
    for start in range(0, len(keys), 400):
        chunk = keys[start:start + 400]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT idempotency_key FROM withdrawals WHERE central_ref IS NULL "
                            f"AND idempotency_key IN ({marks})", chunk)
        found.update(row[0] for row in rows)
    return found
