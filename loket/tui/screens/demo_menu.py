"""The demo menu (F12, only under `loket demo`): make the reference central misbehave.

Each choice posts to one of the reference server's loopback-only ``/_control``
routes (see loket.demo.control). The menu closes at once so the header can be
watched; the call runs in a worker on the app and its outcome is notified.
"""

from __future__ import annotations

from contextlib import suppress
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from loket.i18n import t
from loket.i18n.labels import DEMO_ACTIONS
from loket.tui.keys import bind
from loket.tui.widgets.key_bar import KeyBar

# In the order offered; the ids are loket.demo.CONTROL_ACTIONS keys.
MENU_ACTIONS = ("revoke", "restore", "cut", "heal", "errors", "rate_limit")


class DemoMenu(ModalScreen[None]):
    DEFAULT_CSS = """
    DemoMenu { align: center middle; }
    DemoMenu #demo-box {
        width: 64; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 2;
    }
    DemoMenu #demo-title { text-style: bold; }
    DemoMenu #demo-central { color: $text-muted; }
    DemoMenu #demo-actions { height: auto; max-height: 8; margin-top: 1; }
    DemoMenu #demo-hint { color: $text-muted; }
    """

    BINDINGS = [bind("escape", "close", "back")]

    def compose(self) -> ComposeResult:
        from loket.demo import DEFAULT_REVOKE_REASON

        settings = self.app.station.settings if self.app.station is not None else None
        with Vertical(id="demo-box"):
            yield Static(t("demo.menu.title"), id="demo-title")
            if settings is None or not settings.central_url:
                yield Static(t("demo.menu.no_central"), id="demo-central")
            else:
                yield Static(
                    t("demo.menu.central", url=settings.central_url, station=settings.station_id),
                    id="demo-central",
                    markup=False,
                )
            yield Label(t("demo.menu.reason"))
            yield Input(DEFAULT_REVOKE_REASON, id="demo-reason", max_length=200)
            yield OptionList(*(Option(t(DEMO_ACTIONS[name]), id=name) for name in MENU_ACTIONS), id="demo-actions")
            yield Static(t("demo.menu.hint"), id="demo-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#demo-actions", OptionList).focus()

    def relabel(self) -> None:
        reason = self.query_one("#demo-reason", Input).value
        self.refresh(recompose=True)
        self.call_after_refresh(self._restore, reason)

    def _restore(self, reason: str) -> None:
        self.query_one("#demo-reason", Input).value = reason
        self.query_one("#demo-actions", OptionList).focus()

    @on(Input.Submitted, "#demo-reason")
    def _reason_done(self) -> None:
        self.query_one("#demo-actions", OptionList).focus()

    @on(OptionList.OptionSelected, "#demo-actions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.run_action_named(event.option.id)

    def run_action_named(self, action: str) -> None:
        """Close the menu and ask central for ``action`` in a worker on the app."""
        station = self.app.station
        if station is None or not station.settings.central_url:
            self.notify(t("demo.menu.no_central"), severity="error")
            return
        reason = self.query_one("#demo-reason", Input).value
        app = self.app
        self.dismiss(None)
        app.run_worker(
            partial(_play, app, station.settings.central_url, station.settings.station_id, action, reason),
            thread=True,
            group="demo",
            exit_on_error=False,
        )

    def action_close(self) -> None:
        self.dismiss(None)


def _play(app, central_url: str, station_id: str, action: str, reason: str) -> None:
    """In a worker thread: call central, then have the app notify the outcome."""
    from loket.demo import control
    from loket.tui.errors import describe_error

    try:
        text, severity = control(central_url, action, station_id, reason), "information"
    except Exception as exc:  # unreachable or refused: the sentence says which
        text, severity = describe_error(exc), "error"
    # call_from_thread hands the notification to the app's own thread; it fails
    # only when the app has already closed, and then nobody is left to tell.
    with suppress(RuntimeError):
        app.call_from_thread(app.notify, text, severity=severity, markup=False)
