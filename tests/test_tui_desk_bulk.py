"""The desk's second round through the real app: acting on a set, the keyboard, a live list.

Each test is one finding of the desk's review: a reason filter; marking all that a
filter shows and acting on them in one run with a progress bar, a stop and one
summary that stays; marks that follow their rows' real state; refusals that name
the Suket number and the person; Esc, "/", Ctrl+F and Tab; focus after an action;
the header naming who is at the desk; and the list following other counters.
"""

from __future__ import annotations

import time

import pytest
from textual.widgets import Input, Select

from conftest import CLERK, SUPERVISOR
from linkkit import seed
from loket.storage.transitions import change_state
from loket.tui import desk_live
from loket.tui.screens.bulk_progress import BulkProgress
from loket.tui.screens.bulk_summary import BulkSummary
from loket.tui.screens.desk import DeskScreen
from loket.tui.screens.mark_all import MarkAllDialog
from loket.tui.widgets.desk_keys import DeskKeys
from test_tui_desk import give_reason, make_app, open_desk, open_station, settle
from tuikit import log_in


@pytest.fixture(autouse=True)
def no_live_ticks(monkeypatch):
    """The live look runs when a test says (``desk.live_look()``), not on a clock, unless a test
    sets a short interval itself."""
    monkeypatch.setattr(desk_live, "LIVE_INTERVAL", 3600)


def reject(station, request_id, reason):
    change_state(station.db, request_id, "sending", actor="sync")
    change_state(station.db, request_id, "rejected", actor="sync", reason=reason)


def seed_rejected(station_dir, count, reasons):
    """``count`` requests, the first ones rejected by central with ``reasons`` (index -> code)."""
    station = open_station(station_dir)
    try:
        saved = seed(station, count)
        for index, code in reasons.items():
            reject(station, saved[index].request_id, code)
    finally:
        station.close()
    return saved


async def look(app, pilot, desk):
    desk.live_look()
    await settle(app, pilot)


async def test_the_reason_filter_offers_the_codes_present_in_words(station_dir):
    saved = seed_rejected(station_dir, 6, {0: "unknown_region", 1: "unknown_region", 2: "invalid_nik"})
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        await look(app, pilot, desk)
        select = desk.query_one("#filter-reason", Select)
        options = [str(prompt) for prompt, _ in select._options]  # what the list offers
        assert any("(unknown_region) · 2" in o and "wilayah" in o for o in options)
        assert any("(invalid_nik) · 1" in o for o in options)
        select.value = "unknown_region"
        await settle(app, pilot)
        assert sorted(r.id for r in desk.queue.rows) == sorted(s.request_id for s in saved[:2])
        assert desk.queue.position_text() == "1–2 dari 2"


async def test_mark_all_the_filter_shows_then_requeue_in_one_run_with_one_summary(station_dir):
    saved = seed_rejected(station_dir, 8, {i: "unknown_region" for i in range(6)})
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        desk.query_one("#filter-state", Select).value = "rejected"
        await settle(app, pilot)
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, MarkAllDialog) and dialog.count == 6
        assert "Tandai semua 6 permohonan" in str(dialog.query_one("#mark-all-question").render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert desk.queue.marked_ids() == sorted(s.request_id for s in saved[:6])
        assert "6 ditandai" in desk.queue.position_text()
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await give_reason(app, pilot, "Kode wilayah sudah diperbarui")
        summary = app.screen
        assert isinstance(summary, BulkSummary)
        assert summary.text.startswith("6 permohonan dikirim ulang.")
        await pilot.pause(0.5)
        assert app.screen is summary  # stays until closed
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is desk and app.focused is desk.queue
        assert desk.queue.marked_ids() == [] and desk.queue.rows == []


async def test_marks_follow_rows_another_supervisor_changed_and_refusals_name_number_and_person(station_dir):
    saved = seed_rejected(station_dir, 4, {0: "invalid_nik", 1: "invalid_nik", 2: "invalid_nik"})
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        desk.query_one("#filter-state", Select).value = "rejected"
        await settle(app, pilot)
        desk.queue.focus()
        await pilot.press("space", "space", "space")
        await settle(app, pilot)
        assert len(desk.queue.marked) == 3
        # Another supervisor, at another counter, voids one and requeues another.
        other = open_station(station_dir)
        try:
            boss = other.login(*SUPERVISOR)
            other.void([saved[0].request_id], boss, "pemohon membatalkan")
        finally:
            other.close()
        await look(app, pilot, desk)
        assert desk.queue.marked_ids() == sorted(s.request_id for s in saved[1:3])  # not carried on
        assert "1 tanda dilepas" in " ".join(n.message for n in app._notifications)

        # Changed after the last look: the run refuses it, by number and name.
        other = open_station(station_dir)
        try:
            other.requeue([saved[1].request_id], other.login(*SUPERVISOR), "sudah diperbaiki")
        finally:
            other.close()
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await give_reason(app, pilot, "NIK sudah dicek")
        summary = app.screen
        assert isinstance(summary, BulkSummary)
        text = summary.text
        assert "1 permohonan dikirim ulang." in text and "1 permohonan ditolak" in text
        assert f"{saved[1].number} · {saved[1].record.name}" in text
        assert f"#{saved[1].request_id}" not in text
        await pilot.press("enter")
        await settle(app, pilot)
        assert desk.queue.marked_ids() == []  # a refused mark is never carried into the next action


async def test_a_hundred_refusals_stay_in_a_scrollable_summary_with_the_totals_first(station_dir):
    from loket.bulk import BulkOutcome, Refusal

    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk(app, pilot)
        outcome = BulkOutcome("void", 103, done=3, done_ids=[1, 2, 3], refused=[
            Refusal(1000 + i, "resolve.cannot_void", "completed", f"471/{i:04d}/7373-LKT01/X/2026", f"ORANG {i}", "")
            for i in range(100)])
        app.push_screen(BulkSummary(outcome))
        await settle(app, pilot)
        scroll = app.screen.query_one("#summary-scroll")
        assert scroll.max_scroll_y > 0  # the names scroll; the box stays on screen
        assert app.screen.query_one("#summary-box").region.bottom <= 24
        lines = app.screen.text.splitlines()
        assert lines[:2] == ["3 permohonan dibatalkan.", "100 permohonan ditolak:"]
        assert lines[2].startswith("Tidak bisa dibatalkan karena berstatus ") and lines[2].endswith(": 100")
        assert "#1000" not in app.screen.text
        await pilot.pause(0.5)
        assert isinstance(app.screen, BulkSummary)


async def test_stopping_a_run_leaves_the_rest_untouched_and_says_so(station_dir):
    saved = seed_rejected(station_dir, 5, {i: "unknown_region" for i in range(5)})
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        ids = [s.request_id for s in saved]
        progress = BulkProgress(app.station, "requeue", ids, desk.supervisor, "uji")
        progress._stop.set()  # Esc pressed before the first chunk
        outcomes = []
        app.push_screen(progress, outcomes.append)
        await settle(app, pilot)
        (outcome,) = outcomes
        assert (outcome.done, outcome.cancelled, outcome.untouched) == (0, True, 5)
        app.push_screen(BulkSummary(outcome))
        await settle(app, pilot)
        assert "Dihentikan: 5 permohonan tidak disentuh" in app.screen.text
    station = open_station(station_dir)
    try:
        states = {r for (r,) in station.db.execute_sql("SELECT state FROM requests").fetchall()}
    finally:
        station.close()
    assert states == {"rejected"}


async def test_esc_closes_the_innermost_thing_and_slash_and_ctrl_f_reach_search_and_filters(station_dir):
    seed_rejected(station_dir, 3, {})
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        desk.query_one("#filter-from", Input).value = "01-01-2020"
        await settle(app, pilot)
        desk.detail.focus()
        await settle(app, pilot)
        await pilot.press("escape")  # the detail -> the list, the desk and its filter kept
        await settle(app, pilot)
        assert app.screen is desk and app.focused is desk.queue
        assert desk.query_one("#filter-from", Input).value == "01-01-2020"
        desk.detail.focus()
        await pilot.press("slash")  # "/" from the detail
        assert app.focused is desk.query_one("#desk-search", Input)
        await pilot.press("escape")
        assert app.focused is desk.queue
        await pilot.press("ctrl+f")
        assert app.focused is desk.query_one("#filter-state", Select)
        await pilot.press("escape")
        assert app.screen is desk and app.focused is desk.queue
        await pilot.press("escape")  # from the list: the desk closes
        await settle(app, pilot)
        assert app.screen is not desk


async def test_tab_moves_to_a_control_on_screen_every_press_at_80_columns(station_dir):
    seed_rejected(station_dir, 3, {})
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk(app, pilot)
        seen = []
        for _ in range(9):
            before = app.focused
            await pilot.press("tab")
            await settle(app, pilot)
            assert app.focused is not before
            region = app.focused.region
            assert region.width and region.right <= 80 and region.bottom <= 24, app.focused
            seen.append(app.focused.id)
        assert len(set(seen)) == 9  # every control once, then round again


async def test_after_a_correction_focus_returns_to_the_list_row(station_dir, printed_dir):
    from loket.tui.screens.correct import CorrectScreen

    saved = seed_rejected(station_dir, 1, {0: "invalid_field:name"})
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        await pilot.press("enter")  # into the detail first, as a supervisor reads it
        await settle(app, pilot)
        assert app.focused is desk.detail
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert isinstance(app.screen, CorrectScreen)
        app.screen.form.query_one("#name", Input).value = saved[0].record.name + " PUTRI"
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await give_reason(app, pilot, "Nama disesuaikan")
        assert app.screen is desk and app.focused is desk.queue
        assert desk.queue.cursor_row.id == saved[0].request_id


async def test_the_header_names_the_supervisor_who_opened_the_desk_over_a_clerks_login(station_dir):
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(app, pilot, settle)
        await pilot.press("f8")
        await settle(app, pilot)
        app.screen.query_one("#supervisor-name", Input).value = SUPERVISOR[0]
        app.screen.query_one("#supervisor-pin", Input).value = SUPERVISOR[1]
        app.screen.query_one("#supervisor-reason", Input).value = "memeriksa antrean"
        app.screen.query_one("#supervisor-reason", Input).focus()
        await pilot.press("enter")
        deadline = time.monotonic() + 20
        # The header's own parts are composed after the desk's parts are mounted.
        while not isinstance(app.screen, DeskScreen) or not app.screen.query("#station-info"):
            assert time.monotonic() < deadline
            await settle(app, pilot)
        header = str(app.screen.query_one("#station-info").render())
        assert f"Meja: {SUPERVISOR[0]} (atas login {CLERK[0]})" in header
        assert f"Petugas: {CLERK[0]}" not in header


async def test_the_list_follows_new_intakes_within_seconds_without_f5(station_dir, monkeypatch):
    monkeypatch.setattr(desk_live, "LIVE_INTERVAL", 0.2)
    seed_rejected(station_dir, 2, {})
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        assert desk.queue.position_text() == "1–2 dari 2"
        other = open_station(station_dir)  # another counter takes a request
        try:
            seed(other, 1, seed=5)
        finally:
            other.close()
        deadline = time.monotonic() + 10
        while desk.queue.position_text() != "1–3 dari 3":
            assert time.monotonic() < deadline, desk.queue.position_text()
            await pilot.pause(0.2)


async def test_a_request_saved_before_the_first_look_still_appears(station_dir):
    """The first look once only learned where things stood: a request another counter saved
    between the first page and that look was taken as already shown (the lane's slow first
    tick missed it for good)."""
    seed_rejected(station_dir, 2, {})
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        assert desk.queue.position_text() == "1–2 dari 2"
        other = open_station(station_dir)
        try:
            seed(other, 1, seed=5)
        finally:
            other.close()
        await look(app, pilot, desk)  # the first look, after the save
        assert desk.queue.position_text() == "1–3 dari 3"
        await look(app, pilot, desk)  # nothing new: the list stays
        assert desk.queue.position_text() == "1–3 dari 3"


async def test_the_key_bar_shows_every_desk_action_at_80_columns(station_dir):
    seed_rejected(station_dir, 1, {0: "unknown_region"})
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        desk = await open_desk(app, pilot)
        bar = desk.query_one(DeskKeys)
        shown = bar.shown
        for key in ("^R", "^T", "^B", "F6", "^N", "F2", "F5", "^A", "^G", "/", "^F", "Esc"):
            assert key in shown, key
        assert bar.region.height == len(shown.splitlines()) and bar.region.bottom <= 24
        assert all(len(line) <= bar.content_region.width for line in shown.splitlines())
