"""Keys land where they were typed: bursts, lists that refuse stray text, fields that appear.

A burst is posted to the app all at once, without waiting in between, the way a
paste, a barcode scanner or a slow PC catching up delivers it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Select

from test_tui_intake import counter, settle  # noqa: F401  (the logged-in counter fixture)


def burst(app, keys) -> None:
    for key in keys:
        character = " " if key == "space" else key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


def keys_for(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def test_a_burst_of_a_hundred_keys_lands_exactly_as_typed(counter):
    form = counter.form
    form.query_one("#nik", Input).focus()
    await counter.pilot.pause()
    keys = [
        *"7373011705900009", "backspace", "1",  # a typo fixed at once
        "tab", *"7373010101010001",
        "tab", *keys_for("MUHAMMAD ANDI BATU"), *["backspace"] * 4, *"SALU",
        "tab", *"PALOPX", "backspace", "O", "home", "delete", "P",
        "tab", "tab", "tab", "tab",  # birth date, sex, blood type: to the street
        *keys_for("JL BATU"), *["left"] * 5, "backspace", *"N.",
        "tab", *"3", "tab", *"12",
        "shift+tab", "end", "4",
    ]
    assert len(keys) >= 100, len(keys)
    burst(counter.app, keys)
    await settle(counter.app, counter.pilot, rounds=6)
    assert form.text("nik") == "7373011705900001"
    assert form.text("kk") == "7373010101010001"
    assert form.text("name") == "MUHAMMAD ANDI SALU"
    assert form.text("birth_place") == "PALOPO"
    assert form.text("street") == "JN. BATU"
    assert form.text("rt") == "34"
    assert form.text("rw") == "12"


async def test_village_search_takes_backspaces_in_turn(counter):
    await counter.type("nik", "7373011705900001")
    village = counter.form.picker("village")
    village.focus()
    await counter.pilot.pause()
    burst(counter.app, [*"batu", *["backspace"] * 4, *"sal"])
    await settle(counter.app, counter.pilot, rounds=5)
    assert village.text == "sal"


async def test_shift_tab_end_and_a_digit_do_not_replace_the_nik(counter):
    await counter.type("nik", "737301170590000")
    counter.form.query_one("#kk", Input).focus()
    await counter.pilot.pause()
    burst(counter.app, ["shift+tab", "end", "1"])
    await settle(counter.app, counter.pilot, rounds=5)
    assert counter.form.text("nik") == "7373011705900001"


async def test_the_reason_field_that_appears_takes_the_focus(counter):
    form = counter.form
    await counter.type("nik", "7373011705900001")
    assert form.choice("sex") == "L"
    form.query_one("#sex", Select).focus()
    await counter.pilot.pause()
    await counter.pilot.press("p", "enter")  # Perempuan, against the NIK
    await settle(counter.app, counter.pilot)
    assert counter.app.focused is form.query_one("#mismatch_reason", Input)
    burst(counter.app, [*keys_for("Salah cetak pada KTP lama"), "enter"])
    await settle(counter.app, counter.pilot, rounds=5)
    assert form.choice("sex") == "P"
    assert form.text("mismatch_reason") == "Salah cetak pada KTP lama"
    assert form.choice("blood_type") == "-"  # untouched: the reason did not open its list


async def test_text_typed_into_a_closed_list_sets_nothing(counter):
    form = counter.form
    blood = form.query_one("#blood_type", Select)
    blood.focus()
    await counter.pilot.pause()
    burst(counter.app, [*keys_for("Salah cetak"), "enter"])
    await settle(counter.app, counter.pilot, rounds=5)
    assert form.choice("blood_type") == "-"
    # Enter after refused letters only opens the list; Escape closes it with nothing picked.
    await counter.pilot.press("escape")
    await settle(counter.app, counter.pilot)
    assert form.choice("blood_type") == "-"
    assert "Salah" not in form.row("blood_type").message("warning")  # says what was refused: the first letter
    assert form.row("blood_type").message("warning").startswith("“S”")


async def test_type_to_select_picks_real_options_never_the_placeholder(counter):
    form = counter.form
    religion = form.query_one("#religion", Select)
    religion.focus()
    await counter.pilot.pause()
    await counter.pilot.press("p", "enter")  # "pilih…" is the placeholder, not an option
    await settle(counter.app, counter.pilot)
    assert form.choice("religion") == ""
    await counter.pilot.press("escape")
    religion.focus()
    await counter.pilot.pause()
    await counter.pilot.press("k", "a", "enter")
    await settle(counter.app, counter.pilot)
    assert form.choice("religion") == "KATOLIK"
    blood = form.query_one("#blood_type", Select)
    blood.focus()
    await counter.pilot.pause()
    await counter.pilot.press("a", "b", "enter")
    await settle(counter.app, counter.pilot)
    assert form.choice("blood_type") == "AB"


async def test_text_typed_onto_the_biometrics_box_does_not_tick_it(counter):
    form = counter.form
    box = form.query_one("#biometrics_recorded")
    box.focus()
    await counter.pilot.pause()
    burst(counter.app, [*keys_for("Salah cetak"), "enter"])
    await settle(counter.app, counter.pilot, rounds=5)
    assert box.value is False  # still a receipt, not a Suket
    assert form.row("biometrics_recorded").message("warning").startswith("“S”")
    await counter.pilot.press("left", "space")  # another key first: then Space ticks it
    await settle(counter.app, counter.pilot)
    assert box.value is True


async def burst_into_marital_status(counter, keys):
    """Focus the marital status list, closed, and type ``keys`` in one burst."""
    marital = counter.form.query_one("#marital_status", Select)
    marital.focus()
    await counter.pilot.pause()
    burst(counter.app, keys)
    await settle(counter.app, counter.pilot, rounds=5)
    return marital


async def test_letters_and_enter_typed_fast_pick_from_a_closed_list(counter):
    """The list opens on the first letter, but takes the focus only after the keys
    already typed: an Enter among them still picks, and moves on."""
    marital = await burst_into_marital_status(counter, [*"cer", "enter"])
    assert counter.form.choice("marital_status") == "CERAI HIDUP"
    assert not marital.expanded
    await counter.pilot.press(*"GURU")
    assert counter.form.text("occupation") == "GURU"


async def test_arrows_typed_fast_after_a_letter_move_in_the_list(counter):
    await burst_into_marital_status(counter, ["c", "down", "enter"])  # CERAI HIDUP, then the one below it
    assert counter.form.choice("marital_status") == "CERAI MATI"


async def test_tab_typed_fast_after_a_letter_leaves_the_list_closed(counter):
    marital = await burst_into_marital_status(counter, ["k", "tab", *"GURU"])
    assert not marital.expanded
    assert counter.form.text("occupation") == "GURU"


async def test_letters_and_enter_typed_fast_change_a_chosen_option(counter):
    await burst_into_marital_status(counter, [*"cer", "enter"])
    marital = await burst_into_marital_status(counter, [*"bel", "enter"])
    assert counter.form.choice("marital_status") == "BELUM KAWIN"
    assert not marital.expanded
