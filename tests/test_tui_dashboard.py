"""The outage dashboard in the real app, against a real station whose link has been down
since yesterday: what it shows, R to count again, Escape to go back."""

from __future__ import annotations

import asyncio
import datetime as dt

from textual.widgets import Input, Sparkline, Static

from linkkit import seed, until
from loket.storage.linklog import record_link_change
from loket.storage.transitions import change_state
from loket.tui.app import LoketApp
from loket.tui.screens.dashboard import DashboardScreen

CLERK = ("CLERK", "246810")


def prepare(station_dir) -> None:
    """Five requests (two urgent, one rejected), a waiting Suket about to run out, the link
    revoked a day and two hours ago."""
    from loket.station import Station

    station = Station.open(station_dir)
    try:
        saved = seed(station, 5, seed=51, purposes={0: "election_candidate", 1: "university_admission"})
        db = station.db
        change_state(db, saved[4].request_id, "sending", actor="test")
        change_state(db, saved[4].request_id, "rejected", actor="test", reason="NIK tidak dikenal")
        soon = dt.date.today() + dt.timedelta(days=3)
        db.execute_sql("UPDATE sukets SET valid_until = ? WHERE request_id = ?", (soon.isoformat(), saved[2].request_id))
        now = dt.datetime.now(dt.timezone.utc)
        record_link_change(db, now - dt.timedelta(days=4), "unknown", "online")
        record_link_change(db, now - dt.timedelta(days=1, hours=2), "online", "revoked", "Audit")
    finally:
        station.close()


def more(station_dir, count: int, receipts: bool = False) -> None:
    """``count`` more requests (receipts, without biometrics, if asked), people not seen before."""
    from loket.station import Station

    station = Station.open(station_dir)
    try:
        seed(station, count, seed=53 if receipts else 52, receipts=set(range(count)) if receipts else frozenset())
    finally:
        station.close()


def shown(app, name: str) -> str:
    return str(app.screen.query_one(f"#dash-{name}", Static).content)


async def open_dashboard(app, pilot) -> DashboardScreen:
    await until(pilot, lambda: app.station is not None, "the station to open")
    app.screen.query_one("#login-name", Input).value = CLERK[0]
    app.screen.query_one("#login-pin", Input).value = CLERK[1]
    app.screen.query_one("#login-pin", Input).focus()
    await pilot.press("enter")
    await until(pilot, lambda: app.clerk is not None, "the login")
    screen = DashboardScreen()
    app.push_screen(screen)
    await until(pilot, lambda: screen.numbers is not None, "the first count")
    await pilot.pause()
    return screen


async def test_the_dashboard_shows_the_outage_the_queue_and_the_warnings(station_dir):
    prepare(station_dir)
    app = LoketApp(station_dir, language="id")
    app.animation_level = "none"
    async with app.run_test(size=(110, 60)) as pilot:
        screen = await open_dashboard(app, pilot)
        assert app.screen is screen
        outage = shown(app, "outage")
        assert outage.startswith("Gangguan sedang berlangsung sejak") and "(1 hari 2 jam)" in outage
        assert outage.endswith("Penyebab: Otorisasi loket dicabut pusat (keputusan administratif, "
                               "bukan gangguan jaringan).")
        assert app.screen.query_one("#dash-outage").has_class("-ongoing")
        began = (dt.datetime.now() - dt.timedelta(days=1, hours=2)).date()
        touched = (dt.date.today() - began).days + 1  # 2, or 3 just after midnight
        assert f"Hari terdampak gangguan dalam periode: {touched}" in shown(app, "period")
        assert shown(app, "issued") == "Dalam periode: 5 Suket dan 0 tanda terima diterbitkan, 5 permohonan diterima."
        states = shown(app, "states").splitlines()
        assert any(line.startswith("menunggu dikirim") and line.endswith(" 4") for line in states)
        assert any(line.startswith("ditolak pusat") and line.endswith(" 1") for line in states)
        purposes = shown(app, "purposes")
        assert "Calon peserta pemilu" in purposes and "Pendaftaran perguruan tinggi" in purposes
        assert shown(app, "urgent").startswith("Mendesak (keperluan bertenggat) belum terkirim: ")
        assert int(shown(app, "urgent").rsplit(" ", 1)[1]) >= 2
        assert shown(app, "oldest").startswith("Permohonan tertua yang menunggu: diterima ")
        assert sum(app.screen.query_one("#dash-sparkline", Sparkline).data) == 5
        warnings = shown(app, "warnings")
        assert "1 Suket warga yang masih menunggu habis berlaku dalam 14 hari" in warnings

        # Requests taken at another counter meanwhile: R counts again.
        await asyncio.to_thread(more, station_dir, 3)
        await pilot.press("r")
        await until(pilot, lambda: "8 permohonan diterima" in shown(app, "issued"), "the new count")
        assert sum(app.screen.query_one("#dash-sparkline", Sparkline).data) == 8

        # F9 re-words it at once, from the numbers already counted.
        await pilot.press("f9")
        await pilot.pause()
        assert shown(app, "issued") == "In the period: 8 Sukets and 0 receipts issued, 8 requests taken."
        await asyncio.to_thread(more, station_dir, 1, True)  # one receipt: "1 receipt", not "1 receipts"
        await pilot.press("r")
        await until(pilot, lambda: "9 requests taken" in shown(app, "issued"), "the new count")
        assert shown(app, "issued") == "In the period: 8 Sukets and 1 receipt issued, 9 requests taken."
        assert shown(app, "outage").startswith("Outage in progress since")

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


def backlog(station_dir) -> None:
    """Six requests taken 59 days ago, five of them refused by central; the link lost yesterday."""
    from loket.station import Station

    station = Station.open(station_dir)
    try:
        taken = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(days=59)
        saved = seed(station, 6, seed=53, start=taken)
        db = station.db
        for index, outcome in enumerate(("rejected", "rejected", "conflict", "rejected", "conflict")):
            change_state(db, saved[index].request_id, "sending", actor="test")
            change_state(db, saved[index].request_id, outcome, actor="test", reason="invalid_nik")
        now = dt.datetime.now(dt.timezone.utc)
        record_link_change(db, now - dt.timedelta(days=60), "unknown", "online")
        record_link_change(db, now - dt.timedelta(hours=20), "online", "offline", "timeout")
    finally:
        station.close()


async def test_requests_needing_action_are_a_warning_and_the_chart_spans_14_days(station_dir):
    backlog(station_dir)
    app = LoketApp(station_dir, language="id")
    app.animation_level = "none"
    async with app.run_test(size=(110, 60)) as pilot:
        screen = await open_dashboard(app, pilot)
        warnings = shown(app, "warnings")
        assert "Tidak ada peringatan" not in warnings
        assert "5 permohonan ditolak atau berbeda data di pusat menunggu tindakan supervisor" in warnings
        assert "(59 hari lalu)" in warnings
        # The one waiting request is older than the default limit of 3 days.
        assert "Antrean kirim sudah 58 hari, melewati batas 3 hari" in warnings
        assert app.screen.query_one("#dash-warnings").has_class("-warn")
        # The period began yesterday (the outage), the chart still covers 14 days.
        assert screen.numbers.since is not None
        assert len(app.screen.query_one("#dash-sparkline", Sparkline).data) == 14
        first = (dt.date.today() - dt.timedelta(days=13)).strftime("%d-%m")
        assert first in shown(app, "days")


async def test_no_warning_only_when_there_is_none(station_dir):
    from loket.storage.alerts import WarningLimits

    app = LoketApp(station_dir, language="id")
    app.animation_level = "none"
    async with app.run_test(size=(110, 60)) as pilot:
        await until(pilot, lambda: app.station is not None, "the station to open")
        screen = DashboardScreen(limits=WarningLimits(min_free_bytes=0))
        app.push_screen(screen)
        await until(pilot, lambda: screen.numbers is not None, "the first count")
        await pilot.pause()
        assert shown(app, "warnings") == "Tidak ada peringatan."
