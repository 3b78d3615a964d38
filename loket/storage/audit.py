"""The append-only, hash-chained audit log.

Each event's hash covers the previous event's hash and its own fields, so changing,
removing or reordering any event breaks every hash after it. Triggers in the
database refuse UPDATE and DELETE on the table; the chain catches whatever gets
past them (someone who drops the triggers and edits the file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import peewee

from loket.storage.db import write_tx
from loket.storage.models import canonical_json, use, utc_text

GENESIS_HASH = "0" * 64

_INSERT = (
    "INSERT INTO audit_events (id, at, actor, action, subject, details, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int  # events in the log
    first_bad_id: int | None = None
    code: str | None = None  # hash_mismatch | link_broken | id_gap
    problem: str | None = None  # ``code`` in words, for people


def event_hash(prev_hash: str, event_id: int, at: str, actor: str, action: str, subject: str, details: str) -> str:
    """sha256 over the previous hash and the canonical JSON of this event's fields."""
    fields = canonical_json(
        {"id": event_id, "at": at, "actor": actor, "action": action, "subject": subject, "details": details}
    )
    return hashlib.sha256((prev_hash + fields).encode("utf-8")).hexdigest()


def append(
    db: peewee.Database,
    actor: str,
    action: str,
    subject: object,
    details: dict | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Add one event; returns its id.

    Joins the caller's transaction when there is one, so the event commits or rolls
    back with the change it records. The chain head is read inside the write lock,
    so two processes cannot both append after the same event.
    """
    at = utc_text(now or dt.datetime.now(dt.timezone.utc))
    details_text = canonical_json(details or {})
    subject_text = str(subject)
    with write_tx(db):
        head = db.execute_sql("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
        prev_id, prev_hash = head if head else (0, GENESIS_HASH)
        event_id = prev_id + 1
        digest = event_hash(prev_hash, event_id, at, actor, action, subject_text, details_text)
        db.execute_sql(_INSERT, (event_id, at, actor, action, subject_text, details_text, prev_hash, digest))
    return event_id


def verify_chain(db: peewee.Database) -> ChainReport:
    """Recompute every hash in id order; report the first event that does not fit."""
    from loket.i18n import t

    use(db)
    with db.atomic():  # one read snapshot, while other processes may keep appending
        (count,) = db.execute_sql("SELECT COUNT(*) FROM audit_events").fetchone()
        cursor = db.execute_sql(
            "SELECT id, at, actor, action, subject, details, prev_hash, hash FROM audit_events ORDER BY id"
        )
        expected_id, running = 1, GENESIS_HASH
        for event_id, at, actor, action, subject, details, prev_hash, stored in cursor:
            code = None
            if event_id != expected_id:
                code = "id_gap"
            elif prev_hash != running:
                code = "link_broken"
            elif event_hash(prev_hash, event_id, at, actor, action, subject, details) != stored:
                code = "hash_mismatch"
            if code:
                return ChainReport(False, count, event_id, code, t(f"storage.audit.{code}"))
            expected_id, running = event_id + 1, stored
    return ChainReport(True, count)


def recent_events(db: peewee.Database, limit: int = 50) -> list[dict]:
    """The newest events first, for a supervisor's screen."""
    import json

    use(db)
    rows = db.execute_sql(
        "SELECT id, at, actor, action, subject, details FROM audit_events ORDER BY id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [
        {"id": i, "at": at, "actor": actor, "action": action, "subject": subject, "details": json.loads(details)}
        for i, at, actor, action, subject, details in rows
    ]
