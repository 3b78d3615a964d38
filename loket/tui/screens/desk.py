"""The supervisor's desk: the whole queue, what central refused and why, and the answers.

Filter bar, a search box (results as you type), the virtual queue list and the
selected request in full. Every action (send again, correct, cancel, print a
copy, confirm a region warning) asks for a reason and runs in a worker; an
action on marked rows runs as one bulk run and ends in a summary that stays
(``tui/desk_bulk.py``); the list and the detail are fetched again after it and
focus goes back to the list. The list follows other counters by itself
(``tui/desk_live.py``). Esc closes the innermost thing only.

Showing full NIKs is written to the audit log (who, and the filter shown): a
screen of unmasked NIKs is a disclosure of residents' data worth a trace.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from loket.i18n import t, tn
from loket.i18n.notice import RequestName
from loket.tui.desk_bulk import REGION_WARNING, DeskBulk
from loket.tui.desk_live import DeskLive
from loket.tui.desk_styles import DeskPart
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.widgets.desk_filters import DeskFilters
from loket.tui.widgets.desk_header import DeskStationBar
from loket.tui.widgets.desk_keys import DeskKeys
from loket.tui.widgets.queue_list import QueueList
from loket.tui.widgets.request_detail import RequestDetail
from loket.tui.reply import Reply

FOLLOW_DELAY = 0.1  # seconds the cursor rests before the detail pane follows it
# Every state at once, and back: a function key, so it works from the search box too
# (an Input takes most Ctrl keys for editing).
ALL_STATES_KEY = "f10"


class DeskScreen(DeskBulk, DeskLive, Screen[None]):
    BINDINGS = [
        bind("ctrl+r", "requeue", "desk_requeue"),
        bind("ctrl+t", "correct", "desk_correct"),
        bind("ctrl+b", "void", "desk_void"),
        bind("f6", "reprint", "desk_reprint"),
        bind("ctrl+o", "override", "desk_override"),
        bind("ctrl+n", "toggle_nik", "desk_nik"),
        bind("f2", "sort_next", "desk_sort"),
        bind("f3", "sort_reverse", "desk_reverse", show=False),
        bind("f5", "refresh_desk", "desk_refresh"),
        bind("ctrl+a", "mark_all", "desk_mark_all"),
        bind("ctrl+g", "dashboard", "desk_dashboard"),
        bind(ALL_STATES_KEY, "all_states", "desk_all_states"),
        bind("slash", "focus_search", "desk_search"),
        bind("ctrl+f", "focus_filters", "desk_filters"),
        bind("escape", "back", "back"),
        Binding("down", "to_list", show=False),
    ]

    # Set by the app when the desk was opened on a supervisor's PIN over a clerk's login.
    borrowed = False

    class ActionDone(Reply):
        """An action ended: ``text`` for the notification; ``refresh`` the list after it."""

        def __init__(self, origin, text: str, severity: str = "information", refresh=True) -> None:
            super().__init__(origin)
            self.text = text
            self.severity = severity
            self.refresh = refresh

    class CorrectionReady(Reply):
        def __init__(self, origin, view) -> None:
            super().__init__(origin)
            self.view = view

    def __init__(self, supervisor) -> None:
        super().__init__()
        self.supervisor = supervisor
        self.busy = False
        self.sort = "urgency"
        self.descending = False
        self._keys_shown: tuple = ()
        self._rest_asked = False
        self._follow_timer = None
        self._state_before_all: str | None = None  # the state filter F10 returns to

    def compose(self) -> ComposeResult:
        # The rows come first, alone: the header, the filter bar, the search box and
        # the detail pane are mounted around them once they are on screen (see
        # _mount_the_rest), so the first frame lays out and styles one widget.
        from loket.storage.desk import DeskFilter

        queue = QueueList(id="desk-list")
        queue.all_states_key = ALL_STATES_KEY.upper()
        self.mark_before_first_page(self.app.station.db)
        queue.open_with(DeskFilter(), self.sort, self.descending)
        yield queue

    @property
    def queue(self) -> QueueList:
        return self.query_one(QueueList)

    @property
    def detail(self) -> RequestDetail:
        return self.query_one(RequestDetail)

    @property
    def complete(self) -> bool:
        """Every part is mounted (the filter bar and the detail pane follow the first rows)."""
        return bool(self.query(RequestDetail))

    def on_mount(self) -> None:
        self.queue.focus()

    @on(QueueList.RowsPainted)
    def _rows_painted(self) -> None:
        if not self._rest_asked:
            self._rest_asked = True
            self.call_after_refresh(self._mount_the_rest)

    def _mount_the_rest(self) -> None:
        from loket.storage.office import station_ids

        if not self.is_attached or not self.query(QueueList):
            return  # closed before its first rows were painted

        # The office's counters (a few rows): read in place, like the first page.
        stations = station_ids(self.app.station.db)
        queue = self.queue
        search = Input(id="desk-search", placeholder=t("desk.search.placeholder"), compact=True, max_length=60)
        self.mount(DeskPart(DeskStationBar(), DeskFilters(stations, id="desk-filters"), id="desk-top"), search,
                   before=queue)
        self.mount(DeskPart(RequestDetail(id="desk-detail"), id="desk-bottom"), DeskKeys(), after=queue)
        self.call_after_refresh(self._show_cursor_row)
        # The first look (the reason filter's choices, where things stand) comes with the
        # first tick, not now: the first keystrokes in the search box come first.
        self.start_live()

    def _search_box(self) -> Input | None:
        """The search box, once mounted (it follows the first rows)."""
        found = self.query("#desk-search")
        return found.first(Input) if found else None

    def _show_cursor_row(self) -> None:
        if not self.complete or not self.query(QueueList):
            return  # closed before it finished mounting
        self.detail.full_nik = self.queue.full_nik
        row = self.queue.cursor_row
        self.detail.show_request(row.id if row is not None else None)

    def relabel(self) -> None:
        if self.complete:
            self.query_one(DeskFilters).relabel()
            self.detail.relabel()
        search = self._search_box()
        if search is not None:
            search.placeholder = t("desk.search.placeholder")
        self.queue.refresh()

    # -- the query ------------------------------------------------------------------

    def current_filter(self):
        """The desk.DeskFilter the bar and the search box say now (None: a date is wrong)."""
        from loket.storage.desk import DeskFilter

        box = self._search_box()
        search = box.value if box is not None else ""
        bars = self.query(DeskFilters)
        if not bars:
            return DeskFilter(search=search)  # the bar is not mounted yet: its defaults
        parts = bars.first().read()
        if parts is None:
            return None
        return DeskFilter(search=search, **parts)

    def apply_filter(self) -> None:
        flt = self.current_filter()
        if flt is not None:
            self.queue.set_query(flt, self.sort, self.descending)

    @on(DeskFilters.Changed)
    def _filters_changed(self, message: DeskFilters.Changed) -> None:
        self.apply_filter()
        self.refresh_bindings()  # F10's words follow the state filter (key_words)

    def key_words(self, name: str) -> str | None:
        """F10 shows every state; pressed again it brings back the filter before: say so."""
        if name == "desk_all_states" and self._all_states_shown():
            return t("desk.search.key_states_before")
        return None

    def _all_states_shown(self) -> bool:
        from textual.widgets import Select

        from loket.tui.widgets.desk_filters import ALL

        found = self.query("#filter-state") if self.is_mounted else ()
        return bool(found) and found.first(Select).value == ALL

    @on(Input.Changed, "#desk-search")
    def _search_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.apply_filter()

    @on(Input.Submitted, "#desk-search")
    def _search_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.queue.focus()

    @on(QueueList.Highlighted)
    def _highlighted(self, message: QueueList.Highlighted) -> None:
        # The detail and the footer follow once the cursor rests: while a key is held
        # down (or typed into the search box) only the list is redrawn, at once.
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.set_timer(FOLLOW_DELAY, self._follow_cursor)

    def _follow_cursor(self) -> None:
        self._follow_timer = None
        if self.complete:
            row = self.queue.cursor_row
            self.detail.show_request(row.id if row is not None else None)
        self._refresh_keys()

    @property
    def following(self) -> bool:
        """The detail and the footer have not caught up with the cursor yet."""
        return self._follow_timer is not None

    def _refresh_keys(self) -> None:
        """Redraw the footer only when a key's availability changed: redrawing it costs
        more than a whole page of rows, and the cursor moves on every key press."""
        now = tuple(self.check_action(a, ()) for a in ("requeue", "void", "correct", "reprint", "override"))
        now += (bool(self.queue.marked),)
        if now != self._keys_shown:
            self._keys_shown = now
            self.refresh_bindings()

    @on(QueueList.MarksDropped)
    def _marks_dropped(self, message: QueueList.MarksDropped) -> None:
        self.notify(tn("desk.live.marks_dropped", message.count), severity="warning", timeout=8)
        self._refresh_keys()

    def reasons_changed(self, reasons: list[tuple[str, int]]) -> None:
        if self.complete:
            self.query_one(DeskFilters).set_reasons(reasons)

    def back_to_list(self) -> None:
        """After any action, dialog or correction: the list row again, ready for the next key."""
        if self.is_attached:
            self.queue.focus()

    @on(QueueList.Chosen)
    def _chosen(self, message: QueueList.Chosen) -> None:
        if self.complete:
            self.detail.focus()

    # -- which keys apply now ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.queue.cursor_row if self.is_mounted else None
        if action == "to_list":
            return self.focused is not None and self.focused is self._search_box()
        if action in ("focus_search", "focus_filters", "mark_all"):
            return True  # in a text field "/" is typed there: the field takes it first
        # A key that cannot apply to the row (or the marked rows) is not shown at all:
        # the footer lists what can be done here; while an action runs, keys are greyed.
        applies = {
            "requeue": lambda r: r.state in ("rejected", "conflict"),
            "void": lambda r: r.state in ("queued", "synced", "rejected", "conflict"),
            "correct": lambda r: r.state in ("rejected", "conflict"),
            "reprint": lambda r: bool(r.number) and r.state not in ("completed", "void"),
            "override": lambda r: REGION_WARNING in r.warnings,
        }.get(action)
        if applies is None:
            return True
        marked = action in ("requeue", "void", "override") and bool(self.queue.marked)
        if not marked and (row is None or not applies(row)):
            return False
        return None if self.busy else True

    def action_focus_search(self) -> None:
        search = self._search_box()
        if search is not None:
            search.focus()

    def action_all_states(self) -> None:
        """Show every state (a search's matches wherever they are); pressed again, the
        state filter chosen before."""
        from textual.widgets import Select

        from loket.tui.widgets.desk_filters import ALL, PENDING

        if not self.complete:
            return
        current = self.query_one("#filter-state", Select).value
        bar = self.query_one(DeskFilters)
        if current != ALL:
            self._state_before_all = current
            bar.set_state(ALL)
        else:
            bar.set_state(self._state_before_all or PENDING)
            self._state_before_all = None

    def action_focus_filters(self) -> None:
        if self.complete:
            self.query_one(DeskFilters).focus_first()

    def action_to_list(self) -> None:
        self.queue.focus()

    def action_back(self) -> None:
        """Esc closes the innermost thing only: from the detail, the search box or the filter
        bar it goes back to the list; the desk closes only from the list."""
        if self.focused is not None and self.focused is not self.queue:
            self.queue.focus()
        elif not self.busy:
            self.app.pop_screen()

    def action_sort_next(self) -> None:
        from loket.storage.desk import SORTS

        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.queue.set_query(sort=self.sort)

    def action_sort_reverse(self) -> None:
        self.descending = not self.descending
        self.queue.set_query(descending=self.descending)

    def action_refresh_desk(self) -> None:
        self._reload()

    def _reload(self) -> None:
        self.queue.reload()
        if self.complete:
            self.detail.reload()

    def action_dashboard(self) -> None:
        from loket.tui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen(supervisor=self.supervisor, borrowed=self.borrowed))

    def action_toggle_nik(self) -> None:
        shown = self.queue.toggle_full_nik()
        if self.complete:
            self.detail.set_full_nik(shown)
        if shown:
            self._audit_nik_shown(self.app.station, self.supervisor, self.current_filter())
        self.notify(t("desk.nik.shown" if shown else "desk.nik.masked"))

    @work(thread=True, exit_on_error=False, group="desk-audit")
    def _audit_nik_shown(self, station, supervisor, flt) -> None:
        from loket.storage import audit

        details = {"states": list(flt.states), "search": flt.search} if flt is not None else {}
        try:
            audit.append(station.db, supervisor.name, "desk.nik_shown", supervisor.name, details)
        except Exception as exc:
            self.post_message(self.ActionDone(self, describe_error(exc), "error", refresh=False))

    # -- actions that change requests -----------------------------------------------

    def _ask_reason(self, title: str, then) -> None:
        from loket.tui.screens.reason_dialog import ReasonDialog

        def answered(reason: str | None) -> None:
            if reason:
                then(reason)

        self.app.push_screen(ReasonDialog(title), answered)

    def _begin(self) -> None:
        self.busy = True
        self._refresh_keys()

    def action_reprint(self) -> None:
        row = self.queue.cursor_row
        if row is not None and row.number:
            title = t("desk.reason.title.reprint_receipt" if row.kind == "receipt" else "desk.reason.title.reprint")
            self._ask_reason(title, lambda reason: self._reprint(row.id, reason))

    def _reprint(self, request_id: int, reason: str) -> None:
        self._begin()
        self._run_reprint(self.app.station, request_id, reason)

    @work(thread=True, exclusive=True, exit_on_error=False, group="desk-action")
    def _run_reprint(self, station, request_id: int, reason: str) -> None:
        try:
            copy, outcome = station.reprint(request_id, self.supervisor, reason)
        except LookupError:
            self.post_message(self.ActionDone(self, t("desk.reprint.no_document"), "error"))
            return
        except Exception as exc:
            self.post_message(self.ActionDone(self, describe_error(exc), "error"))
            return
        key = "desk.reprint.printed" if outcome.printed else "desk.reprint.not_printed"
        severity = "information" if outcome.printed else "warning"
        self.post_message(self.ActionDone(self, t(key, copy=copy, message=outcome.message), severity))

    def action_correct(self) -> None:
        row = self.queue.cursor_row
        if row is not None and row.state in ("rejected", "conflict"):
            self._load_for_correction(self.app.station, row.id, RequestName(row.name, None, row.number, row.kind))

    @work(thread=True, exclusive=True, exit_on_error=False, group="desk-action")
    def _load_for_correction(self, station, request_id: int, who: RequestName) -> None:
        from loket.storage import queue

        try:
            view = queue.get_request(station.db, request_id)
        except Exception as exc:
            self.post_message(self.ActionDone(self, describe_error(exc), "error", refresh=False))
            return
        if view is None:
            self.post_message(self.ActionDone(self, t("desk.correct.gone", request=who), "error"))
        else:
            self.post_message(self.CorrectionReady(self, view))

    @on(CorrectionReady)
    def _open_correction(self, message: CorrectionReady) -> None:
        from loket.tui.screens.correct import CorrectScreen

        def closed(text: str | None) -> None:
            if text:
                self.notify(text)
            self._reload()
            self.back_to_list()

        self.app.push_screen(CorrectScreen(message.view, self.supervisor), closed)

    @on(ActionDone)
    def _action_done(self, message: ActionDone) -> None:
        self.busy = False
        self.notify(message.text, severity=message.severity, timeout=10)
        if message.refresh:
            self._reload()
        self._refresh_keys()
        self.back_to_list()
