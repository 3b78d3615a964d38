"""This station's latest intakes, for anyone logged in: what was taken, and where it stands.

Read-only, and only this station's own requests (a clerk does not browse the
office's queue; that is the supervisor's desk). NIKs are masked. A short list, so
a DataTable is the right tool here.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from loket.i18n import t
from loket.i18n.labels import REQUEST_TYPE_LABELS, STATE_LABELS, label
from loket.i18n.screen_labels import RECENT_COLUMNS
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.widgets.key_bar import KeyBar
from loket.tui.widgets.station_bar import StationBar
from loket.tui.reply import Reply

SHOWN = 50
# Where each request stands comes before the NIK, the kind and the number: on an
# 80-column screen the kind and the number run past the right edge (the NIK is kept
# whole by narrowing long names), and "sent or not yet" is what a clerk opens this
# list to see.
COLUMNS = ("queue_no", "time", "state", "name", "nik", "type", "number")
NIK_WIDTH = 16  # a masked NIK, whole: half of one reads as a different number
NAME_MIN_WIDTH = 12


class RecentScreen(Screen[None]):
    DEFAULT_CSS = """
    RecentScreen #recent-title { text-style: bold; padding: 0 1; }
    RecentScreen #recent-message { color: $text-muted; padding: 0 1; height: auto; }
    RecentScreen #recent-message.-error { color: $text-error; }
    RecentScreen DataTable { height: 1fr; }
    """

    BINDINGS = [bind("escape", "back", "back"), bind("f5", "reload", "reload")]

    _views: list | None = None  # the last rows loaded, kept to redraw them in another language or width

    class Loaded(Reply):
        def __init__(self, origin, views: list, error: str = "") -> None:
            super().__init__(origin)
            self.views = views
            self.error = error

    def compose(self) -> ComposeResult:
        yield StationBar()
        yield Static(id="recent-title")
        yield Static(id="recent-message", markup=False)
        yield DataTable(id="recent-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()  # wraps, so the demo's extra keys and English labels are never cut

    def on_mount(self) -> None:
        self.relabel()
        self.action_reload()

    def relabel(self) -> None:
        station = self.app.station.settings.station_id if self.app.station else ""
        self.query_one("#recent-title", Static).update(t("tui.recent.title", station=station, count=SHOWN))
        table = self.query_one(DataTable)
        views = self._views
        table.clear(columns=True)
        rows = self._rows(views or [])
        name_width = self._name_width(rows)
        for key in COLUMNS:
            table.add_column(t(RECENT_COLUMNS[key]), key=key, width=name_width if key == "name" else None)
        for key, cells in rows:
            if name_width is not None and len(cells["name"]) > name_width:
                cells = {**cells, "name": cells["name"][:name_width - 1] + "…"}
            table.add_row(*(cells[column] for column in COLUMNS), key=key)

    def on_resize(self) -> None:
        self.relabel()

    def _name_width(self, rows: list[tuple[str, dict[str, str]]]) -> int | None:
        """The name column's width: whole names where they fit, else narrowed (names end
        in "…") so that the NIK after it is shown whole on a narrow screen."""
        table = self.query_one(DataTable)
        padding = 2 * table.cell_padding
        widest = {key: len(t(RECENT_COLUMNS[key])) for key in COLUMNS}
        for _key, cells in rows:
            for key, text in cells.items():
                widest[key] = max(widest[key], len(text))
        before = sum(widest[key] + padding for key in COLUMNS[:COLUMNS.index("name")])
        room = self.size.width - 2 - before - padding - (NIK_WIDTH + padding)  # 2: the scrollbar
        if room >= widest["name"]:
            return None
        return max(NAME_MIN_WIDTH, room)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self._say(t("tui.recent.loading"))
        self._load(self.app.station)

    @work(thread=True, exclusive=True, exit_on_error=False, group="recent")
    def _load(self, station) -> None:
        from loket.storage.views import recent_requests

        try:
            views = recent_requests(station.db, station.settings.station_id, SHOWN)
        except Exception as exc:
            self.post_message(self.Loaded(self, [], describe_error(exc)))
        else:
            self.post_message(self.Loaded(self, views))

    def _say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#recent-message", Static)
        message.set_class(error, "-error")
        message.update(text)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.error:
            self._say(message.error, error=True)
            return
        self._views = message.views
        self.relabel()
        self._say(t("tui.recent.none") if not message.views else "")

    @staticmethod
    def _rows(views: list) -> list[tuple[str, dict[str, str]]]:
        from loket.intake.nik import mask_nik

        return [(str(view.id), {
            "queue_no": str(view.queue_no),
            "time": view.created_at.astimezone().strftime("%d-%m %H:%M"),
            "state": label(STATE_LABELS, view.state),
            "name": view.name,
            "nik": mask_nik(view.nik),
            "type": label(REQUEST_TYPE_LABELS, view.request_type),
            "number": view.suket.number if view.suket else "",
        }) for view in views]
