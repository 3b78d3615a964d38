"""Login: name and PIN. Checking the PIN (scrypt) runs in a worker thread."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from loket.i18n import t
from loket.tui.errors import describe_error
from loket.tui.widgets.key_bar import KeyBar
from loket.tui.widgets.station_bar import StationBar
from loket.tui.reply import Reply

# How long a login waits for the station to finish opening before giving up.
OPEN_WAIT_SECONDS = 60


class LoginScreen(Screen[None]):
    DEFAULT_CSS = """
    LoginScreen #login-box {
        width: 56; max-width: 100%; height: auto; padding: 0 2;
        border: round $primary; background: $surface;
    }
    LoginScreen #login-title {
        text-style: bold; width: 100%; content-align: center middle; margin-bottom: 1;
    }
    LoginScreen #login-message { color: $text-error; height: auto; min-height: 1; }
    LoginScreen #login-message.-busy { color: $text-muted; }
    LoginScreen #login-hint { color: $text-muted; }
    LoginScreen #login-demo { display: none; height: auto; margin-top: 1; color: $text-warning; }
    LoginScreen.-demo #login-demo { display: block; }
    """

    class Succeeded(Reply):
        def __init__(self, origin, user) -> None:
            super().__init__(origin)
            self.user = user

    class Failed(Reply):
        def __init__(self, origin, text: str) -> None:
            super().__init__(origin)
            self.text = text

    _typed_ahead = 0  # the hold of the keys typed while the PIN is checked

    def compose(self) -> ComposeResult:
        yield StationBar()
        with Middle():
            with Center():
                with Vertical(id="login-box"):
                    yield Static(id="login-title")
                    yield Label(id="login-name-label")
                    yield Input(id="login-name", max_length=32)
                    yield Label(id="login-pin-label")
                    yield Input(id="login-pin", password=True, restrict=r"[0-9]*", max_length=12)
                    yield Static(id="login-message", markup=False)
                    yield Static(id="login-hint")
                    yield Static(id="login-demo", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#login-name", Input).focus()

    def relabel(self) -> None:
        self.query_one("#login-title", Static).update(t("tui.login.title"))
        self.query_one("#login-name-label", Label).update(t("tui.login.name"))
        self.query_one("#login-pin-label", Label).update(t("tui.login.pin"))
        self.query_one("#login-hint", Static).update(t("tui.login.hint"))
        # The demo's logins, where they are typed: on this screen, not in a notification
        # that would still cover the form after logging in.
        self.set_class(self.app.demo, "-demo")
        if self.app.demo:
            from loket.demo import welcome

            self.query_one("#login-demo", Static).update(welcome())

    def reset(self) -> None:
        """Back to an empty form (after logout)."""
        self.query_one("#login-name", Input).clear()
        self.query_one("#login-pin", Input).clear()
        self.show_error("")
        self.query_one("#login-name", Input).focus()

    def show_error(self, text: str) -> None:
        message = self.query_one("#login-message", Static)
        message.remove_class("-busy")
        message.update(text)

    @on(Input.Submitted, "#login-name")
    def _name_entered(self) -> None:
        self.query_one("#login-pin", Input).focus()

    @on(Input.Submitted, "#login-pin")
    def _pin_entered(self) -> None:
        name = self.query_one("#login-name", Input).value.strip()
        pin = self.query_one("#login-pin", Input).value
        if not name:
            self.show_error(t("tui.login.need_name"))
            self.query_one("#login-name", Input).focus()
            return
        if not pin:
            self.show_error(t("tui.login.need_pin"))
            return
        message = self.query_one("#login-message", Static)
        message.add_class("-busy")
        message.update(t("tui.login.checking"))
        # What the clerk types while the PIN is checked (the first NIK) is for the form
        # that follows, not for the PIN box: held until the check says where it goes.
        self._typed_ahead = self.app.hold_keys(self)
        self._authenticate(self.app, name, pin)

    @work(thread=True, exclusive=True, exit_on_error=False, group="login")
    def _authenticate(self, app, name: str, pin: str) -> None:
        if not app.station_ready.wait(OPEN_WAIT_SECONDS) or app.station is None:
            self.post_message(self.Failed(self, app.open_error or t("tui.login.no_station")))
            return
        try:
            user = app.station.login(name, pin)
        except Exception as exc:  # wrong PIN, locked account, database trouble: all shown
            self.post_message(self.Failed(self, describe_error(exc)))
        else:
            self.post_message(self.Succeeded(self, user))

    @on(Succeeded)
    async def _succeeded(self, message: Succeeded) -> None:
        self.query_one("#login-pin", Input).clear()
        self.show_error("")
        await self.app.logged_in(message.user)
        # Behind the form's own focus on its first field (a focus is made on the app's turn).
        self.app.call_later(self.app.let_keys_go, self._typed_ahead)

    @on(Failed)
    async def _failed(self, message: Failed) -> None:
        await self.app.let_keys_go(self._typed_ahead, deliver=False)  # typed before the refusal was seen
        self.show_error(message.text)
        pin = self.query_one("#login-pin", Input)
        pin.clear()
        pin.focus()
