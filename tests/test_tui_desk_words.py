"""The desk's words: what its keys, dialogs, filters and headers say as its state and language change.

Through the real app on a real station, as in test_tui_desk.py (whose helpers these use).
"""

from __future__ import annotations

from textual.widgets import Select

from conftest import SUPERVISOR
from linkkit import seed
from test_tui_desk import make_app, open_desk, open_station, settle


async def test_the_copy_of_a_receipt_is_asked_for_as_a_receipt_not_a_suket(station_dir, printed_dir):
    station = open_station(station_dir)
    try:
        seed(station, 1, receipts={0})  # biometrics not yet recorded: a receipt, no Suket
    finally:
        station.close()
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        detail = str(desk.detail.query_one("#detail-text").render())
        assert "Tanda terima: TT/" in detail and "berlaku s.d." not in detail  # a receipt has no term
        await pilot.press("f6")
        await settle(app, pilot)
        assert str(app.screen.query_one("#reason-title").render()) == "Cetak salinan tanda terima"


async def test_the_dashboard_opened_from_the_desk_names_the_desks_supervisor(station_dir):
    from textual.widgets import Static

    from loket.tui.screens.dashboard import DashboardScreen

    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_desk(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        header = str(app.screen.query_one("#station-info", Static).render())
        assert f"Meja: {SUPERVISOR[0]}" in header and "Petugas:" not in header


async def test_f10_says_what_it_will_do_next(station_dir):
    from loket.tui.widgets.desk_keys import DeskKeys

    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        keys = desk.query_one(DeskKeys)
        assert "F10 Semua status" in keys.shown
        await pilot.press("f10")  # every state shown: pressed again, the filter before
        await settle(app, pilot)
        assert desk.query_one("#filter-state", Select).value == "all"
        assert "F10 Status semula" in keys.shown and "Semua status" not in keys.shown
        await pilot.press("f10")
        await settle(app, pilot)
        assert "F10 Semua status" in keys.shown


async def test_f9_renames_the_filters_chosen_values_too(station_dir):
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        await pilot.press("f9")
        await settle(app, pilot)
        shown = {}
        for select_id in ("#filter-state", "#filter-purpose", "#filter-station", "#filter-reason"):
            select = desk.query_one(select_id, Select)
            shown[select_id] = str(select.query_one("SelectCurrent").query_one("#label").render())
        assert shown == {"#filter-state": "Pending (needs action)", "#filter-purpose": "Every purpose",
                         "#filter-station": "Every counter", "#filter-reason": "Every reason from central"}
