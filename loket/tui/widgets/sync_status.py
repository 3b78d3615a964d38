"""One line under the header: the queue, and either the sending under way or the last run.

    Antrean: 12 menunggu · 2 perlu tindakan   Sinkron terakhir 08:31: 120 terkirim, 0 ditolak, sisa 0
    Antrean: 9.870 menunggu   ██████░░░░░░░░░  Mengirim 1.500 dari 10.000

It only shows what the app holds (``queue_counts``, ``sync_running``,
``sync_progress``, ``last_sync``; see loket.tui.link_watch) and never touches
the station itself, so painting it can never wait on the disk or the network.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from loket.tui.link_words import needs_action, progress_line, queue_line, result_is_bad, result_line


class SyncStatus(Horizontal):
    DEFAULT_CSS = """
    SyncStatus { height: 1; background: $panel; color: $text-muted; }
    SyncStatus Static { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    SyncStatus #sync-queue { width: auto; padding: 0 1; }
    SyncStatus #sync-queue.-action { color: $text-warning; }
    SyncStatus #sync-result { width: 1fr; padding: 0 1; }
    SyncStatus #sync-result.-bad { color: $text-error; }
    SyncStatus #sync-bar { width: 22; height: 1; padding: 0 1; display: none; }
    SyncStatus #sync-bar Bar { width: 20; }
    SyncStatus #sync-sending { width: 1fr; color: $text-warning; display: none; }
    SyncStatus.-running #sync-bar { display: block; }
    SyncStatus.-running #sync-sending { display: block; }
    SyncStatus.-running #sync-result { display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="sync-queue", markup=False)
        yield ProgressBar(id="sync-bar", show_percentage=False, show_eta=False)
        yield Static(id="sync-sending", markup=False)
        yield Static(id="sync-result", markup=False)

    def on_mount(self) -> None:
        for name in ("queue_counts", "sync_running", "sync_progress", "last_sync"):
            self.watch(self.app, name, self.show, init=False)
        self.show()

    def show(self, _value: object = None) -> None:
        """Repaint from the app's state (also after a language switch)."""
        app = self.app
        counts = getattr(app, "queue_counts", None)
        queue = self.query_one("#sync-queue", Static)
        queue.update(queue_line(counts))
        queue.set_class(needs_action(counts), "-action")

        running = bool(getattr(app, "sync_running", False))
        self.set_class(running, "-running")
        progress = getattr(app, "sync_progress", None)
        bar = self.query_one("#sync-bar", ProgressBar)
        if running and progress is not None and progress.total:
            bar.update(total=progress.total, progress=progress.sent)
        elif running:
            bar.update(total=None, progress=0)  # indeterminate until the first count arrives
        self.query_one("#sync-sending", Static).update(progress_line(progress) if running else "")

        result = getattr(app, "last_sync", None)
        line = self.query_one("#sync-result", Static)
        line.update(result_line(result))
        line.set_class(result_is_bad(result), "-bad")

    @property
    def text(self) -> str:
        """Everything the strip says, as one string (what a person reads on it)."""
        parts = [str(self.query_one("#sync-queue", Static).render())]
        if self.has_class("-running"):
            parts.append(str(self.query_one("#sync-sending", Static).render()))
        else:
            parts.append(str(self.query_one("#sync-result", Static).render()))
        return "   ".join(parts)
