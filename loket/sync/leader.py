"""The office leader: one counter of an office database watches the link to central for all.

On an office database every counter would otherwise probe central on its own, and
each would keep its own idea of whether the link is up. Instead one counter at a
time holds the office's leadership and runs the link monitor; it writes what it
sees into the office database (``office.link``), where every counter's status bar
reads it. The others do not probe central, except a counter whose own token central
refused: only that counter can find out when it is allowed again.

Leadership is a PostgreSQL session advisory lock held on a connection of its own.
The server lets the lock go the moment that session ends, so no clock and no expiry
decide who leads:

- the leader's process dies (killed, crashed, PC switched off): its socket closes and
  the lock is free at once; the next counter to look (every probe interval) takes it;
- the leader's cable is cut: nothing closes the socket, so the session asks the
  server to give up on it after ``DEAD_AFTER`` seconds of silence (TCP keepalives and
  ``tcp_user_timeout``, set for this session only), and the lock goes with it.

A lease row with an expiry would need a heartbeat write every few seconds and a
judgement of whose clock is right; the lock needs neither. A leader that lost its
session (the server dropped it while the cable was out) learns so at its next look,
and becomes a follower if another counter took over meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import zlib

import peewee

from loket.storage import backend, linklog
from loket.sync.states import LinkReading

OFFICE_LINK = "office.link"  # the fact the leader writes: the office's link state, JSON
LOCK_NAME = "office-leader"
DEAD_AFTER = 15  # seconds of silence before the server drops a leader's session
# Keepalives: first after 5 s of silence, then every 2 s, 5 lost ones end the session.
_KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 5}


def _lock_key() -> tuple[int, int]:
    return 0x4C4B54, zlib.crc32(LOCK_NAME.encode()) & 0x7FFFFFFF  # the same space as backend.serialize


class OfficeLeader:
    """This counter's bid for the office's leadership, on a connection of its own."""

    def __init__(self, db: peewee.PostgresqlDatabase, station_id: str):
        self.url = str(db.database)
        self.params = dict(db.connect_params)
        self.station_id = station_id
        self._conn = None
        self._lock = threading.Lock()
        self.leading = False

    def lead(self) -> bool:
        """Take the leadership if it is free, or confirm it is still ours; never raises."""
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = self._connect()
                if self.leading:
                    self._conn.execute("SELECT 1").fetchone()  # the session, and so the lock, still lives
                else:
                    row = self._conn.execute("SELECT pg_try_advisory_lock(%s::int, %s::int)", _lock_key()).fetchone()
                    self.leading = bool(row[0])
            except Exception:  # noqa: BLE001 - any trouble with the session: we do not lead
                self._drop()
            return self.leading

    def _connect(self):
        import psycopg

        params = {**self.params, **_KEEPALIVE, "application_name": "loket-leader"}
        conn = psycopg.connect(self.url, autocommit=True, **params)
        # The server's side of the same watch: a leader whose cable was cut loses its
        # session (and the lock) after DEAD_AFTER seconds, not after the system's hours.
        for name, value in (("tcp_keepalives_idle", 5), ("tcp_keepalives_interval", 2),
                            ("tcp_keepalives_count", 5), ("tcp_user_timeout", DEAD_AFTER * 1000)):
            conn.execute(f"SET {name} = {int(value)}")
        return conn

    def _drop(self) -> None:
        self.leading = False
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001 - already broken
                pass
        self._conn = None

    def close(self) -> None:
        with self._lock:
            self._drop()


def server_now(db: peewee.Database) -> dt.datetime:
    """The office server's clock: the leader stamps its word and the others judge its age
    by the same clock, so the counter PCs' own clocks need not agree."""
    return db.execute_sql("SELECT now()").fetchone()[0].astimezone(dt.timezone.utc)


def publish(db: peewee.Database, station_id: str, reading: LinkReading) -> None:
    """The leader's word on the link, for every counter's status bar."""
    now = server_now(db)
    value = json.dumps({
        "state": reading.state, "since": reading.since.isoformat() if reading.since else None,
        "reason": reading.reason, "revoked_at": reading.revoked_at.isoformat() if reading.revoked_at else None,
        "by": station_id, "checked_at": now.isoformat(),
    }, sort_keys=True)
    linklog.set_fact(db, OFFICE_LINK, value, now)


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def office_reading(db: peewee.Database, fresh_for: float) -> tuple[LinkReading, str] | None:
    """The office's link state as the leader last wrote it, and the leader's station id;
    None when no leader wrote it within ``fresh_for`` seconds (no leader, or a leader
    cut off that has not been replaced yet)."""
    if not backend.is_postgres(db):
        return None
    text = linklog.get_fact(db, OFFICE_LINK)
    if not text:
        return None
    try:
        seen = json.loads(text)
        checked = _time(seen["checked_at"])
        reading = LinkReading(seen["state"], _time(seen.get("since")), seen.get("reason"), _time(seen.get("revoked_at")))
    except (ValueError, KeyError, TypeError):
        return None
    if checked is None or (server_now(db) - checked).total_seconds() > fresh_for:
        return None
    return reading, str(seen.get("by") or "")
