"""Dates as a person types them, the same everywhere: DD-MM-YYYY.

The birth date on the form, the desk's date filter and every date option of the
command line read days the one way Indonesian offices write them: DD-MM-YYYY
(also with / or . between, or the eight digits alone, DDMMYYYY, as fast typists
enter them). ISO 8601 (YYYY-MM-DD), what scripts and older instructions use, is
accepted too: a four-digit first part cannot be a day, so the two never clash.

A problem is raised as ``TypedDayError`` with a ``problem`` code (``format``,
``year``, ``no_such_day``); each caller words it for what the date is, so a
filter's mistake never speaks of a birth date.
"""

from __future__ import annotations

import datetime as dt
import re

_TYPED = re.compile(r"^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d+)\s*$")
_DIGITS_ONLY = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# The NIK pre-fills "DD-MM-"; a clerk used to typing whole dates may add "DDMMYYYY".
_AFTER_PREFILL = re.compile(r"^\s*(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{4})\s*$")

# Messages of dates that are not birth dates (the desk's filter, the command line).
DAY_MESSAGES = {
    "format": "dates.format",
    "year": "dates.four_digit_year",
    "no_such_day": "dates.no_such_day",
}


class TypedDayError(ValueError):
    """``problem``: format | year | no_such_day; ``params`` fill its message."""

    def __init__(self, problem: str, **params: object):
        super().__init__(problem)
        self.problem = problem
        self.params = params

    def message(self, messages: dict[str, str] = DAY_MESSAGES) -> str:
        from loket.i18n import t

        return t(messages[self.problem], **self.params)


def parse_day(text: str) -> dt.date | None:
    """``"31-12-1990"`` or ``"1990-12-31"`` -> date; ``""`` -> None; TypedDayError otherwise.

    A two-digit year is refused: the century cannot be guessed safely (05 may mean
    1905 or 2005), so all four digits are typed.
    """
    if not text.strip():
        return None
    iso = _ISO.match(text)
    if iso:
        year, month, day = iso.groups()
    else:
        repeated = _AFTER_PREFILL.match(text)
        if repeated and repeated.group(1, 2) == repeated.group(3, 4):
            text = f"{repeated.group(1)}-{repeated.group(2)}-{repeated.group(5)}"
        match = _TYPED.match(text) or _DIGITS_ONLY.match(text)
        if match is None:
            raise TypedDayError("format")
        day, month, year = match.groups()
        if len(year) != 4:
            raise TypedDayError("year", year=year, count=len(year))
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise TypedDayError("no_such_day") from None


def format_moment(value: dt.datetime | str | None) -> str:
    """A stored moment (a datetime, or its ISO text; naive means UTC) shown to a person in
    this PC's local time, as days are shown: DD-MM-YYYY HH:MM. Text that is not a moment
    is shown as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone().strftime("%d-%m-%Y %H:%M")


def format_day(value: dt.date | None) -> str:
    """The way a day is shown to be typed back: DD-MM-YYYY."""
    return value.strftime("%d-%m-%Y") if value else ""
