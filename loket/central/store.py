"""Central's storage: stations, their signing keys, and every request that arrived.

Plain ``sqlite3`` rather than peewee: the station's peewee models are bound to a
process-wide database, and tests and demos run central in the same process as a
station. WAL with ``synchronous=FULL``: a batch answered ``accepted`` is on disk.
One connection shared by the server's worker threads, so every use holds a lock.

Tokens are never stored, only their sha256, and never logged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loket.central import schema
from loket.central.canon import BatchEntry
from loket.central.seen_before import retry_result, same_suket_result, suket_number
from loket.central.withdraw import withdrawn_keys  # keys withdrawn before they arrived
from loket.config import STATION_ID_RE
from loket.errors import ExplainedError

ITEM_STATUSES = ("received", "verified", "card_printed", "rejected")
OFFICE_CODE_RE = re.compile(r"^\d{4}$")
REASON_MAX = 500
# A status lookup reads a page per ref; SQLite's default 2 MB cache stopped holding them past
# 10,000 items, so each lookup read them from the OS again. Taken only as pages are read.
CACHE_KIB = 128 * 1024


class CentralError(ExplainedError):
    """A refusal a person can act on; ``key`` is its catalog entry, ``code`` its short name."""

    @property
    def code(self) -> str:
        return self.key.rsplit(".", 1)[-1]


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Station:
    station_id: str
    office_code: str
    token_hash: str
    status: str
    revoke_reason: str | None
    revoked_at: str | None
    created_at: str

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class StoredItem:
    idempotency_key: str
    station_id: str
    central_ref: str
    request: dict[str, Any]
    suket: dict[str, Any] | None
    payload_hash: str
    status: str
    status_reason: str | None
    received_at: str
    updated_at: str

    def as_dict(self) -> dict[str, Any]:
        """The form ``GET /_control/requests`` lists."""
        return {
            "idempotency_key": self.idempotency_key,
            "central_ref": self.central_ref,
            "station_id": self.station_id,
            "request": self.request,
            "suket": self.suket,
            "status": self.status,
            "status_reason": self.status_reason,
            "received_at": self.received_at,
            "updated_at": self.updated_at,
        }


_STATION_COLUMNS = "station_id, office_code, token_hash, status, revoke_reason, revoked_at, created_at"
_ITEM_COLUMNS = ("idempotency_key, station_id, central_ref, request, suket, payload_hash, status, "
                 "status_reason, received_at, updated_at")


def _item(row: tuple) -> StoredItem:
    key, station_id, ref, request, suket, digest, status, reason, received, updated = row
    return StoredItem(key, station_id, ref, json.loads(request), None if suket is None else json.loads(suket),
                      digest, status, reason, received, updated)


class CentralStore:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> "CentralStore":
        """Open (creating if needed) central's database; ``CentralError`` says what is wrong."""
        path = Path(path)
        conn = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # see CACHE_KIB
            schema.migrate(conn)
        except schema.SchemaTooNew as exc:
            conn.close()
            raise CentralError("central.db.too_new", path=str(path), found=exc.found, known=schema.LATEST) from None
        except (sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            raise CentralError("central.db.unusable", path=str(path), error=str(exc)) from None
        return cls(conn, path)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front (IMMEDIATE) so it never fails half way on a lock."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def transaction(self):
        """The same write transaction, for a sibling module's statements (``withdraw``)."""
        return self._transaction()

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # -- stations ---------------------------------------------------------------

    def add_station(self, station_id: str, office_code: str | None = None) -> str:
        """Onboard a station; returns its bearer token (shown once, stored only as a hash)."""
        if not isinstance(station_id, str) or not STATION_ID_RE.match(station_id):
            raise CentralError("central.station.bad_id", value=station_id)
        office_code = station_id[:4] if office_code in (None, "") else office_code
        if not isinstance(office_code, str) or not OFFICE_CODE_RE.match(office_code):
            raise CentralError("central.station.bad_office", value=office_code)
        token = secrets.token_urlsafe(32)
        while token.startswith("-"):  # a person pastes it after --token; a leading dash reads as a flag
            token = secrets.token_urlsafe(32)
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM stations WHERE station_id = ?", (station_id,)).fetchone():
                raise CentralError("central.station.exists", station=station_id)
            conn.execute(
                f"INSERT INTO stations ({_STATION_COLUMNS}) VALUES (?, ?, ?, 'active', NULL, NULL, ?)",
                (station_id, office_code, hash_token(token), utc_now()),
            )
        return token

    def station(self, station_id: str) -> Station | None:
        rows = self._query(f"SELECT {_STATION_COLUMNS} FROM stations WHERE station_id = ?", (station_id,))
        return Station(*rows[0]) if rows else None

    def stations(self) -> list[Station]:
        return [Station(*row) for row in self._query(f"SELECT {_STATION_COLUMNS} FROM stations ORDER BY station_id")]

    def authenticate(self, station_id: str, token: str) -> Station | None:
        """The station when ``token`` is its token (revoked or not), else None."""
        station = self.station(station_id)
        if station is None or not hmac.compare_digest(station.token_hash, hash_token(token)):
            return None
        return station

    def _known(self, station_id: str) -> Station:
        station = self.station(station_id)
        if station is None:
            raise CentralError("central.station.unknown", station=station_id)
        return station

    def revoke(self, station_id: str, reason: str) -> Station:
        if not isinstance(reason, str) or not reason.strip() or len(reason) > REASON_MAX:
            raise CentralError("central.station.bad_reason", limit=REASON_MAX)
        self._known(station_id)
        with self._transaction() as conn:
            conn.execute("UPDATE stations SET status = 'revoked', revoke_reason = ?, revoked_at = ? "
                         "WHERE station_id = ?", (reason.strip(), utc_now(), station_id))
        return self._known(station_id)

    def restore(self, station_id: str) -> Station:
        self._known(station_id)
        with self._transaction() as conn:
            conn.execute("UPDATE stations SET status = 'active', revoke_reason = NULL, revoked_at = NULL "
                         "WHERE station_id = ?", (station_id,))
        return self._known(station_id)

    # -- signing keys -------------------------------------------------------------

    def register_key(self, station_id: str, jwk: dict[str, str]) -> bool:
        """Store a public JWK; True if new, False if this very key was already there.

        A different key under the same ``kid`` raises ``CentralError`` (``key_exists``).
        """
        text = json.dumps(jwk, sort_keys=True, separators=(",", ":"))
        with self._transaction() as conn:
            row = conn.execute("SELECT jwk FROM station_keys WHERE station_id = ? AND kid = ?",
                               (station_id, jwk["kid"])).fetchone()
            if row is not None:
                if json.loads(row[0]) == jwk:
                    return False
                raise CentralError("central.key.exists", kid=jwk["kid"])
            conn.execute("INSERT INTO station_keys (station_id, kid, jwk, registered_at) VALUES (?, ?, ?, ?)",
                         (station_id, jwk["kid"], text, utc_now()))
        return True

    def signing_keys(self, station_id: str) -> list[dict[str, str]]:
        rows = self._query("SELECT jwk FROM station_keys WHERE station_id = ? ORDER BY registered_at, kid",
                           (station_id,))
        return [json.loads(row[0]) for row in rows]

    def revoke_key(self, kid: str, reason: str, at: str | None = None) -> str:
        """Mark a signing key revoked (Sukets it signs from that day on fail); returns the time.

        A key stays revoked: revoking again keeps the first time, which is what
        decides which Sukets still pass.
        """
        if not isinstance(reason, str) or not reason.strip() or len(reason) > REASON_MAX:
            raise CentralError("central.station.bad_reason", limit=REASON_MAX)
        with self._transaction() as conn:
            row = conn.execute("SELECT revoked_at FROM station_keys WHERE kid = ?", (kid,)).fetchone()
            if row is None:
                raise CentralError("central.key.unknown", kid=kid)
            if row[0] is not None:
                return row[0]
            when = at or utc_now()
            conn.execute("UPDATE station_keys SET revoked_at = ?, revoke_reason = ? WHERE kid = ?",
                         (when, reason.strip(), kid))
        return when

    def trust_rows(self) -> list[dict[str, Any]]:
        """Every registered key with its station: what the trust list is made of."""
        rows = self._query(
            "SELECT k.jwk, k.revoked_at, s.station_id, s.office_code, s.created_at "
            "FROM station_keys k JOIN stations s ON s.station_id = k.station_id ORDER BY k.kid")
        return [{"jwk": json.loads(jwk), "revoked_at": revoked_at, "station_id": station_id,
                 "office_code": office, "created_at": created} for jwk, revoked_at, station_id, office, created in rows]

    def trust_signer_pem(self) -> bytes:
        """Central's own key for signing the trust list (PKCS#8 PEM), made on first use."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        with self._transaction() as conn:
            row = conn.execute("SELECT private_pem FROM trust_signer WHERE id = 1").fetchone()
            if row is not None:
                return row[0].encode("ascii")
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
            conn.execute("INSERT INTO trust_signer VALUES (1, ?, ?)", (pem.decode("ascii"), utc_now()))
        return pem

    # -- items ------------------------------------------------------------------------

    def stored_keys(self, keys: list[str]) -> set[str]:
        """Which of these idempotency keys are stored (one indexed lookup per 400 keys)."""
        found: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(keys))):
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT idempotency_key FROM items WHERE idempotency_key IN ({marks})", tuple(chunk))
            found.update(row[0] for row in rows)
        return found

    @staticmethod
    def _stored_items(conn: sqlite3.Connection, keys: list[str]) -> dict[str, StoredItem]:
        found: dict[str, StoredItem] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE idempotency_key IN ({marks})", chunk):
                found[row[0]] = _item(row)
        return found

    @staticmethod
    def _stored_sukets(conn: sqlite3.Connection, station_id: str, numbers: list[str | None]) -> dict[str, StoredItem]:
        """This station's stored (not rejected) items by Suket number, for the numbers given."""
        found: dict[str, StoredItem] = {}
        for chunk in _chunks([n for n in dict.fromkeys(numbers) if n is not None]):
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                    f"SELECT {_ITEM_COLUMNS}, suket_number FROM items WHERE station_id = ? "
                    f"AND suket_number IN ({marks}) AND status != 'rejected'", (station_id, *chunk)):
                found[row[-1]] = _item(row[:-1])
        return found

    def record_batch(self, station: Station, entries: list[BatchEntry],
                     verdicts: dict[int, str | None]) -> list[dict[str, Any]]:
        """Decide and store a whole batch in one transaction; returns one result per entry.

        ``verdicts`` holds, by position, for every entry whose key was not stored
        when the batch was checked, the rejection reason or None. A key stored
        meanwhile (earlier in this batch, or by a batch running at the same moment)
        is judged as a retry, like any stored key.

        One lookup for the batch's keys, one read and one write of the office's
        counter, one multi-row insert: the cost per item does not grow with the
        number of items stored before.
        """
        results = []
        now = utc_now()
        station_id, office = station.station_id, station.office_code
        with self._transaction() as conn:
            stored = self._stored_items(conn, [entry.idempotency_key for entry in entries])
            gone = withdrawn_keys(conn, [e.idempotency_key for e in entries if e.idempotency_key not in stored])
            by_number = self._stored_sukets(conn, station_id, [suket_number(entry) for entry in entries])
            row = conn.execute("SELECT last_number FROM ref_counters WHERE office_code = ?", (office,)).fetchone()
            first = number = row[0] if row else 0
            fresh = []
            for index, entry in enumerate(entries):
                key = entry.idempotency_key
                known = stored.get(key)
                if known is not None:
                    results.append(retry_result(known, entry, station_id))
                    continue
                reason = "withdrawn" if key in gone else verdicts[index]
                if reason is not None:
                    results.append({"idempotency_key": key, "status": "rejected", "central_ref": None,
                                    "reason": reason})
                    continue
                sealed_number = suket_number(entry)
                same = None if sealed_number is None else by_number.get(sealed_number)
                if same is not None:
                    results.append(same_suket_result(same, entry))
                    continue
                number += 1
                ref = f"C{office}-{number:08d}"  # one running number per office
                fresh.append((key, station_id, ref, entry.request_json, entry.suket_json, entry.payload_hash,
                              now, now, sealed_number))
                # The same key (or the same Suket) again later in this batch is a retry of this one.
                stored[key] = StoredItem(key, station_id, ref, entry.request, entry.suket, entry.payload_hash,
                                         "received", None, now, now)
                if sealed_number is not None:
                    by_number[sealed_number] = stored[key]
                results.append({"idempotency_key": key, "status": "accepted", "central_ref": ref, "reason": None})
            if fresh:
                conn.executemany(
                    f"INSERT INTO items ({_ITEM_COLUMNS}, suket_number) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'received', NULL, ?, ?, ?)", fresh)
            if number != first:
                conn.execute("INSERT INTO ref_counters VALUES (?, ?) ON CONFLICT (office_code) "
                             "DO UPDATE SET last_number = excluded.last_number", (office, number))
        return results

    def statuses(self, station_id: str, refs: list[str]) -> list[dict[str, Any]]:
        """Status of each of this station's refs, in the order asked; unknown refs are left out."""
        found: dict[str, dict[str, Any]] = {}
        unique = list(dict.fromkeys(refs))
        for chunk in _chunks(unique):
            marks = ",".join("?" * len(chunk))
            # Found through central_ref's unique index, one probe per ref. The unary plus keeps
            # SQLite off the station index: given many refs it would pick that one and read
            # every row the station ever sent, so a status pull grew with its history.
            rows = self._query(
                f"SELECT central_ref, status, status_reason, updated_at FROM items "
                f"WHERE central_ref IN ({marks}) AND +station_id = ?", (*chunk, station_id))
            for ref, status, reason, updated in rows:
                entry = {"central_ref": ref, "status": status, "updated_at": updated}
                if status == "rejected":
                    entry["reason"] = reason or ""
                found[ref] = entry
        return [found[ref] for ref in unique if ref in found]

    def set_status(self, central_ref: str, status: str, reason: str | None = None) -> StoredItem:
        """Play central's progress on one item (verified, card printed, rejected)."""
        if status not in ITEM_STATUSES:
            raise CentralError("central.item.bad_status", value=status, allowed=", ".join(ITEM_STATUSES))
        if reason is not None and (not isinstance(reason, str) or len(reason) > REASON_MAX):
            raise CentralError("central.station.bad_reason", limit=REASON_MAX)
        if status == "rejected" and not (reason or "").strip():
            raise CentralError("central.item.reason_needed")
        try:
            with self._transaction() as conn:
                changed = conn.execute(
                    "UPDATE items SET status = ?, status_reason = ?, updated_at = ? WHERE central_ref = ?",
                    (status, (reason or "").strip() or None, utc_now(), central_ref)).rowcount
        except sqlite3.IntegrityError:
            # Un-rejecting an item whose Suket number another item has taken since.
            raise CentralError("central.item.suket_taken", ref=central_ref) from None
        if not changed:
            raise CentralError("central.item.unknown", ref=central_ref)
        rows = self._query(f"SELECT {_ITEM_COLUMNS} FROM items WHERE central_ref = ?", (central_ref,))
        return _item(rows[0])

    def items(self) -> list[StoredItem]:
        return [_item(row) for row in self._query(f"SELECT {_ITEM_COLUMNS} FROM items ORDER BY rowid")]

    def count_items(self) -> int:
        return self._query("SELECT COUNT(*) FROM items")[0][0]


def _chunks(values: list[str], size: int = 400) -> Iterator[list[str]]:
    """Slices small enough for SQLite's cap on the number of parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]
