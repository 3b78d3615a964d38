"""The report's outages: what caused them (in the title and the rows) and the table of
every outage in the period.

A revocation is an administrative decision of the ministry, not a network fault:
the report is titled by the causes the period actually holds (``linklog.cause_of``)
and quotes central's reason for a revocation word for word, as the link monitor
recorded it. The table lists every outage (start, end, duration, cause); it fills
what room page 1 has and goes on over the next pages only when it must.
"""

from __future__ import annotations

import datetime as dt

from loket.i18n import t
from loket.i18n.labels import LINK_CAUSES, label
from loket.printing.report import duration_words, id_number, long_time

LANG = "id"
# One key per cause, for the title, the summary row and the table's cause column.
TITLES = {
    None: "report.title.none",
    "network": "report.title.network",
    "revoked": "report.title.revoked",
    "both": "report.title.both",
    "unauthorized": "report.title.unauthorized",
    "unauthorized_network": "report.title.unauthorized_network",
}
CAUSE_NAMES = {
    "network": "report.cause.network",
    "revoked": "report.cause.revoked",
    "both": "report.cause.both",
    "unauthorized": "report.cause.unauthorized",
    "unauthorized_network": "report.cause.unauthorized_network",
}
# A period whose revocation and network faults were separate outages.
MIXED_CAUSES = {
    "both": "report.cause.mixed_revoked",
    "unauthorized_network": "report.cause.mixed_unauthorized",
}
# The table's cause column: the same causes in a few words (central's reason for a
# revocation is quoted in full in the rows above the table).
SHORT_CAUSES = {
    "network": "report.cause_short.network",
    "revoked": "report.cause_short.revoked",
    "both": "report.cause_short.both",
    "unauthorized": "report.cause_short.unauthorized",
    "unauthorized_network": "report.cause_short.unauthorized_network",
}
# Column widths in millimetres (the cause takes the rest of the line).
NUMBER_MM, START_MM, END_MM, LENGTH_MM = 8.0, 29.0, 29.0, 25.0
TABLE_SIZE = 8.5


def title(cause: str | None) -> str:
    return t(TITLES[cause], language=LANG)


def short_time(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """``16-11-2026 08.30``: a table cell's time in the station's zone."""
    return moment.astimezone(tz).strftime("%d-%m-%Y %H.%M")


def network_detail(code: str | None) -> str:
    """A network cause code as the counter's header words it: ``http_503`` -> ``HTTP 503``."""
    if not code:
        return ""
    if code.startswith("http_") and code[5:].isdigit():
        return f"HTTP {code[5:]}"
    if code == "rate_limited":
        return "HTTP 429"
    return label(LINK_CAUSES, code, LANG) if code in LINK_CAUSES else code


def revocation_words(outage, tz: dt.tzinfo) -> str:
    """Central's reason for a revocation, quoted, and when central says it revoked."""
    reason = " ".join((outage.revoked_reason or "").split())
    if outage.revoked_at is not None:
        when = long_time(outage.revoked_at, tz)
        if reason:
            return t("report.cause.revoked_words_at", language=LANG, when=when, reason=reason)
        return t("report.cause.revoked_silent_at", language=LANG, when=when)
    if reason:
        return t("report.cause.revoked_words", language=LANG, reason=reason)
    return t("report.cause.revoked_silent", language=LANG)


def cause_cell(outage) -> str:
    """The cause of one outage in the table's few words (what the network said when alone)."""
    text = t(SHORT_CAUSES[outage.cause], language=LANG)
    detail = network_detail(outage.network_reason) if outage.cause == "network" else ""
    if detail:
        text += " " + t("report.cause.network_detail", language=LANG, detail=detail)
    return text


def summary_rows(numbers) -> list[tuple[str, str, bool]]:
    """The head of the report: the cause of the period, and how many outages and how long."""
    outages = numbers.outages
    if not outages:
        return [(t("report.pdf.cause", language=LANG), t("report.pdf.outage_none", language=LANG), False)]
    separate = numbers.cause in MIXED_CAUSES and all(outage.cause != numbers.cause for outage in outages)
    cause = t(MIXED_CAUSES[numbers.cause] if separate else CAUSE_NAMES[numbers.cause], language=LANG)
    # Every distinct revocation reason of the period, word for word.
    said: list[str] = []
    for outage in outages:
        if "revoked" in outage.kinds:
            words = revocation_words(outage, numbers.tz)
            if words not in said:
                said.append(words)
    if said:
        cause += ". " + " ".join(said)
    total = sum((outage.length(numbers.now) for outage in outages), dt.timedelta())
    key = "report.pdf.outage_count_ongoing" if outages[-1].ongoing else "report.pdf.outage_count"
    count = t(key, language=LANG, count=id_number(len(outages)), duration=duration_words(total, LANG))
    return [(t("report.pdf.cause", language=LANG), cause, True),
            (t("report.pdf.outages", language=LANG), count, False)]


# -- the table -----------------------------------------------------------------------


def _columns(page) -> list[tuple[float, float]]:
    """``(x, width)`` of the number, start, end, length and cause columns."""
    x = page.left
    columns = []
    for width in (NUMBER_MM, START_MM, END_MM, LENGTH_MM, page.width - NUMBER_MM - START_MM - END_MM - LENGTH_MM):
        columns.append((x, width))
        x += width
    return columns


def table_cells(numbers) -> list[tuple[str, ...]]:
    """One row of cells per outage, oldest first."""
    tz = numbers.tz
    cells = []
    for index, outage in enumerate(numbers.outages, 1):
        end = (t("report.pdf.outage_still", language=LANG) if outage.ongoing else short_time(outage.end, tz))
        cells.append((str(index), short_time(outage.start, tz), end,
                      duration_words(outage.length(numbers.now), LANG), cause_cell(outage)))
    return cells


def row_height(page, cells: tuple[str, ...], leading: float) -> float:
    page.font(TABLE_SIZE)
    x, width = _columns(page)[-1]
    lines = sum(len(lines) for lines in page.wrap(cells[-1], width - 2))
    return max(1, lines) * leading


def draw_header(page, leading: float) -> None:
    pdf = page.pdf
    pdf.set_fill_color(230, 230, 230)
    pdf.rect(page.left, page.y, page.width, leading, style="F")
    page.font(TABLE_SIZE, "B")
    top = page.y
    names = ("report.pdf.col_no", "report.pdf.col_start", "report.pdf.col_end", "report.pdf.col_length",
             "report.pdf.col_cause")
    for (x, width), key in zip(_columns(page), names):
        page.y = top
        page.line(t(key, language=LANG), leading, x=x + 1, width=width - 2)
    pdf.set_line_width(0.2)
    pdf.line(page.left, page.y, page.left + page.width, page.y)


def draw_rows(page, rows: list[tuple[str, ...]], leading: float) -> None:
    pdf = page.pdf
    for cells in rows:
        top = page.y
        page.font(TABLE_SIZE)
        columns = _columns(page)
        for (x, width), text in zip(columns[:-1], cells[:-1]):
            page.y = top
            page.line(text, leading, x=x + 1, width=width - 2)
        page.y = top
        x, width = columns[-1]
        page.block(cells[-1], leading, x=x + 1, width=width - 2)
        pdf.set_line_width(0.1)
        pdf.line(page.left, page.y, page.left + page.width, page.y)


def continued_pages(page, rows: list[tuple[str, ...]], leading: float, bottom: float, made_line) -> None:
    """The table's remaining rows on new pages, the header repeated on each."""
    from loket.printing.pdfpage import TOP_MARGIN

    while rows:
        page.pdf.add_page()
        page.y = TOP_MARGIN
        page.font(10.5, "B")
        page.line(t("report.pdf.outages_continued", language=LANG, page=page.pdf.page_no()), 6)
        draw_header(page, leading)
        drawn = 0
        # At least one row a page, so a row taller than a page cannot stop the table.
        while rows and (not drawn or page.y + row_height(page, rows[0], leading) <= bottom):
            draw_rows(page, rows[:1], leading)
            rows, drawn = rows[1:], drawn + 1
        page.y += 3
        made_line()
