"""Typed data is never thrown away without asking; dates are retyped whole; messages name the mistake."""

from __future__ import annotations

from textual.widgets import Input

from loket.i18n import t
from loket.tui.screens.discard_dialog import DiscardDialog
from loket.tui.screens.intake import IntakeScreen
from loket.tui.screens.login import LoginScreen
from test_tui_intake import counter, settle  # noqa: F401  (the logged-in counter fixture)


async def press(counter, *keys: str) -> None:
    await counter.pilot.press(*keys)
    await settle(counter.app, counter.pilot)


async def test_f5_asks_before_emptying_a_typed_form(counter):
    await press(counter, "f5")  # nothing typed: no question
    assert isinstance(counter.app.screen, IntakeScreen)
    await counter.type("name", "ANDI")
    await press(counter, "f5")
    assert isinstance(counter.app.screen, DiscardDialog)
    await press(counter, "n")
    assert isinstance(counter.app.screen, IntakeScreen) and counter.form.text("name") == "ANDI"
    await press(counter, "f5")
    await press(counter, "enter")  # Enter keeps: the safe answer
    assert counter.form.text("name") == "ANDI"
    await press(counter, "f5", "y")
    assert isinstance(counter.app.screen, IntakeScreen) and counter.form.text("name") == ""


async def test_log_out_asks_before_losing_a_typed_form(counter):
    await counter.type("nik", "7373011705900001")
    await press(counter, "ctrl+l")
    assert isinstance(counter.app.screen, DiscardDialog)
    assert t("counter.discard.logout") in str(counter.app.screen.query_one("#discard-title").render())
    await press(counter, "escape")
    assert isinstance(counter.app.screen, IntakeScreen) and counter.form.text("nik") == "7373011705900001"
    await press(counter, "ctrl+l", "y")
    assert isinstance(counter.app.screen, LoginScreen) and counter.app.clerk is None


async def test_quit_asks_before_losing_a_typed_form(counter):
    await counter.type("street", "JL. MERDEKA")
    await press(counter, "ctrl+q")
    assert isinstance(counter.app.screen, DiscardDialog)
    await press(counter, "n")
    assert counter.app.is_running and counter.form.text("street") == "JL. MERDEKA"
    await counter.pilot.press("ctrl+q", "y")
    await counter.pilot.pause()
    assert not counter.app.is_running


async def test_the_date_field_selects_its_text_on_entry(counter):
    form = counter.form
    await counter.type("birth_date", "03-03-1978")
    await press(counter, "tab", "shift+tab")
    await press(counter, *"04041979")
    assert form.text("birth_date") == "04041979"  # replaced, not "03-03-197804041979"
    # After the NIK filled day and month, the cursor waits for the year instead.
    form.query_one("#birth_date", Input).clear()
    await counter.type("nik", "7373011705900001")
    assert form.text("birth_date") == "17-05-"
    await counter.type("birth_date", "1990")
    assert form.text("birth_date") == "17-05-1990"


async def test_a_three_digit_year_is_called_what_it_is(counter):
    await counter.type("birth_date", "17-05-199")
    await counter.leave()
    message = counter.form.row("birth_date").message("error")
    assert "'199'" in message and "3" in message and "2" not in message.replace("'199'", "")
