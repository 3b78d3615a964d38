"""The supervisor's desk through the real app: the queue list, its filters, and every action.

Each test starts the counter app on a real station (``station_dir``), logs in as
the supervisor and opens the desk; requests are real (validated, numbered,
sealed through ``Station.submit``) or, for thousands, written by the benchmark's
seeder. Results are read back from the SQLite file and the audit chain.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from textual.widgets import Input, Select
from textual.worker import WorkerCancelled

from conftest import SUPERVISOR
from linkkit import seed
from loket.intake.record import URGENT_PURPOSES
from loket.tui.app import LoketApp
from loket.tui.screens.desk import DeskScreen
from loket.tui.screens.reason_dialog import ReasonDialog
from tuikit import log_in

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


async def settle(app, pilot, rounds: int = 4) -> None:
    """Let workers finish and their messages be handled (a result may start another worker),
    and the desk's detail pane catch up with the cursor (it follows once the cursor rests)."""
    deadline = time.monotonic() + 20
    while True:
        for _ in range(rounds):
            try:
                await app.workers.wait_for_complete()
            except WorkerCancelled:
                pass  # an exclusive worker replaced by a newer one (a slow machine sees this)
            await pilot.pause()
        if not any(getattr(screen, "following", False) for screen in app.screen_stack):
            return
        if time.monotonic() > deadline:
            raise AssertionError("the desk's detail pane never caught up with the cursor")
        await pilot.pause(0.05)


async def open_desk(app, pilot) -> DeskScreen:
    """Log in as the supervisor, then open the desk over the intake screen."""
    await log_in(app, pilot, settle, SUPERVISOR)
    desk = DeskScreen(app.clerk)
    app.push_screen(desk)
    await settle(app, pilot)
    assert app.screen is desk
    return desk


def line(desk: DeskScreen, y: int) -> str:
    """What the list shows on its line ``y`` (0: the header)."""
    return "".join(segment.text for segment in desk.queue.render_line(y))


def screen_rows(desk: DeskScreen) -> list[str]:
    return [line(desk, y) for y in range(1, desk.queue.size.height - 1)]


def make_app(station_dir) -> LoketApp:
    app = LoketApp(station_dir, language="id")
    app.animation_level = "none"
    return app


def open_station(station_dir):
    from loket.station import Station

    return Station.open(station_dir)


def chain_ok(station_dir) -> int:
    from loket.storage import audit

    station = open_station(station_dir)
    try:
        report = audit.verify_chain(station.db)
    finally:
        station.close()
    assert report.ok, report.problem
    return report.count


def events(station_dir, action: str) -> list[dict]:
    from loket.storage import audit

    station = open_station(station_dir)
    try:
        return [e for e in audit.recent_events(station.db, limit=1000) if e["action"] == action]
    finally:
        station.close()


async def give_reason(app, pilot, reason: str) -> None:
    assert isinstance(app.screen, ReasonDialog)
    field = app.screen.query_one("#reason-input", Input)
    await pilot.press("enter")  # blank: refused, the dialog stays
    assert isinstance(app.screen, ReasonDialog)
    assert "alasan" in str(app.screen.query_one("#reason-problem").render()).lower()
    field.value = reason
    await pilot.press("enter")
    await settle(app, pilot)


async def test_rows_come_urgent_first_with_the_nik_masked(station_dir):
    station = open_station(station_dir)
    try:
        saved = seed(station, 6, purposes={2: "election_candidate", 4: "university_admission"})
    finally:
        station.close()
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        ids = [row.id for row in desk.queue.rows]
        # Urgent purposes first, then the rest; oldest first within each.
        urgent = [s.request_id for s in saved if s.record.purpose in URGENT_PURPOSES]
        assert saved[2].request_id in urgent and saved[4].request_id in urgent
        assert ids == urgent + [s.request_id for s in saved if s.request_id not in urgent]
        header = line(desk, 0)
        assert "Segera ▲" in header and "Nama" in header
        shown = screen_rows(desk)
        first_nik = next(s.record.nik for s in saved if s.request_id == ids[0])
        assert first_nik[:4] + "********" + first_nik[-4:] in shown[0]
        assert first_nik not in "".join(shown)
        assert all("! " in text for text in shown[:len(urgent)])
        assert not any("! " in text for text in shown[len(urgent):6])
        assert "! Pemilu" in shown[urgent.index(saved[2].request_id)]
        assert desk.queue.position_text() == "1–6 dari 6"
        # The detail pane follows the cursor.
        detail = str(desk.detail.query_one("#detail-text").render())
        assert next(s.record.name for s in saved if s.request_id == ids[0]) in detail and "Riwayat" in detail and "diterima di loket" in detail

        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert first_nik in screen_rows(desk)[0]
        await pilot.press("f2")  # sort by the next column: age, oldest first
        await settle(app, pilot)
        assert [row.id for row in desk.queue.rows] == [s.request_id for s in saved]
        assert "Umur ▲" in line(desk, 0)
        await pilot.press("f3")
        await settle(app, pilot)
        assert [row.id for row in desk.queue.rows] == [s.request_id for s in reversed(saved)]
        assert "Umur ▼" in line(desk, 0)
    shown_events = events(station_dir, "desk.nik_shown")
    assert [e["actor"] for e in shown_events] == [SUPERVISOR[0]]
    chain_ok(station_dir)


async def test_paging_down_and_to_the_end_of_a_few_thousand_rows(station_dir):
    from seed_queue import seed_queue

    from loket.storage import desk as desk_rows

    seed_queue(station_dir, 3000, states=("queued", "rejected"))
    station = open_station(station_dir)
    try:
        flt = desk_rows.DeskFilter()
        total = desk_rows.count(station.db, flt)
        first_300 = desk_rows.page(station.db, flt, limit=300)
        last = desk_rows.last_page(station.db, flt, limit=1)[0]
    finally:
        station.close()
    assert total == 3000
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        desk_list = desk.queue
        visible = desk_list.visible_count
        # Page down well past the first fetched page: the cursor walks on row by row.
        for _ in range(12):
            await pilot.press("pagedown")
            await settle(app, pilot, rounds=2)
        assert desk_list.cursor_row.id == first_300[12 * visible].id
        await pilot.press("down", "down")
        await settle(app, pilot)
        assert desk_list.cursor_row.id == first_300[12 * visible + 2].id
        assert desk_list.position_text().endswith("dari 3.000")
        assert desk_list.rows[0].id == first_300[desk_list.position_first() - 1].id

        await pilot.press("end")
        await settle(app, pilot)
        assert desk_list.cursor_row.id == last.id
        assert desk_list.position_text() == f"{3001 - visible:,}–3.000 dari 3.000".replace(",", ".")
        await pilot.press("up")
        await pilot.press("pageup")
        await settle(app, pilot)
        assert desk_list.cursor_row.id not in (None, last.id)

        await pilot.press("home")
        await settle(app, pilot)
        assert desk_list.cursor_row.id == first_300[0].id
        assert desk_list.position_text().startswith("1–")


async def test_search_as_you_type_narrows_the_list(station_dir):
    station = open_station(station_dir)
    try:
        saved = seed(station, 10)
    finally:
        station.close()
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        assert len(desk.queue.rows) == 10
        await pilot.press("slash")
        search = desk.query_one("#desk-search", Input)
        assert app.focused is search
        target = saved[3].record
        for key in target.name[:2].lower():
            await pilot.press(key)
        await settle(app, pilot)
        names = [row.name for row in desk.queue.rows]
        assert names and all(n.startswith(target.name[:2]) for n in names) and target.name in names
        assert "Nama ▲" in line(desk, 0)  # two letters: a name's start, ordered by name
        for key in target.name[2:4].lower():
            await pilot.press(key)
        await settle(app, pilot)
        names = [row.name for row in desk.queue.rows]
        assert names and all(target.name[:4] in n for n in names) and target.name in names
        assert len(names) < 10
        assert "Umur ▲" in line(desk, 0)  # more: anywhere in the name, in the order taken

        search.value = ""
        await settle(app, pilot)
        for key in target.nik[:12]:
            await pilot.press(key)
        await settle(app, pilot)
        assert [row.nik for row in desk.queue.rows] == [target.nik]
        assert desk.queue.position_text() == "1–1 dari 1"
        await pilot.press("enter")  # back to the list
        assert app.focused is desk.queue

        search.value = "ZZZ TIDAK ADA"
        await settle(app, pilot)
        assert desk.queue.rows == [] and desk.queue.position_text() == "Tidak ada permohonan yang cocok."


async def test_filters_by_state_purpose_and_day(station_dir):
    import datetime as dt

    from loket.storage.transitions import change_state

    station = open_station(station_dir)
    try:
        saved = seed(station, 6, purposes={1: "civil_service_application"})
        change_state(station.db, saved[0].request_id, "sending", actor="sync")
        change_state(station.db, saved[0].request_id, "synced", actor="sync")
    finally:
        station.close()
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        assert saved[0].request_id not in [r.id for r in desk.queue.rows]  # synced: not pending
        desk.query_one("#filter-state", Select).value = "all"
        await settle(app, pilot)
        assert len(desk.queue.rows) == 6
        desk.query_one("#filter-state", Select).value = "synced"
        await settle(app, pilot)
        assert [r.id for r in desk.queue.rows] == [saved[0].request_id]
        desk.query_one("#filter-state", Select).value = "all"
        desk.query_one("#filter-purpose", Select).value = "civil_service_application"
        await settle(app, pilot)
        assert [r.id for r in desk.queue.rows] == [saved[1].request_id]
        desk.query_one("#filter-purpose", Select).value = "all"
        await settle(app, pilot)

        tomorrow = dt.date.today() + dt.timedelta(days=1)
        desk.query_one("#filter-from", Input).value = tomorrow.strftime("%d-%m-%Y")
        await settle(app, pilot)
        assert desk.queue.rows == []
        desk.query_one("#filter-from", Input).value = "31-02-2025"
        await settle(app, pilot)
        problem = str(desk.query_one("#filter-problem").render())
        assert "Tanggal \"dari\"" in problem
        assert desk.queue.rows == []  # a wrong date keeps the last filter
        desk.query_one("#filter-from", Input).value = ""
        await settle(app, pilot)
        assert len(desk.queue.rows) == 6 and not str(desk.query_one("#filter-problem").render())


async def test_void_with_a_reason_leaves_the_pending_view_and_stays_as_void(station_dir):
    station = open_station(station_dir)
    try:
        saved = seed(station, 3)
    finally:
        station.close()
    before = chain_ok(station_dir)
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        target = desk.queue.cursor_row.id
        assert target == saved[0].request_id
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        assert "Batalkan 1 permohonan" in str(app.screen.query_one("#reason-title").render())
        await pilot.press("escape")  # changed its mind: nothing happens
        await settle(app, pilot)
        assert app.screen is desk and target in [r.id for r in desk.queue.rows]
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        await give_reason(app, pilot, "Pemohon membatalkan sendiri")
        assert app.screen is desk
        assert target not in [r.id for r in desk.queue.rows]
        # The notice names the request as the supervisor knows it: Suket number and name.
        told = " ".join(str(n.message) for n in app._notifications)
        assert f"Permohonan Suket {saved[0].number} atas nama {saved[0].record.name} dibatalkan" in told
        assert f"#{target}" not in told
        desk.query_one("#filter-state", Select).value = "all"
        await settle(app, pilot)
        voided = [r for r in desk.queue.rows if r.id == target]
        assert [r.state for r in voided] == ["void"]
        assert any("dibatalkan" in text for text in screen_rows(desk))
    voids = events(station_dir, "request.void")
    assert [(e["subject"], e["actor"], e["details"]["reason"]) for e in voids] == [
        (str(target), SUPERVISOR[0], "Pemohon membatalkan sendiri")
    ]
    assert chain_ok(station_dir) > before


async def test_bulk_requeue_of_marked_rejected_rows(station_dir):
    from loket.storage.transitions import change_state

    station = open_station(station_dir)
    try:
        saved = seed(station, 5)
        rejected = [saved[i].request_id for i in (0, 2, 3)]
        for request_id in rejected:
            change_state(station.db, request_id, "sending", actor="sync")
            change_state(station.db, request_id, "rejected", actor="sync", reason="Foto tidak memenuhi syarat")
    finally:
        station.close()
    before = chain_ok(station_dir)
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        desk.query_one("#filter-state", Select).value = "rejected"
        await settle(app, pilot)
        assert sorted(r.id for r in desk.queue.rows) == sorted(rejected)
        assert all("Foto tidak memenuhi" in text for text in screen_rows(desk)[:3])
        desk.queue.focus()
        await pilot.press("space", "space", "space")
        await settle(app, pilot)
        assert desk.queue.marked_ids() == sorted(rejected)
        assert "3 ditandai" in desk.queue.position_text()
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "Kirim ulang 3 permohonan" in str(app.screen.query_one("#reason-title").render())
        await give_reason(app, pilot, "Foto sudah diganti")
        assert desk.queue.rows == [] and desk.queue.marked_ids() == []
    requeued = events(station_dir, "request.requeued")
    assert sorted(int(e["subject"]) for e in requeued) == sorted(rejected)
    assert {e["details"]["reason"] for e in requeued} == {"Foto sudah diganti"}
    assert chain_ok(station_dir) >= before + 3
    station = open_station(station_dir)
    try:
        states = dict(station.db.execute_sql("SELECT id, state FROM requests").fetchall())
    finally:
        station.close()
    assert [states[i] for i in rejected] == ["queued"] * 3


async def test_reprint_from_the_desk_prints_a_marked_copy(station_dir, printed_dir):
    station = open_station(station_dir)
    try:
        saved = seed(station, 2)
    finally:
        station.close()
    before = chain_ok(station_dir)
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        await give_reason(app, pilot, "Slip basah terkena hujan")
        await settle(app, pilot)
        detail = str(desk.detail.query_one("#detail-text").render())
        assert "salinan dibuat: 1" in detail and "salinan dibuat" in detail.split("Riwayat")[1]
    reprints = events(station_dir, "suket.reprinted")
    assert [(e["subject"], e["details"]["reason"]) for e in reprints] == [
        (saved[0].number, "Slip basah terkena hujan")
    ]
    assert len([p for p in printed_dir.iterdir() if "salinan" in p.name]) == 1
    assert chain_ok(station_dir) > before


async def test_correcting_a_rejected_request_queues_it_again_with_a_new_suket(station_dir, printed_dir):
    from loket.storage.transitions import change_state
    from loket.tui.screens.correct import CorrectScreen

    station = open_station(station_dir)
    try:
        saved = seed(station, 1)
        request_id = saved[0].request_id
        change_state(station.db, request_id, "sending", actor="sync")
        change_state(station.db, request_id, "rejected", actor="sync", reason="Nama tidak sesuai KK")
    finally:
        station.close()
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CorrectScreen)
        assert "Nama tidak sesuai KK" in str(screen.query_one("#correct-central").render())
        form = screen.form
        assert form.text("nik") == saved[0].record.nik and form.text("name") == saved[0].record.name
        assert form.region_name("village").upper() == saved[0].record.address.village.upper()
        form.query_one("#name", Input).value = saved[0].record.name + " PUTRI"
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await give_reason(app, pilot, "Nama disesuaikan dengan KK")
        await settle(app, pilot)
        assert app.screen is desk
        assert desk.queue.cursor_row.id == request_id and desk.queue.cursor_row.state == "queued"
        assert desk.queue.cursor_row.number != saved[0].number  # a new Suket for the new name
    corrected = events(station_dir, "request.corrected")
    assert [e["details"]["changed"] for e in corrected] == [["name"]]
    assert any(p.name.endswith(".pdf") for p in printed_dir.iterdir())
    chain_ok(station_dir)


async def test_leaving_the_desk_at_once_while_it_is_still_mounting(station_dir):
    from loket.tui.screens.intake import IntakeScreen

    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(app, pilot, settle, SUPERVISOR)
        for _ in range(3):
            app.push_screen(DeskScreen(app.clerk))
            await pilot.press("escape")  # before the filter bar and the detail pane are in
            await settle(app, pilot)
            assert isinstance(app.screen, IntakeScreen)
        assert app.is_running
