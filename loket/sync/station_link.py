"""A station's link to central: its one client and link monitor, the last known state, the sync run.

The station owns one of these and passes its calls through, so the request path
(station.py) stays short. The client and the monitor are made on first use: a
station without a central address never imports the HTTP client. The monitor
keeps its hysteresis across probes, so there is exactly one per station.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from loket.config import Settings


class CentralLink:
    def __init__(self, settings: Settings, database: Callable[[], object]):
        self.settings = settings
        self._database = database  # the station's database in use, asked for at first use
        self.client = None  # the protocol client, made with the monitor
        self._monitor = None
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()

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

    def reading(self):
        """The last known link state, from the database: no network."""
        from loket.sync.states import LinkReading

        if not self.configured:
            return LinkReading("unset")
        if self._monitor is not None:
            return self._monitor.reading
        from loket.storage import linklog

        last = linklog.last_link_event(self._database())
        if last is None:
            return LinkReading("unknown")
        return LinkReading(last.to_state, last.at, last.reason, last.revoked_at)

    def check(self):
        """Probe central once (blocking); returns the LinkChange when the state changed."""
        monitor = self.monitor()
        return monitor.check() if monitor is not None else None

    def sync(self, public_jwk: Callable[[], dict], on_progress=None, should_stop=None,
             checkpoint: Callable[[], str | None] | None = None, **options):
        """One sync run (blocking); see Station.sync. ``public_jwk`` is asked only when a run
        starts; ``checkpoint`` seals the audit log's head for the run to carry (inside the
        run lock, so two runs never seal at once)."""
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
        # One run at a time in this process; other processes are kept apart by claims.
        with self._sync_lock:
            run = SyncRun(self._database(), self.client, monitor, public_jwk(),
                          on_progress=on_progress, should_stop=should_stop,
                          audit_checkpoint=checkpoint() if checkpoint else None, **options)
            return run.run()

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
