"""Birth dates as the clerk types them: DD-MM-YYYY (also with / or . between, or
the eight digits alone, DDMMYYYY, as fast typists enter them)."""

from __future__ import annotations

import datetime as dt
import re

_TYPED = re.compile(r"^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d+)\s*$")
_DIGITS_ONLY = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
# The NIK pre-fills "DD-MM-"; a clerk used to typing whole dates may add "DDMMYYYY".
_AFTER_PREFILL = re.compile(r"^\s*(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{4})\s*$")


class TypedDateError(ValueError):
    """``key`` names the translated message (tui.date.*)."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        from loket.i18n import t

        return t(self.key, **self.params)


def parse_typed_date(text: str) -> dt.date | None:
    """"31-12-1990" -> date; "" -> None; raises TypedDateError otherwise.

    A two-digit year is refused: the century cannot be guessed safely (a clerk
    typing 05 may mean 1905 or 2005), so the clerk types all four digits.
    """
    if not text.strip():
        return None
    repeated = _AFTER_PREFILL.match(text)
    if repeated and repeated.group(1, 2) == repeated.group(3, 4):
        text = f"{repeated.group(1)}-{repeated.group(2)}-{repeated.group(5)}"
    match = _TYPED.match(text) or _DIGITS_ONLY.match(text)
    if match is None:
        raise TypedDateError("tui.date.format")
    day, month, year = match.groups()
    if len(year) != 4:
        raise TypedDateError("tui.date.four_digit_year", year=year, count=len(year))
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise TypedDateError("tui.date.no_such_day") from None


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""
