"""The desk's first frame is the queue's rows alone; everything else is mounted around them."""

from __future__ import annotations

from textual.widgets import Input

from conftest import CLERK, SUPERVISOR
from linkkit import seed
from loket.tui.app import LoketApp
from loket.tui.screens.desk import DeskScreen
from loket.tui.widgets.queue_list import QueueList
from test_tui_desk import settle
from tuikit import log_in


class WatchedDesk(DeskScreen):
    """Notes what the screen held when its first rows were painted."""

    first_frame: list[str] | None = None

    def _mount_the_rest(self) -> None:
        self.first_frame = [type(widget).__name__ for widget in self.children]
        super()._mount_the_rest()


async def test_the_first_frame_lays_out_the_rows_alone_then_the_rest_in_place(station_dir):
    from loket.station import Station

    station = Station.open(station_dir)
    seed(station, 3)
    station.close()
    app = LoketApp(station_dir, language="id")
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(app, pilot, settle, SUPERVISOR)
        desk = WatchedDesk(app.clerk)
        app.push_screen(desk)
        await settle(app, pilot)
        assert desk.first_frame == ["QueueList"]
        # Then, in reading order: the header and filter bar, the search box, the rows,
        # the detail pane, the keys.
        assert [widget.id or type(widget).__name__ for widget in desk.children] == [
            "desk-top", "desk-search", "desk-list", "desk-bottom", "DeskKeys"]
        tops = [widget.region.y for widget in desk.children]
        assert tops == sorted(tops) and desk.query_one(QueueList).cursor_row is not None
        await pilot.press("slash")
        assert app.focused is desk.query_one("#desk-search", Input)


def _sources(app) -> set[str]:
    return {name for _path, name in app.stylesheet.source}


class SourcesAtFirstFrame(WatchedDesk):
    sources: set[str] | None = None

    def _mount_the_rest(self) -> None:
        self.sources = _sources(self.app)
        super()._mount_the_rest()


async def test_a_supervisor_s_desk_opens_without_a_new_style_source(station_dir):
    """Each style source new to the app makes Textual parse every rule again and rebuild
    its rule map; the supervisor's idle time at the intake screen pays for the desk's."""
    app = LoketApp(station_dir, language="id")
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(app, pilot, settle, SUPERVISOR)
        before = _sources(app)
        assert "QueueList.DEFAULT_CSS" in before and "DeskPart.DEFAULT_CSS" in before
        assert not app.screen.query("DeskPart, QueueList")  # learnt, and gone again
        desk = SourcesAtFirstFrame(app.clerk)
        app.push_screen(desk)
        await settle(app, pilot)
        assert desk.first_frame == ["QueueList"]
        assert desk.sources == before


async def test_a_clerk_s_login_learns_no_desk_styles(station_dir):
    app = LoketApp(station_dir, language="id")
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(app, pilot, settle, CLERK)
        assert not {"QueueList.DEFAULT_CSS", "DeskPart.DEFAULT_CSS"} & _sources(app)
