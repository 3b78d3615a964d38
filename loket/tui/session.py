"""Who may do what at this counter, and locking it when it is left alone.

``Session`` is mixed into the app, next to the link watch:

- the supervisor's desk (F8) opens at once for a supervisor's login; over a
  clerk's login it needs a supervisor's name, PIN and a reason, for this once,
  and closes again when the screen locks or the clerk logs out;
- the recent intakes of this station (F4) are open to every login;
- after ``idle_lock_minutes`` without a key press or click the screen locks over
  whatever is open (the form keeps what was typed) until the same person types
  the PIN again, or someone else logs in.

Opening the desk and locking are written to the audit log, in a worker.
"""

from __future__ import annotations

import time

from textual import events, work

from loket.i18n import t
from loket.tui.errors import describe_error
from loket.tui.reply import Reply

# How often the idle clock is looked at. A lock comes at most this late.
IDLE_CHECK_EVERY = 5.0


class DeskAllowed(Reply):
    """The desk may open for ``supervisor`` (``over``: the clerk whose session it is)."""

    def __init__(self, origin, supervisor, over: str | None) -> None:
        super().__init__(origin)
        self.supervisor = supervisor
        self.over = over


class SessionNotice(Reply):
    def __init__(self, origin, text: str, severity: str = "information") -> None:
        super().__init__(origin)
        self.text = text
        self.severity = severity


class Session:
    """Mixin for LoketApp: the desk's gate, the recent list and the idle lock."""

    last_input_at: float = 0.0
    locked: bool = False

    def start_session_watch(self) -> None:
        self.last_input_at = time.monotonic()
        self.locked = False
        if getattr(self, "_idle_timer", None) is None:
            self._idle_timer = self.set_interval(IDLE_CHECK_EVERY, self.check_idle_lock, name="idle-lock")

    async def on_event(self, event: events.Event) -> None:
        # Every key press and click counts as presence, whichever widget gets it.
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            if not event.is_forwarded:
                self.last_input_at = time.monotonic()
        await super().on_event(event)

    # -- the idle lock ----------------------------------------------------------------

    @property
    def idle_limit(self) -> float | None:
        """Seconds of quiet before the lock, or None when the station never locks."""
        if self.station is None:
            return None
        minutes = self.station.settings.idle_lock_minutes
        return minutes * 60.0 if minutes > 0 else None

    def check_idle_lock(self) -> None:
        limit = self.idle_limit
        if self.clerk is None or self.locked or limit is None:
            return
        if any(getattr(screen, "busy", False) for screen in self.screen_stack):
            return  # a save or a reprint is running: its outcome must reach someone first
        if time.monotonic() - self.last_input_at >= limit:
            self.lock_now()

    def lock_now(self) -> None:
        from loket.tui.screens.lock import LockScreen

        if self.clerk is None or self.locked:
            return
        self._close_borrowed_desk()
        self.locked = True
        self._record(self.clerk.name, "session.locked", {"after_minutes": self.station.settings.idle_lock_minutes})
        self.push_screen(LockScreen(self.clerk.name), self._unlocked)

    def _unlocked(self, user) -> None:
        self.locked = False
        self.last_input_at = time.monotonic()
        if user is not None:
            self.clerk = user  # the stored row as it is now (a changed role counts)
        self.refresh_bindings()

    def _close_borrowed_desk(self) -> None:
        """A desk opened on a supervisor's PIN over a clerk's login ends with the session."""
        stack = self.screen_stack
        for index, screen in enumerate(stack):
            if getattr(screen, "borrowed", False):
                for _ in range(len(stack) - index):  # the desk and all above it
                    self.pop_screen()
                return

    # -- the desk and the recent list ---------------------------------------------

    def session_check_action(self, action: str) -> bool | None:
        """What check_action says for the session's own actions (None: not ours)."""
        if action not in ("open_desk", "recent"):
            return None
        if self.locked or self.clerk is None:
            return False
        return not self._screen_open(action)

    def _screen_open(self, action: str) -> bool:
        names = {"open_desk": "DeskScreen", "recent": "RecentScreen"}
        return any(type(screen).__name__ == names[action] for screen in self.screen_stack)

    def action_recent(self) -> None:
        from loket.tui.screens.recent import RecentScreen

        if self.session_check_action("recent"):
            self.push_screen(RecentScreen())

    def action_open_desk(self) -> None:
        if not self.session_check_action("open_desk"):
            return
        if self.clerk.role == "supervisor":
            self._allow_desk(self.station, self.clerk, None, "")
            return
        from loket.tui.screens.supervisor import SupervisorScreen

        def approved(result) -> None:
            if result and self.clerk is not None:
                supervisor, reason = result
                self._allow_desk(self.station, supervisor, self.clerk.name, reason)

        self.push_screen(SupervisorScreen("desk"), approved)

    @work(thread=True, exclusive=True, exit_on_error=False, group="desk-gate")
    def _allow_desk(self, station, supervisor, over: str | None, reason: str) -> None:
        from loket.storage import audit
        from loket.storage.db import write_tx
        from loket.storage.users import require_supervisor

        details = {"over": over, "reason": reason} if over else {}
        try:
            with write_tx(station.db):
                require_supervisor(station.db, supervisor)  # as stored now, not as at login
                audit.append(station.db, supervisor.name, "desk.opened", supervisor.name, details)
        except Exception as exc:
            self.post_message(SessionNotice(self, describe_error(exc), "error"))
            return
        self.post_message(DeskAllowed(self, supervisor, over))

    # Named handlers, not @on: the decorator's table is built only for Textual's own
    # classes, and this mixin is a plain class.
    def on_desk_allowed(self, message: DeskAllowed) -> None:
        from loket.tui.screens.desk import DeskScreen

        if self.clerk is None or self.locked:
            return  # logged out or locked while the PIN was being checked
        desk = DeskScreen(message.supervisor)
        desk.borrowed = message.over is not None
        self.push_screen(desk)
        if message.over:
            self.notify(t("tui.session.desk_over", supervisor=message.supervisor.name, clerk=message.over))

    def on_session_notice(self, message: SessionNotice) -> None:
        self.notify(message.text, severity=message.severity)

    @work(thread=True, exit_on_error=False, group="session-audit")
    def _record(self, actor: str, action: str, details: dict) -> None:
        from loket.storage import audit

        try:
            audit.append(self.station.db, actor, action, actor, details)
        except Exception as exc:  # the lock itself must still happen
            self.post_message(SessionNotice(self, describe_error(exc), "error"))
