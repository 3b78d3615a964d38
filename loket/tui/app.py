"""The counter app: theme, global keys, screen routing and the language switch.

Screens do the work; this class only opens the station (in a worker, after the
first paint, so start-up stays instant), remembers who is logged in and routes
between login, intake and the screens pushed over it.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from pathlib import Path

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.reactive import Reactive, reactive

from loket.i18n import LANGUAGES, get_language, set_language, t
from loket.tui.commands import LoketCommands
from loket.tui.errors import describe_error
from loket.tui.keys import bind, relabel_bindings
from loket.tui.link_watch import LinkWatch
from loket.tui.screens.login import LoginScreen
from loket.tui.session import Session
from loket.tui.theme import LOKET_THEME


class LoketApp(Session, LinkWatch, App[None]):
    TITLE = "Loket"
    COMMANDS = App.COMMANDS | {LoketCommands}
    BINDINGS = [
        bind("f9", "toggle_language", "language", priority=True),  # also inside dialogs
        bind("ctrl+l", "logout", "logout"),
        bind("f4", "recent", "recent"),
        bind("f7", "sync_now", "sync_now"),
        bind("f8", "open_desk", "open_desk"),
        bind("f12", "demo_menu", "demo_menu"),
        # Tab acts the moment the key arrives. Textual hands each key to whatever has
        # the focus on arrival; as an ordinary binding Tab would move the focus only
        # once the field has caught up, and on a slow PC the keys typed right after
        # it would land in the field being left.
        bind("tab", "focus_next", "next_field", show=False, priority=True),
        bind("shift+tab", "focus_previous", "previous_field", show=False, priority=True),
    ]

    # Our one theme is the default, so the first stylesheet pass already uses it.
    # (Setting `theme` after start-up would restyle the whole app once more,
    # which costs a noticeable share of start-up on a slow PC.)
    theme: Reactive[str] = Reactive(LOKET_THEME.name)

    # A LinkReading, read by every StationBar; changed only through set_link().
    link = reactive(None)

    class StationOpened(Message):
        """The station is open (``station``), or could not be opened (``error``)."""

        def __init__(self, station, error: str = "") -> None:
            super().__init__()
            self.station = station
            self.error = error

    def __init__(
        self, data_dir: str | Path | None = None, language: str | None = None, demo: bool = False, **kwargs
    ) -> None:
        """``language`` None: the station's settings choose it once the station is open.
        ``demo``: `loket demo` runs it, with the demo menu (F12) to play central's outages."""
        super().__init__(**kwargs)
        self.data_dir = data_dir
        self.language = language
        self.demo = demo
        self.station = None
        self.open_error: str | None = None
        self.station_ready = threading.Event()
        self.clerk = None
        self.register_theme(LOKET_THEME)

    def get_theme(self, theme_name: str):
        # Asked for by App.__init__ before any theme can be registered.
        if theme_name == LOKET_THEME.name:
            return LOKET_THEME
        return super().get_theme(theme_name)

    def get_default_screen(self) -> LoginScreen:
        # The login screen is the base of the stack: painted first, returned to on logout.
        return LoginScreen()

    def on_mount(self) -> None:
        if self.language:
            set_language(self.language)
        self._show_title()
        if self.demo:
            from loket.demo import welcome

            self.notify(welcome(), timeout=20)
        # After the first paint: the login screen shows at once, the station opens behind it.
        self.call_after_refresh(self._open_station)

    @work(thread=True, exit_on_error=False, group="open")
    def _open_station(self) -> None:
        from loket.intake import regions
        from loket.station import Station

        try:
            station = Station.open(self.data_dir)
        except Exception as exc:  # every failure becomes a sentence on the login screen
            self.post_message(self.StationOpened(None, describe_error(exc)))
            return
        self.post_message(self.StationOpened(station))
        # Read the region table while the clerk types the PIN, so the first
        # pickers and NIK previews are instant. A broken table is reported by
        # the form, where it matters.
        with suppress(regions.RegionDataError):
            regions.preload()

    @on(StationOpened)
    def _station_opened(self, message: StationOpened) -> None:
        self.station, self.open_error = message.station, message.error or None
        self.station_ready.set()
        if self.station is None:
            if isinstance(self.screen, LoginScreen):
                self.screen.show_error(message.error)
            return
        self.apply_language(self.language or self.station.settings.language)
        self.start_link_watch()

    def on_unmount(self) -> None:
        if self.station is not None:
            self.station.close()

    def logged_in(self, user) -> None:
        from loket.tui.screens.intake import IntakeScreen

        self.clerk = user
        self._show_title()
        self.start_session_watch()
        self.push_screen(IntakeScreen())
        self._warm_up()

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm-up")
    def _warm_up(self) -> None:
        # The key and the PDF/QR libraries, loaded while the clerk types the first
        # record, so the first Suket of the day prints as fast as the rest. Not
        # before login: that would compete with painting the first screen. A missing
        # key is reported when saving, where it matters.
        with suppress(Exception):
            self.station.warm_up()
        if self.clerk is not None and self.clerk.role == "supervisor":
            # The desk's modules too, so F8 opens it without a pause for imports.
            from loket.storage import desk  # noqa: F401
            from loket.tui.screens import desk as desk_screen  # noqa: F401

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session_check_action(action)
        if session is not None:
            return session
        if self.locked and action in ("sync_now", "demo_menu"):
            return False
        if action == "sync_now":  # shown only where there is a central server to send to
            return self.station is not None and self.station.link_configured
        if action == "demo_menu":
            return self.demo
        if action != "logout":
            return True
        # Not while a save or reprint runs: its outcome must reach the clerk.
        busy = any(getattr(screen, "busy", False) for screen in self.screen_stack)
        return None if busy else self.clerk is not None

    def action_logout(self) -> None:
        self.clerk = None
        self.locked = False
        self._show_title()
        while not isinstance(self.screen, LoginScreen):
            self.pop_screen()
        self.screen.reset()

    def get_system_commands(self, screen):
        # One fixed theme, and no screenshots dropped into the working folder.
        for command in super().get_system_commands(screen):
            if command.title in ("Keys", "Quit"):
                yield command

    def action_toggle_language(self) -> None:
        # F9 steps through the languages in turn (id -> en -> id with the two shipped today).
        following = (LANGUAGES.index(get_language()) + 1) % len(LANGUAGES)
        self.apply_language(LANGUAGES[following])

    def apply_language(self, language: str) -> None:
        set_language(language)
        relabel_bindings(self)
        for screen in self.screen_stack:
            relabel_bindings(screen)
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                relabel()
        self._show_title()
        self.screen.refresh_bindings()

    def set_link(self, reading) -> None:
        """Show a LinkReading in every header: the one way to change what they say."""
        self.link = reading

    def action_demo_menu(self) -> None:
        from loket.tui.screens.demo_menu import DemoMenu

        if self.demo and not isinstance(self.screen, DemoMenu):
            self.push_screen(DemoMenu())

    def _show_title(self) -> None:
        station = self.station.settings.station_id if self.station else "…"
        who = t("tui.header.clerk", name=self.clerk.name) if self.clerk else t("tui.header.no_clerk")
        self.sub_title = f"{station} · {who} · {get_language().upper()}"

