"""The outbox as the sync engine sees it: claim a batch, record what central answered.

Claiming moves items from ``queued`` to ``sending`` and stamps them with the run's
id, inside one ``BEGIN IMMEDIATE`` transaction, so two sync runs (the app and a
``loket sync`` from a scheduler) never pick the same item at the same moment.
A run that dies mid-batch leaves its items in ``sending``; the next run takes them
back once the claim is stale (its process is gone, or the lease ran out) and sends
them again with the same idempotency keys, which central answers ``duplicate``.

Nothing here deletes a request: every move is an UPDATE guarded by the claim.
The queue's order is urgency first (a purpose with a deadline), then age.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sys
from dataclasses import dataclass

import peewee

from loket.intake.record import URGENT_PURPOSES
from loket.storage import audit
from loket.storage.db import write_tx
from loket.storage.models import utc_text

# A claim older than this is taken over even if its process may still be alive
# (a sync on another PC, when the database is shared).
CLAIM_LEASE = dt.timedelta(minutes=2)
MAX_BATCH = 500  # the protocol's limit per call
SEND_RESULTS = ("accepted", "duplicate", "rejected", "conflict")

_URGENT = ", ".join(f"'{purpose}'" for purpose in URGENT_PURPOSES)
_ORDER = f"CASE WHEN r.purpose IN ({_URGENT}) THEN 0 ELSE 1 END, r.created_at, r.id"


@dataclass(frozen=True)
class OutboxItem:
    request_id: int
    idempotency_key: str
    # The item exactly as the protocol wants it, as JSON text: built from the stored
    # canonical payload, so a retry sends the very same bytes.
    json: str


def runner_id() -> str:
    """Who holds a claim: host, process and a per-run tag."""
    import uuid

    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claim_is_dead(claimed_by: str) -> bool:
    """True when the claiming process ran on this host and is gone."""
    host, _, rest = claimed_by.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    if sys.platform == "win32":
        return False  # os.kill(pid, 0) would end the process there; the lease covers it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # exists, owned by someone else
    return False


def _stale_claimers(db: peewee.Database, cutoff: str) -> list[str]:
    rows = db.execute_sql(
        "SELECT DISTINCT claimed_by, MIN(claimed_at) FROM requests WHERE state = 'sending' GROUP BY claimed_by"
    ).fetchall()
    return [who for who, oldest in rows if who is None or oldest < cutoff or _claim_is_dead(who)]


def pending_count(db: peewee.Database) -> int:
    """Items waiting to be sent (queued, or being sent by a run)."""
    (count,) = db.execute_sql("SELECT COUNT(*) FROM requests WHERE state IN ('queued', 'sending')").fetchone()
    return count


def claim_batch(db: peewee.Database, runner: str, limit: int, now: dt.datetime) -> list[OutboxItem]:
    """Claim up to ``limit`` (at most 500) items in queue order; stale claims are taken over."""
    limit = max(1, min(int(limit), MAX_BATCH))
    stamp = utc_text(now)
    cutoff = utc_text(now - CLAIM_LEASE)
    with write_tx(db):
        stale = _stale_claimers(db, cutoff)
        where = "r.state = 'queued'"
        params: list[object] = []
        if stale:
            named = [who for who in stale if who is not None]
            marks = ", ".join("?" for _ in named)
            takeover = f"r.claimed_by IN ({marks})" if named else "0"
            if None in stale:
                takeover = f"({takeover} OR r.claimed_by IS NULL)"
            where = f"(r.state = 'queued' OR (r.state = 'sending' AND {takeover}))"
            params.extend(named)
        # The order is decided on the requests table alone (small rows, the state
        # index); only the chosen few are joined with their Suket.
        ids = [row[0] for row in db.execute_sql(
            f"SELECT r.id FROM requests r WHERE {where} ORDER BY {_ORDER} LIMIT ?", (*params, limit)
        ).fetchall()]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)  # at most a batch: well under SQLite's 999 parameters
        db.execute_sql(
            "UPDATE requests SET state = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1, "
            f"updated_at = ? WHERE id IN ({marks})",
            (runner, stamp, stamp, *ids),
        )
        # The newest document: a supervisor's correction of a sealed field issues a new
        # Suket, and central must get the seal that names the corrected record.
        rows = db.execute_sql(
            "SELECT r.id, r.idempotency_key, r.payload, s.number, s.issued_at, s.valid_until, s.jws, s.kind "
            "FROM requests r LEFT JOIN sukets s ON s.id = (SELECT MAX(id) FROM sukets WHERE request_id = r.id) "
            f"WHERE r.id IN ({marks})",
            ids,
        ).fetchall()
    position = {request_id: index for index, request_id in enumerate(ids)}
    rows.sort(key=lambda row: position[row[0]])
    return [outbox_item(row) for row in rows]


def outbox_item(row: tuple) -> OutboxItem:
    """The item as the engine posts it (a hand-delivery bundle writes the same bytes)."""
    request_id, key, payload, number, issued_at, valid_until, jws, kind = row
    from loket.storage.models import canonical_json

    suket = "null"
    if kind == "suket" and jws:
        suket = canonical_json({
            "number": number,
            "issued_at": _protocol_time(issued_at),
            "valid_until": valid_until,
            "jws": jws,
        })
    text = f'{{"idempotency_key":{canonical_json(key)},"request":{payload},"suket":{suket}}}'
    return OutboxItem(request_id, key, text)


def _protocol_time(stored: str) -> str:
    """``2018-07-12T08:30:00.000000Z`` (stored) -> ``2018-07-12T08:30:00Z`` (the protocol's form)."""
    return stored[:19] + "Z"


@dataclass
class Applied:
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    conflict: int = 0


def apply_results(
    db: peewee.Database,
    runner: str,
    run_id: int,
    results: list[tuple[OutboxItem, str, str | None, str | None]],
    now: dt.datetime,
) -> Applied:
    """Store central's verdicts: ``(item, status, central_ref, reason)`` per item, in one transaction.

    Only items this run still holds are changed: if a slow run lost its claim to
    another, the other run's answer (the same, by idempotency) stands.
    """
    stamp = utc_text(now)
    applied = Applied()
    synced, stuck, attempts = [], [], []
    for item, status, central_ref, reason in results:
        attempts.append((item.request_id, run_id, stamp, status, reason))
        if status in ("accepted", "duplicate"):
            synced.append((central_ref, stamp, stamp, item.request_id, runner))
        else:
            stuck.append((status, reason, stamp, item.request_id, runner))
        setattr(applied, status, getattr(applied, status) + 1)
    with write_tx(db):
        cursor = db.cursor()
        cursor.executemany(
            "UPDATE requests SET state = 'synced', central_ref = ?, synced_at = ?, updated_at = ?, "
            "last_error = NULL, claimed_by = NULL, claimed_at = NULL "
            "WHERE id = ? AND state = 'sending' AND claimed_by = ?",
            synced,
        )
        cursor.executemany(
            "INSERT INTO sync_attempts (request_id, run_id, at, result, reason) VALUES (?, ?, ?, ?, ?)", attempts
        )
        # A refused request needs a person: each gets its own audit event, with central's reason.
        for status, reason, _, request_id, holder in stuck:
            changed = db.execute_sql(
                "UPDATE requests SET state = ?, last_error = ?, updated_at = ?, claimed_by = NULL, "
                "claimed_at = NULL WHERE id = ? AND state = 'sending' AND claimed_by = ?",
                (status, reason, stamp, request_id, holder),
            ).rowcount
            if changed:
                audit.append(db, "sync", f"request.{status}", request_id, {"from": "sending", "reason": reason}, now)
    return applied


def release(
    db: peewee.Database, runner: str, run_id: int, items: list[OutboxItem], result: str, reason: str,
    now: dt.datetime,
) -> None:
    """Give claimed items back to the queue (no answer, or the whole call refused).

    They keep their idempotency keys, so sending them again can never store them twice.
    """
    stamp = utc_text(now)
    with write_tx(db):
        cursor = db.cursor()
        cursor.executemany(
            "UPDATE requests SET state = 'queued', last_error = ?, updated_at = ?, claimed_by = NULL, "
            "claimed_at = NULL WHERE id = ? AND state = 'sending' AND claimed_by = ?",
            [(reason, stamp, item.request_id, runner) for item in items],
        )
        cursor.executemany(
            "INSERT INTO sync_attempts (request_id, run_id, at, result, reason) VALUES (?, ?, ?, ?, ?)",
            [(item.request_id, run_id, stamp, result, reason) for item in items],
        )


def release_all(db: peewee.Database, runner: str, now: dt.datetime) -> int:
    """Whatever this run still holds goes back to the queue (the run is ending)."""
    stamp = utc_text(now)
    with write_tx(db):
        return db.execute_sql(
            "UPDATE requests SET state = 'queued', updated_at = ?, claimed_by = NULL, claimed_at = NULL "
            "WHERE state = 'sending' AND claimed_by = ?",
            (stamp, runner),
        ).rowcount


def synced_refs_after(db: peewee.Database, after_id: int, limit: int) -> list[tuple[int, str]]:
    """Synced requests with a central reference, by id (keyset paging for the status pull)."""
    return db.execute_sql(
        "SELECT id, central_ref FROM requests WHERE state = 'synced' AND central_ref IS NOT NULL AND id > ? "
        "ORDER BY id LIMIT ?",
        (after_id, limit),
    ).fetchall()


def apply_statuses(
    db: peewee.Database, run_id: int, updates: list[tuple[int, str, str | None]], now: dt.datetime
) -> tuple[int, int]:
    """Central's progress on synced requests: ``(request_id, status, reason)``.

    ``card_printed`` completes the request (its Suket is superseded: the e-KTP is
    ready); ``rejected`` after the fact sends it to a supervisor. Other statuses
    change nothing here. Returns (completed, rejected).
    """
    stamp = utc_text(now)
    completed = rejected = 0
    with write_tx(db):
        for request_id, status, reason in updates:
            if status == "card_printed":
                new_state, error = "completed", None
            elif status == "rejected":
                new_state, error = "rejected", reason or "rejected"
            else:
                continue
            changed = db.execute_sql(
                "UPDATE requests SET state = ?, last_error = COALESCE(?, last_error), updated_at = ? "
                "WHERE id = ? AND state = 'synced'",
                (new_state, error, stamp, request_id),
            ).rowcount
            if not changed:
                continue
            if new_state == "completed":
                completed += 1
                db.execute_sql("UPDATE sukets SET superseded = ? WHERE request_id = ?", (True, request_id))
            else:
                rejected += 1
            db.execute_sql(
                "INSERT INTO sync_attempts (request_id, run_id, at, result, reason) VALUES (?, ?, ?, ?, ?)",
                (request_id, run_id, stamp, status, reason),
            )
            details = {"from": "synced", "central_status": status}
            if reason:
                details["reason"] = reason
            audit.append(db, "sync", f"request.{new_state}", request_id, details, now)
    return completed, rejected
