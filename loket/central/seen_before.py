"""How central answers an item whose key or Suket number it has stored before.

The same item again is a ``duplicate`` answered with the stored ``central_ref``, so a
station that resends after a lost answer learns where its item went; anything else
under a known key or Suket number is a ``conflict`` naming what differs. Never a second
record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loket.central.canon import BatchEntry, first_difference

if TYPE_CHECKING:
    from loket.central.store import StoredItem


def suket_number(entry: BatchEntry) -> str | None:
    number = (entry.suket or {}).get("number")
    return number if isinstance(number, str) and number else None


def same_suket_result(stored: StoredItem, entry: BatchEntry) -> dict[str, Any]:
    """A Suket number this station already sent under another key: the same item again is a
    duplicate (answered with the stored ``central_ref``), anything else a conflict naming
    ``suket.number``. Never a second record."""
    key = entry.idempotency_key
    if stored.payload_hash == entry.payload_hash:
        return {"idempotency_key": key, "status": "duplicate", "central_ref": stored.central_ref, "reason": None}
    return {"idempotency_key": key, "status": "conflict", "central_ref": None, "reason": "suket.number"}


def retry_result(stored: StoredItem, entry: BatchEntry, station_id: str) -> dict[str, Any]:
    """A key seen before: the same item again is a duplicate, anything else a conflict."""
    key = entry.idempotency_key
    if stored.station_id != station_id:
        # Keys are the station's UUIDs; one used by another station is never "the same item".
        return {"idempotency_key": key, "status": "conflict", "central_ref": None, "reason": "idempotency_key"}
    if stored.payload_hash == entry.payload_hash:
        return {"idempotency_key": key, "status": "duplicate", "central_ref": stored.central_ref, "reason": None}
    differs = first_difference({"request": stored.request, "suket": stored.suket},
                               {"request": entry.request, "suket": entry.suket})
    return {"idempotency_key": key, "status": "conflict", "central_ref": None, "reason": differs or "payload"}
