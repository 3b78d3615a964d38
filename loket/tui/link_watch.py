"""Watching the link to central and sending the queue, without ever holding up intake.

``LinkWatch`` is mixed into the app. Once the station is open it runs two kinds
of thread workers:

- the link watch (group "link"): shows the stored link state at once, then probes
  central every ``station.probe_interval`` seconds and posts a LinkChanged on
  each change. It waits on the worker's cancel event, so quitting stops it at once.
- a sync run (group "sync"): started when the link comes back online, at start-up
  when online with requests waiting, after a save while online, and on F7. Its
  progress comes back as messages (``post_message`` is thread-safe).

All station calls block (disk, network) and so happen only in those threads;
the app keeps the results in reactives that the header and the sync strip show.
"""

from __future__ import annotations

import time

from textual import work
from textual.reactive import reactive
from textual.worker import get_current_worker

from loket.i18n import t, tn
from loket.tui.errors import describe_error
from loket.tui.link_words import WAITING_STATES, link_notice, result_is_bad
from loket.tui.reply import Reply

# Progress is posted at most this often: a run of 10,000 requests must not send
# 10,000 repaints to the screen the clerk is typing in.
PROGRESS_EVERY = 0.1
# Requests that arrive from elsewhere (`loket intake`, a second counter screen) are
# sent when a probe counts them; after a run that did not drain, not more often than this.
RETRY_AFTER_TROUBLE = 60.0


class LinkOpened(Reply):
    """The stored link state, queue counts and last run, read once the station is open."""

    def __init__(self, origin, reading, counts: dict[str, int], last_sync) -> None:
        super().__init__(origin)
        self.reading = reading
        self.counts = counts
        self.last_sync = last_sync


class LinkChanged(Reply):
    """A probe found the link in a new state."""

    def __init__(self, origin, before, after) -> None:
        super().__init__(origin)
        self.before = before
        self.after = after


class LinkWatchFailed(Reply):
    """The probe itself failed (not the link: e.g. the database could not be read)."""

    def __init__(self, origin, text: str) -> None:
        super().__init__(origin)
        self.text = text


class QueueCounted(Reply):
    def __init__(self, origin, counts: dict[str, int], asked_at: float) -> None:
        super().__init__(origin)
        self.counts = counts
        self.asked_at = asked_at


class SyncProgressed(Reply):
    def __init__(self, origin, progress) -> None:
        super().__init__(origin)
        self.progress = progress


class SyncFinished(Reply):
    """A run ended with ``result`` (a SyncResult), or raised (``error``, one sentence)."""

    def __init__(self, origin, result, counts: dict[str, int] | None, error: str = "", reading=None) -> None:
        super().__init__(origin)
        self.result = result
        self.counts = counts
        self.error = error
        self.reading = reading  # the link as the run left it (its calls may have moved it)


class LinkWatch:
    """Mixed into LoketApp (before App): the link watch, sync runs and their state."""

    queue_counts: reactive[dict[str, int] | None] = reactive(None)
    sync_running: reactive[bool] = reactive(False)
    sync_progress = reactive(None)
    last_sync = reactive(None)

    # UI-thread bookkeeping (only touched by message handlers and actions).
    _sync_manual = False
    _saved_during_sync = False
    _counts_asked_at = 0.0
    _last_watch_error = ""

    # -- starting ---------------------------------------------------------------------

    def start_link_watch(self) -> None:
        """Called once the station is open: show its state, then keep watching it."""
        if self.station is None:
            return
        if not self.station.link_configured:
            from loket.sync.states import LinkReading

            self.set_link(LinkReading("unset", None, None, None))
            return
        self._keep_probing(self.station)

    @work(thread=True, exclusive=True, exit_on_error=False, group="link")
    def _keep_probing(self, station) -> None:
        worker = get_current_worker()
        shown = None
        try:
            shown = station.link_reading()
            self.post_message(LinkOpened(self, shown, station.queue_counts(), station.last_sync()))
        except Exception as exc:
            self.post_message(LinkWatchFailed(self, describe_error(exc)))
        while not worker.is_cancelled:
            try:
                station.check_link()
                # Compared with what was last posted rather than taken from check_link's
                # answer: a sync run's failed calls can move the link too, between probes.
                current = station.link_reading()
            except Exception as exc:  # the probe's own trouble, not the link's: say it, keep going
                self.post_message(LinkWatchFailed(self, describe_error(exc)))
            else:
                if current != shown and not worker.is_cancelled:
                    self.post_message(LinkChanged(self, shown, current))
                    shown = current
            # Requests also arrive from other processes (`loket intake`): keep the count honest.
            self._count_queue_now(station)
            # The cancel event is set on quit and on cancel: no waiting out the interval.
            if worker.cancelled_event.wait(station.probe_interval):
                break

    # -- link messages -------------------------------------------------------------------

    def on_link_opened(self, message: LinkOpened) -> None:
        self.set_link(message.reading)
        self.queue_counts = message.counts
        self.last_sync = message.last_sync
        waiting = sum(message.counts.get(state, 0) for state in WAITING_STATES)
        if message.reading.state == "online" and waiting:
            self.start_sync()

    def on_link_changed(self, message: LinkChanged) -> None:
        self._link_moved(message.after)

    def _link_moved(self, after) -> None:
        """Show a new reading; tell the clerk; send the queue when central is back."""
        before = self.link  # what the clerk saw, whoever noticed the change first
        if after == before:
            return
        self.set_link(after)
        notice = link_notice(before, after)
        if notice is not None:
            text, severity = notice
            self.notify(text, title=t("tui.link.note_title"), severity=severity, markup=False)
        self.refresh_queue_counts()
        if after.state == "online" and getattr(before, "state", "") != "online":
            self.start_sync()

    def on_link_watch_failed(self, message: LinkWatchFailed) -> None:
        if message.text != self._last_watch_error:  # once per distinct trouble, not every probe
            self._last_watch_error = message.text
            self.notify(t("tui.link.watch_failed", error=message.text), severity="error", markup=False)

    # -- queue counts ---------------------------------------------------------------------

    def refresh_queue_counts(self) -> None:
        if self.station is not None and self.station.link_configured:
            self._count_queue(self.station, time.monotonic())

    @work(thread=True, exit_on_error=False, group="counts")
    def _count_queue(self, station, asked_at: float) -> None:
        self._count_queue_now(station, asked_at)

    def _count_queue_now(self, station, asked_at: float | None = None) -> None:
        """In a worker thread: read the counts and post them."""
        asked_at = time.monotonic() if asked_at is None else asked_at
        try:
            counts = station.queue_counts()
        except Exception as exc:
            self.post_message(LinkWatchFailed(self, describe_error(exc)))
            return
        self.post_message(QueueCounted(self, counts, asked_at))

    def on_queue_counted(self, message: QueueCounted) -> None:
        # Two counts may cross on the way back; the one asked for last wins.
        if message.asked_at >= self._counts_asked_at:
            self._counts_asked_at = message.asked_at
            self.queue_counts = message.counts
            if self._should_send_waiting(message.counts):
                self.start_sync()

    def _should_send_waiting(self, counts: dict[str, int]) -> bool:
        """Online, nothing running, something waiting, and the last run did not just fail."""
        if self.sync_running or getattr(self.link, "state", "") != "online":
            return False
        if not any(counts.get(state, 0) for state in WAITING_STATES):
            return False
        last = self.last_sync
        if last is None or last.outcome == "drained":
            return True
        import datetime as dt

        age = (dt.datetime.now(dt.timezone.utc) - last.finished_at).total_seconds()
        return age >= RETRY_AFTER_TROUBLE

    def on_intake_screen_save_done(self, message) -> None:
        """A request was saved (bubbled up from the intake screen): count, and send if online."""
        if self.station is None or not self.station.link_configured:
            return
        if self.sync_running:
            self._saved_during_sync = True
        self.refresh_queue_counts()
        if getattr(self.link, "state", "") == "online":
            self.start_sync()

    # -- sync runs --------------------------------------------------------------------

    def start_sync(self, manual: bool = False) -> bool:
        """Start a run unless one is going; False (and nothing started) if one is."""
        if self.sync_running or self.station is None or not self.station.link_configured:
            return False
        self.sync_running = True
        self.sync_progress = None
        self._sync_manual = manual
        self._saved_during_sync = False
        self._run_sync(self.station)
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def _run_sync(self, station) -> None:
        worker = get_current_worker()
        last_post = 0.0

        def progressed(progress) -> None:
            nonlocal last_post
            now = time.monotonic()
            if now - last_post >= PROGRESS_EVERY or progress.left == 0:
                last_post = now
                self.post_message(SyncProgressed(self, progress))

        try:
            result = station.sync(on_progress=progressed, should_stop=lambda: worker.is_cancelled)
        except Exception as exc:
            self.post_message(SyncFinished(self, None, None, describe_error(exc)))
            return
        try:
            counts, reading = station.queue_counts(), station.link_reading()
        except Exception:  # the run's result matters more; both refresh on the next probe
            counts = reading = None
        self.post_message(SyncFinished(self, result, counts, reading=reading))

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        if self.sync_running:
            self.sync_progress = message.progress

    def on_sync_finished(self, message: SyncFinished) -> None:
        manual, again = self._sync_manual, self._saved_during_sync
        self.sync_running = False
        self.sync_progress = None
        self._sync_manual = self._saved_during_sync = False
        if message.counts is not None:
            self._counts_asked_at = time.monotonic()
            self.queue_counts = message.counts
        if message.reading is not None:
            self._link_moved(message.reading)
        result = message.result
        if result is None:
            self.notify(t("tui.sync.failed", error=message.error), severity="error", markup=False)
            return
        self.last_sync = result
        trouble = result.rejected + result.conflict
        if trouble:
            self.notify(tn("tui.sync.needs_action", trouble), severity="warning", markup=False)
        elif manual or result_is_bad(result):
            severity = "warning" if result_is_bad(result) else "information"
            self.notify(result.message(), severity=severity, markup=False)
        if again and result.outcome == "drained" and getattr(self.link, "state", "") == "online":
            self.start_sync()  # requests saved while this run was sending

    # -- F7 -----------------------------------------------------------------------------

    def action_sync_now(self) -> None:
        if self.station is None:
            self.notify(t("tui.sync.not_open"), severity="warning")
        elif not self.station.link_configured:
            self.notify(t("tui.sync.not_configured"), severity="warning")
        elif not self.start_sync(manual=True):
            self.notify(t("tui.sync.already_running"))
