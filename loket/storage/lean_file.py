"""Station migration 10's table rebuild: the audit log without its doubled unique index.

Migration 1 made ``prev_hash`` unique on its own, so that a chain could not fork;
migration 5 moved that rule to ``(chain, prev_hash)`` (every chain starts from the
same genesis hash) and dropped the column's constraint on PostgreSQL, but SQLite
cannot drop a constraint without rebuilding the table, so every SQLite file kept
both indexes: the same 64 hex characters per event indexed twice, about 8 MB per
100,000 requests (``bench/bench_file_size.py``). This rebuild is SQLite's own
recipe (new table, copy, drop, rename) inside the migration's write transaction:
the same columns in the same order, the same values, the same indexes and
append-only triggers; only the column's UNIQUE is gone. On PostgreSQL there is
nothing to do.
"""

from __future__ import annotations

import peewee

from loket.storage import backend

_COLUMNS = "id, at, actor, action, subject, details, prev_hash, hash, chain, seq"


def rebuild_audit_events(db: peewee.Database, *, no_update: str, no_delete: str) -> None:
    """SQLite: ``audit_events`` again, without the column-level UNIQUE on ``prev_hash``."""
    if backend.is_postgres(db):
        return
    # The triggers go with the table; dropping them first keeps the copy's DROP plain.
    backend.drop_forbid(db, "audit_events", "UPDATE")
    backend.drop_forbid(db, "audit_events", "DELETE")
    db.execute_sql("""
        CREATE TABLE audit_events_lean (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor VARCHAR(64) NOT NULL,
            action VARCHAR(64) NOT NULL,
            subject VARCHAR(128) NOT NULL,
            details TEXT NOT NULL,
            prev_hash CHAR(64) NOT NULL,
            hash CHAR(64) NOT NULL,
            chain VARCHAR(32) NOT NULL DEFAULT '',
            seq BIGINT
        )""")
    db.execute_sql(f"INSERT INTO audit_events_lean ({_COLUMNS}) SELECT {_COLUMNS} FROM audit_events ORDER BY id")
    db.execute_sql("DROP TABLE audit_events")
    db.execute_sql("ALTER TABLE audit_events_lean RENAME TO audit_events")
    db.execute_sql("CREATE INDEX audit_events_subject ON audit_events (subject)")
    db.execute_sql("CREATE UNIQUE INDEX audit_events_chain_seq ON audit_events (chain, seq)")
    db.execute_sql("CREATE UNIQUE INDEX audit_events_chain_prev ON audit_events (chain, prev_hash)")
    backend.forbid(db, "audit_events", "UPDATE", no_update)
    backend.forbid(db, "audit_events", "DELETE", no_delete)
