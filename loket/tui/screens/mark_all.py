"""Before marking every request a filter shows: how many that is, counted just now."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from loket.i18n import t, tn
from loket.tui.keys import bind
from loket.tui.widgets.desk_keys import DeskKeys
from loket.tui.widgets.queue_columns import thousands


class MarkAllDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    MarkAllDialog { align: center middle; }
    MarkAllDialog #mark-all-box {
        width: 64; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 0 2;
    }
    MarkAllDialog #mark-all-question { text-style: bold; margin-bottom: 1; }
    MarkAllDialog #mark-all-hint { color: $text-muted; }
    """

    BINDINGS = [bind("enter", "yes", "bulk_mark"), bind("escape", "no", "cancel")]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="mark-all-box"):
            yield Static(tn("desk.bulk.mark_all.question", self.count, count=thousands(self.count)),
                         id="mark-all-question", markup=False)
            yield Static(t("desk.bulk.mark_all.hint"), id="mark-all-hint", markup=False)
        yield DeskKeys()

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
