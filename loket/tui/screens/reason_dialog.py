"""Asking a supervisor why, before an action that is written to the audit log.

Dismissed with the reason (one line, not blank) on Enter, or ``None`` on Escape.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from loket.i18n import t
from loket.tui.keys import bind
from loket.tui.widgets.key_bar import KeyBar


class ReasonDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ReasonDialog { align: center middle; }
    ReasonDialog #reason-box {
        width: 70; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 0 2;
    }
    ReasonDialog #reason-title { text-style: bold; margin-bottom: 1; }
    ReasonDialog #reason-problem { color: $text-error; height: auto; }
    """

    BINDINGS = [bind("escape", "cancel", "cancel")]

    def __init__(self, title: str) -> None:
        """``title`` says what is about to be done and to how many requests."""
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            yield Static(self.title_text, id="reason-title", markup=False)
            yield Static(t("desk.reason.label"))
            yield Input(id="reason-input", max_length=200)
            yield Static(id="reason-problem", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#reason-input", Input).focus()

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        reason = " ".join(event.value.split())
        if not reason:
            self.query_one("#reason-problem", Static).update(t("desk.reason.required"))
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
