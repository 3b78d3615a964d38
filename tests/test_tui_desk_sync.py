"""The whole round at the desk against a real reference central on loopback.

Central refuses a request for a real reason (its stored bytes were altered behind
the station's back, and central validates like the counter); the supervisor finds
it on the desk, corrects it through the same form and checks, and the next sync
gets it accepted under its new key. No fixed sleeps: the app runs until each
state holds.
"""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input

from conftest import SUPERVISOR
from linkkit import STATION_ID, central, connect, seed, until  # noqa: F401 - central is a fixture
from loket.storage import audit
from loket.tui.app import LoketApp

pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")


def _state(station_dir, request_id: int) -> tuple[str, str]:
    import sqlite3

    with sqlite3.connect(station_dir / "loket.db") as db:
        return db.execute("SELECT state, idempotency_key FROM requests WHERE id = ?", (request_id,)).fetchone()


async def test_a_request_central_refused_is_corrected_at_the_desk_and_then_synced(station_dir, central):
    from loket.station import Station
    from loket.tui.screens.correct import CorrectScreen
    from loket.tui.screens.desk import DeskScreen
    from loket.tui.screens.reason_dialog import ReasonDialog

    station = Station.open(station_dir)
    try:
        saved = seed(station, 2)
        target = saved[0].request_id
        (text,) = station.db.execute_sql("SELECT payload FROM requests WHERE id = ?", (target,)).fetchone()
        payload = {**json.loads(text), "religion": "AGAMA LAIN"}
        station.db.execute_sql("UPDATE requests SET payload = ? WHERE id = ?", (json.dumps(payload), target))
        chain_before = audit.verify_chain(station.db)
    finally:
        station.close()
    assert chain_before.ok
    connect(station_dir, central.url, central.server.store.add_station(STATION_ID), probe_interval=0.2)

    app = LoketApp(station_dir, language="id")
    async with app.run_test(size=(120, 40)) as pilot:
        app.animation_level = "none"
        await until(pilot, lambda: app.station is not None, "the station to open")
        login = app.screen
        login.query_one("#login-name", Input).value = SUPERVISOR[0]
        login.query_one("#login-pin", Input).value = SUPERVISOR[1]
        login.query_one("#login-pin", Input).focus()
        await pilot.press("enter")
        # The link comes up and the app sends the queue on its own: one in, one refused.
        await until(pilot, lambda: _state(station_dir, target)[0] == "rejected", "central's refusal")
        old_key = _state(station_dir, target)[1]

        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen) and app.screen.complete, "the desk")
        desk = app.screen
        await until(pilot, lambda: desk.queue.cursor_row is not None, "the desk's rows")
        assert [row.id for row in desk.queue.rows] == [target]  # the accepted one is not pending
        assert desk.queue.cursor_row.last_error == "invalid_field:religion"

        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, CorrectScreen) and app.screen.query("IntakeForm"),
                    "the correction form")
        correct = app.screen
        form = correct.form
        status = correct.query_one("#correct-status")
        # The stored value is not one of the list's choices: named, the choice left open.
        await until(pilot, lambda: "AGAMA LAIN" in str(status.render()), "the off-list value named")
        form.set_choice("religion", saved[0].record.religion)
        await pilot.pause()
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ReasonDialog) and app.screen.query("#reason-input"),
                    "the reason dialog")
        app.screen.query_one("#reason-input", Input).value = "Agama salah ketik"
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is desk, "back at the desk")
        state, new_key = _state(station_dir, target)
        assert new_key != old_key

        await pilot.press("f7")  # send now
        await until(pilot, lambda: _state(station_dir, target)[0] == "synced", "the corrected request synced")

    stored = {item["idempotency_key"]: item for item in central.items()}
    assert len(stored) == 2 and old_key not in stored
    assert stored[new_key]["request"]["religion"] == saved[0].record.religion

    station = Station.open(station_dir)
    try:
        assert audit.verify_chain(station.db).ok
        corrected = [e for e in audit.recent_events(station.db, 500) if e["action"] == "request.corrected"]
        assert corrected[0]["actor"] == SUPERVISOR[0] and corrected[0]["details"]["changed"] == ["religion"]
    finally:
        station.close()
