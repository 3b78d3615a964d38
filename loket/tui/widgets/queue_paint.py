"""The queue list's painting: the column header, one line per row on screen, the position.

A mixin of QueueList, apart so the widget module stays about fetching and moving.
Only the lines on screen are drawn, one Strip each, on every frame the list is
part of: a keystroke's frame waits for them, so a line costs as little as it can.
"""

from __future__ import annotations

import datetime as dt
import time

from rich.style import Style
from textual.strip import Strip

from loket.tui.widgets import queue_columns as qc

STYLED = ("marked", "cursor", "urgent", "error", "muted", "header", "position")  # the list's component classes


def rows_in(height: int) -> int:
    """The row lines of a list ``height`` lines tall: the header and the position take one each."""
    return max(1, height - 2)


class RowPainter:
    """Expects from the widget: the RowWindow's buffer, generation, painted_generation,
    marked, full_nik, descending, shown_sort(), position_text() and RowsPainted."""

    _paint_styles: tuple | None = None  # set while one paint draws its lines

    def render_lines(self, crop) -> list[Strip]:
        # The list's styles and size, looked up once per paint rather than once per line:
        # each style lookup walks the widget's ancestors (a third of a line's cost), and
        # each size lookup asks the screen where the widget is.
        self._paint_styles = self._styles_now()
        try:
            return super().render_lines(crop)
        finally:
            self._paint_styles = None

    def _styles_now(self) -> tuple[Style, dict[str, Style], int, int]:
        width, height = self.size
        styles = {name: self.get_component_rich_style(f"queue-list--{name}") for name in STYLED}
        return self.rich_style, styles, width, height

    def render_line(self, y: int) -> Strip:
        base, styles, width, height = self._paint_styles or self._styles_now()
        if height >= 3 and y == 0:
            return qc.header_strip(width, self.shown_sort(), self.descending, base + styles["header"])
        if height >= 3 and y == height - 1:
            style = base + styles["position"]
            if not self._rows:
                self._note_painted()  # an empty answer is an answer too
            return qc.make_strip([(" " + self.position_text(), style)], width, style)
        index = self._top + y - (1 if height >= 3 else 0)
        if not 0 <= index < len(self._rows) or index >= self._top + rows_in(height):
            return Strip.blank(width, base)
        self._note_painted()
        row = self._rows[index]
        return qc.row_strip(row, width, base, styles, is_cursor=index == self._cursor, marked=row.id in self.marked,
                            full_nik=self.full_nik, now=dt.datetime.now(dt.timezone.utc))

    def _note_painted(self) -> None:
        if self.painted_generation != self.generation and not self._loading:
            self.painted_generation = self.generation
            self.post_message(self.RowsPainted(self, self.generation, time.perf_counter()))
