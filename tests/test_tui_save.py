"""The whole counter path through the real app: log in, type a record, confirm, save, print.

Every test drives the Textual app with the pilot against a real station (SQLite
file, signing key, slips folder) made by the ``station_dir`` fixture.
"""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select

from loket.intake.samples import sample_record
from loket.tui.app import LoketApp
from loket.tui.screens.confirm import ConfirmScreen
from loket.tui.screens.intake import IntakeScreen
from loket.tui.screens.saved import SavedScreen
import tuikit
from tuikit import settle

CLERK = ("CLERK", "246810")


async def log_in(app, pilot, name: str = CLERK[0], pin: str = CLERK[1]) -> None:
    """Fill the login form at once (typing it is covered by the login tests) and press Enter."""
    await tuikit.log_in(app, pilot, settle, (name, pin))


async def type_into(app, pilot, widget, text: str) -> None:
    """Focus ``widget`` and press one key per character."""
    widget.focus()
    await pilot.pause()
    await pilot.press(*text)
    await settle(app, pilot)


async def enter_text(app, pilot, widget: Input, text: str) -> None:
    """Focus ``widget``, set its text at once (long texts), and leave it with Tab."""
    widget.focus()
    await pilot.pause()
    widget.value = text
    await pilot.press("tab")
    await settle(app, pilot)


async def pick_from_select(app, pilot, select: Select, label: str) -> None:
    """Open the list with Enter, type the label's start to jump to it, Enter to pick it."""
    select.focus()
    await pilot.pause()
    await pilot.press("enter", *label[:3], "enter")
    await settle(app, pilot)
    assert select.value == label


async def fill_form(app, pilot, record) -> None:
    """Type ``record`` into the form field by field, the way a clerk would."""
    form = app.screen.form
    await type_into(app, pilot, form.query_one("#nik"), record.nik)
    for name in ("kk", "name", "birth_place"):
        await enter_text(app, pilot, form.query_one(f"#{name}", Input), getattr(record, name))
    # The NIK filled in day and month; the clerk adds the year.
    await type_into(app, pilot, form.query_one("#birth_date"), str(record.birth_date.year))
    await pick_from_select(app, pilot, form.query_one("#blood_type", Select), record.blood_type)
    for name in ("street", "rt", "rw"):
        await enter_text(app, pilot, form.query_one(f"#{name}", Input), getattr(record.address, name))
    await type_into(app, pilot, form.picker("village"), record.address.village.title())
    await pilot.press("enter")
    await pick_from_select(app, pilot, form.query_one("#religion", Select), record.religion)
    await pick_from_select(app, pilot, form.query_one("#marital_status", Select), record.marital_status)
    await enter_text(app, pilot, form.query_one("#occupation", Input), record.occupation)
    if record.biometrics_recorded:
        form.query_one("#biometrics_recorded", Checkbox).focus()
        await pilot.press("space")
    await settle(app, pilot)


def open_db(station_dir):
    from loket.storage.db import open_database

    return open_database(station_dir / "loket.db")


async def test_full_path_saves_request_and_suket_and_prints(station_dir, printed_dir):
    record = sample_record()
    app = LoketApp(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.animation_level = "none"
        await log_in(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
        await fill_form(app, pilot, record)
        form = app.screen.form
        assert form.choice("sex") == "L"
        assert form.text("birth_date") == "17-05-1990"
        assert form.region_name("district") == "Wara"
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen), app.screen.query_one("#intake-status").render()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SavedScreen)
        saved = app.screen.saved
        shown = str(app.screen.query_one("#saved-number").render())
        assert saved.kind == "suket" and saved.number in shown
        assert "Tersimpan" in str(app.screen.query_one("#saved-title").render())
        outcome = app.screen.outcome
        assert outcome.printed, outcome.message
        assert outcome.pdf_path.is_file() and outcome.pdf_path.parent == station_dir / "slips"
        assert outcome.pdf_path.read_bytes().startswith(b"%PDF")
        assert [p.name for p in printed_dir.iterdir()] == [outcome.pdf_path.name]

        # Next person: back on an empty form with the cursor on NIK.
        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
        form = app.screen.form
        assert form.text("nik") == "" and form.text("name") == "" and form.choice("sex") == ""
        assert form.picker("village").value == ""
        assert app.focused is form.query_one("#nik", Input)

    db = open_db(station_dir)
    try:
        requests = db.execute_sql("SELECT nik, state FROM requests").fetchall()
        sukets = db.execute_sql("SELECT number, kind, pdf_path FROM sukets").fetchall()
    finally:
        db.close()
    assert requests == [(record.nik, "queued")]
    assert sukets == [(saved.number, "suket", str(outcome.pdf_path))]


async def fill_quickly(app, pilot, record) -> None:
    """Set every field at once (the typing itself is covered above)."""
    form = app.screen.form
    form.query_one("#nik", Input).value = record.nik
    await settle(app, pilot)  # the NIK fills sex, day-month and the region
    for name in ("kk", "name", "birth_place", "occupation"):
        form.query_one(f"#{name}", Input).value = getattr(record, name)
    form.query_one("#birth_date", Input).value = record.birth_date.strftime("%d-%m-%Y")
    for name in ("street", "rt", "rw"):
        form.query_one(f"#{name}", Input).value = getattr(record.address, name)
    assert form.picker("village").pick_name(record.address.village)
    for name in ("blood_type", "religion", "marital_status"):
        form.query_one(f"#{name}", Select).value = getattr(record, name)
    form.query_one("#biometrics_recorded", Checkbox).value = record.biometrics_recorded
    await settle(app, pilot)


async def save_through_confirm(app, pilot) -> None:
    await pilot.press("f2")
    await settle(app, pilot)
    assert isinstance(app.screen, ConfirmScreen), app.screen.query_one("#intake-status").render()
    await pilot.press("enter")
    await settle(app, pilot)


async def test_without_biometrics_a_receipt_is_saved_and_kept_when_no_printer(station_dir, tmp_path, monkeypatch):
    from loket.config import DataPaths, load_settings, save_settings

    paths = DataPaths(station_dir)
    settings = load_settings(paths)
    settings.printer_command = ""
    save_settings(paths, settings)
    no_programs = tmp_path / "empty-path"
    no_programs.mkdir()
    monkeypatch.setenv("PATH", str(no_programs))  # no `lp`: the slip can only be saved

    record = sample_record(biometrics_recorded=False)
    app = LoketApp(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.animation_level = "none"
        await log_in(app, pilot)
        await fill_quickly(app, pilot, record)
        await save_through_confirm(app, pilot)
        screen = app.screen
        assert isinstance(screen, SavedScreen)
        assert screen.saved.kind == "receipt"
        number_line = str(screen.query_one("#saved-number").render())
        assert number_line.startswith("Nomor tanda terima") and screen.saved.number in number_line
        # A receipt stands in for nothing, so no term is told (the printed receipt has none either).
        assert "Berlaku" not in str(screen.query_one("#saved-person").render())
        assert not screen.outcome.printed and screen.outcome.pdf_path.is_file()
        print_line = str(screen.query_one("#saved-print").render())
        assert print_line.startswith("Belum dicetak") and screen.query_one("#saved-print").has_class("-failed")


async def test_duplicate_open_request_is_refused_and_the_form_is_kept(station_dir):
    from loket.station import Station
    from loket.storage import users

    record = sample_record()
    station = Station.open(station_dir)
    try:
        first = station.submit(record, users.find_user(station.db, "CLERK"))
    finally:
        station.close()

    app = LoketApp(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.animation_level = "none"
        await log_in(app, pilot)
        await fill_quickly(app, pilot, sample_record())
        typed = app.screen.form.read_record()
        await save_through_confirm(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
        status = app.screen.query_one("#intake-status")
        assert status.has_class("-error")
        assert first.number in str(status.render()) and record.nik in str(status.render())
        assert app.screen.form.read_record() == typed
        # Saving works again once the clerk can: nothing is stuck.
        assert app.screen.check_action("confirm", ()) is True

    db = open_db(station_dir)
    try:
        assert db.execute_sql("SELECT COUNT(*) FROM requests").fetchone() == (1,)
    finally:
        db.close()


async def approve(app, pilot, name: str, pin: str, reason: str) -> None:
    screen = app.screen
    screen.query_one("#supervisor-name", Input).value = name
    screen.query_one("#supervisor-pin", Input).value = pin
    screen.query_one("#supervisor-reason", Input).value = reason
    screen.query_one("#supervisor-reason", Input).focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def test_reprint_needs_a_supervisor_and_prints_a_marked_copy(station_dir, printed_dir):
    import pypdfium2

    from loket.tui.screens.supervisor import SupervisorScreen

    app = LoketApp(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.animation_level = "none"
        await log_in(app, pilot)
        await fill_quickly(app, pilot, sample_record())
        await save_through_confirm(app, pilot)
        saved_screen = app.screen
        assert isinstance(saved_screen, SavedScreen)

        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, SupervisorScreen)
        await approve(app, pilot, "CLERK", "246810", "Kertas macet")
        assert isinstance(app.screen, SupervisorScreen)  # a clerk cannot approve
        assert "bukan supervisor" in str(app.screen.query_one("#supervisor-message").render())
        await approve(app, pilot, "SUPERVISOR", "123456", "Kertas macet")
        assert app.screen is saved_screen
        line = str(saved_screen.query_one("#saved-print").render())
        assert line.startswith("Salinan ke-1"), line

    copies = sorted(p for p in (station_dir / "slips").iterdir() if "salinan" in p.name)
    assert len(copies) == 1 and len(list(printed_dir.iterdir())) == 2
    pdf = pypdfium2.PdfDocument(copies[0])
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "SALINAN" in text
    from loket.storage import audit

    db = open_db(station_dir)
    try:
        reprints = [e for e in audit.recent_events(db) if e["action"] == "suket.reprinted"]
    finally:
        db.close()
    assert [(e["actor"], e["details"]["reason"]) for e in reprints] == [("SUPERVISOR", "Kertas macet")]
