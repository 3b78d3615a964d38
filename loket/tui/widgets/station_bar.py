"""The one-line header: station, clerk and language on the left, link state on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from loket.i18n import t

LINK_STATES = ("unset", "unknown", "online", "offline")


class LinkStatus(Widget):
    """The state of the link to the central server.

    ``state`` is one of LINK_STATES; ``detail`` is a short free text (last
    contact, error). A link monitor sets them through the app's ``set_link``.
    """

    DEFAULT_CSS = """
    LinkStatus { width: auto; height: 1; padding: 0 1; color: $text-muted; }
    LinkStatus.-online { color: $text-success; }
    LinkStatus.-offline { color: $text-error; }
    LinkStatus.-unknown { color: $text-warning; }
    """

    state: reactive[str] = reactive("unset", layout=True)
    detail: reactive[str] = reactive("", layout=True)

    def render(self) -> str:
        text = t("tui.link.label", state=t(f"tui.link.{self.state}"))
        return f"{text} ({self.detail})" if self.detail else text

    def watch_state(self, old: str, new: str) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")


class StationBar(Horizontal):
    """Docked at the top of every full screen; follows the app's title and link."""

    DEFAULT_CSS = """
    StationBar { dock: top; height: 1; background: $panel; }
    StationBar #station-info { width: 1fr; height: 1; padding: 0 1; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="station-info", markup=False)
        yield LinkStatus()

    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", self._show_station)
        self.watch(self.app, "link_state", self._show_link)
        self.watch(self.app, "link_detail", self._show_link)

    def _show_station(self, _value: str = "") -> None:
        self.query_one("#station-info", Static).update(f"{self.app.title} · {self.app.sub_title}")
        # The sub-title names the language, so it changes on every switch:
        # a good moment to re-translate the link label too.
        self.query_one(LinkStatus).refresh(layout=True)

    def _show_link(self, _value: str = "") -> None:
        link = self.query_one(LinkStatus)
        link.state = self.app.link_state
        link.detail = self.app.link_detail
