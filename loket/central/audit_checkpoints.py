"""Stations' signed audit checkpoints, as central receives and keeps them.

A batch may carry ``audit_checkpoint``: the compact JWS of the station's newest
audit checkpoint (loket/audit_seal.py). Central checks it with the station's
registered, unrevoked key and keeps the newest per station and chain; the reply
says what became of it. A checkpoint older than the one held, or a different hash
at the same event, is kept out and logged: that station's log went back or was
rewritten. ``GET /v1/stations/{id}/audit-checkpoint`` gives a station its copy.
"""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger("loket.central")


def receive(store, station_id: str, token: object) -> dict[str, Any]:
    """Check and keep ``token``; the batch reply's ``audit_checkpoint`` member."""
    from loket.audit_seal import read, signed_by

    checkpoint = read(token)
    if checkpoint is None:
        return {"status": "refused", "reason": "not_a_checkpoint"}
    if checkpoint.station_id != station_id:
        return {"status": "refused", "reason": "wrong_station"}
    rows = store._query("SELECT jwk, revoked_at FROM station_keys WHERE station_id = ? AND kid = ?",
                        (station_id, checkpoint.kid))
    if not rows or rows[0][1] is not None:
        return {"status": "refused", "reason": "unknown_key" if not rows else "key_revoked"}
    if not signed_by(checkpoint, json.loads(rows[0][0])):
        return {"status": "refused", "reason": "bad_signature"}
    from loket.central.store import utc_now

    with store._transaction() as conn:
        held = conn.execute("SELECT seq, hash FROM audit_checkpoints WHERE station_id = ? AND chain = ?",
                            (station_id, checkpoint.chain)).fetchone()
        if held is None or held[0] < checkpoint.seq:
            conn.execute(
                "INSERT OR REPLACE INTO audit_checkpoints (station_id, chain, seq, hash, at, kid, jws, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (station_id, checkpoint.chain, checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.kid,
                 checkpoint.jws, utc_now()))
            return {"status": "stored", "seq": checkpoint.seq}
    if held[0] == checkpoint.seq and held[1] == checkpoint.hash:
        return {"status": "known", "seq": held[0]}
    status = "older" if held[0] > checkpoint.seq else "conflict"
    log.warning("audit checkpoint from %s (chain %r) is %s: event %d here, %d sent", station_id,
                checkpoint.chain, status, held[0], checkpoint.seq)
    return {"status": status, "seq": held[0]}


def held(store, station_id: str) -> list[dict[str, Any]]:
    """What central keeps for ``station_id``: one entry per chain."""
    rows = store._query("SELECT chain, seq, hash, at, kid, jws, received_at FROM audit_checkpoints"
                        " WHERE station_id = ? ORDER BY chain", (station_id,))
    names = ("chain", "seq", "hash", "at", "kid", "jws", "received_at")
    return [dict(zip(names, row)) for row in rows]
