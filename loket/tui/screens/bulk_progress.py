"""A bulk action at work: a progress bar, and Esc to stop after the chunk under way.

Dismissed with the ``loket.bulk.BulkOutcome`` once the run ends (finished, stopped
or broken off by an error); the desk then shows the summary. What was done before
a stop stays done; what was not reached is left as it was.
"""

from __future__ import annotations

import threading

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from loket.i18n import t, tn
from loket.tui.bulk_words import TITLES
from loket.tui.keys import bind
from loket.tui.widgets.desk_keys import DeskKeys
from loket.tui.widgets.queue_columns import thousands
from loket.tui.reply import Reply


class BulkProgress(ModalScreen):
    DEFAULT_CSS = """
    BulkProgress { align: center middle; }
    BulkProgress #bulk-box {
        width: 70; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 0 2;
    }
    BulkProgress #bulk-title { text-style: bold; margin-bottom: 1; }
    BulkProgress #bulk-count { margin-bottom: 1; }
    BulkProgress #bulk-hint { color: $text-muted; }
    """

    BINDINGS = [bind("escape", "stop", "bulk_stop")]

    class Advanced(Reply):
        def __init__(self, origin, handled: int) -> None:
            super().__init__(origin)
            self.handled = handled

    class Finished(Reply):
        def __init__(self, origin, outcome) -> None:
            super().__init__(origin)
            self.outcome = outcome

    def __init__(self, station, action: str, ids: list[int], supervisor, reason: str) -> None:
        super().__init__()
        self.station = station
        self.action = action
        self.ids = ids
        self.supervisor = supervisor
        self.reason = reason
        self._stop = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="bulk-box"):
            yield Static(tn(TITLES[self.action], len(self.ids), count=thousands(len(self.ids))), id="bulk-title",
                         markup=False)
            yield ProgressBar(total=len(self.ids), show_eta=False, id="bulk-bar")
            yield Static(self._count_text(0), id="bulk-count", markup=False)
            yield Static(t("desk.bulk.cancel_hint"), id="bulk-hint", markup=False)
        yield DeskKeys()

    def on_mount(self) -> None:
        self._run(self.station, self.action, self.ids, self.supervisor, self.reason)

    @work(thread=True, exit_on_error=False, group="desk-bulk")
    def _run(self, station, action, ids, supervisor, reason) -> None:
        from loket import bulk

        def progress(outcome) -> None:
            self.post_message(self.Advanced(self, outcome.done + len(outcome.refused)))

        try:
            outcome = bulk.run(station, action, ids, supervisor, reason, on_progress=progress,
                               should_stop=self._stop.is_set)
        except Exception as exc:  # the run's own bookkeeping failed: say so, lose nothing
            outcome = bulk.BulkOutcome(action, len(ids), error=exc)
        self.post_message(self.Finished(self, outcome))

    @on(Advanced)
    def _advanced(self, message: Advanced) -> None:
        self.query_one("#bulk-bar", ProgressBar).update(progress=message.handled)
        self.query_one("#bulk-count", Static).update(self._count_text(message.handled))

    def _count_text(self, handled: int) -> str:
        return t("desk.bulk.progress", done=thousands(handled), total=thousands(len(self.ids)))

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.dismiss(message.outcome)

    def action_stop(self) -> None:
        if not self._stop.is_set():
            self._stop.set()
            self.query_one("#bulk-hint", Static).update(t("desk.bulk.stopping"))
