"""F1 help and the command palette, in the clerk's language; Esc closes what they open."""

from __future__ import annotations

from textual.command import CommandPalette

from loket.i18n import t
from loket.tui.screens.help import HelpScreen
from loket.tui.screens.intake import IntakeScreen
from loket.tui.widgets.key_bar import KeyBar
from test_tui_intake import counter, settle  # noqa: F401  (the logged-in counter fixture)


async def press(counter, *keys: str) -> None:
    await counter.pilot.press(*keys)
    await settle(counter.app, counter.pilot)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_f1_shows_the_keys_and_fields_of_the_screen_and_esc_closes_it(counter):
    await press(counter, "f1")
    help_screen = counter.app.screen
    assert isinstance(help_screen, HelpScreen)
    keys = " | ".join(f"{key} {words}" for key, words in help_screen.key_lines())
    assert "F2" in keys and "Simpan" in keys and "Baru" in keys
    fields = " | ".join(f"{label} {words}" for label, words in help_screen.under.field_help())
    assert "NIK" in fields and "16 angka" in fields and "HH-BB-TTTT" in fields
    await press(counter, "f9")  # English, here too
    assert ("F2", "Save") in counter.app.screen.key_lines()
    assert "16 digits" in dict(counter.app.screen.under.field_help())["NIK"]
    await press(counter, "escape")
    assert isinstance(counter.app.screen, IntakeScreen)
    await press(counter, "f1", "f1")  # F1 toggles
    assert isinstance(counter.app.screen, IntakeScreen)


async def test_the_palette_speaks_the_clerks_language_and_its_help_closes_with_esc(counter):
    await press(counter, "ctrl+p")
    palette = counter.app.screen
    assert isinstance(palette, CommandPalette)
    await counter.pilot.pause(0.3)
    shown = " | ".join(str(option.prompt) for option in palette.query_one("CommandList").options)
    assert "Bantuan" in shown and "Tutup aplikasi" in shown and "Orang baru" in shown, shown
    assert "Keys" not in shown and "Theme" not in shown and "Quit" not in shown
    assert palette.query_one("CommandInput").placeholder == t("counter.palette.placeholder")
    await counter.pilot.press(*"bantuan")
    await counter.pilot.pause(0.3)
    await press(counter, "enter")
    assert isinstance(counter.app.screen, HelpScreen)
    await press(counter, "escape")
    assert isinstance(counter.app.screen, IntakeScreen)


async def test_an_open_list_names_its_escape_in_the_clerks_language(counter):
    counter.form.query_one("#religion").focus()
    await press(counter, "enter")
    footer = [description for _, description, _ in counter.app.screen.query_one(KeyBar).items()]
    assert "Tutup daftar" in footer and "Dismiss menu" not in footer


async def test_the_key_line_writes_keys_as_printed_on_the_keyboard(counter):
    counter.form.query_one("#religion").focus()
    await press(counter, "enter")
    keys = {key for key, _, _ in counter.app.screen.query_one(KeyBar).items()}
    assert {"Esc", "F2", "^L"} <= keys
    assert not {"esc", "f2", "^l"} & keys


async def test_under_a_dialog_only_the_dialogs_keys_are_shown(counter):
    intake = counter.app.screen
    under = intake.query_one(KeyBar)
    assert "F2 Simpan" in under.shown
    await press(counter, "f1")
    assert isinstance(counter.app.screen, HelpScreen)
    assert under.shown == ""  # the form's keys do not show through beside the dialog's
    assert counter.app.screen.query_one(KeyBar).shown == "Esc Tutup"
    await press(counter, "escape")
    assert counter.app.screen is intake and "F2 Simpan" in under.shown


def test_help_names_keys_as_printed_on_the_keyboard():
    from loket.i18n import get_language, set_language
    from loket.tui.screens.help import key_name

    assert [key_name(k) for k in ("slash", "ctrl+l", "f2", "escape", "pagedown", "shift+tab")] == [
        "/", "Ctrl+L", "F2", "Esc", "PgDn", "Shift+Tab"]
    before = get_language()
    try:
        set_language("en")
        assert key_name("space") == "Space"
        set_language("id")
        assert key_name("space") == "Spasi"
    finally:
        set_language(before)
