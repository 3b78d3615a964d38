"""The desk's header: it names who is at the desk, not whose login the counter is under.

Opened on a supervisor's PIN over a clerk's login, the desk works under the
supervisor's name (every action is written so); the header says so, and whose
login it is over, instead of the clerk's name the app's title carries.
"""

from __future__ import annotations

from textual.widgets import Static

from loket.i18n import get_language, t
from loket.tui.widgets.station_bar import StationBar


def desk_header_text(app, screen) -> str:
    station = app.station.settings.station_id if app.station else "…"
    supervisor = screen.supervisor.name
    clerk = app.clerk.name if getattr(app, "clerk", None) is not None else ""
    if getattr(screen, "borrowed", False) and clerk and clerk != supervisor:
        who = t("desk.keys.header_over", supervisor=supervisor, clerk=clerk)
    else:
        who = t("desk.keys.header", supervisor=supervisor)
    return f"{app.title} · {station} · {who} · {get_language().upper()}"


class DeskStationBar(StationBar):
    def _show_station(self, _value: str = "") -> None:
        super()._show_station(_value)
        self.query_one("#station-info", Static).update(desk_header_text(self.app, self.screen))
