"""The intake form: NIK decoding as typed, errors beside fields, pickers, 80x24 layout."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from loket.i18n import get_language, set_language, t
from loket.intake.samples import sample_record
from loket.tui.app import LoketApp
from loket.tui.screens.confirm import ConfirmScreen
from loket.tui.screens.intake import IntakeScreen
from loket.tui.typed_date import TypedDateError, parse_typed_date
from tuikit import log_in, settle


@pytest.fixture(autouse=True)
def _restore_language():
    before = get_language()
    yield
    set_language(before)


class Counter:
    """A logged-in app on the intake screen, with small helpers to type into it."""

    def __init__(self, app, pilot):
        self.app = app
        self.pilot = pilot

    @property
    def form(self):
        return self.app.screen.form

    async def type(self, field: str, text: str) -> None:
        widget = self.form.picker(field) if field in ("province", "regency", "district", "village") else (
            self.form.query_one(f"#{field}")
        )
        widget.focus()
        await self.pilot.pause()
        await self.pilot.press(*text)
        await settle(self.app, self.pilot)

    async def leave(self) -> None:
        await self.pilot.press("tab")
        await settle(self.app, self.pilot)

    def message(self, field: str) -> str:
        return str(self.form.row(field).query_one(".field-message").render())

    def status(self) -> str:
        return str(self.app.screen.query_one("#intake-status").render())


@pytest.fixture
async def counter(station_dir):
    app = LoketApp(station_dir)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(app, pilot, settle)
        assert isinstance(app.screen, IntakeScreen)
        yield Counter(app, pilot)


async def test_nik_is_decoded_as_typed_and_prefills_sex_day_month_and_region(counter):
    await counter.type("nik", "7373015708")
    # Partial: sex and day-month already readable, region known.
    assert counter.message("nik").startswith("Perempuan · 17-08")
    assert counter.form.choice("sex") == ""  # nothing is filled before the NIK is complete
    await counter.type("nik", "850002")
    form = counter.form
    assert counter.message("nik") == "Perempuan · 17-08-85 · Wara, Kota Palopo, Sulawesi Selatan"
    assert form.choice("sex") == "P"
    assert form.text("birth_date") == "17-08-"  # the year is the clerk's to type
    assert [form.picker(level).value for level in ("province", "regency", "district")] == ["73", "7373", "737301"]
    assert form.region_name("regency") == "Kota Palopo"
    # The village picker now offers the villages of Wara only.
    villages = dict(form.picker("village")._choices)
    assert "Boting" in villages.values() and all(code.startswith("737301") for code in villages)

    # Fixing a typo in the NIK re-fills what the NIK filled, not what the clerk typed.
    await counter.type("birth_date", "1985")
    nik = form.query_one("#nik", Input)
    nik.focus()
    await counter.pilot.press("end", *["backspace"] * 10, *"1708850002")
    await settle(counter.app, counter.pilot)
    assert form.choice("sex") == "L"
    assert form.text("birth_date") == "17-08-1985"


async def test_short_nik_error_shows_beside_the_field_and_saving_is_refused(counter):
    await counter.type("nik", "737301170590001")  # 15 digits
    assert counter.message("nik").startswith("Laki-laki")
    await counter.leave()
    assert "16" in counter.message("nik") and counter.form.row("nik").message("error")
    await counter.pilot.press("f2")
    await settle(counter.app, counter.pilot)
    assert isinstance(counter.app.screen, IntakeScreen)
    assert counter.status().startswith("Belum dapat disimpan")
    # The first wrong field gets the cursor.
    assert counter.app.focused is counter.form.query_one("#nik", Input)


async def test_impossible_birth_date_in_the_nik_is_shown_at_once(counter):
    await counter.type("nik", "7373013002900001")  # 30 February
    error = counter.form.row("nik").message("error")
    assert error and "30-02-90" in error, error
    assert counter.message("nik") == error
    await counter.pilot.press("f2")
    await settle(counter.app, counter.pilot)
    assert not isinstance(counter.app.screen, ConfirmScreen)


async def test_unknown_region_prefix_is_a_warning_not_an_error(counter):
    await counter.type("nik", "9999011705900001")
    row = counter.form.row("nik")
    assert row.message("warning") and not row.message("error")
    assert "999901" in row.message("warning")


async def test_birth_date_needs_four_digit_year(counter):
    await counter.type("birth_date", "17-05-90")
    await counter.leave()
    assert counter.message("birth_date") == t("tui.date.four_digit_year", year="90", count=2)
    with pytest.raises(TypedDateError):
        parse_typed_date("31-04-1990")
    assert parse_typed_date("7/5/1990").isoformat() == "1990-05-07"
    assert parse_typed_date("07051990").isoformat() == "1990-05-07"
    assert parse_typed_date("07-05-07051990").isoformat() == "1990-05-07"  # typed over the NIK's prefill
    with pytest.raises(TypedDateError):
        parse_typed_date("07-05-08051990")  # disagrees with itself: the clerk must look again
    for two_digit_year in ("070590", "0705190"):
        with pytest.raises(TypedDateError):
            parse_typed_date(two_digit_year)


async def test_region_pickers_filter_and_narrow(counter):
    form = counter.form
    province = form.picker("province")
    await counter.type("province", "ja")
    # Names starting with the typed text come first, then names with a word starting with it.
    shown = [name for _code, name in province._shown]
    assert shown[:3] == ["Jambi", "Jawa Barat", "Jawa Tengah"] and "Daerah Khusus Ibukota Jakarta" in shown
    assert shown.index("Daerah Khusus Ibukota Jakarta") > shown.index("Jawa Timur")
    await counter.pilot.press("ctrl+u")
    await counter.type("province", "sulawesi sel")
    assert province.has_class("-open")
    assert [name for _code, name in province._shown] == ["Sulawesi Selatan"]
    await counter.pilot.press("enter")
    await settle(counter.app, counter.pilot)
    assert province.value == "73"
    # Enter moved on; the regency list holds only South Sulawesi's regencies.
    assert counter.app.focused is form.picker("regency").input
    assert all(code.startswith("73") for code, _name in form.picker("regency")._choices)
    await counter.pilot.press(*"palopo", "enter")
    await settle(counter.app, counter.pilot)
    assert form.picker("regency").value == "7373"
    # A typed name that is not in the list: the list says so while typing, and the
    # name is named as the problem on leaving.
    await counter.type("district", "Atlantis")
    district = form.picker("district")
    assert district.has_class("-open") and district._shown == []
    from textual.widgets import OptionList

    hint = district.query_one(OptionList).get_option_at_index(0)
    assert hint.disabled and "Atlantis" in str(hint.prompt)
    await counter.leave()
    assert form.picker("district").value == ""
    assert "ATLANTIS" in counter.message("district").upper()
    # Changing the province clears the levels below it.
    await counter.type("province", "")
    province.focus()
    await counter.pilot.press("ctrl+u", *"aceh", "enter")
    await settle(counter.app, counter.pilot)
    assert province.value == "11" and form.picker("regency").value == ""
    assert form.picker("district").choice_count == 0


async def test_typing_over_a_province_and_picking_it_again_keeps_the_levels_below(counter):
    form = counter.form
    await counter.type("nik", "7373010804900001")  # prefills Sulawesi Selatan / Kota Palopo / Wara
    below = ("regency", "district")
    assert [form.picker(level).value for level in below] == ["7373", "737301"]
    province = form.picker("province")
    province.focus()
    await counter.pilot.press("ctrl+u", *"bot")  # a slip of the keyboard into the wrong field
    await settle(counter.app, counter.pilot)
    assert province.value == ""
    await counter.pilot.press("ctrl+u", *"sulawesi sel", "enter")
    await settle(counter.app, counter.pilot)
    assert province.value == "73"
    assert [form.picker(level).value for level in below] == ["7373", "737301"]
    assert form.picker("village").choice_count > 0
    # Another province still clears what is not its own.
    province.focus()
    await counter.pilot.press("ctrl+u", *"aceh", "enter")
    await settle(counter.app, counter.pilot)
    assert [form.picker(level).value for level in below] == ["", ""]
    assert form.picker("district").choice_count == 0


async def test_mismatch_reason_appears_only_when_sex_disagrees_with_the_nik(counter):
    form = counter.form
    row = form.row("mismatch_reason")
    await counter.type("nik", "7373011705900001")
    assert form.choice("sex") == "L" and not form.has_class("-mismatch")
    form.query_one("#sex", Select).value = "P"
    await settle(counter.app, counter.pilot)
    assert form.has_class("-mismatch") and row.region.height > 0
    await counter.type("mismatch_reason", "Salah cetak pada KTP lama")
    record = form.read_record()
    assert record.mismatch_reason == "Salah cetak pada KTP lama"
    form.query_one("#sex", Select).value = "L"
    await settle(counter.app, counter.pilot)
    form.query_one("#mismatch_reason", Input).clear()
    await settle(counter.app, counter.pilot)
    assert not form.has_class("-mismatch")
    assert form.read_record().mismatch_reason == ""


async def test_form_at_80x24_scrolls_to_every_field(counter):
    form = counter.form
    screen = counter.app.screen
    assert screen.size.width == 80 and screen.size.height == 24
    assert form.max_scroll_y > 0  # more fields than lines: the form scrolls
    for name in ("nik", "purpose", "photo_path"):
        form.focus_field(name)
        await settle(counter.app, counter.pilot)
        row = form.row(name)
        # Fully inside the visible part of the form, not cut by the status line or footer.
        assert form.region.contains_region(row.region), name
    # Every label is readable in full at this width.
    for row in form.query("FieldRow"):
        label = str(row.query_one(".field-label").render())
        assert label == t(f"field.{row.field_name}")


async def test_confirm_shows_the_record_and_escape_goes_back_with_everything_kept(counter):
    form = counter.form
    record = sample_record()
    await counter.type("nik", record.nik)
    for name in ("kk", "name", "birth_place", "occupation"):
        form.query_one(f"#{name}", Input).value = getattr(record, name)
    form.query_one("#birth_date", Input).value = "17-05-1990"
    for name in ("street", "rt", "rw"):
        form.query_one(f"#{name}", Input).value = getattr(record.address, name)
    form.picker("village").pick_name("Boting")
    form.query_one("#religion", Select).value = "ISLAM"
    form.query_one("#marital_status", Select).value = "KAWIN"
    await settle(counter.app, counter.pilot)
    typed = form.read_record()
    await counter.pilot.press("f2")
    await settle(counter.app, counter.pilot)
    screen = counter.app.screen
    assert isinstance(screen, ConfirmScreen)
    shown = " | ".join(str(value.render()) for value in screen.query("#confirm-record .value"))
    assert "MUHAMMAD ARIF SETIAWAN" in shown and "PALOPO, 17-05-1990" in shown
    assert "BOTING, WARA, KOTA PALOPO, SULAWESI SELATAN" in shown
    # Biometrics were not ticked: the clerk is told a receipt, not a Suket, will come out.
    assert str(screen.query_one("#confirm-issue").render()) == t("tui.confirm.issues_receipt")
    # The language switch works here too, and relabels the open dialog.
    await counter.pilot.press("f9")
    await settle(counter.app, counter.pilot)
    assert str(counter.app.screen.query_one("#confirm-title").render()) == "Check the data before saving"
    await counter.pilot.press("escape")
    await settle(counter.app, counter.pilot)
    assert isinstance(counter.app.screen, IntakeScreen)
    assert counter.form.read_record() == typed


async def test_keys_typed_ahead_of_tab_and_enter_land_in_the_right_fields(counter):
    """A fast typist on a slow PC: the keys after Tab or Enter arrive before the form
    has caught up with the keys before them. Each must still land in its own field."""
    from textual import events

    name = counter.form.query_one("#name", Input)
    name.focus()
    await counter.pilot.pause()
    burst = [*"ANDI", "tab", *"PALOPO", "enter", *"12071990"]
    for key in burst:  # posted all at once, without waiting for the app in between
        character = key if len(key) == 1 else None
        counter.app.post_message(events.Key(key, character))
    await settle(counter.app, counter.pilot, rounds=5)
    assert name.value == "ANDI"
    assert counter.form.query_one("#birth_place", Input).value == "PALOPO"
    assert counter.form.query_one("#birth_date", Input).value == "12071990"


async def test_picking_a_list_option_moves_on_even_when_it_is_the_value_already_there(counter):
    religion = counter.form.query_one("#religion")
    religion.focus()
    await counter.pilot.press("enter", "down", "enter")  # open, first real option, pick
    await settle(counter.app, counter.pilot)
    picked = religion.value
    assert picked is not religion.BLANK and counter.app.focused is not religion
    religion.focus()
    await counter.pilot.press("enter")  # open: the list stands on the value picked
    await settle(counter.app, counter.pilot)
    assert religion.expanded
    await counter.pilot.press("enter")  # pick it again: nothing changes but the field
    await settle(counter.app, counter.pilot)
    assert religion.value == picked and not religion.expanded
    assert counter.app.focused is not religion
