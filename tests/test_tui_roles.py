"""Who may do what at the counter: the desk's gate, this station's recent list, the idle lock.

Driven through the real app on a real station (SQLite file, users with scrypt PINs).
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import asynccontextmanager

from textual.widgets import DataTable, Input

from linkkit import seed, until
from loket.storage import audit
from loket.storage.views import recent_requests
from loket.tui.app import LoketApp
from loket.tui.screens.intake import IntakeScreen
from loket.tui.screens.lock import LockScreen
from loket.tui.screens.recent import RecentScreen
from loket.tui.screens.supervisor import SupervisorScreen
from test_tui_save import approve, log_in, settle


@asynccontextmanager
async def logged_in(station_dir, *who: str, size: tuple[int, int] = (120, 36)):
    """The counter app on the station, logged in (as the clerk unless ``who`` names another)."""
    app = LoketApp(station_dir, language="id")
    async with app.run_test(size=size) as pilot:
        app.animation_level = "none"
        await log_in(app, pilot, *who)
        yield app, pilot


def events_named(station_dir, action: str) -> list[dict]:
    from loket.storage.db import open_database

    db = open_database(station_dir / "loket.db")
    try:
        return [e for e in audit.recent_events(db, 500) if e["action"] == action]
    finally:
        db.close()


async def test_a_clerk_needs_a_supervisor_pin_to_open_the_desk(station_dir):
    from loket.tui.screens.desk import DeskScreen

    async with logged_in(station_dir) as (app, pilot):
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, SupervisorScreen)
        await approve(app, pilot, "CLERK", "246810", "Periksa antrean")
        assert isinstance(app.screen, SupervisorScreen)  # a clerk's own PIN does not open it
        assert "bukan supervisor" in str(app.screen.query_one("#supervisor-message").render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert not any(isinstance(s, DeskScreen) for s in app.screen_stack)

        await pilot.press("f8")
        await settle(app, pilot)
        await approve(app, pilot, "SUPERVISOR", "123456", "Periksa antrean")
        # The PIN is checked, then the opening is written to the audit log, each in a worker.
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk to open")
        assert app.screen.supervisor.name == "SUPERVISOR" and app.screen.borrowed
        # The borrowed desk ends with the clerk's session: locking closes it.
        app.lock_now()
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        assert not any(isinstance(s, DeskScreen) for s in app.screen_stack)

    opened = events_named(station_dir, "desk.opened")
    assert len(opened) == 1
    assert opened[0]["actor"] == "SUPERVISOR"
    assert opened[0]["details"] == {"over": "CLERK", "reason": "Periksa antrean"}


async def test_what_is_typed_while_a_supervisor_pin_is_checked_never_changes_the_reason(station_dir):
    """The reason's Enter, then more keys at once (a second Enter, more letters): a refused
    PIN leaves the reason as given, and a second Enter does not ask a second time."""
    from textual import events

    from loket.tui.screens.desk import DeskScreen

    async with logged_in(station_dir) as (app, pilot):
        await pilot.press("f8")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SupervisorScreen)
        for field, value in (("name", "SUPERVISOR"), ("pin", "999999"), ("reason", "Periksa antrean")):
            screen.query_one(f"#supervisor-{field}", Input).value = value
        screen.query_one("#supervisor-reason", Input).focus()
        await pilot.pause()
        for key in ["enter", *"XY"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot, rounds=5)
        assert app.screen is screen
        assert screen.query_one("#supervisor-reason", Input).value == "Periksa antrean"
        assert screen.query_one("#supervisor-pin", Input).value == ""
        assert app.focused is screen.query_one("#supervisor-pin", Input)

        screen.query_one("#supervisor-pin", Input).value = "123456"
        screen.query_one("#supervisor-reason", Input).focus()
        await pilot.pause()
        for key in ["enter", "enter"]:
            app.post_message(events.Key(key, None))
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk to open")
        await settle(app, pilot)
        assert isinstance(app.screen, DeskScreen)
        assert sum(isinstance(s, DeskScreen) for s in app.screen_stack) == 1

    assert len(events_named(station_dir, "desk.opened")) == 1


async def test_a_supervisor_login_opens_the_desk_directly(station_dir):
    from loket.tui.screens.desk import DeskScreen

    async with logged_in(station_dir, "SUPERVISOR", "123456") as (app, pilot):
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk to open")
        assert not app.screen.borrowed
        await pilot.press("f8")  # not a second desk over the first
        await settle(app, pilot)
        assert sum(isinstance(s, DeskScreen) for s in app.screen_stack) == 1
    assert events_named(station_dir, "desk.opened")[0]["details"] == {}


async def test_recent_shows_only_this_stations_requests_masked(station_dir):
    from loket.station import Station
    from loket.storage import queue

    station = Station.open(station_dir)
    try:
        own = seed(station, 3)
        clerk = station.login("CLERK", "246810")
        # A request of another counter in the same office database (a shared server).
        other = queue.enqueue(
            station.db, request={**own[0].record.to_request(), "nik": "7373014507950002", "name": "LAIN",
                     "biometrics_recorded": False},
            local={}, warnings=[], clerk=clerk, station_id="7373-LKT02", office_code="7373",
            now=dt.datetime.now().astimezone(),
            issue=lambda ctx: (None, None),
        )
    finally:
        station.close()
    assert other.request_id

    async with logged_in(station_dir) as (app, pilot):
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, RecentScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        names = set(table.get_column("name"))
        assert names == {saved.record.name for saved in own}
        niks = set(table.get_column("nik"))
        assert all("*" in nik for nik in niks)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, IntakeScreen)


def shown_row(table: DataTable, words: str) -> str:
    """The table's line holding ``words``, as drawn in the table's width."""
    return next(line for line in (table.render_line(y).text for y in range(table.size.height)) if words in line)


async def test_at_80_columns_the_recent_list_shows_every_nik_whole_and_narrows_long_names(station_dir):
    import dataclasses

    from loket.intake.nik import mask_nik
    from loket.intake.samples import sample_record
    from loket.station import Station

    station = Station.open(station_dir)
    try:
        long_name = "ANDI MUHAMMAD RAHMATULLAH DAENG MAPPATUNRU"
        record = dataclasses.replace(sample_record(), name=long_name)
        station.submit(record, station.login("CLERK", "246810"))
    finally:
        station.close()
    async with logged_in(station_dir, size=(80, 24)) as (app, pilot):
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, RecentScreen)
        row = shown_row(app.screen.query_one(DataTable), "ANDI")
        assert mask_nik(record.nik) in row  # whole, not cut at the edge
        assert long_name not in row and "ANDI MUHAMMAD" in row and "…" in row
        await pilot.resize_terminal(160, 40)  # room enough: the whole name again
        await settle(app, pilot)
        row = shown_row(app.screen.query_one(DataTable), "ANDI")
        assert long_name in row and mask_nik(record.nik) in row


async def test_idle_counter_locks_keeps_the_form_and_needs_the_same_pin(station_dir):
    async with logged_in(station_dir) as (app, pilot):
        intake = app.screen
        name_field = intake.form.query_one("#name", Input)
        name_field.value = "SITI AMINAH"
        app.check_idle_lock()  # just used: stays open
        await settle(app, pilot)
        assert app.screen is intake

        app.last_input_at = time.monotonic() - app.idle_limit - 1
        app.check_idle_lock()
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press("f8")  # nothing opens from under the lock
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)

        pin = app.screen.query_one("#lock-pin", Input)
        pin.value = "000000"
        pin.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        assert "PIN" in str(app.screen.query_one("#lock-message").render())

        pin.value = "246810"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is intake
        assert name_field.value == "SITI AMINAH"
        assert not app.locked
    assert len(events_named(station_dir, "session.locked")) == 1


async def test_someone_else_takes_over_a_locked_counter_by_logging_out(station_dir):
    from loket.tui.screens.login import LoginScreen

    async with logged_in(station_dir) as (app, pilot):
        app.lock_now()
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.clerk is None and not app.locked
        await log_in(app, pilot, "SUPERVISOR", "123456")
        assert isinstance(app.screen, IntakeScreen)


def test_the_recent_list_reads_one_station(station_dir):
    from loket.station import Station

    station = Station.open(station_dir)
    try:
        seed(station, 2)
        assert len(recent_requests(station.db, "7373-LKT01")) == 2
        assert recent_requests(station.db, "7373-LKT09") == []
    finally:
        station.close()


async def test_what_is_typed_while_the_unlock_pin_is_checked_goes_to_the_form(station_dir):
    """Unlocking and typing on at once: the letters typed during the PIN's check land in
    the field the form had, not in the lock's PIN box that closes with it."""
    from textual import events

    async with logged_in(station_dir) as (app, pilot):
        intake = app.screen
        name_field = intake.form.query_one("#name", Input)
        name_field.focus()
        await settle(app, pilot)
        app.lock_now()
        await settle(app, pilot)
        assert isinstance(app.screen, LockScreen)
        for key in [*"246810", "enter", *"SITI"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot)
        assert app.screen is intake
        assert name_field.value == "SITI"
