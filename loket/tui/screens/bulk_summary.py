"""The one summary of a bulk action: it stays until the supervisor closes it.

Done N; refused M, grouped by reason, each refused request named by its Suket
number and the person's name; and, after a stop, how many were not touched.
Scrollable, so a hundred refusals never push the totals off the screen: the
totals are the first lines.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from loket.i18n import tn
from loket.tui.bulk_words import TITLES, outcome_lines, severity
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.widgets.desk_keys import DeskKeys
from loket.tui.widgets.queue_columns import thousands


class BulkSummary(ModalScreen[None]):
    DEFAULT_CSS = """
    BulkSummary { align: center middle; }
    BulkSummary #summary-box {
        width: 90; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    BulkSummary #summary-box.-warning { border: round $warning; }
    BulkSummary #summary-box.-error { border: round $error; }
    BulkSummary #summary-title { text-style: bold; }
    BulkSummary #summary-scroll { height: auto; max-height: 100%; }
    """

    BINDINGS = [bind("escape", "close", "bulk_close"), bind("enter", "close", "bulk_close", show=False)]

    def __init__(self, outcome) -> None:
        super().__init__()
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box", classes=f"-{severity(self.outcome)}"):
            yield Static(tn(TITLES[self.outcome.action], self.outcome.asked, count=thousands(self.outcome.asked)),
                         id="summary-title",
                         markup=False)
            with VerticalScroll(id="summary-scroll"):
                yield Static("\n".join(outcome_lines(self.outcome, describe_error)), id="summary-text",
                             markup=False)
        yield DeskKeys()

    def on_mount(self) -> None:
        self.query_one("#summary-scroll").focus()

    @property
    def text(self) -> str:
        return "\n".join(outcome_lines(self.outcome, describe_error))

    def action_close(self) -> None:
        self.dismiss(None)
