"""The counter locked after being left alone: the same person's PIN opens it again.

Drawn over whatever was open, so a half-typed form is still there after unlocking.
Someone else takes over with Ctrl+L (log out), which closes everything underneath.
Dismissed with the user as stored now (a changed role counts from here on).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from loket.i18n import t
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.reply import Reply
from loket.tui.widgets.key_bar import KeyBar


class LockScreen(ModalScreen[object]):
    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background 90%; }
    LockScreen #lock-box {
        width: 60; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 0 2;
    }
    LockScreen #lock-title { text-style: bold; }
    LockScreen #lock-message { color: $text-error; height: auto; }
    LockScreen #lock-message.-busy { color: $text-muted; }
    LockScreen #lock-hint { color: $text-muted; }
    """

    # App keys do not reach through a modal screen; taking over must.
    BINDINGS = [bind("ctrl+l", "app.logout", "logout")]

    class Unlocked(Reply):
        def __init__(self, origin, user) -> None:
            super().__init__(origin)
            self.user = user

    class Refused(Reply):
        def __init__(self, origin, text: str) -> None:
            super().__init__(origin)
            self.text = text

    _typed_ahead = 0  # the hold of the keys typed while the PIN is checked

    def __init__(self, name: str) -> None:
        super().__init__()
        self.user_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static(id="lock-title")
            yield Label(id="lock-pin-label")
            yield Input(id="lock-pin", password=True, restrict=r"[0-9]*", max_length=12)
            yield Static(id="lock-message", markup=False)
            yield Static(id="lock-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#lock-pin", Input).focus()

    def relabel(self) -> None:
        self.query_one("#lock-title", Static).update(t("tui.lock.title", name=self.user_name))
        self.query_one("#lock-pin-label", Label).update(t("tui.lock.pin", name=self.user_name))
        self.query_one("#lock-hint", Static).update(t("tui.lock.hint"))

    def _say(self, text: str, busy: bool = False) -> None:
        message = self.query_one("#lock-message", Static)
        message.set_class(busy, "-busy")
        message.update(text)

    @on(Input.Submitted, "#lock-pin")
    def _pin_entered(self, event: Input.Submitted) -> None:
        if not event.value:
            self._say(t("tui.login.need_pin"))
            return
        self._say(t("tui.login.checking"), busy=True)
        # What is typed while the PIN is checked is for the form underneath, as at login.
        self._typed_ahead = self.app.hold_keys(self)
        self._check(self.app.station, event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def _check(self, station, pin: str) -> None:
        try:
            user = station.login(self.user_name, pin)  # wrong PINs count towards the lockout
        except Exception as exc:
            self.post_message(self.Refused(self, describe_error(exc)))
        else:
            self.post_message(self.Unlocked(self, user))

    @on(Unlocked)
    def _unlocked(self, message: Unlocked) -> None:
        self.dismiss(message.user)
        # The form underneath is on top again, its focus where it was: the keys go there.
        self.app.call_later(self.app.let_keys_go, self._typed_ahead)

    @on(Refused)
    async def _refused(self, message: Refused) -> None:
        await self.app.let_keys_go(self._typed_ahead, deliver=False)  # typed before the refusal was seen
        self._say(message.text)
        pin = self.query_one("#lock-pin", Input)
        pin.clear()
        pin.focus()
