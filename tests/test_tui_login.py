"""Logging in, the language switch, the header, logout and the command palette."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Label

from loket.i18n import get_language, set_language
from loket.sync.states import LinkReading
from loket.tui.app import LoketApp
from loket.tui.commands import LoketCommands
from loket.tui.screens.intake import IntakeScreen
from loket.tui.screens.login import LoginScreen
from loket.tui.widgets.key_bar import KeyBar
from loket.tui.widgets.station_bar import LinkStatus

import pytest


@pytest.fixture(autouse=True)
def _restore_language():
    before = get_language()
    yield
    set_language(before)


def make_app(data_dir) -> LoketApp:
    app = LoketApp(data_dir)
    app.animation_level = "none"
    return app


async def settle(app, pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def settle_typing(app, pilot, rounds: int = 3) -> None:
    """``settle``, where a check the typing started may be replaced (cancelled) by a newer one."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        await pilot.pause()


def footer_text(app) -> str:
    return app.screen.query_one(KeyBar).shown


async def test_wrong_pin_shows_the_storage_message_then_right_pin_opens_intake(station_dir):
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press(*"CLERK", "enter", *"111111", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)
        message = str(app.screen.query_one("#login-message").render())
        assert message == "Nama pengguna atau PIN salah."
        # The PIN box is emptied and focused for the next try; the name stays.
        assert app.focused is app.screen.query_one("#login-pin", Input)
        assert app.screen.query_one("#login-pin", Input).value == ""
        await pilot.press(*"246810", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert app.clerk.name == "CLERK"
        assert "Petugas: CLERK" in app.sub_title and "7373-LKT01" in app.sub_title


async def test_locked_account_is_explained(station_dir):
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#login-name", Input).value = "CLERK"
        for _ in range(6):
            screen.query_one("#login-pin", Input).value = "999999"
            screen.query_one("#login-pin", Input).focus()
            await pilot.press("enter")
            await settle(app, pilot)
        message = str(screen.query_one("#login-message").render())
        assert message.startswith("Akun dikunci"), message
        screen.query_one("#login-pin", Input).value = "246810"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)


async def test_missing_station_is_reported_on_the_login_screen(tmp_path):
    app = make_app(tmp_path / "nowhere")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        message = str(app.screen.query_one("#login-message").render())
        assert "belum disiapkan" in message and "loket setup" in message
        await pilot.press(*"CLERK", "enter", *"246810", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "belum disiapkan" in str(app.screen.query_one("#login-message").render())


async def test_language_switch_relabels_the_form_header_and_footer(station_dir):
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"CLERK", "enter", *"246810", "enter")
        await settle(app, pilot)
        screen = app.screen
        label = screen.query_one("#row-birth_date Label.field-label", Label)
        assert str(label.render()) == "Tanggal lahir"
        assert "Simpan" in footer_text(app)
        assert str(screen.query_one(LinkStatus).render()) == "Tautan pusat: belum diatur"
        await pilot.press("f9")
        await settle(app, pilot)
        assert str(label.render()) == "Date of birth"
        assert str(screen.query_one("#row-kk Label.field-label", Label).render()) == "Family card number (KK)"
        assert "Save" in footer_text(app) and "Simpan" not in footer_text(app)
        assert str(screen.query_one(LinkStatus).render()) == "Central link: not configured"
        assert "Clerk: CLERK" in app.sub_title and app.sub_title.endswith("EN")
        # Choice labels follow too, and keep the chosen value.
        assert str(screen.query_one("#request_type").query_one("#label").render()) == "New recording"
        await pilot.press("f9")
        await settle(app, pilot)
        assert str(label.render()) == "Tanggal lahir"


async def test_settings_language_is_used_when_none_is_given(station_dir):
    from loket.config import DataPaths, load_settings, save_settings

    paths = DataPaths(station_dir)
    settings = load_settings(paths)
    settings.language = "en"
    settings.central_url = "https://central.example.go.id"
    save_settings(paths, settings)
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert str(app.screen.query_one("#login-title").render()) == "Clerk login"
        # A central address without a token is not a usable link: nothing is probed.
        assert str(app.screen.query_one(LinkStatus).render()) == "Central link: not configured"
        app.set_link(LinkReading("unknown"))
        await pilot.pause()
        assert str(app.screen.query_one(LinkStatus).render()) == "Central link: unknown"
        since = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
        app.set_link(LinkReading("offline", since, "timeout"))
        await pilot.pause()
        link = app.screen.query_one(LinkStatus)
        assert str(link.render()) == f"Offline since {since.astimezone():%H:%M}"
        assert link.has_class("-offline") and not link.has_class("-unknown")


async def test_logout_returns_to_an_empty_login(station_dir):
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"CLERK", "enter", *"246810", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.clerk is None and "belum masuk" in app.sub_title
        assert app.screen.query_one("#login-name", Input).value == ""
        assert app.focused is app.screen.query_one("#login-name", Input)


async def test_palette_lists_the_counter_actions(station_dir):
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"CLERK", "enter", *"246810", "enter")
        await settle(app, pilot)
        provider = LoketCommands(app.screen)
        found = [str(hit.display) for hit in [h async for h in provider.discover()]]
        assert found == ["Orang baru", "Ganti bahasa (English)", "Meja supervisor", "Riwayat loket ini", "Keluar akun"]
        hits = [h async for h in provider.search("bahasa")]
        assert len(hits) == 1
        await hits[0].command()
        await settle(app, pilot)
        assert get_language() == "en"
        system = [c.title for c in app.get_system_commands(app.screen)]
        assert system == ["Help", "Quit the app"]  # only our own, in the chosen language


async def test_demo_logins_are_shown_on_the_login_screen_and_gone_after_it(station_dir):
    app = LoketApp(station_dir, demo=True)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        demo_line = str(app.screen.query_one("#login-demo").render())
        assert "PETUGAS (PIN 111111)" in demo_line and "SUPERVISOR (PIN 123456)" in demo_line
        assert app.screen.query_one("#login-demo").display
        await pilot.press(*"CLERK", "enter", *"246810", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
        # Nothing left over the form: the logins were on the screen that needed them.
        assert not app.screen.query("Toast")


async def test_the_login_screen_has_no_demo_line_outside_the_demo(station_dir):
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one("#login-demo").display


async def test_name_enter_pin_enter_typed_at_once_logs_in(station_dir):
    """A clerk who types ahead: the PIN typed right after the name's Enter goes to the PIN
    box (never shown in the name box), and its Enter logs in."""
    from textual import events

    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in [*"CLERK", "enter", *"246810", "enter"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot, rounds=5)
        assert isinstance(app.screen, IntakeScreen)
        assert app.clerk.name == "CLERK"


async def test_keys_held_for_an_enter_go_on_even_if_its_marker_is_lost(station_dir, monkeypatch):
    """A field taken away before its Enter's marker gets through (its screen closed) must
    not keep the keyboard: the held keys go on after a short wait all the same."""
    from textual import events

    from loket.tui import key_order

    async def submit_without_marker(self, field, hold):
        await self.run_action("submit", field)

    monkeypatch.setattr(key_order.KeyOrder, "_submit_in_turn", submit_without_marker)
    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in [*"CLERK", "enter", *"246810"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(key_order.RELEASE_AFTER + 0.3)
        await settle(app, pilot)
        assert app.screen.query_one("#login-name", Input).value == "CLERK"
        assert app.screen.query_one("#login-pin", Input).value == "246810"


async def test_what_is_typed_while_the_pin_is_checked_goes_to_the_form(station_dir):
    """A clerk who types the first NIK right after the PIN's Enter: it lands in the form's
    NIK field once the login is through, not in the PIN box that is cleared meanwhile."""
    from textual import events

    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in [*"CLERK", "enter", *"246810", "enter", *"7373011705900001"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle_typing(app, pilot, rounds=5)  # each digit's NIK check replaces the last
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.query_one("#nik", Input).value == "7373011705900001"


async def test_what_is_typed_before_a_refused_pin_is_seen_is_dropped(station_dir):
    """Typed ahead of a wrong PIN: not for the PIN box, which is emptied for the next try."""
    from textual import events

    app = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in [*"CLERK", "enter", *"111111", "enter", *"7373"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot, rounds=5)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#login-pin", Input).value == ""
        assert app.focused is app.screen.query_one("#login-pin", Input)
        await pilot.press(*"246810", "enter")  # the keyboard is the login's again
        await settle(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
