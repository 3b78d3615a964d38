"""A supervisor approves one thing over a clerk's session: name, PIN and the reason.

``purpose`` says what is being approved ("reprint" a copy of a slip, or open the
"desk" for this once); the title and the reason's label follow it. Checked in a worker.

Dismissed with ``(supervisor, reason)`` when a supervisor's PIN is right, or
``None`` when cancelled with Escape.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from loket.i18n import t
from loket.i18n.screen_labels import NOT_SUPERVISOR, SUPERVISOR_NEEDS, SUPERVISOR_REASONS, SUPERVISOR_TITLES
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.reply import Reply
from loket.tui.widgets.key_bar import KeyBar


class SupervisorScreen(ModalScreen[tuple | None]):
    DEFAULT_CSS = """
    SupervisorScreen { align: center middle; }
    SupervisorScreen #supervisor-box {
        width: 60; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 0 2;
    }
    SupervisorScreen #supervisor-title { text-style: bold; }
    SupervisorScreen #supervisor-message { color: $text-error; height: auto; }
    SupervisorScreen #supervisor-message.-busy { color: $text-muted; }
    """

    BINDINGS = [bind("escape", "cancel", "cancel")]
    _typed_ahead = 0  # the hold of the keys typed while the PIN is checked

    def __init__(self, purpose: str = "reprint") -> None:
        super().__init__()
        self.purpose = purpose

    class Approved(Reply):
        def __init__(self, origin, user, reason: str) -> None:
            super().__init__(origin)
            self.user = user
            self.reason = reason

    class Denied(Reply):
        def __init__(self, origin, text: str) -> None:
            super().__init__(origin)
            self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="supervisor-box"):
            yield Static(t(SUPERVISOR_TITLES[self.purpose]), id="supervisor-title")
            yield Label(t("tui.supervisor.name"))
            yield Input(id="supervisor-name", max_length=32)
            yield Label(t("tui.supervisor.pin"))
            yield Input(id="supervisor-pin", password=True, restrict=r"[0-9]*", max_length=12)
            yield Label(t(SUPERVISOR_REASONS[self.purpose]))
            yield Input(id="supervisor-reason", max_length=200)
            yield Static(id="supervisor-message", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#supervisor-name", Input).focus()

    def relabel(self) -> None:
        values = {w.id: w.value for w in self.query(Input)}
        self.refresh(recompose=True)
        self.call_after_refresh(self._restore, values)

    def _restore(self, values: dict[str, str]) -> None:
        for widget in self.query(Input):
            widget.value = values.get(widget.id, "")

    def _say(self, text: str, busy: bool = False) -> None:
        message = self.query_one("#supervisor-message", Static)
        message.set_class(busy, "-busy")
        message.update(text)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        if event.input.id != "supervisor-reason":
            self.focus_next()
            return
        name = self.query_one("#supervisor-name", Input).value.strip()
        pin = self.query_one("#supervisor-pin", Input).value
        reason = self.query_one("#supervisor-reason", Input).value.strip()
        missing = [w for w, v in (("name", name), ("pin", pin), ("reason", reason)) if not v]
        if missing:
            need = missing[0] if missing[0] != "reason" else f"reason.{self.purpose}"
            self._say(t(SUPERVISOR_NEEDS[need]))
            self.query_one(f"#supervisor-{missing[0]}", Input).focus()
            return
        self._say(t("tui.login.checking"), busy=True)
        # Keys typed while the PIN is checked were typed before its answer was seen: held,
        # then dropped, so that they never change the reason already given.
        self._typed_ahead = self.app.hold_keys(self)
        self._authorise(self.app.station, name, pin, reason)

    @work(thread=True, exclusive=True, exit_on_error=False, group="supervisor")
    def _authorise(self, station, name: str, pin: str, reason: str) -> None:
        try:
            user = station.login(name, pin)
        except Exception as exc:  # wrong PIN, locked: the storage layer's own sentence
            self.post_message(self.Denied(self, describe_error(exc)))
            return
        if user.role != "supervisor":
            self.post_message(self.Denied(self, t(NOT_SUPERVISOR[self.purpose], name=user.name)))
        else:
            self.post_message(self.Approved(self, user, reason))

    @on(Approved)
    async def _approved(self, message: Approved) -> None:
        await self.app.let_keys_go(self._typed_ahead, deliver=False)
        self.dismiss((message.user, message.reason))

    @on(Denied)
    async def _denied(self, message: Denied) -> None:
        await self.app.let_keys_go(self._typed_ahead, deliver=False)
        self._say(message.text)
        pin = self.query_one("#supervisor-pin", Input)
        pin.clear()
        pin.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
