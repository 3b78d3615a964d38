"""Every screen of the counter at 80x24 and 120x40, compared with its stored picture.

A cut-off column, a footer key pushed off the edge or a list drawn under the
footer changes the picture and fails here. After a deliberate change of a
screen, refresh the pictures with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` and look at them (the SVGs open in any browser).

Each test's data are fixed (dates included), so the pictures do not age.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from contextlib import suppress

import pytest
from textual.widgets import Input, Select
from textual.worker import WorkerCancelled

from conftest import CLERK, SUPERVISOR
from loket.intake.samples import sample_record
from loket.tui.app import LoketApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
# A fixed moment for what is saved in these pictures: numbers and dates stay the same.
SAVED_AT = dt.datetime(2026, 3, 9, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


async def settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        # A check made stale by the next keystroke is cancelled: then wait for the rest.
        with suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def steady(pilot) -> None:
    """No blinking cursor: the picture must not depend on the moment it is taken."""
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


async def log_in(pilot, who=CLERK) -> None:
    app = pilot.app
    await settle(pilot)
    app.screen.query_one("#login-name", Input).value = who[0]
    app.screen.query_one("#login-pin", Input).value = who[1]
    app.screen.query_one("#login-pin", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


async def fill(pilot, record) -> None:
    form = pilot.app.screen.form
    form.query_one("#nik", Input).value = record.nik
    await settle(pilot)
    for name in ("kk", "name", "birth_place", "occupation"):
        form.query_one(f"#{name}", Input).value = getattr(record, name)
    form.query_one("#birth_date", Input).value = record.birth_date.strftime("%d-%m-%Y")
    for name in ("street", "rt", "rw"):
        form.query_one(f"#{name}", Input).value = getattr(record.address, name)
    form.picker("village").pick_name(record.address.village)
    for name in ("blood_type", "religion", "marital_status"):
        form.query_one(f"#{name}", Select).value = getattr(record, name)
    await settle(pilot)


def picture(snap_compare, station_dir, size, *steps, demo: bool = False) -> bool:
    app = LoketApp(station_dir, language="id", demo=demo)
    app.animation_level = "none"

    async def run_before(pilot) -> None:
        for step in steps:
            await step(pilot)
        await steady(pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


def keys(*pressed: str):
    async def step(pilot) -> None:
        await pilot.press(*pressed)
        await settle(pilot)

    return step


async def typed_form(pilot) -> None:
    await fill(pilot, sample_record())


async def nik_only(pilot) -> None:
    pilot.app.screen.form.query_one("#nik", Input).focus()
    await pilot.pause()
    await pilot.press(*"7373011705900001")
    await settle(pilot)


async def religion_list(pilot) -> None:
    pilot.app.screen.form.focus_field("religion")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def saved_suket(pilot) -> None:
    from loket.tui.screens.saved import SavedScreen

    app = pilot.app
    record = dataclasses.replace(sample_record(), biometrics_recorded=True)
    saved = app.station.submit(record, app.clerk, now=SAVED_AT)
    outcome = app.station.print_slip(saved)  # the test station's printer copies to a folder
    await app.push_screen(SavedScreen(saved, outcome))
    await settle(pilot)


async def as_supervisor(pilot) -> None:
    await log_in(pilot, SUPERVISOR)


async def lock(pilot) -> None:
    pilot.app.lock_now()
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_login(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, settle)


@pytest.mark.parametrize("size", SIZES)
def test_intake_empty(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in)


@pytest.mark.parametrize("size", SIZES)
def test_intake_nik_decoded(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, nik_only)


@pytest.mark.parametrize("size", SIZES)
def test_intake_list_open(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, religion_list)


@pytest.mark.parametrize("size", SIZES)
def test_confirm(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, typed_form, keys("f2"))


@pytest.mark.parametrize("size", SIZES)
def test_discard_question(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, typed_form, keys("f5"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, keys("f1"))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.skipif(os.name == "nt", reason="the saved screen names the slip's file, whose path is written the Windows way there")
def test_saved(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, saved_suket)


@pytest.mark.parametrize("size", SIZES)
def test_recent_empty(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, keys("f4"))


@pytest.mark.parametrize("size", SIZES)
def test_desk_empty(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, as_supervisor, keys("f8"))


async def voided_match_searched(pilot) -> None:
    """A request the default filter hides (void), searched for by a word inside its name:
    the list is empty and says where the match is (no rows: no ages that grow old)."""
    app = pilot.app
    record = dataclasses.replace(sample_record(), name="ABDUL MUSTAFA KAMAL")
    saved = app.station.submit(record, app.clerk, now=SAVED_AT)
    app.station.db.execute_sql("UPDATE requests SET state = 'void' WHERE id = ?", (saved.request_id,))
    await pilot.press("f8")
    await settle(pilot)
    await pilot.press("slash", *"mustafa")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_desk_search_hidden_by_the_state_filter(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, as_supervisor, voided_match_searched)


@pytest.mark.parametrize("size", SIZES)
def test_lock(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, lock)


@pytest.mark.parametrize("size", SIZES)
def test_supervisor_pin_over_a_clerk(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, keys("f8"))


async def revoked(pilot) -> None:
    from loket.sync.states import LinkReading

    # No times: they would be shown in the local time zone of whichever PC runs this.
    pilot.app.set_link(LinkReading("revoked", None, "Audit data kependudukan", None))
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.skipif(os.name == "nt", reason="the saved screen names the slip's file, whose path is written the Windows way there")
def test_saved_while_revoked(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, revoked, saved_suket)


async def correction(pilot) -> None:
    """A request central refused, opened for correction as the desk opens it (Ctrl+T)."""
    from loket.storage import queue
    from loket.storage.transitions import change_state
    from loket.tui.screens.correct import CorrectScreen

    app = pilot.app
    saved = app.station.submit(sample_record(), app.clerk, now=SAVED_AT)
    db = app.station.db
    change_state(db, saved.request_id, "sending", actor="sync")
    change_state(db, saved.request_id, "rejected", actor="sync", reason="invalid_field:name")
    await app.push_screen(CorrectScreen(queue.get_request(db, saved.request_id), app.clerk))
    await settle(pilot, rounds=5)


async def name_corrected(pilot) -> None:
    pilot.app.screen.form.query_one("#name", Input).value = sample_record().name + " PUTRI"


async def mark_all_question(pilot) -> None:
    from loket.tui.screens.mark_all import MarkAllDialog

    await pilot.app.push_screen(MarkAllDialog(12345))
    await settle(pilot)


async def bulk_summary(pilot) -> None:
    from loket.bulk import BulkOutcome, Refusal
    from loket.tui.screens.bulk_summary import BulkSummary

    refused = [Refusal(100 + i, "resolve.cannot_requeue", "queued", f"471/{i:04d}/7373-LKT01/III/2026",
                       f"WARGA CONTOH {i}", "") for i in range(30)]
    refused.append(Refusal(999, "resolve.cannot_requeue", "void", None, "SITI AMINAH", ""))
    outcome = BulkOutcome("requeue", 5268, done=4000, refused=refused, cancelled=True)
    await pilot.app.push_screen(BulkSummary(outcome))
    await settle(pilot)


async def bulk_in_progress(pilot) -> None:
    from textual import events

    from loket.tui.screens.bulk_progress import BulkProgress

    class AtAFixedPoint(BulkProgress):
        """The run's screen as it stands after 1,480 of 5,268: the bar is moved by the
        message the run sends; the run itself is not started (its steps are tested in
        test_tui_desk_bulk.py), so the picture does not depend on the moment."""

        def on_mount(self, event: events.Mount) -> None:
            event.prevent_default()
            self.post_message(self.Advanced(self, 1480))

    desk = pilot.app.screen
    await pilot.app.push_screen(AtAFixedPoint(pilot.app.station, "requeue", list(range(1, 5269)),
                                              desk.supervisor, "uji"))
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_correction(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, as_supervisor, correction)


@pytest.mark.parametrize("size", SIZES)
def test_reason_dialog(snap_compare, station_dir, size):
    """F2 on a corrected record asks why, as every audited action of the desk does."""
    assert picture(snap_compare, station_dir, size, as_supervisor, correction, name_corrected, keys("f2"))


async def demo_menu(pilot) -> None:
    app = pilot.app
    # The demo's own central runs on a free port; a fixed address keeps the picture still.
    # (Only the address: without a token the app does not probe it.)
    app.station.settings.central_url = "http://127.0.0.1:8450"
    await pilot.press("f12")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_demo_menu(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, log_in, demo_menu, demo=True)


@pytest.mark.parametrize("size", SIZES)
def test_intake_while_revoked(snap_compare, station_dir, size):
    """The counter goes on serving while central has cut the authorization: the header says why."""
    assert picture(snap_compare, station_dir, size, log_in, revoked)


@pytest.mark.parametrize("size", SIZES)
def test_desk_mark_all_question(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, as_supervisor, keys("f8"), mark_all_question)


@pytest.mark.parametrize("size", SIZES)
def test_desk_bulk_summary(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, as_supervisor, keys("f8"), bulk_summary)


@pytest.mark.parametrize("size", SIZES)
def test_desk_bulk_progress(snap_compare, station_dir, size):
    assert picture(snap_compare, station_dir, size, as_supervisor, keys("f8"), bulk_in_progress)
