"""The outbox as the sync engine sees it: claim a batch, record what central answered.

Claiming stamps items with the run's id and time (``claimed_by``, ``claimed_at``) and
leaves their state ``queued``: the state moves once, when central answers, so a claim
rewrites no entry of the indexes that start with ``state`` (``storage.claims``; a
claimed row is shown as ``sending``). The claim is made inside one write transaction, so two sync runs (the app and a ``loket sync``
from a scheduler, or two counters of an office) never pick the same item: SQLite's
write lock is whole, and on PostgreSQL the claim locks its rows and skips rows
another run is claiming (``FOR UPDATE SKIP LOCKED``).
A run that dies mid-batch leaves its items claimed; the next run takes them
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
from loket.storage import answer_rows, audit, backend, lean_payload
from loket.storage.claims import being_sent
from loket.storage.db import write_tx
from loket.storage.schema_steps import urgency_sql
from loket.storage.models import Request, Suket, canonical_json, use, utc_text
from loket.storage.states import PENDING_SEND, State

# A claim older than this is taken over even if its process may still be alive
# (a sync on another PC, when the database is shared).
CLAIM_LEASE = dt.timedelta(minutes=2)
MAX_BATCH = 500  # the protocol's limit per call
SEND_RESULTS = ("accepted", "duplicate", "rejected", "conflict")

# Spelled as the desk's urgency index spells it (literals, not parameters), so a claim
# reads the queue in that index's order and stops at ``limit`` rows; any other spelling
# sorts every queued row on every claim, and a sync of N items costs N^2.
_URGENCY = peewee.SQL(urgency_sql(URGENT_PURPOSES))


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
        return _windows_process_is_gone(pid)  # os.kill(pid, 0) would end the process there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # exists, owned by someone else
    return False


def _windows_process_is_gone(pid: int) -> bool:
    """Windows: asks the kernel about the process without touching it.

    A process that cannot be opened because no such process exists is gone; one that
    can be opened is gone once it has an exit code. Anything else (access denied, a
    process that happens to exit with 259, STILL_ACTIVE) counts as alive: the lease
    covers it.
    """
    import ctypes
    from ctypes import wintypes

    query_limited_information, still_active, invalid_parameter = 0x1000, 259, 87
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.GetExitCodeProcess.restype = wintypes.BOOL
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == invalid_parameter
    try:
        code = wintypes.DWORD()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value != still_active
    finally:
        kernel32.CloseHandle(handle)


def _stale_claimers(db: peewee.Database, cutoff: str) -> list[str | None]:
    # Read in the small partial index of claims (only rows being sent are in it).
    rows = (Request.select(Request.claimed_by, peewee.fn.MIN(Request.claimed_at).coerce(False))
            .where(being_sent(db)).group_by(Request.claimed_by).tuples())
    return [who for who, oldest in rows if oldest is None or oldest < cutoff or _claim_is_dead(who)]


def pending_count(db: peewee.Database, station_id: str | None = None) -> int:
    """Items waiting to be sent (queued, or being sent by a run)."""
    use(db)
    query = Request.select().where(Request.state.in_(PENDING_SEND))
    if station_id is not None:
        query = query.where(Request.station_id == station_id)
    return query.count()


def claim_batch(db: peewee.Database, runner: str, limit: int, now: dt.datetime,
                station_id: str | None = None) -> list[OutboxItem]:
    """Claim up to ``limit`` (at most 500) items in queue order; stale claims are taken over.

    ``station_id`` limits the claim to one station's items (an office database holds
    every counter's; each is sent under its own station's credentials).
    """
    limit = max(1, min(int(limit), MAX_BATCH))
    stamp = utc_text(now)
    cutoff = utc_text(now - CLAIM_LEASE)
    with write_tx(db):
        stale = _stale_claimers(db, cutoff)
        free = Request.claimed_by.is_null()
        if stale:
            free = free | Request.claimed_by.in_(stale)
        eligible = (Request.state == State.QUEUED) & free
        if station_id is not None:
            eligible = eligible & (Request.station_id == station_id)
        # The order is decided on the requests table alone (small rows, the state
        # index); only the chosen few are joined with their Suket.
        chosen = (Request.select(Request.id).where(eligible)
                  .order_by(_URGENCY, Request.created_at, Request.id).limit(limit))
        ids = [row[0] for row in backend.claimable(chosen, db).tuples()]
        if not ids:
            return []
        (Request.update(claimed_by=runner, claimed_at=stamp, attempts=Request.attempts + 1, updated_at=stamp)
         .where(Request.id.in_(ids)).execute())
        rows = list(db.execute(item_rows().where(Request.id.in_(ids))).fetchall())
    position = {request_id: index for index, request_id in enumerate(ids)}
    rows.sort(key=lambda row: position[row[0]])
    return [outbox_item(row) for row in rows]


def item_rows() -> peewee.Select:
    """What an item is built from, as stored (no conversions): the request with its newest
    document. A supervisor's correction of a sealed field issues a new Suket, and central
    must get the seal that names the corrected record."""
    doc = Suket.alias("doc")
    newer = Suket.alias("newer")
    newest_id = newer.select(peewee.fn.MAX(newer.id)).where(newer.request == Request.id)
    return (Request.select(Request.id, Request.idempotency_key, Request.payload, doc.number, doc.issued_at,
                           doc.valid_until, doc.jws, doc.kind, *lean_payload.COLUMNS)
            .join(doc, peewee.JOIN.LEFT_OUTER, on=(doc.id == newest_id)))


def outbox_item(row: tuple) -> OutboxItem:
    """The item as the engine posts it (a hand-delivery bundle writes the same bytes)."""
    request_id, key, payload, number, issued_at, valid_until, jws, kind, *columns = row
    payload = lean_payload.restored_text(payload, tuple(columns))  # the bytes intake built
    suket = "null"
    if kind == "suket" and jws:
        suket = canonical_json({
            "number": number,
            "issued_at": _protocol_time(issued_at),
            "valid_until": valid_until if isinstance(valid_until, str) or valid_until is None
            else valid_until.isoformat(),
            "jws": jws,
        })
    text = f'{{"idempotency_key":{canonical_json(key)},"request":{payload},"suket":{suket}}}'
    return OutboxItem(request_id, key, text)


def _protocol_time(stored: str | dt.datetime) -> str:
    """``2018-07-12T08:30:00.000000Z`` (stored) -> ``2018-07-12T08:30:00Z`` (the protocol's form)."""
    if isinstance(stored, dt.datetime):
        stored = utc_text(stored)
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
            synced.append((central_ref, stamp, item.request_id))
        else:
            stuck.append((status, reason, stamp, item.request_id, runner))
        setattr(applied, status, getattr(applied, status) + 1)
    with write_tx(db):
        mine = (Request.state == State.QUEUED) & (Request.claimed_by == runner)
        answer_rows.mark_synced(db, runner, synced)
        answer_rows.record_attempts(db, attempts)
        # A refused request needs a person: each gets its own audit event, with central's reason.
        for status, reason, _, request_id, _ in stuck:
            changed = (Request.update(state=State(status), last_error=reason, updated_at=stamp, claimed_by=None,
                                      claimed_at=None)
                       .where(mine & (Request.id == request_id)).execute())
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
    ids = [item.request_id for item in items]
    with write_tx(db):
        (Request.update(last_error=reason, updated_at=stamp, claimed_by=None, claimed_at=None)
         .where((Request.state == State.QUEUED) & (Request.claimed_by == runner) & Request.id.in_(ids))
         .execute())
        answer_rows.record_attempts(db, [(request_id, run_id, stamp, result, reason) for request_id in ids])


def release_all(db: peewee.Database, runner: str, now: dt.datetime) -> int:
    """Whatever this run still holds goes back to the queue (the run is ending)."""
    stamp = utc_text(now)
    with write_tx(db):
        return (Request.update(updated_at=stamp, claimed_by=None, claimed_at=None)
                .where((Request.state == State.QUEUED) & (Request.claimed_by == runner)).execute())


def synced_refs_after(db: peewee.Database, after_id: int, limit: int, station_id: str | None = None,
                      synced_before: str | None = None) -> list[tuple[int, str]]:
    """Synced requests with a central reference, by id (keyset paging for the status pull).

    ``synced_before`` (stored UTC text): only those synced earlier. A request synced in
    the run that is pulling was just answered; asking again at once would be a second
    round trip for news that cannot exist yet.
    """
    use(db)
    # The state as the synced rows' partial index spells it (``storage.lean_indexes``).
    synced = Request.state == peewee.SQL(f"'{State.SYNCED.value}'")
    query = (Request.select(Request.id, Request.central_ref)
             .where(synced & Request.central_ref.is_null(False) & (Request.id > after_id)))
    if station_id is not None:
        query = query.where(Request.station_id == station_id)
    if synced_before is not None:
        query = query.where(Request.synced_at < synced_before)
    return list(query.order_by(Request.id).limit(limit).tuples())


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
                new_state, error = State.COMPLETED, None
            elif status == "rejected":
                new_state, error = State.REJECTED, reason or "rejected"
            else:
                continue
            changes = {Request.state: new_state, Request.updated_at: stamp}
            if error is not None:
                changes[Request.last_error] = error
            changed = (Request.update(changes)
                       .where((Request.id == request_id) & (Request.state == State.SYNCED)).execute())
            if not changed:
                continue
            if new_state is State.COMPLETED:
                completed += 1
                Suket.update(superseded=True).where(Suket.request == request_id).execute()
            else:
                rejected += 1
            answer_rows.record_attempts(db, [(request_id, run_id, stamp, status, reason)])
            details = {"from": "synced", "central_status": status}
            if reason:
                details["reason"] = reason
            audit.append(db, "sync", f"request.{new_state}", request_id, details, now)
    return completed, rejected
