"""A request's payload as stored: without the fields its own columns already hold.

The payload is the record central gets, as canonical JSON (sorted keys, no spaces).
Five of its fields (``nik``, ``name``, ``request_type``, ``purpose``, ``station_id``)
are also columns of ``requests``, which the desk sorts, searches and indexes by, so
storing them twice cost about 135 bytes a request (``bench/bench_file_size.py``).
A field is left out of the stored text only when its value equals the column's, and
put back when the payload is read; canonical JSON of the same keys and values is the
same bytes, so the record posted to central, written to a bundle or compared is
byte-for-byte the one intake built. A stored payload that still holds a field (rows
written before station migration 10, or by hand) is read as it is.
"""

from __future__ import annotations

import json
from typing import Any

import peewee

from loket.storage.models import Request, canonical_json

# The payload fields kept in their own columns, in the order of ``COLUMNS``.
FIELDS = ("nik", "name", "request_type", "purpose", "station_id")
COLUMNS = (Request.nik, Request.name, Request.request_type, Request.purpose, Request.station_id)


def stored(payload: dict[str, Any], columns: tuple) -> str:
    """The text to store for ``payload`` when the row's ``columns`` (as ``FIELDS``) hold these values."""
    own = dict(zip(FIELDS, columns))
    return canonical_json({key: value for key, value in payload.items() if not (key in own and own[key] == value)})


def restored(text: str, columns: tuple) -> dict[str, Any]:
    """The payload as intake built it, from its stored text and the row's ``columns``."""
    payload = json.loads(text)
    for key, value in zip(FIELDS, columns):
        payload.setdefault(key, value)
    return payload


def restored_text(text: str, columns: tuple) -> str:
    """The canonical JSON central gets: the very bytes intake built."""
    payload = json.loads(text)
    if all(key in payload for key in FIELDS):
        return text  # stored whole (before migration 10): already those bytes
    for key, value in zip(FIELDS, columns):
        payload.setdefault(key, value)
    return canonical_json(payload)


def lean_every_payload(db: peewee.Database, batch: int = 2000) -> int:
    """Station migration 10: store every request's payload without its column fields.
    Returns how many rows changed. Runs inside the migration's transaction."""
    mark = db.param
    update = f"UPDATE requests SET payload = {mark} WHERE id = {mark}"
    changed, after = 0, 0
    while True:
        rows = db.execute_sql(
            f"SELECT id, payload, {', '.join(FIELDS)} FROM requests WHERE id > {mark} ORDER BY id LIMIT {batch}",
            (after,)).fetchall()
        if not rows:
            return changed
        updates = []
        for request_id, text, *columns in rows:
            lean = stored(json.loads(text), tuple(columns))
            if lean != text:
                updates.append((lean, request_id))
        if updates:
            db.cursor().executemany(update, updates)
            changed += len(updates)
        after = rows[-1][0]
