"""A NIK with an open request is named as soon as its 16 digits are typed."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from linkkit import seed
from loket.i18n import t
from loket.station import Station
from loket.tui.app import LoketApp
from loket.tui.screens.intake import IntakeScreen
from test_tui_intake import Counter, settle
from tuikit import log_in


@pytest.fixture
async def counter_with_one_open(station_dir):
    station = Station.open(station_dir)
    try:
        saved = seed(station, 1, seed=7)[0]
    finally:
        station.close()
    app = LoketApp(station_dir)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(app, pilot, settle)
        assert isinstance(app.screen, IntakeScreen)
        yield Counter(app, pilot), saved


async def test_open_request_is_named_before_the_rest_is_typed(counter_with_one_open):
    counter, saved = counter_with_one_open
    nik = saved.record.nik
    counter.form.query_one("#request_type", Select).value = saved.record.request_type
    await counter.type("nik", nik[:15])
    assert not counter.form.row("nik").message("error")
    await counter.type("nik", nik[15])
    # Nothing else typed, the NIK field not even left: the refusal is already there.
    error = counter.form.row("nik").message("error")
    assert str(saved.queue_no) in error and saved.number in error, error
    assert counter.message("nik") == error

    # For another kind of request the NIK may go ahead: only a warning remains.
    other = next(kind for kind in ("new_recording", "reprint_lost") if kind != saved.record.request_type)
    counter.form.query_one("#request_type", Select).value = other
    await settle(counter.app, counter.pilot)
    assert not counter.form.row("nik").message("error")
    assert counter.form.row("nik").message("warning") == t(
        "counter.open.other_type", request_type=t(f"request_type.{saved.record.request_type}"), queue_no=saved.queue_no
    )

    # Another NIK: nothing said.
    nik_input = counter.form.query_one("#nik", Input)
    nik_input.focus()
    await counter.pilot.press("backspace", "0" if nik[-1] != "0" else "1")
    await settle(counter.app, counter.pilot)
    assert not counter.form.row("nik").message("warning").startswith(t("counter.open.other_type")[:10])
