"""A station's link to central: its one client and link monitor, the last known state, the sync run.

The station owns one of these and passes its calls through, so the request path
(station.py) stays short. The client and the monitor are made on first use: a
station without a central address never imports the HTTP client. The monitor
keeps its hysteresis across probes, so there is exactly one per station.

On an office database one counter leads (``sync.leader``): it probes central and
writes the office's link state there; the others read it instead of probing, and
each sends its own station's items (central takes them only under that station's
token) when the office's link is up. A station's sync runs hold a lock named after
the station in the office database, so two runs of one station never overlap, in
one process or in two.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import peewee

from loket.config import Settings


class CentralLink:
    def __init__(self, settings: Settings, database: Callable[[], object]):
        self.settings = settings
        self._database = database  # the station's database in use, asked for at first use
        self.client = None  # the protocol client, made with the monitor
        self._monitor = None
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._leader = None  # the bid for the office's leadership, on an office database
        self._following_since: float | None = None  # monotonic time this counter began to follow

    @property
    def configured(self) -> bool:
        return bool(self.settings.central_url and self.settings.central_token)

    def monitor(self):
        """The station's one link monitor, or None when no central is configured."""
        if not self.configured:
            return None
        with self._lock:
            if self._monitor is None:
                from loket.sync.client import CentralClient
                from loket.sync.monitor import LinkMonitor

                settings = self.settings
                self.client = CentralClient(settings.central_url, settings.station_id, settings.central_token)
                self._monitor = LinkMonitor(self._database(), self.client)
            return self._monitor

    def _own_reading(self):
        from loket.sync.states import LinkReading

        if self._monitor is not None:
            return self._monitor.reading
        from loket.storage import linklog

        last = linklog.last_link_event(self._database())
        if last is None:
            return LinkReading("unknown")
        return LinkReading(last.to_state, last.at, last.reason, last.revoked_at)

    def reading(self):
        """The last known link state, from the database: no network. On an office
        database, the leader's word, unless central refused this station itself."""
        from loket.sync.states import REFUSALS, LinkReading

        if not self.configured:
            return LinkReading("unset")
        own = self._own_reading()
        if own.state in REFUSALS or self.leading:  # the leader's own monitor is the office's word
            return own
        office = self._office_word()
        return office[0] if office is not None else own

    def _office_word(self):
        """(reading, leader's station id) as the leader last wrote it, if fresh; else None."""
        from loket.storage import backend
        from loket.sync.leader import office_reading

        db = self._database()
        if not backend.is_postgres(db):
            return None
        from loket.storage.errors import DatabaseUnavailable

        try:
            return office_reading(db, self._fresh_for())
        except (peewee.PeeweeException, DatabaseUnavailable):
            return None  # the office database is out of reach: this counter's own reading holds

    def _fresh_for(self) -> float:
        """How old the leader's word may be and still be shown: a few probes, and longer
        than the server takes to drop a cut-off leader's session (so a successor exists)."""
        from loket.sync.leader import DEAD_AFTER

        return max(3 * float(self.settings.probe_interval), DEAD_AFTER + 15.0)

    @property
    def leading(self) -> bool:
        """Whether this counter led the office at its last check (no database call)."""
        return self._leader is not None and self._leader.leading

    def leads(self) -> bool:
        """True when this counter holds the office's leadership (always, on a single PC)."""
        from loket.storage import backend

        db = self._database()
        if not backend.is_postgres(db):
            return True
        if self._leader is None:
            from loket.sync.leader import OfficeLeader

            self._leader = OfficeLeader(db, self.settings.station_id)
        return self._leader.lead()

    def check(self):
        """Probe central once (blocking); returns the LinkChange when the state changed.

        On an office database only the leader probes, and writes what it saw for the
        others; a counter central refused probes for itself (only it can learn that it
        is allowed again), and so does every counter while no leader has written for a
        while (a leader cut off, not yet replaced): the status bar never goes stale.
        """
        from loket.storage import backend
        from loket.sync.states import REFUSALS

        monitor = self.monitor()
        if monitor is None:
            return None
        db = self._database()
        if not backend.is_postgres(db):
            return monitor.check()
        refused = monitor.reading.state in REFUSALS
        if not refused and self.leads():
            self._following_since = None
            change = monitor.check()
            if monitor.reading.state in REFUSALS:
                self._leader.close()  # a refused counter cannot speak for the office's link
            else:
                self._publish(db, monitor.reading)
            return change
        # Followed for a whole freshness window without a word from the leader: watch alone.
        now = time.monotonic()
        self._following_since = self._following_since or now
        if refused or (now - self._following_since > self._fresh_for() and self._office_word() is None):
            return monitor.check()
        return None

    def _publish(self, db, reading) -> None:
        from loket.storage.errors import DatabaseUnavailable
        from loket.sync.leader import publish

        try:
            publish(db, self.settings.station_id, reading)
        except (peewee.PeeweeException, DatabaseUnavailable):
            # The office database just went out of reach: the office line says so, and the
            # counters whose word goes stale watch on their own (see check()).
            pass

    def sync(self, public_jwk: Callable[[], dict], on_progress=None, should_stop=None,
             checkpoint: Callable[[], str | None] | None = None, **options):
        """One sync run (blocking); see Station.sync. ``public_jwk`` is asked only when a run
        starts; ``checkpoint`` seals the audit log's head for the run to carry (inside the
        run lock, so two runs never seal at once)."""
        from loket.storage import backend, outbox
        from loket.sync.engine import SyncResult, SyncRun

        deadline = options.pop("deadline", None)
        monitor = self.monitor()
        if monitor is not None and deadline:
            self.client.deadline = float(deadline)
        if monitor is None:
            from loket.storage.views import counts_by_state

            now = dt.datetime.now(dt.timezone.utc)
            left = counts_by_state(self._database())
            return SyncResult("not_configured", 0, 0, 0, 0, 0, left["queued"] + left["sending"], now, now)
        # One run at a time in this process; in an office database, one run of this
        # station at a time in the whole office (claims also keep items apart).
        with self._sync_lock:
            db = self._database()
            hold = f"sync:{self.settings.station_id}"
            if not backend.try_hold(db, hold):
                now = dt.datetime.now(dt.timezone.utc)
                return SyncResult("busy", 0, 0, 0, 0, 0, outbox.pending_count(db, self.settings.station_id),
                                  now, now)
            try:
                run = SyncRun(db, self.client, monitor, public_jwk(),
                              on_progress=on_progress, should_stop=should_stop,
                              audit_checkpoint=checkpoint() if checkpoint else None, **options)
                return run.run()
            finally:
                try:
                    backend.let_go(db, hold)
                except Exception:  # noqa: BLE001 - a broken connection took the lock with it
                    pass

    def last_sync(self):
        """The last finished sync run, as a SyncResult, or None."""
        from loket.storage import linklog
        from loket.sync.outcome import SyncResult

        run = linklog.last_finished_run(self._database())
        if run is None:
            return None
        return SyncResult(run.outcome, run.sent, run.accepted, run.duplicate, run.rejected, run.conflict,
                          run.left_over, run.started_at, run.finished_at, run.detail, run.completed)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self._leader is not None:
            self._leader.close()
