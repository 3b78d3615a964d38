"""``POST /v1/requests/batch``: shape checks, then judging, then one transaction.

Shape errors (not JSON, no ``items`` list, an item that is not an object...)
refuse the whole call with a message naming the culprit (``items[3].request``);
content errors reject just that item. Only items whose key is new are judged:
a retry of a stored item is compared, not re-validated.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from loket.central.canon import BatchEntry

MAX_ITEMS = 500
MAX_BYTES = 2 * 1024 * 1024
KEY_MAX = 200


class BadBatch(ValueError):
    """The body is not a batch; the message says which part is wrong."""


class BatchTooLarge(Exception):
    pass


def _reject_constant(name: str) -> None:
    raise BadBatch(f"{name} is not valid JSON")


def parse_json(raw: bytes) -> Any:
    """Strict JSON: UTF-8, no NaN or Infinity (they have no canonical form)."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise BadBatch("the body is not UTF-8 text") from None
    except RecursionError:
        raise BadBatch("the body nests too deeply") from None
    except ValueError as exc:
        if isinstance(exc, BadBatch):
            raise
        raise BadBatch(f"the body is not valid JSON ({exc})") from None


def parse_batch(body: Any) -> list[BatchEntry]:
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise BadBatch('the body must be a JSON object with an "items" list')
    items = body["items"]
    if len(items) > MAX_ITEMS:
        raise BatchTooLarge()
    entries = []
    for index, item in enumerate(items):
        where = f"items[{index}]"
        if not isinstance(item, dict):
            raise BadBatch(f"{where} must be an object")
        key = item.get("idempotency_key")
        if not isinstance(key, str) or not key.strip() or len(key) > KEY_MAX:
            raise BadBatch(f"{where}.idempotency_key must be a non-empty string of at most {KEY_MAX} characters")
        if not isinstance(item.get("request"), dict):
            raise BadBatch(f"{where}.request must be an object (the intake record)")
        suket = item.get("suket")
        if suket is not None and not isinstance(suket, dict):
            raise BadBatch(f"{where}.suket must be an object or null")
        entries.append(BatchEntry(key, item["request"], suket))
    return entries


def run_batch(store, station, entries: list[BatchEntry], server_today: dt.date | None = None,
              judges=None) -> list[dict[str, Any]]:
    """Judge what is new (on ``judges``' worker processes when given), then decide and
    store everything in one transaction."""
    from loket.central.checks import judge

    server_today = server_today or dt.date.today()
    stored = store.stored_keys([entry.idempotency_key for entry in entries])
    jwks = store.signing_keys(station.station_id)
    new = {index: entry for index, entry in enumerate(entries) if entry.idempotency_key not in stored}
    if judges is not None:
        verdicts = judges.verdicts(station.station_id, jwks, server_today, new)
    else:
        verdicts = {index: judge(entry, station.station_id, jwks, server_today) for index, entry in new.items()}
    return store.record_batch(station, entries, verdicts)
