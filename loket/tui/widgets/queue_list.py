"""The supervisor's queue as a virtual list: only the rows on screen are drawn.

At 100,000 requests a table widget that holds every row takes many seconds to
show anything. This list keeps a small buffer of rows around the window,
fetched a page at a time by keyset (``desk.page`` after or before the buffer's
edge row, ``desk.last_page`` for End), never by offset and never the whole
queue. Fetches run in a thread worker; their results come back as messages
tagged with the query's generation, so a page fetched for an older filter is
dropped when it arrives.

Line 0 is the column header, the last line the position ("1–20 dari 100.000"),
the lines between are rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on, work
from textual.binding import Binding
from textual.widget import Widget
from textual.worker import get_current_worker

from loket.tui.errors import describe_error
from loket.tui.widgets.queue_paint import RowPainter, rows_in
from loket.tui.widgets.queue_window import RowWindow
from loket.tui.reply import Reply

MIN_PAGE = 50  # rows fetched at once, at least


@dataclass(frozen=True)
class PageAsk:
    """One fetch: ``kind`` is first | last | after | before | around."""

    kind: str
    generation: int
    flt: object
    sort: str
    descending: bool
    limit: int
    anchor: object = None  # the DeskRow the page starts after / ends before


class QueueList(RowPainter, RowWindow, Widget, can_focus=True):
    DEFAULT_CSS = """
    QueueList { height: 1fr; min-height: 5; background: $surface; }
    QueueList > .queue-list--header { background: $panel; text-style: bold; }
    QueueList > .queue-list--cursor { background: $primary 25%; }
    QueueList:focus > .queue-list--cursor { background: $primary 60%; text-style: bold; }
    QueueList > .queue-list--marked { color: $accent; }
    QueueList > .queue-list--urgent { color: $text-warning; text-style: bold; }
    QueueList > .queue-list--error { color: $text-error; }
    QueueList > .queue-list--muted { color: $text-muted; }
    QueueList > .queue-list--position { background: $panel; color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "queue-list--header", "queue-list--cursor", "queue-list--marked", "queue-list--urgent",
        "queue-list--error", "queue-list--muted", "queue-list--position",
    }
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "home", show=False),
        Binding("end", "end", show=False),
        Binding("space", "mark", show=False),
        Binding("enter", "choose", show=False),
    ]

    class Highlighted(Reply):
        """The cursor is on ``row`` (None: the list is empty)."""

        def __init__(self, origin, row) -> None:
            super().__init__(origin)
            self.row = row

    class Chosen(Reply):
        """Enter on ``row``."""

        def __init__(self, origin, row) -> None:
            super().__init__(origin)
            self.row = row

    class RowsPainted(Reply):
        """Rows of query ``generation`` reached the screen for the first time; ``at``
        (time.perf_counter) is when that frame was drawn."""

        def __init__(self, origin, generation: int, at: float) -> None:
            super().__init__(origin)
            self.generation = generation
            self.at = at

    class Fetched(Reply):
        def __init__(self, origin, ask: PageAsk, rows: list, above: int = 0, error: str = "") -> None:
            super().__init__(origin)
            self.ask = ask
            self.rows = rows
            self.above = above  # "around": how many of ``rows`` lie above the old top row
            self.error = error

    class MarksDropped(Reply):
        """Marks were let go because their rows changed state (another supervisor, the sync)."""

        def __init__(self, origin, count: int) -> None:
            super().__init__(origin)
            self.count = count

    class Counted(Reply):
        def __init__(self, origin, generation: int, total: int | None, error: str = "", hidden: dict | None = None) -> None:
            super().__init__(origin)
            self.generation = generation
            self.total = total
            self.error = error
            self.hidden = hidden or {}  # a search's matches each filter alone hides (search.tally)

    def __init__(self, db=None, **kwargs) -> None:
        """``db``: the station database; by default the app's station's."""
        super().__init__(**kwargs)
        self._db = db
        self.flt = None  # a desk.DeskFilter; None until set_query
        self.sort = "urgency"
        self.descending = False
        self.full_nik = False
        # Marked rows: id -> the state the row was in when marked. A row seen in another
        # state since (on screen, or by the desk's live check) loses its mark: a mark
        # means "this row, as I saw it", never a request someone else has moved on.
        self.marked: dict[int, str] = {}
        self.total: int | None = None
        self.hidden: dict[str, int] = {}  # see Counted
        self.all_states_key = ""  # the key that searches every state, named in the hint
        self.error = ""
        self.generation = 0  # bumped by every new query (filter, sort, Home, End, reload)
        self.painted_generation = 0
        self._filter_generation = 0  # bumped only when what matches may change (for counts)
        self._rows: list = []
        self._base: int | None = 0  # position in the whole result of _rows[0], when known
        self._at_start = True
        self._at_end = True
        self._cursor = 0
        self._top = 0
        self._busy_edge: str | None = None  # "after" / "before" while such a fetch runs
        self._pending = 0  # cursor steps still to take once the next page arrives
        self._loading = False
        self._last_highlight: object = ()
        self._count_due = False  # a count waits for the rows of the new query (see _count_after_rows)

    # -- the query ------------------------------------------------------------------

    @property
    def db(self):
        return self._db if self._db is not None else self.app.station.db

    @property
    def visible_count(self) -> int:
        return rows_in(self.size.height)

    @property
    def page_size(self) -> int:
        return max(MIN_PAGE, 2 * self.visible_count)

    def marked_ids(self) -> list[int]:
        return sorted(self.marked)

    def set_marks(self, marks: dict[int, str]) -> None:
        self.marked = dict(marks)
        self.refresh()

    def clear_marks(self) -> None:
        self.marked = {}
        self.refresh()

    def follow_states(self, states: dict[int, str]) -> int:
        """Drop the marks of rows whose state is not the marked one (or that are gone);
        ``states``: id -> state now (None: gone), for some marked ids. Returns how many were dropped."""
        stale = [rid for rid, now in states.items() if rid in self.marked and self.marked[rid] != now]
        for request_id in stale:
            del self.marked[request_id]
        if stale:
            self.refresh()
            self.post_message(self.MarksDropped(self, len(stale)))
        return len(stale)

    def set_query(self, flt=None, sort: str | None = None, descending: bool | None = None) -> None:
        """Show ``flt`` sorted by ``sort``; the cursor goes to the first row."""
        if flt is not None:
            self.flt = flt
        if sort is not None:
            self.sort = sort
        if descending is not None:
            self.descending = descending
        self._filter_generation += 1
        self._start("first")
        self._count_after_rows()

    def reload(self) -> None:
        """Fetch the rows on screen again (after an action changed them), keeping the place."""
        self._filter_generation += 1
        self._start("around" if self._rows else "first")
        self._count_after_rows()

    def _count_after_rows(self) -> None:
        """Count once the new rows are on screen, not beside their fetch: on two cores a
        count of every match (tens of milliseconds at 100,000) running with the page's
        thread and the frame delayed the rows a keystroke waits for."""
        self._count_due = self.flt is not None

    def toggle_full_nik(self) -> bool:
        self.full_nik = not self.full_nik
        self.refresh()
        return self.full_nik

    def _ask(self, kind: str, anchor=None) -> PageAsk:
        return PageAsk(kind, self.generation, self.flt, self.sort, self.descending, self.page_size, anchor)

    def _start(self, kind: str) -> None:
        if self.flt is None:
            return
        self.generation += 1
        self._busy_edge = None
        self._pending = 0
        self._loading = True
        anchor = self._rows[self._top] if kind == "around" else None
        self._fetch(self.db, self._ask(kind, anchor))

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-page")
    def _fetch(self, db, ask: PageAsk) -> None:
        fetched = self._read(db, ask)
        if not get_current_worker().is_cancelled:
            self.post_message(fetched)

    def _read(self, db, ask: PageAsk) -> "QueueList.Fetched":
        from loket.storage import desk

        above: list = []
        try:
            if ask.kind == "last":
                rows = desk.last_page(db, ask.flt, ask.sort, ask.descending, limit=ask.limit)
            elif ask.kind == "around":
                # The rows above the old top row, then the rest from there: a row that
                # left the filter (voided, resent) is simply not in the answer.
                above = desk.page(db, ask.flt, ask.sort, ask.descending, before=ask.anchor, limit=ask.limit)
                rows = desk.page(db, ask.flt, ask.sort, ask.descending,
                                 after=above[-1] if above else None, limit=ask.limit)
            else:
                where = {"after": ask.anchor} if ask.kind == "after" else {"before": ask.anchor}
                rows = desk.page(db, ask.flt, ask.sort, ask.descending, limit=ask.limit,
                                 **(where if ask.anchor is not None else {}))
        except Exception as exc:  # a broken database says so in the list, not in a traceback
            return self.Fetched(self, ask, [], error=describe_error(exc))
        return self.Fetched(self, ask, above + rows, above=len(above))

    def open_with(self, flt, sort: str, descending: bool) -> None:
        """The first query, its first page read in place, so the screen's first frame
        already shows rows: an indexed read of one page takes a few milliseconds at
        any queue size, far less than a worker's round trip while a screen mounts.
        Everything after (paging, search, counts) goes through workers."""
        self.flt, self.sort, self.descending = flt, sort, descending
        self._filter_generation += 1
        self.generation += 1
        self._loading = True
        self._fetched(self._read(self.db, self._ask("first")))
        # Counted after the first frame: the count's thread would only compete with it.
        self.call_after_refresh(self._count)

    def _count(self) -> None:
        if self.flt is not None:
            self._count_rows(self.db, self.flt, self._filter_generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-count")
    def _count_rows(self, db, flt, generation: int) -> None:
        from loket.storage import desk

        from loket.storage import search

        hidden: dict = {}
        try:
            # A search is counted once, by what each filter keeps: the total and the hidden.
            tally = search.tally(db, flt)
            total, error = (desk.count(db, flt), "") if tally is None else (tally.shown, "")
            hidden = tally.hidden if tally is not None else {}
        except Exception as exc:
            total, error = None, describe_error(exc)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Counted(self, generation, total, error, hidden))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        message.stop()
        if message.generation != self._filter_generation:
            return  # counted for an older filter
        self.total = message.total
        self.hidden = message.hidden
        if message.error:
            self.error = message.error
        self.refresh()

    # -- results --------------------------------------------------------------------

    @on(Fetched)
    def _fetched(self, message: Fetched) -> None:
        message.stop()
        ask, rows = message.ask, message.rows
        if ask.generation != self.generation:
            return  # asked for an older query: what is on screen now is newer
        self.error = message.error
        if ask.kind in ("after", "before"):
            self._busy_edge = None
            edge = (self._rows[-1] if ask.kind == "after" else self._rows[0]) if self._rows else None
            if message.error or edge is None or ask.anchor is None or edge.id != ask.anchor.id:
                self._pending = 0
                self.refresh()
                return
            self._extend(ask.kind, rows, complete=len(rows) < ask.limit)
        else:
            self._replace(ask, rows, message.above)
            if self._count_due:
                self._count_due = False
                self.call_after_refresh(self._count)
        if self.marked:
            self.follow_states({row.id: str(row.state) for row in rows if row.id in self.marked})
        self._loading = False
        pending, self._pending = self._pending, 0
        if pending:
            self.move(pending)
        else:
            self._settle()

    # -- moving ---------------------------------------------------------------------

    def move(self, steps: int) -> None:
        """Move the cursor ``steps`` rows; past the buffer's edge, fetch and go on after."""
        if not self._rows:
            return
        target = self._cursor + steps
        last = len(self._rows) - 1
        if target > last and not self._at_end:
            self._pending += target - last
            target = last
        elif target < 0 and not self._at_start:
            self._pending += target
            target = 0
        else:
            self._pending = 0
        self._cursor = max(0, min(last, target))
        self._settle()

    def action_move(self, steps: int) -> None:
        self.move(steps)

    def action_page(self, direction: int) -> None:
        self.move(direction * self.visible_count)

    def action_home(self) -> None:
        if self._at_start:
            self._pending = 0
            self._cursor = 0
            self._settle()
        else:
            self._start("first")

    def action_end(self) -> None:
        if self._at_end:
            self._pending = 0
            self._cursor = max(0, len(self._rows) - 1)
            self._settle()
        else:
            self._start("last")

    def action_mark(self) -> None:
        row = self.cursor_row
        if row is None:
            return
        if self.marked.pop(row.id, None) is None:
            self.marked[row.id] = str(row.state)
        self.move(1)
        self.refresh()

    def action_choose(self) -> None:
        if self.cursor_row is not None:
            self.post_message(self.Chosen(self, self.cursor_row))

    def _settle(self) -> None:
        """Keep the cursor in the window, fetch what the window will soon need, repaint."""
        visible = self.visible_count
        if self._cursor < self._top:
            self._top = self._cursor
        elif self._cursor >= self._top + visible:
            self._top = self._cursor - visible + 1
        self._top = max(0, min(self._top, max(0, len(self._rows) - visible)))
        self._prefetch()
        row = self.cursor_row
        key = row.id if row is not None else None
        if key != self._last_highlight:
            self._last_highlight = key
            self.post_message(self.Highlighted(self, row))
        self.refresh()

    def _prefetch(self) -> None:
        if self._busy_edge is not None or self._loading or not self._rows:
            return
        visible = self.visible_count
        below = len(self._rows) - (self._top + visible)
        if not self._at_end and (self._pending > 0 or below < visible):
            self._busy_edge = "after"
            self._fetch(self.db, self._ask("after", self._rows[-1]))
        elif not self._at_start and (self._pending < 0 or self._top < visible):
            self._busy_edge = "before"
            self._fetch(self.db, self._ask("before", self._rows[0]))

    def on_resize(self, event: events.Resize) -> None:
        self._settle()

    def on_click(self, event: events.Click) -> None:
        line = event.y - 1
        if 0 <= line < self.visible_count and self._top + line < len(self._rows):
            self._cursor = self._top + line
            self._settle()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.move(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.move(-3)
