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
from textual.reactive import Reactive, reactive

from loket.i18n import LANGUAGES, get_language, set_language, t
from loket.tui import heap
from loket.tui.commands import LoketCommands
from loket.tui.errors import describe_error
from loket.tui.key_order import KeyOrder
from loket.tui.keys import bind
from loket.tui.link_watch import LinkWatch
from loket.tui.office_watch import OfficeWatch
from loket.tui.screens.login import LoginScreen
from loket.tui.session import Session
from loket.tui.theme import LOKET_THEME
from loket.tui.timer_guard import install as install_timer_guard
from loket.tui.reply import Reply

install_timer_guard()  # before any screen or toast asks for a timer


class LoketApp(Session, KeyOrder, LinkWatch, OfficeWatch, App[None]):
    TITLE = "Loket"
    COMMANDS = App.COMMANDS | {LoketCommands}
    BINDINGS = [
        bind("f9", "toggle_language", "language", priority=True),  # also inside dialogs
        bind("f1", "help", "help"),
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

    class StationOpened(Reply):
        """The station is open (``station``), or could not be opened (``error``)."""

        def __init__(self, origin, station, error: str = "") -> None:
            super().__init__(origin)
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
        # After the first paint: the login screen shows at once, the station opens behind it.
        self.call_after_refresh(self._open_station)

    @work(thread=True, exit_on_error=False, group="open")
    def _open_station(self) -> None:
        from loket.intake import regions
        from loket.station import Station

        try:
            station = Station.open(self.data_dir)
        except Exception as exc:  # every failure becomes a sentence on the login screen
            self.post_message(self.StationOpened(self, None, describe_error(exc)))
            return
        self.post_message(self.StationOpened(self, station))
        # Read the region table while the clerk types the PIN, so the first
        # pickers and NIK previews are instant. A broken table is reported by
        # the form, where it matters.
        with suppress(regions.RegionDataError):
            regions.preload()
        # Slips a crash left unsaved are made now; the clerk reads which.
        for line in station.recover_slips().messages():
            self.call_from_thread(self.notify, line, title=t("recovery.notice_title"), severity="warning",
                                  timeout=30, markup=False)

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
        self.start_office_watch()

    def on_unmount(self) -> None:
        heap.release()
        if self.station is not None:
            self.station.close()

    def logged_in(self, user):
        """Open the counter for ``user``; returns an awaitable that is done once the form is mounted."""
        from loket.tui.screens.intake import IntakeScreen

        self.clerk = user
        self._show_title()
        self.start_session_watch()
        mounted = self.push_screen(IntakeScreen())
        self._warm_up()
        return mounted

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm-up")
    def _warm_up(self) -> None:
        # The key and the PDF/QR libraries, loaded while the clerk types the first
        # record, so the first Suket of the day prints as fast as the rest. Not
        # before login: that would compete with painting the first screen. A missing
        # key is reported when saving, where it matters.
        if self.clerk is not None and self.clerk.role == "supervisor":
            # A supervisor mostly works at the desk: the key (for sealing) and the desk's
            # modules, so F8 opens it without a pause for imports. The PDF library alone
            # holds about 30 MiB; it loads with a supervisor's first slip (a quarter of
            # a second, once).
            with suppress(Exception):
                self.station.key()
            from loket.storage import desk  # noqa: F401
            from loket.tui.desk_styles import learn_desk_styles
            from loket.tui.screens import desk as desk_screen  # noqa: F401

            with suppress(RuntimeError):  # the app closed meanwhile
                self.call_from_thread(learn_desk_styles, self)
        else:
            with suppress(Exception):
                self.station.warm_up()
        if self.clerk is not None and self.is_running:  # still logged in: the session's objects are loaded
            heap.settle()

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

    def typed_form(self):
        """The intake screen if its form holds typed data that is not saved, else None."""
        from loket.tui.screens.intake import IntakeScreen

        for screen in self.screen_stack:
            if isinstance(screen, IntakeScreen) and screen.form.has_typed_data():
                return screen
        return None

    def ask_before_discarding(self, doing: str, then) -> None:
        """Run ``then`` at once, or after the clerk agrees to lose the typed form."""
        from loket.tui.screens.discard_dialog import DiscardDialog

        if self.typed_form() is None or isinstance(self.screen, DiscardDialog):
            then()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                then()

        self.push_screen(DiscardDialog(doing), answered)

    async def action_quit(self) -> None:
        self.ask_before_discarding("counter.discard.quit", self.exit)

    def action_logout(self) -> None:
        self.ask_before_discarding("counter.discard.logout", self._log_out)

    def _log_out(self) -> None:
        self.clerk = None
        self.locked = False
        self._show_title()
        while not isinstance(self.screen, LoginScreen):
            self.pop_screen()
        self.screen.reset()
        heap.release()  # the session's screens are dropped: collectable again

    def get_system_commands(self, screen):
        # Only Loket's own, in the clerk's language: no theme switch, no screenshots
        # dropped into the working folder, and F1's help instead of Textual's key panel.
        from textual.app import SystemCommand

        yield SystemCommand(t("counter.cmd.help"), t("counter.cmd.help_help"), self.action_help)
        yield SystemCommand(t("counter.cmd.quit"), t("counter.cmd.quit_help"), self.action_quit)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            palette = CommandPalette(id="--command-palette", placeholder=t("counter.palette.placeholder"))
            self.push_screen(palette)

    def get_key_display(self, binding) -> str:
        # As printed on the key: "F2", "Esc" and "^L" (as nano writes Ctrl+L), not
        # "f2", "esc" and "^l".
        shown = super().get_key_display(binding)
        if (shown[:1] == "f" and shown[1:].isdigit()) or (len(shown) == 2 and shown[0] == "^"):
            return shown.upper()
        return shown.capitalize() if shown.isalpha() and shown.islower() else shown

    def action_help(self) -> None:
        from loket.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_language(self) -> None:
        # F9 steps through the languages in turn (id -> en -> id with the two shipped today).
        following = (LANGUAGES.index(get_language()) + 1) % len(LANGUAGES)
        self.apply_language(LANGUAGES[following])

    def apply_language(self, language: str) -> None:
        set_language(language)
        for screen in self.screen_stack:
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

