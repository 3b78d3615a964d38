"""The queue list's window on its rows: the buffer kept around the screen, and where it is.

A mixin of QueueList, apart so the widget module stays about painting and
fetching. The buffer ``_rows`` is a slice of the whole ordered result; ``_base``
is the position of its first row in that result when known (after End it is
known only once the total is counted), ``_top`` the first row on screen and
``_cursor`` the highlighted one, both indexes into the buffer.
"""

from __future__ import annotations

from loket.i18n import t, tn
from loket.tui.widgets import queue_columns as qc

BUFFER_SCREENS = 8  # the buffer keeps about this many screens of rows


class RowWindow:
    """Expects from the widget: visible_count, page_size, total, marked, error, flt, sort, hidden,
    all_states_key."""

    _rows: list
    _base: int | None
    _at_start: bool
    _at_end: bool
    _cursor: int
    _top: int
    _loading: bool

    @property
    def cursor_row(self):
        return self._rows[self._cursor] if self._rows else None

    @property
    def rows(self) -> list:
        """The rows on screen now, top to bottom."""
        return self._rows[self._top:self._top + self.visible_count]

    def _replace(self, ask, rows: list, above: int) -> None:
        old_id = self.cursor_row.id if self.cursor_row is not None else None
        old_offset = self._cursor - self._top
        old_base = None if self._base is None else self._base + self._top
        self._rows = rows
        if ask.kind == "first":
            self._at_start, self._at_end, self._base = True, len(rows) < ask.limit, 0
            self._top = self._cursor = 0
        elif ask.kind == "last":
            self._at_start, self._at_end = len(rows) < ask.limit, True
            self._base = 0 if self._at_start else None
            self._cursor = max(0, len(rows) - 1)
            self._top = max(0, len(rows) - self.visible_count)
        else:  # around: same place, fresh rows
            self._at_start = above < ask.limit
            self._at_end = len(rows) - above < ask.limit
            self._base = 0 if self._at_start else (None if old_base is None else max(0, old_base - above))
            self._top = min(above, max(0, len(rows) - 1))
            ids = [row.id for row in rows]
            self._cursor = ids.index(old_id) if old_id in ids else self._top + old_offset
            self._cursor = min(self._cursor, max(0, len(rows) - 1))
        self._last_highlight = ()  # the row under the cursor may have changed: say it again

    def _extend(self, kind: str, rows: list, complete: bool) -> None:
        keep = max(BUFFER_SCREENS * self.visible_count, 3 * self.page_size)
        if kind == "after":
            self._rows = self._rows + rows
            self._at_end = complete
            drop = min(len(self._rows) - keep, self._top - self.visible_count)
            if drop > 0:  # far above the window: let them go, fetch again if wanted
                self._resolve_base()
                self._rows = self._rows[drop:]
                self._top -= drop
                self._cursor -= drop
                self._base = None if self._base is None else self._base + drop
                self._at_start = False
        else:
            self._rows = rows + self._rows
            self._top += len(rows)
            self._cursor += len(rows)
            self._at_start = complete
            self._base = 0 if complete else (None if self._base is None else self._base - len(rows))
            drop = min(len(self._rows) - keep, len(self._rows) - (self._top + 2 * self.visible_count))
            if drop > 0:
                self._resolve_base()
                self._rows = self._rows[:-drop]
                self._at_end = False

    def _resolve_base(self) -> None:
        """Learn the buffer's position from the end, before the end leaves the buffer."""
        if self._base is None and self._at_end and self.total is not None:
            self._base = max(0, self.total - len(self._rows))

    def position_first(self) -> int | None:
        """The position (1 = first) in the whole result of the top row on screen, when known."""
        if not self._rows:
            return None
        if self._base is not None:
            return self._base + self._top + 1
        if self._at_end and self.total is not None:
            return max(0, self.total - len(self._rows)) + self._top + 1
        return None

    def position_text(self) -> str:
        if self.error:
            return self.error
        if self._loading and not self._rows:
            return t("desk.list.loading")
        if not self._rows:
            # Nothing here but matches elsewhere: where they are says enough (and fits 80 columns).
            return " · ".join([*(self.hidden_texts() or [t("desk.list.empty")]), *self.search_hints()])
        first = self.position_first()
        shown = min(len(self._rows), self._top + self.visible_count) - self._top
        total = qc.thousands(self.total) if self.total is not None else "…"
        if first is None:
            text = t("desk.list.position_unknown", total=total)
        else:
            text = t("desk.list.position", first=qc.thousands(first), last=qc.thousands(first + shown - 1),
                     total=total)
        if self.marked:
            text += " · " + t("desk.list.marked", count=qc.thousands(len(self.marked)))
        return " · ".join([text, *self.hidden_texts(), *self.search_hints()])

    def search_hints(self) -> list[str]:
        """A name search too short for the text index matches names from their start only:
        "ma" finds MAKKASAU's row but not ABDUL MAKMUR's, and the list says why."""
        if self.flt is None:
            return []
        from loket.storage import search

        query = search.parse(self.flt.search)
        if query is None or query.kind != "name" or query.uses_text_index:
            return []
        return [t("desk.search.start_only", count=search.MIN_INDEXED)]

    def hidden_texts(self) -> list[str]:
        """What the filters hide of the search's matches, one phrase per filter (search.tally)."""
        keys = {"state": "desk.search.hidden_state", "purpose": "desk.search.hidden_purpose",
                "station": "desk.search.hidden_station", "dates": "desk.search.hidden_dates"}
        return [tn(keys[name], n, count=qc.thousands(n), key=self.all_states_key)
                for name, n in self.hidden.items()]

    def shown_sort(self) -> str:
        """The column the rows are ordered by: while searching, the one desk.page orders by."""
        if self.flt is not None and self.flt.search.strip():
            from loket.storage.desk import search_order

            found = search_order(self.flt)
            if found is not None:
                return found  # "nik" | "number" | "name" | "age", each also a column's sort name
        return self.sort

