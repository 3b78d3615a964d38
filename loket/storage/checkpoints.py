"""The audit chains' signed checkpoints, as the database keeps them.

A checkpoint names a chain's head (its ``seq`` and ``hash``) and carries the
station key's signature over them (a compact JWS, made in loket/audit_seal.py:
storage never holds a key). Rows are append-only, like the log they vouch for.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from loket.storage.audit import GENESIS_HASH, event_hash
from loket.storage.db import write_tx
from loket.storage.models import AuditCheckpoint, AuditEvent, Station, use


@dataclass(frozen=True)
class StoredCheckpoint:
    chain: str
    seq: int
    hash: str
    at: str
    reason: str
    jws: str


def head(db: peewee.Database, chain: str) -> tuple[int, str]:
    """The chain's newest event (seq, hash); (0, genesis) for an empty chain."""
    use(db)
    row = (AuditEvent.select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.chain == chain)
           .order_by(AuditEvent.seq.desc()).limit(1).tuples().first())
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def hash_at(db: peewee.Database, chain: str, seq: int) -> str | None:
    """The stored hash of event ``seq`` of ``chain``, or None when there is no such event."""
    use(db)
    row = (AuditEvent.select(AuditEvent.hash).where((AuditEvent.chain == chain) & (AuditEvent.seq == seq))
           .tuples().first())
    return row[0] if row else None


def links_after(db: peewee.Database, chain: str, seq: int, digest: str) -> tuple[int, str] | None:
    """Follow ``chain`` from event ``seq`` (whose hash is ``digest``) to its head.

    Returns the head (seq, hash) when every later event is in place and hashes
    right; None when one is missing or does not fit.
    """
    use(db)
    rows = (AuditEvent.select(AuditEvent.seq, AuditEvent.at, AuditEvent.actor, AuditEvent.action,
                              AuditEvent.subject, AuditEvent.details, AuditEvent.prev_hash, AuditEvent.hash)
            .where((AuditEvent.chain == chain) & (AuditEvent.seq > seq)).order_by(AuditEvent.seq).tuples())
    expected, running = seq + 1, digest
    for event_seq, at, actor, action, subject, details, prev_hash, stored in rows.iterator():
        if (event_seq != expected or prev_hash != running
                or event_hash(prev_hash, event_seq, at, actor, action, subject, details) != stored):
            return None
        expected, running = event_seq + 1, stored
    return expected - 1, running


def record(db: peewee.Database, checkpoint: StoredCheckpoint) -> None:
    use(db)
    with write_tx(db):
        AuditCheckpoint.insert(chain=checkpoint.chain, seq=checkpoint.seq, hash=checkpoint.hash,
                               at=checkpoint.at, reason=checkpoint.reason, jws=checkpoint.jws).execute()


def latest(db: peewee.Database, chain: str) -> StoredCheckpoint | None:
    """The stored checkpoint with the highest ``seq`` for ``chain`` (not yet checked)."""
    use(db)
    row = (AuditCheckpoint.select(AuditCheckpoint.chain, AuditCheckpoint.seq, AuditCheckpoint.hash,
                                  AuditCheckpoint.at, AuditCheckpoint.reason, AuditCheckpoint.jws)
           .where(AuditCheckpoint.chain == chain)
           .order_by(AuditCheckpoint.seq.desc(), AuditCheckpoint.id.desc()).limit(1).tuples().first())
    return StoredCheckpoint(*row) if row else None


def every_checkpoint(db: peewee.Database) -> list[StoredCheckpoint]:
    use(db)
    rows = (AuditCheckpoint.select(AuditCheckpoint.chain, AuditCheckpoint.seq, AuditCheckpoint.hash,
                                   AuditCheckpoint.at, AuditCheckpoint.reason, AuditCheckpoint.jws)
            .order_by(AuditCheckpoint.chain, AuditCheckpoint.seq, AuditCheckpoint.id).tuples())
    return [StoredCheckpoint(*row) for row in rows]


def chain_heads(db: peewee.Database) -> dict[str, int]:
    """Every chain that has events, with its newest ``seq``."""
    use(db)
    rows = (AuditEvent.select(AuditEvent.chain, peewee.fn.MAX(AuditEvent.seq))
            .group_by(AuditEvent.chain).tuples())
    return {chain: seq for chain, seq in rows}


def station_jwk(db: peewee.Database, station_id: str) -> str | None:
    """A counter's public JWK (JSON text) as the office database registered it."""
    use(db)
    row = Station.select(Station.public_jwk).where(Station.station_id == station_id).tuples().first()
    return row[0] if row else None
