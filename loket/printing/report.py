"""The outage report: one A4 page a head of office attaches to a letter.

Always in Bahasa Indonesia (it goes to the Sekda), with numbers written the
Indonesian way (1.234), the same letterhead and fonts as the Suket, and the
head's signature block. Its title and rows name the cause (a revocation by
central, a network fault, or both: ``report_outages``) and it lists every outage
of the period. Whatever the period holds, the numbers stay on page 1: the purpose
table and the per-day chart are capped, and the page says so; only a table of
outages too long for page 1 goes on over a second page. The same numbers as CSV
are in ``report_csv``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from loket.i18n import t
from loket.i18n.labels import PURPOSE_LABELS, REPORT_COLUMNS, STATE_LABELS, label
from loket.printing.office import office_from_settings
from loket.printing.report_seal import checkpoint_line
from loket.printing.text import long_date

LANG = "id"
CHART_DAYS = 14  # bars in the per-day chart
PURPOSE_ROWS = 6  # purposes listed one by one; the rest are summed in one row
SIGNATURE_WIDTH_MM = 72.0
CHART_HEIGHT_MM = 26.0
TABLE_LEADING = 4.0  # a row of the outage table


def id_number(value: int) -> str:
    """``1234`` -> ``1.234``: thousands grouped with dots, as Indonesian writes them."""
    return f"{int(value):,}".replace(",", ".")


def duration_words(length: dt.timedelta, language: str | None = None) -> str:
    """``2 hari 3 jam`` / ``4 jam 5 menit`` / ``12 menit``: how long something has lasted."""
    minutes = max(0, int(length.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return t("report.duration.days", language=language, days=days, hours=hours)
    if hours:
        return t("report.duration.hours", language=language, hours=hours, minutes=minutes)
    return t("report.duration.minutes", language=language, minutes=minutes)


def _zone_name(moment: dt.datetime) -> str:
    name = moment.tzname() or ""
    return f" {name}" if name.isalpha() else ""  # "WITA", not "+08"


def long_time(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """``12 Juli 2018 pukul 08.30 WITA`` in the station's time zone."""
    local = moment.astimezone(tz)
    return t("report.pdf.time", language=LANG, date=long_date(local.date(), LANG),
             time=local.strftime("%H.%M") + _zone_name(local))


def _purpose_label(code: str) -> str:
    return label(PURPOSE_LABELS, code, LANG)


def _state_label(state: str) -> str:
    return label(STATE_LABELS, state, LANG)


# -- the page ------------------------------------------------------------------------


def _period_text(numbers) -> str:
    end = long_time(numbers.now, numbers.tz)
    if numbers.since is None:
        return t("report.pdf.period_all", language=LANG, end=end)
    return t("report.pdf.period_range", language=LANG, start=long_date(numbers.since, LANG), end=end)


def _heading(page, text: str) -> None:
    page.y += 2
    page.font(10.5, "B")
    page.line(text, 6)


def _count_rows(page, rows: list[tuple[str, str]], x: float, width: float, leading: float) -> None:
    """``label ........ 1.234`` rows in a column ``width`` wide."""
    for name, value in rows:
        top = page.y
        page.font(9.5)
        page.line(name, leading, x=x, width=width - 22)
        page.y = top
        page.font(9.5, "B")
        page.line(value, leading, "R", x=x + width - 22, width=22)


def _documents(page, numbers, leading: float) -> None:
    _heading(page, t("report.pdf.section_documents", language=LANG))
    half = page.width / 2 - 4
    top = page.y
    _count_rows(page, [(t("report.pdf.sukets", language=LANG), id_number(numbers.sukets_issued))],
                page.left + 6, half - 6, leading)
    page.y = top
    _count_rows(page, [(t("report.pdf.receipts", language=LANG), id_number(numbers.receipts_issued))],
                page.left + half + 8, half - 6, leading)


def _requests(page, numbers, leading: float) -> None:
    from loket.storage.models import STATES

    _heading(page, t("report.pdf.section_requests", language=LANG))
    half = page.width / 2 - 4
    left, right = page.left + 6, page.left + half + 8
    top = page.y
    taken_rows = [(t("report.pdf.taken", language=LANG), id_number(numbers.taken))]
    taken_rows += [
        (t("report.pdf.now_state", language=LANG, state=_state_label(state)), id_number(numbers.taken_by_state[state]))
        for state in STATES
    ]
    _count_rows(page, taken_rows, left, half - 6, leading)
    bottom = page.y
    page.y = top
    oldest = numbers.oldest_waiting
    oldest_text = t("report.pdf.none", language=LANG) if oldest is None else t(
        "report.pdf.oldest_value", language=LANG, since=long_date(oldest.astimezone(numbers.tz).date(), LANG),
        duration=duration_words(numbers.oldest_age, LANG))
    _count_rows(page, [
        (t("report.pdf.waiting_all", language=LANG), id_number(numbers.waiting)),
        (t("report.pdf.urgent", language=LANG), id_number(numbers.urgent_waiting)),
    ], right, half - 6, leading)
    page.font(9.5)
    page.line(t("report.pdf.oldest", language=LANG) + ":", leading, x=right, width=half - 6)
    page.font(9.5, "B")
    page.block(oldest_text, leading, x=right + 4, width=half - 10)
    page.y = max(page.y, bottom)


def _purpose_rows(numbers) -> list[tuple[str, int, int, int, int]]:
    rows = [(_purpose_label(p.purpose), p.taken, p.waiting, p.open, p.total) for p in numbers.by_purpose]
    if len(rows) > PURPOSE_ROWS:
        rest = rows[PURPOSE_ROWS - 1:]
        rows = rows[: PURPOSE_ROWS - 1] + [(
            t("report.pdf.others", language=LANG, count=len(rest)),
            *(sum(row[column] for row in rest) for column in range(1, 5)),
        )]
    return rows


def _purposes(page, numbers, leading: float) -> None:
    _heading(page, t("report.pdf.section_purposes", language=LANG))
    columns = [t(REPORT_COLUMNS[name], language=LANG) for name in ("taken", "waiting", "open", "total")]
    number_width = 27.0
    label_width = page.width - 4 * number_width
    pdf = page.pdf
    rows = _purpose_rows(numbers)
    totals = tuple(sum(row[column] for row in rows) for column in range(1, 5))
    table = [(t("report.pdf.col_purpose", language=LANG), *columns)]
    table += [(label, *(id_number(value) for value in values)) for label, *values in rows]
    table.append((t("report.pdf.total", language=LANG), *(id_number(value) for value in totals)))
    pdf.set_line_width(0.2)
    for index, row in enumerate(table):
        top = page.y
        bold = index in (0, len(table) - 1)
        if index == 0:
            pdf.set_fill_color(230, 230, 230)
            pdf.rect(page.left, top, page.width, leading, style="F")
        page.font(9, "B" if bold else "")
        page.line(row[0], leading, x=page.left + 1.5, width=label_width - 3)
        for column, value in enumerate(row[1:]):
            page.y = top
            page.line(value, leading, "R", x=page.left + label_width + column * number_width, width=number_width - 1.5)
        if index in (0, len(table) - 2):
            pdf.line(page.left, page.y, page.left + page.width, page.y)
    pdf.line(page.left, page.y, page.left + page.width, page.y)


def _chart(page, numbers, width: float) -> None:
    """Sukets per day as bars, the last CHART_DAYS days (fewer when the period is shorter)."""
    _heading(page, t("report.pdf.section_days", language=LANG))
    days = numbers.last_days(CHART_DAYS)
    pdf = page.pdf
    top = page.y + 4
    base = top + CHART_HEIGHT_MM
    most = max((day.sukets for day in days), default=0) or 1
    slot = width / max(len(days), 1)
    bar = min(slot * 0.7, 10.0)
    pdf.set_fill_color(90, 90, 90)
    pdf.set_line_width(0.2)
    pdf.line(page.left, base, page.left + width, base)
    for index, day in enumerate(days):
        x = page.left + index * slot
        height = CHART_HEIGHT_MM * day.sukets / most
        if day.sukets:
            pdf.rect(x + (slot - bar) / 2, base - height, bar, height, style="F")
        page.font(6)
        page.y = base - height - 3.6
        page.line(id_number(day.sukets), 3.2, "C", x=x, width=slot)
        page.y = base + 0.6
        page.line(day.day.strftime("%d/%m"), 3.2, "C", x=x, width=slot)
    page.y = base + 4.2
    first_shown = days[0].day if days else None
    if numbers.since is None or (first_shown is not None and numbers.since < first_shown):
        page.font(7.5)
        page.block(t("report.pdf.days_note", language=LANG, count=len(days)), 3.6, x=page.left, width=width)


def _signature(page, settings, office, made: dt.datetime, x: float, y: float) -> None:
    width = SIGNATURE_WIDTH_MM
    page.y = y
    page.font(10)
    page.block(t("printing.slip.place_date", language=LANG, place=office.city, date=long_date(made.date(), LANG)),
               5, "C", x=x, width=width)
    page.block(t("printing.slip.head", language=LANG, office=office.name), 5, "C", x=x, width=width)
    page.y += 16
    page.font(10, "B")
    page.line(office.head_name, 5, "C", x=x, width=width, underline=True)
    page.font(10)
    page.line(t("printing.slip.nip", language=LANG, nip=office.head_nip), 5, "C", x=x, width=width)


def _outage_table(page, cells: list, rest: int, leading: float) -> None:
    """The table of outages on page 1: ``cells`` rows, and a note when ``rest`` go on overleaf."""
    from loket.printing import report_outages

    if not cells and not rest:
        return
    _heading(page, t("report.pdf.section_outages", language=LANG))
    report_outages.draw_header(page, TABLE_LEADING)
    report_outages.draw_rows(page, cells, TABLE_LEADING)
    if rest:
        page.font(8, "I")
        page.line(t("report.pdf.outages_overleaf", language=LANG, count=id_number(rest)), leading)


def _title(page, title: str, subtitle: str) -> None:
    """The title centred and underlined, over two lines when the cause needs the words."""
    page.font(14, "B")
    for line in page.wrap(title, page.width)[0]:
        page.line(line, 7, "C", underline=True)
    page.font(11)
    page.line(subtitle, 5.5, "C")
    page.y += 2


def _page_one(numbers, settings, office, made: dt.datetime, leading: float, cells: list, rest: int,
              checkpoint=None):
    """Page 1 with ``cells`` rows of the outage table (``rest`` more to go overleaf)."""
    from loket.printing import report_outages
    from loket.printing.pdfpage import Page, data_rows, letterhead

    title = report_outages.title(numbers.cause)
    page = Page(settings.paper, title)
    letterhead(page, office, LANG)
    _title(page, title, t("report.pdf.subtitle", language=LANG, station=settings.station_id))
    rows = [(t("report.pdf.period", language=LANG), _period_text(numbers), False)]
    rows += report_outages.summary_rows(numbers)
    rows.append((t("report.pdf.days_offline", language=LANG),
                 t("report.pdf.days", language=LANG, count=id_number(numbers.days_offline)), False))
    data_rows(page, rows, 9.5, leading, label_width=50.0)
    _outage_table(page, cells, rest, leading)
    _documents(page, numbers, leading)
    _requests(page, numbers, leading)
    _purposes(page, numbers, leading)
    bottom_top = page.y + 1
    chart_width = page.width - SIGNATURE_WIDTH_MM - 8
    _chart(page, numbers, chart_width)
    chart_end = page.y
    _signature(page, settings, office, made, page.left + page.width - SIGNATURE_WIDTH_MM, bottom_top + 4)
    page.y = max(chart_end, page.y) + 3
    _made_line(page, numbers, made)
    checkpoint_line(page, checkpoint, numbers.tz)  # the audit log's signed checkpoint (printing/report_seal.py)
    return page


def _made_line(page, numbers, made: dt.datetime) -> None:
    page.font(7.5)
    page.line(t("report.pdf.made", language=LANG, when=long_time(made, numbers.tz)), 4)


def render_report(numbers, settings: Any, made_at: dt.datetime | None = None, checkpoint=None) -> bytes:
    """The report for ``numbers`` (``loket.storage.stats.station_numbers``) as PDF bytes:
    one page, and more only when the table of outages does not fit on it."""
    from loket.printing import report_outages
    from loket.printing.pdfpage import BOTTOM_MARGIN

    office = office_from_settings(settings)
    made = (made_at or numbers.now).astimezone(numbers.tz)
    cells = report_outages.table_cells(numbers)
    # A long office name or address takes lines from the rest: try the roomy layout
    # first, and the tighter one only when the roomy one would not fit.
    for leading in (5.0, 4.3, 3.9):
        page = _page_one(numbers, settings, office, made, leading, cells, 0, checkpoint)
        bottom = page.height - BOTTOM_MARGIN
        if page.y <= bottom:
            return page.output()
    # The whole table does not fit: page 1 keeps as many rows as its room allows, and
    # the rest go on over the next pages.
    free = bottom - _page_one(numbers, settings, office, made, leading, [], len(cells), checkpoint).y
    kept = 0
    while kept < len(cells):
        free -= report_outages.row_height(page, cells[kept], TABLE_LEADING)
        if free < 0:
            break
        kept += 1
    page = _page_one(numbers, settings, office, made, leading, cells[:kept], len(cells) - kept, checkpoint)
    report_outages.continued_pages(page, cells[kept:], TABLE_LEADING, bottom,
                                   lambda: _made_line(page, numbers, made))
    return page.output()
