"""The report's numbers as CSV for a spreadsheet, in the language the command speaks.

Four columns: section, item, value (what a person reads, in the chosen language)
and a stable code (``period.start``, ``outage.2.hours``) for scripts, which never
changes with the language. Values are written so a spreadsheet takes them as
numbers, not text (docs/supervisor-guide.md says why these forms):

- counts as plain digits (no thousands mark);
- times in the station's local time, ``DD/MM/YYYY HH:MM`` in Indonesian (the
  short date of the Indonesian locale) and ``YYYY-MM-DD HH:MM`` in English (ISO
  8601 without ``T`` or offset, which every locale's spreadsheet reads as a date);
  the zone is given once, in its own row;
- durations in hours (and the oldest wait in days) as decimal numbers, with the
  language's decimal mark (``12,5`` / ``12.5``).

The separator defaults to ``;`` for Indonesian (a spreadsheet whose decimal mark
is a comma expects it) and ``,`` for English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from loket.i18n import get_language, t
from loket.i18n.labels import PURPOSE_LABELS, REPORT_COLUMNS, STATE_LABELS, label
from loket.printing.report_outages import CAUSE_NAMES

SEPARATORS = {";": ";", ",": ",", "tab": "\t"}
DEFAULT_SEPARATOR = {"id": ";", "en": ","}
HEADER = ("csv.col.section", "csv.col.item", "csv.col.value", "csv.col.code")


class SheetValues:
    """How a value is written for a spreadsheet in ``language``."""

    def __init__(self, language: str, tz: dt.tzinfo):
        self.language, self.tz = language, tz
        self.decimal = "," if language == "id" else "."

    def time(self, moment: dt.datetime | None) -> str:
        if moment is None:
            return ""
        local = moment.astimezone(self.tz)
        return local.strftime("%d/%m/%Y %H:%M" if self.language == "id" else "%Y-%m-%d %H:%M")

    def day(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        return day.strftime("%d/%m/%Y" if self.language == "id" else "%Y-%m-%d")

    def amount(self, value: float) -> str:
        """A decimal number, two places, the language's decimal mark, no thousands mark."""
        return f"{value:.2f}".replace(".", self.decimal)

    def hours(self, length: dt.timedelta) -> str:
        return self.amount(length.total_seconds() / 3600)

    def days(self, length: dt.timedelta) -> str:
        return self.amount(length.total_seconds() / 86400)


def _zone(tz: dt.tzinfo, now: dt.datetime) -> str:
    local = now.astimezone(tz)
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    name = local.tzname() or ""
    return f"{name} ({offset})" if name.isalpha() else offset


def csv_rows(numbers, settings: Any) -> list[tuple[str, str, str, str]]:
    """``(section, item, value, code)`` rows in the current language."""
    from loket.storage.models import STATES

    values = SheetValues(get_language(), numbers.tz)
    rows: list[tuple[str, str, str, str]] = []

    def add(section: str, item: str, value, code: str) -> None:
        rows.append((section, item, str(value), code))

    station = t("csv.station")
    add(station, t("csv.office_name"), settings.office_name, "station.office_name")
    add(station, t("csv.station_id"), settings.station_id, "station.station_id")

    period = t("csv.period")
    add(period, t("csv.start"), values.time(numbers.period_start), "period.start")
    add(period, t("csv.end"), values.time(numbers.now), "period.end")
    add(period, t("csv.time_zone"), _zone(numbers.tz, numbers.now), "period.time_zone")
    cause = numbers.cause
    add(period, t("csv.cause"), t(CAUSE_NAMES[cause]) if cause else t("csv.no_outage"), "period.cause")
    add(period, t("csv.outage_count"), len(numbers.outages), "period.outages")
    total = sum((outage.length(numbers.now) for outage in numbers.outages), dt.timedelta())
    add(period, t("csv.outage_hours"), values.hours(total), "period.outage_hours")
    add(period, t("csv.days_offline"), numbers.days_offline, "period.days_offline")

    issued = t("csv.issued")
    add(issued, t("csv.sukets"), numbers.sukets_issued, "issued.sukets")
    add(issued, t("csv.receipts"), numbers.receipts_issued, "issued.receipts")

    taken = t("csv.taken")
    add(taken, t("csv.total"), numbers.taken, "taken.total")
    for state in STATES:
        add(taken, label(STATE_LABELS, state), numbers.taken_by_state[state], f"taken.{state}")

    now = t("csv.now")
    for state in STATES:
        add(now, label(STATE_LABELS, state), numbers.by_state[state], f"now.{state}")
    add(now, t("csv.waiting"), numbers.waiting, "now.waiting")
    add(now, t("csv.urgent_waiting"), numbers.urgent_waiting, "now.urgent_waiting")
    add(now, t("csv.oldest_waiting"), values.time(numbers.oldest_waiting), "now.oldest_waiting")
    oldest_age = numbers.oldest_age
    add(now, t("csv.oldest_waiting_days"), values.days(oldest_age) if oldest_age is not None else "",
        "now.oldest_waiting_days")

    for index, outage in enumerate(numbers.outages, 1):
        section, code = t("csv.outage", number=index), f"outage.{index}"
        add(section, t("csv.start"), values.time(outage.start), f"{code}.start")
        add(section, t("csv.end"), values.time(outage.end), f"{code}.end")
        add(section, t("csv.hours"), values.hours(outage.length(numbers.now)), f"{code}.hours")
        add(section, t("csv.cause"), t(CAUSE_NAMES[outage.cause]), f"{code}.cause")
        add(section, t("csv.central_reason"), " ".join((outage.revoked_reason or "").split()), f"{code}.reason")

    for purpose in numbers.by_purpose:
        section = t("csv.purpose", purpose=label(PURPOSE_LABELS, purpose.purpose))
        for name in ("taken", "waiting", "open", "total"):
            add(section, t(REPORT_COLUMNS[name]), getattr(purpose, name), f"purpose.{purpose.purpose}.{name}")

    for day in numbers.per_day:
        add(t("csv.sukets_per_day"), values.day(day.day), day.sukets, f"sukets_per_day.{day.day.isoformat()}")
    for day in numbers.per_day:
        add(t("csv.receipts_per_day"), values.day(day.day), day.receipts, f"receipts_per_day.{day.day.isoformat()}")
    return rows


def csv_bytes(rows: list[tuple[str, ...]], separator: str) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheets read the letters right), CRLF lines."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=SEPARATORS[separator])
    writer.writerow(tuple(t(key) for key in HEADER))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
