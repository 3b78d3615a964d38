"""The header: station, clerk and language on the left, the link to central on the right,
and under it (when a central server is set) the queue and the sending of it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from loket.tui.link_words import describe_link


# The share of the header the link's line may take (its max-width below).
MAX_SHARE = 0.7


class LinkStatus(Widget):
    """The state of the link to central, in words and colour, on one line.

    ``reading`` is the app's LinkReading; the app's ``set_link`` is the one way
    to change it. A long reason from central is shortened here; the tooltip and
    the notification carry it whole.
    """

    DEFAULT_CSS = """
    LinkStatus {
        width: auto; max-width: 70%; height: 1; padding: 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    LinkStatus.-online { color: $text-success; }
    LinkStatus.-offline { color: $text-error; }
    LinkStatus.-degraded { color: $text-warning; }
    LinkStatus.-revoked { background: $error; color: $text; text-style: bold; }
    LinkStatus.-unauthorized { color: $text-error; text-style: bold; }
    LinkStatus.-unknown { color: $text-warning; }
    """

    reading = reactive(None, layout=True)

    def render(self) -> str:
        if self.reading is None:
            return ""
        return describe_link(self.reading, room=self._room())

    def _room(self) -> int | None:
        """The cells this line may take: its share of the header (max-width), less padding."""
        width = self.parent.size.width if self.parent is not None else 0
        if not width:
            return None
        return int(width * MAX_SHARE) - 2

    def watch_reading(self, old, new) -> None:
        if old is not None:
            self.remove_class(f"-{old.state}")
        if new is not None:
            self.add_class(f"-{new.state}")
            full = describe_link(new, full=True)
            self.tooltip = full if full != describe_link(new, room=self._room()) else None

    @property
    def state(self) -> str:
        return self.reading.state if self.reading is not None else ""


class StationBar(Vertical):
    """Docked at the top of every full screen; follows the app's title, link and queue,
    and, for a counter of an office database while that is down, says so on a line of its own."""

    DEFAULT_CSS = """
    StationBar { dock: top; height: auto; background: $panel; }
    StationBar #station-line { height: 1; }
    StationBar #office-line {
        display: none;  /* shown only with words in it: never a blank warning bar for a frame */
        height: 1; padding: 0 1; background: $warning; color: $text; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    StationBar #station-info {
        width: 1fr; height: 1; padding: 0 1; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        # The queue strip is mounted once a central server is known (after the
        # station opens), not here: the login screen's first paint stays as light
        # as it can be, and a station without central never needs it.
        with Horizontal(id="station-line"):
            yield Static(id="station-info", markup=False)
            yield LinkStatus()
        yield Static(id="office-line", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", self._show_station)
        self.watch(self.app, "link", self._show_link)
        self.watch(self.app, "office", self._show_office)

    def on_resize(self) -> None:
        # The link's line fits its words to the header's width, which it does not
        # learn from its own size (that follows its words).
        self.query_one(LinkStatus).refresh(layout=True)

    def _show_office(self, state) -> None:
        from loket.tui.office_watch import describe_office

        line = self.query_one("#office-line", Static)
        text = describe_office(state)
        line.update(text)
        line.display = bool(text)

    def _show_station(self, _value: str = "") -> None:
        found = self.query("#station-info")
        if not found:  # the bar is being taken down: its screen closed while still mounting
            return
        found.first(Static).update(f"{self.app.title} · {self.app.sub_title}")
        self._show_office(getattr(self.app, "office", None))
        # The sub-title names the language, so it changes on every switch:
        # a good moment to re-translate the link and queue lines too.
        self.query_one(LinkStatus).refresh(layout=True)
        strip = self._strip()
        if strip is not None:
            strip.show()

    def _strip(self):
        from loket.tui.widgets.sync_status import SyncStatus

        found = self.query(SyncStatus)
        return found.first() if found else None

    def _show_link(self, reading) -> None:
        self.query_one(LinkStatus).reading = reading
        # No central server set: nothing to send, so no queue strip either.
        wanted = reading is not None and reading.state != "unset"
        strip = self._strip()
        if strip is None and wanted:
            from loket.tui.widgets.sync_status import SyncStatus

            self.mount(SyncStatus())
        elif strip is not None:
            strip.display = wanted
