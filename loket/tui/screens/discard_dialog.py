"""Asking before typed data is thrown away (F5, log out, quit).

Dismissed with True (throw it away: Y) or False (keep typing: N, Esc). Keeping
is the safe answer, so it is also what Enter does.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from loket.i18n import t
from loket.tui.keys import bind
from loket.tui.widgets.key_bar import KeyBar


class DiscardDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    DiscardDialog { align: center middle; }
    DiscardDialog #discard-box {
        width: 64; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 0 2;
    }
    DiscardDialog #discard-title { text-style: bold; margin-bottom: 1; }
    """

    BINDINGS = [
        bind("y", "answer(True)", "discard"),
        bind("n", "answer(False)", "keep"),
        bind("escape", "answer(False)", "keep_short", show=False),
        bind("enter", "answer(False)", "keep_short", show=False),
    ]

    def __init__(self, doing: str) -> None:
        """``doing``: the catalog key of what is about to happen (counter.discard.*)."""
        super().__init__()
        self.doing = doing

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-box"):
            yield Static(id="discard-title", markup=False)
            yield Static(id="discard-body", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        self.query_one("#discard-title", Static).update(t(self.doing))
        self.query_one("#discard-body", Static).update(t("counter.discard.body"))

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)
