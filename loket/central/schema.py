"""Central's database schema, numbered: each step runs once, in order, in one transaction.

A file written by a newer version (a higher number than this code knows) is
refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (
        """CREATE TABLE stations (
            station_id TEXT PRIMARY KEY,
            office_code TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
            revoke_reason TEXT,
            revoked_at TEXT,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE station_keys (
            station_id TEXT NOT NULL REFERENCES stations(station_id),
            kid TEXT NOT NULL,
            jwk TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            UNIQUE (station_id, kid)
        )""",
        """CREATE TABLE items (
            idempotency_key TEXT PRIMARY KEY,
            station_id TEXT NOT NULL REFERENCES stations(station_id),
            central_ref TEXT NOT NULL UNIQUE,
            request TEXT NOT NULL,
            suket TEXT,
            payload_hash TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('received', 'verified', 'card_printed', 'rejected')),
            status_reason TEXT,
            received_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX items_station ON items (station_id)",
        # One running number per office: central_ref C7373-00000001, C7373-00000002...
        """CREATE TABLE ref_counters (
            office_code TEXT PRIMARY KEY,
            last_number INTEGER NOT NULL
        )""",
    )),
    # The trust list (GET /v1/keys): a key can be revoked on its own, and central signs
    # the list with a key of its own, made once.
    (2, (
        "ALTER TABLE station_keys ADD COLUMN revoked_at TEXT",
        "ALTER TABLE station_keys ADD COLUMN revoke_reason TEXT",
        """CREATE TABLE trust_signer (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private_pem TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    )),
    # One record per sealed Suket: a station's Suket number may come under a second
    # idempotency key (a restored backup, a re-keyed queue), and must not be stored
    # twice. An item central rejected leaves the index, so a corrected request may
    # carry the same number. An older file keeps its first copy of each number.
    (3, (
        "ALTER TABLE items ADD COLUMN suket_number TEXT",
        """UPDATE items SET suket_number = json_extract(suket, '$.number')
           WHERE rowid IN (SELECT MIN(rowid) FROM items
                           WHERE suket IS NOT NULL AND status != 'rejected'
                           GROUP BY station_id, json_extract(suket, '$.number'))""",
        """CREATE UNIQUE INDEX items_station_suket ON items (station_id, suket_number)
           WHERE suket_number IS NOT NULL AND status != 'rejected'""",
    )),
    # Withdrawals a station asked for (POST /v1/requests/withdraw): one row per key, so a
    # repeated call gets the same answer. A key withdrawn before it ever arrived is kept
    # too (central_ref NULL): a send still on its way is then refused, never stored.
    (4, (
        """CREATE TABLE withdrawals (
            idempotency_key TEXT PRIMARY KEY,
            station_id TEXT NOT NULL REFERENCES stations(station_id),
            central_ref TEXT,
            reason TEXT NOT NULL,
            withdrawn_at TEXT NOT NULL
        )""",
    )),
    # Each station's newest signed audit checkpoint per chain (the optional
    # ``audit_checkpoint`` of a batch), so a station's log cut short or rewritten
    # shows against central's copy (``GET /v1/stations/{id}/audit-checkpoint``).
    (5, (
        """CREATE TABLE audit_checkpoints (
            station_id TEXT NOT NULL REFERENCES stations(station_id),
            chain TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL,
            at TEXT NOT NULL,
            kid TEXT NOT NULL,
            jws TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (station_id, chain)
        )""",
    )),
)
LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(Exception):
    def __init__(self, found: int):
        super().__init__(found)
        self.found = found


def current_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema to ``LATEST``; ``conn`` must be in autocommit mode."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
        found = current_version(conn)
        if found > LATEST:
            raise SchemaTooNew(found)
        for version, statements in MIGRATIONS:
            if version <= found:
                continue
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", (version,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
