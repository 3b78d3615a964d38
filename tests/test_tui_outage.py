"""While revoked or offline the counter says the request is held and what to tell the citizen.

The link watch keeps its workers running, so these tests wait on state with
``until`` rather than for every worker to finish.
"""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Checkbox, Input, Select

from conftest import CLERK
from linkkit import until
from loket.intake.samples import sample_record
from loket.tui.screens.confirm import ConfirmScreen
from loket.tui.screens.intake import IntakeScreen
from loket.tui.screens.saved import SavedScreen
from test_tui_link import REASON, STATION_ID, central, link_up, make_app, state  # noqa: F401


def shown(app, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(widget.render()) if widget.display else ""


def on_screen(app, screen_type) -> bool:
    """The screen is current and mounted: a screen is current as soon as it is pushed, and its
    widgets are composed and filled in afterwards (a moment that is long on a slow PC)."""
    return isinstance(app.screen, screen_type) and app.screen.is_mounted


async def log_in(app, pilot) -> None:
    await until(pilot, lambda: app.station is not None, "the station to open")
    app.screen.query_one("#login-name", Input).value = CLERK[0]
    app.screen.query_one("#login-pin", Input).value = CLERK[1]
    app.screen.query_one("#login-pin", Input).focus()
    await pilot.press("enter")
    await until(pilot, lambda: on_screen(app, IntakeScreen), "the intake screen")


async def save(app, pilot, record) -> None:
    form = app.screen.form
    form.query_one("#nik", Input).value = record.nik
    await until(pilot, lambda: form.picker("village").choice_count > 0, "the NIK to fill the region")
    for name in ("kk", "name", "birth_place", "occupation"):
        form.query_one(f"#{name}", Input).value = getattr(record, name)
    form.query_one("#birth_date", Input).value = record.birth_date.strftime("%d-%m-%Y")
    for name in ("street", "rt", "rw"):
        form.query_one(f"#{name}", Input).value = getattr(record.address, name)
    assert form.picker("village").pick_name(record.address.village)
    for name in ("blood_type", "religion", "marital_status"):
        form.query_one(f"#{name}", Select).value = getattr(record, name)
    form.query_one("#biometrics_recorded", Checkbox).value = record.biometrics_recorded
    await pilot.pause(0.2)
    await pilot.press("f2")
    await until(pilot, lambda: on_screen(app, ConfirmScreen), "the confirm dialog")
    await pilot.press("enter")
    # Saving makes the slip's PDF too; the first one in a process loads fpdf2, which takes seconds on a slow PC.
    await until(pilot, lambda: on_screen(app, SavedScreen), "the saved screen", timeout=60)


async def test_revoked_counter_holds_the_request_and_says_what_to_tell_the_citizen(station_dir, central):
    link_up(station_dir, central)
    app, _notes = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(app, pilot)
        await until(pilot, lambda: state(app) == "online", "the first probe")
        assert "Sampaikan ke warga" not in shown(app, "#intake-status")

        central.store.revoke(STATION_ID, REASON)
        await until(pilot, lambda: state(app) == "revoked", "the revocation to show")
        await until(pilot, lambda: shown(app, "#intake-status").startswith("Saat ini: Sampaikan ke warga"),
                    "the line for the citizen")
        assert "Suket ini sah" in shown(app, "#intake-status")
        # The link is fine: the citizen waits for the office's access, not for a cable.
        assert "akses dinas ke pusat dipulihkan" in shown(app, "#intake-status")
        assert "sambungan" not in shown(app, "#intake-status")

        await save(app, pilot, replace(sample_record(), biometrics_recorded=True))
        assert "disimpan di antrean loket" in shown(app, "#saved-held")
        assert "otorisasi dipulihkan" in shown(app, "#saved-held")
        assert shown(app, "#saved-tell").startswith("Sampaikan ke warga: Suket ini sah")
        assert "akses dinas ke pusat dipulihkan" in shown(app, "#saved-tell")

        central.store.restore(STATION_ID)
        await until(pilot, lambda: state(app) == "online", "the link to come back")
        await until(pilot, lambda: shown(app, "#saved-held") == "", "the held line to go")


async def test_online_saved_screen_has_no_outage_words(station_dir, central):
    link_up(station_dir, central)
    app, _notes = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(app, pilot)
        await until(pilot, lambda: state(app) == "online", "the first probe")
        await save(app, pilot, sample_record())
        assert shown(app, "#saved-held") == "" and shown(app, "#saved-tell") == ""


def test_the_citizen_is_told_what_the_request_waits_for():
    from loket.i18n import set_language
    from loket.tui.outage_words import tell_citizen

    set_language("id")
    assert tell_citizen("online") == ""
    for state in ("offline", "degraded"):
        assert "sambungan ke pusat pulih" in tell_citizen(state)
        assert "sambungan ke pusat pulih" in tell_citizen(state, "receipt")
    for state in ("revoked", "unauthorized"):
        assert "akses dinas ke pusat dipulihkan" in tell_citizen(state)
        assert tell_citizen(state, "receipt").startswith("Sampaikan ke warga: simpan tanda terima")
        assert "akses dinas ke pusat dipulihkan" in tell_citizen(state, "receipt")
