"""Watching the office database, for a counter of a many-counter office.

``OfficeWatch`` is mixed into the app. For a counter whose station keeps its queue
in the office's PostgreSQL database, a thread worker (group "office") looks every
few seconds: while the database answers it checks that it still does; while it
does not, it tries to reach it again, and when it answers, the requests held on
this PC move there (``Station.office_link``). Each change comes back as ``OfficeChanged``:
the header shows the state in words, distinct from central's, and the clerk is
told when the counter starts holding requests and when they have moved.
"""

from __future__ import annotations

from textual import work
from textual.reactive import reactive
from textual.worker import WorkerState, get_current_worker

from loket.i18n import t
from loket.tui.errors import describe_error
from loket.tui.reply import Reply

OFFICE_RETRY_SECONDS = 3.0


class OfficeChanged(Reply):
    """The office database's state now; ``moved``: held requests that just reached it."""

    def __init__(self, origin, state, moved: int = 0, error: str = "") -> None:
        super().__init__(origin)
        self.state = state
        self.moved = moved
        self.error = error


class OfficeWatch:
    """Mixed into LoketApp (before App)."""

    office = reactive(None)  # the OfficeState, for a counter of an office database

    def start_office_watch(self) -> None:
        if self.station is not None and self.station.office_link is not None:
            self._keep_watching_office(self.station)

    @work(thread=True, exclusive=True, exit_on_error=False, group="office")
    def _keep_watching_office(self, station) -> None:
        # (Not named _watch_office: Textual would take that for the watcher of ``office``.)
        worker = get_current_worker()
        link = station.office_link
        shown = None
        # Not only Worker.cancel: Textual also ends a thread worker's task when a caller
        # waiting on it gives up, without telling the thread. Looping on then would keep
        # the process from ever exiting (its thread pool waits for this thread).
        while not worker.is_cancelled and worker.state == WorkerState.RUNNING:
            moved, error = 0, ""
            try:
                moved = link.probe()
                state = link.state()
            except Exception as exc:  # a refusal of the office database (not its absence): say it
                state, error = link.state(), describe_error(exc)
            if state != shown or moved or error:
                self.post_message(OfficeChanged(self, state, moved, error))
                shown = state
            if worker.cancelled_event.wait(OFFICE_RETRY_SECONDS):
                break

    def on_office_changed(self, message: OfficeChanged) -> None:
        before, self.office = self.office, message.state
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        if message.moved:
            self.notify(t("office.tui.moved", count=message.moved), title=t("office.tui.title"), markup=False)
            self.refresh_queue_counts()
        elif not message.state.reachable and (before is None or before.reachable):
            self.notify(t("office.tui.holding"), title=t("office.tui.title"), severity="warning", markup=False,
                        timeout=15)


def describe_office(state) -> str:
    """One header line while the office database is down (empty while it answers)."""
    if state is None or state.reachable:
        return ""
    since = state.since.astimezone().strftime("%H:%M") if state.since else "?"
    return t("office.tui.down", since=since, held=state.held)
