"""The desk, through the real app, when a supervisor cancels what central already holds.

A real station linked to the real reference central over HTTP: the request is synced,
the supervisor presses Ctrl+B and gives a reason, the desk says central is asked (not
that it is cancelled), and once a sync has central's answer the detail says so. No
fixed sleeps: the app runs until each state holds.
"""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Input, Select

from conftest import SUPERVISOR
from linkkit import STATION_ID, central, connect, seed, until  # noqa: F401 - central is a fixture
from loket.tui.app import LoketApp

pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")


def _state(station_dir, request_id: int) -> str:
    with sqlite3.connect(station_dir / "loket.db") as db:
        return db.execute("SELECT state FROM requests WHERE id = ?", (request_id,)).fetchone()[0]


async def test_cancelling_a_synced_request_asks_central_and_the_detail_follows_its_answer(station_dir, central):
    from loket.station import Station
    from loket.tui.screens.desk import DeskScreen
    from loket.tui.screens.reason_dialog import ReasonDialog

    connect(station_dir, central.url, central.server.store.add_station(STATION_ID), probe_interval=0.2)
    station = Station.open(station_dir)
    try:
        (saved,) = seed(station, 1)
        assert station.sync().accepted == 1
    finally:
        station.close()
    target = saved.request_id

    app = LoketApp(station_dir, language="id")
    notices: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kw: (notices.append(str(message)), notify(message, **kw))[1]
    async with app.run_test(size=(120, 40)) as pilot:
        app.animation_level = "none"
        await until(pilot, lambda: app.station is not None, "the station to open")
        login = app.screen
        login.query_one("#login-name", Input).value = SUPERVISOR[0]
        login.query_one("#login-pin", Input).value = SUPERVISOR[1]
        login.query_one("#login-pin", Input).focus()
        await pilot.press("enter")
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen) and app.screen.complete, "the desk")
        desk = app.screen
        desk.query_one("#filter-state", Select).value = "all"
        await until(pilot, lambda: desk.queue.cursor_row is not None and desk.queue.cursor_row.id == target,
                    "the synced row")

        await pilot.press("ctrl+b")
        await until(pilot, lambda: isinstance(app.screen, ReasonDialog) and app.screen.query("#reason-input"),
                    "the reason dialog")
        app.screen.query_one("#reason-input", Input).value = "Pemohon pindah domisili"
        await pilot.press("enter")
        asked = f"Pusat diminta membatalkan permohonan Suket {saved.number} atas nama {saved.record.name}"
        await until(pilot, lambda: any(asked in n for n in notices), "the notice naming the request")
        assert not any("dibatalkan;" in n for n in notices)
        assert _state(station_dir, target) == "synced"  # central's until it answers

        def detail() -> str:
            return str(desk.detail.query_one("#detail-text").render())

        await until(pilot, lambda: "Pembatalan diminta ke pusat" in detail(), "the detail to name the question")
        await pilot.press("f7")  # send now: central is asked, and withdraws it
        await until(pilot, lambda: _state(station_dir, target) == "void", "central's answer settled")
        await pilot.press("f5")
        await until(pilot, lambda: "Pusat membatalkan catatannya" in detail(), "the detail to give the answer")
        assert "minta pusat menarik catatan" in detail() and "catatan ditarik pusat" in detail()
    (item,) = central.items()
    assert (item["status"], item["status_reason"]) == ("rejected", "withdrawn")
