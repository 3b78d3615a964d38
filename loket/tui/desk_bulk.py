"""The desk's actions on a set: mark all that the filter shows, then send again, cancel or
confirm the region of every marked request in one run.

A mixin of DeskScreen. Marking all counts the filter first (in a worker) and
asks; the rows are then read in pages by keyset in a worker (``storage.bulk.
filter_rows``), never on the UI thread. An action on marked rows asks for one
reason, runs in ``BulkProgress`` (a progress bar; Esc stops after the chunk
under way) and ends in ``BulkSummary``, which stays until closed. Every mark is
let go after the run: a refused request is named in the summary, never carried
into the next action.
"""

from __future__ import annotations

from textual import work

from loket.i18n import t, tn
from loket.tui.bulk_words import outcome_lines, severity
from loket.tui.errors import describe_error
from loket.tui.widgets.queue_columns import thousands
from loket.tui.reply import Reply

REGION_WARNING = "region_unknown"
REASON_TITLES = {"requeue": "desk.reason.title.requeue", "void": "desk.reason.title.void",
                 "override": "desk.bulk.reason.override"}


class DeskBulk:
    """Expects from the screen: queue, supervisor, busy, current_filter(), _ask_reason(),
    _begin(), _reload(), _refresh_keys(), back_to_list()."""

    # Handlers are named (on_desk_bulk_...), not decorated: @on works in widget classes only.
    class MarkCount(Reply):
        def __init__(self, origin, flt, count: int | None, error: str = "") -> None:
            super().__init__(origin)
            self.flt = flt
            self.count = count
            self.error = error

    class MarksRead(Reply):
        def __init__(self, origin, marks: dict[int, str], error: str = "") -> None:
            super().__init__(origin)
            self.marks = marks
            self.error = error

    # -- marking all ----------------------------------------------------------------

    def action_mark_all(self) -> None:
        if self.queue.marked:
            self.queue.clear_marks()
            self._refresh_keys()
            self.notify(t("desk.bulk.unmarked"))
            return
        flt = self.current_filter()
        if flt is not None:
            self._count_for_marking(self.app.station.db, flt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="desk-mark")
    def _count_for_marking(self, db, flt) -> None:
        from loket.storage import desk

        try:
            self.post_message(self.MarkCount(self, flt, desk.count(db, flt)))
        except Exception as exc:
            self.post_message(self.MarkCount(self, flt, None, describe_error(exc)))

    def on_desk_bulk_mark_count(self, message: MarkCount) -> None:
        from loket.tui.screens.mark_all import MarkAllDialog

        if message.error:
            self.notify(message.error, severity="error")
            return
        if not message.count:
            self.notify(t("desk.list.empty"))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._read_marks(self.app.station.db, message.flt, self.queue.sort, self.queue.descending)
            else:
                self.back_to_list()

        self.app.push_screen(MarkAllDialog(message.count), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="desk-mark")
    def _read_marks(self, db, flt, sort: str, descending: bool) -> None:
        from loket.storage.bulk import filter_rows

        marks: dict[int, str] = {}
        try:
            for rows in filter_rows(db, flt, sort, descending):
                marks.update((row.id, str(row.state)) for row in rows)
        except Exception as exc:
            self.post_message(self.MarksRead(self, {}, describe_error(exc)))
            return
        self.post_message(self.MarksRead(self, marks))

    def on_desk_bulk_marks_read(self, message: MarksRead) -> None:
        if message.error:
            self.notify(message.error, severity="error")
        else:
            self.queue.set_marks(message.marks)
            self.notify(tn("desk.bulk.marked_all", len(message.marks), count=thousands(len(message.marks))))
        self._refresh_keys()
        self.back_to_list()

    # -- acting on the marked rows (or the cursor's row) ----------------------------

    def _targets(self) -> list[int]:
        """The marked rows, or the cursor's row when none is marked."""
        marked = self.queue.marked_ids()
        if marked:
            return marked
        row = self.queue.cursor_row
        return [row.id] if row is not None else []

    def action_requeue(self) -> None:
        self._ask_for_set("requeue")

    def action_void(self) -> None:
        self._ask_for_set("void")

    def action_override(self) -> None:
        self._ask_for_set("override")

    def _ask_for_set(self, action: str) -> None:
        ids = self._targets()
        if ids:
            if action == "override" and len(ids) == 1:
                title = t("desk.reason.title.override")
            else:
                title = tn(REASON_TITLES[action], len(ids), count=thousands(len(ids)))
            self._ask_reason(title, lambda reason: self._run_set(action, ids, reason))

    def _run_set(self, action: str, ids: list[int], reason: str) -> None:
        from loket.tui.screens.bulk_progress import BulkProgress
        from loket.tui.screens.bulk_summary import BulkSummary

        marked = bool(self.queue.marked)
        self._begin()

        def finished(outcome) -> None:
            self.busy = False
            self.queue.clear_marks()  # refused ones are in the summary; none is carried on
            self._reload()
            self._refresh_keys()
            if marked or outcome.refused and len(ids) > 1:
                self.app.push_screen(BulkSummary(outcome), lambda _: self.back_to_list())
            else:  # one row, no marks: a notification is enough, naming that row's request
                one = len(ids) == 1 and outcome.first_message and outcome.error is None
                text = outcome.first_message if one else "\n".join(outcome_lines(outcome, describe_error))
                self.notify(text, severity=severity(outcome), timeout=10)
                self.back_to_list()

        self.app.push_screen(BulkProgress(self.app.station, action, ids, self.supervisor, reason), finished)
