"""The correction screen does not hold the request it corrects against itself.

The intake form names an open request for a NIK as soon as the NIK is complete.
Filled from a stored request, that request is open by definition: it must not be
named as its own duplicate, while another open request of a NIK typed in still is.
"""

from __future__ import annotations

from textual.widgets import Input

from conftest import SUPERVISOR
from linkkit import seed
from loket.station import Station
from loket.storage import queue
from loket.storage.transitions import change_state
from loket.tui.app import LoketApp
from loket.tui.screens.correct import CorrectScreen
from tuikit import log_in, settle


async def test_the_request_being_corrected_is_not_its_own_open_duplicate(station_dir):
    station = Station.open(station_dir)
    try:
        refused, other = seed(station, 2, seed=3)
        change_state(station.db, refused.request_id, "sending", actor="sync")
        change_state(station.db, refused.request_id, "rejected", actor="sync", reason="invalid_field:name")
    finally:
        station.close()
    app = LoketApp(station_dir)
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(app, pilot, settle, SUPERVISOR)
        view = queue.get_request(app.station.db, refused.request_id)
        await app.push_screen(CorrectScreen(view, app.clerk))
        await settle(app, pilot, rounds=6)
        form = app.screen.form
        assert form.text("nik") == refused.record.nik
        assert form.open_found is not None and form.open_found[0] == refused.record.nik  # it was looked up
        assert not form.row("nik").message("error") and not form.row("nik").message("warning")

        # Corrected to the NIK of another open request: that one is named.
        nik = form.query_one("#nik", Input)
        nik.value = other.record.nik
        await settle(app, pilot, rounds=6)
        said = form.row("nik").message("error") or form.row("nik").message("warning")
        assert str(other.queue_no) in said and other.number in said, said
