"""The columns of the supervisor's queue list: which fit a given width, and each cell's text.

Pure functions of a DeskRow and a width, so the list can draw any line without
asking the database, and a narrow terminal drops the least needed columns
rather than squeezing every column into nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from loket.i18n import get_language, t
from loket.i18n.labels import REQUEST_TYPE_LABELS, STATE_LABELS, label
from loket.i18n.screen_labels import DESK_COLUMNS, DESK_URGENT

ELLIPSIS = "…"
GAP = 1  # blank cells between two columns


@dataclass(frozen=True)
class Column:
    name: str  # also the desk's sort name, where the column can be sorted by
    smallest: int  # narrower than this the column is not worth showing
    wanted: int  # the width it gets when there is room
    drop_rank: int  # columns are dropped highest rank first; 0 is never dropped
    flex: bool = False  # shares what is left once every column has its wanted width
    right: bool = False  # numbers line up on the right
    sort: str | None = None  # the desk sort this column's title stands for


# In display order. The mark column holds the row's bulk-action mark.
COLUMNS = (
    Column("mark", 2, 2, 0),
    Column("age", 7, 7, 6, sort="age"),
    Column("urgency", 8, 8, 3, sort="urgency"),
    Column("number", 17, 18, 7, sort="number"),
    Column("nik", 16, 16, 2, sort="nik"),
    Column("name", 14, 24, 0, flex=True, sort="name"),
    Column("request_type", 12, 20, 9, sort="request_type"),
    Column("state", 17, 24, 4, sort="state"),  # "selesai (KTP-el dicetak)" whole
    Column("attempts", 4, 4, 8, right=True, sort="attempts"),
    Column("last_error", 20, 30, 5, flex=True, sort="last_error"),
)
# When there is room, the columns grow to their wanted widths in this order.
GROWTH = ("state", "name", "number", "last_error", "request_type")


@functools.lru_cache(maxsize=8)
def layout(width: int) -> tuple[tuple[Column, int], ...]:
    """The columns that fit ``width`` cells, each with its width (gaps excluded)."""
    shown = list(COLUMNS)

    def needed(columns: list[Column]) -> int:
        return sum(c.smallest for c in columns) + GAP * (len(columns) - 1)

    while needed(shown) > width and any(c.drop_rank for c in shown):
        shown.remove(max(shown, key=lambda c: c.drop_rank))
    widths = {c.name: c.smallest for c in shown}
    spare = max(0, width - needed(shown))
    # First every column up to its wanted width, the most needed first...
    for column in sorted(shown, key=lambda c: GROWTH.index(c.name) if c.name in GROWTH else len(GROWTH)):
        grow = min(spare, column.wanted - widths[column.name])
        widths[column.name] += grow
        spare -= grow
    # ...then what is left goes to the free-text columns (names, central's reasons).
    flexible = [c for c in shown if c.flex]
    for index, column in enumerate(flexible):
        share = spare // (len(flexible) - index)
        widths[column.name] += share
        spare -= share
    return tuple((c, widths[c.name]) for c in shown)


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, or padded."""
    text = " ".join(str(text).split())
    if width <= 0:
        return ""
    cells = cell_len(text)
    if cells > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    pad = " " * (width - cells)
    return pad + text if right else text + pad


def fit_middle(text: str, width: int) -> str:
    """Cut in the middle: a Suket number's sequence and year both stay readable."""
    if cell_len(text) <= width or width < 7:
        return fit(text, width)
    head = (width - 1) // 2
    tail = width - 1 - head
    return text[:head] + ELLIPSIS + text[-tail:]


def age_text(created_at: dt.datetime, now: dt.datetime) -> str:
    """How long a request has waited, the way a supervisor says it: 3 mnt, 5 jam, 2 hari."""
    minutes = max(0, int((now - created_at).total_seconds() // 60))
    if minutes < 60:
        return t("desk.age.minutes", n=minutes)
    hours = minutes // 60
    if hours < 24:
        return t("desk.age.hours", n=hours)
    return t("desk.age.days", n=hours // 24)


def thousands(number: int) -> str:
    """100.000 in Indonesian, 100,000 in English."""
    text = f"{number:,}"
    return text.replace(",", ".") if get_language() == "id" else text


def short_number(number: str, station_id: str) -> str:
    """A number without its station part ("471/0012/XI/2025"): every row of a station
    carries the same one, and the detail pane shows the number in full."""
    part = f"/{station_id}"
    return number.replace(part, "", 1) if station_id and part in number else number


def shown_nik(nik: str, full: bool) -> str:
    if full:
        return nik
    from loket.intake.nik import mask_nik

    return mask_nik(nik)


def cell(row, column: str, *, now: dt.datetime, full_nik: bool, marked: bool) -> str:
    """The words of one cell (not yet fitted to its width)."""
    if column == "mark":
        return "●" if marked else ""
    if column == "age":
        return age_text(row.created_at, now)
    if column == "urgency":
        return "! " + label(DESK_URGENT, row.purpose) if row.urgent else ""
    if column == "number":
        return short_number(row.number, row.station_id) if row.number else "–"
    if column == "nik":
        return shown_nik(row.nik, full_nik)
    if column == "name":
        return row.name
    if column == "request_type":
        return label(REQUEST_TYPE_LABELS, row.request_type)
    if column == "state":
        return label(STATE_LABELS, row.state)
    if column == "attempts":
        return str(row.attempts)
    if column == "last_error":
        from loket.sync.reasons import reason_words

        return reason_words(row.last_error, row.state)
    raise KeyError(column)


def title(column: Column, sort: str, descending: bool) -> str:
    """A column's header; the column the list is sorted by carries ▲ (or ▼ reversed)."""
    if column.name == "mark":
        return ""
    text = label(DESK_COLUMNS, column.name)
    if column.sort is not None and column.sort == sort:
        text += " ▼" if descending else " ▲"
    return text


# -- whole lines ----------------------------------------------------------------------


def make_strip(parts: list[tuple[str, Style]], width: int, fill: Style) -> Strip:
    """One line of exactly ``width`` cells from (text, style) parts, padded with ``fill``.

    Neighbouring parts of one style are drawn as one segment: most cells of a row
    share the row's style, and every segment costs again in each step of a frame."""
    segments = []
    run: list[str] = []
    run_style = fill
    for text, style in parts:
        if not text:
            continue
        if run and style != run_style:
            segments.append(Segment("".join(run), run_style))
            run = []
        run.append(text)
        run_style = style
    if run:
        segments.append(Segment("".join(run), run_style))
    length = sum(cell_len(segment.text) for segment in segments)
    if length > width:  # only where even the fewest columns do not fit
        return Strip(segments, length).crop(0, width).extend_cell_length(width, fill)
    if length < width:
        segments.append(Segment(" " * (width - length), fill))
    return Strip(segments, width)


def header_strip(width: int, sort: str, descending: bool, style: Style) -> Strip:
    parts = []
    for column, size in layout(width):
        if parts:
            parts.append((" " * GAP, style))
        parts.append((fit(title(column, sort, descending), size, column.right), style))
    return make_strip(parts, width, style)


def row_strip(row, width: int, base: Style, styles: dict[str, Style], *, is_cursor: bool, marked: bool,
              full_nik: bool, now: dt.datetime) -> Strip:
    """One request's line; ``styles`` holds the list's marked/cursor/urgent/error/muted styles."""
    line_style = base
    if marked:
        line_style += styles["marked"]
    if is_cursor:
        line_style += styles["cursor"]
    parts = []
    for column, size in layout(width):
        if parts:
            parts.append((" " * GAP, line_style))
        text = cell(row, column.name, now=now, full_nik=full_nik, marked=marked)
        fitted = fit_middle(text, size) if column.name == "number" else fit(text, size, column.right)
        style = line_style
        if column.name == "urgency" and row.urgent:
            style = line_style + styles["urgent"]
        elif column.name == "last_error" and row.last_error:
            style = line_style + styles["error"]
        elif column.name == "age":
            style = line_style + styles["muted"]
        if is_cursor:  # the cursor's background wins over a cell's colour
            style += styles["cursor"]
        parts.append((fitted, style))
    return make_strip(parts, width, line_style)
