"""Birth dates as the clerk types them: DD-MM-YYYY (see ``loket.dates``, which reads
every date a person types the same way), worded as a birth date's problems."""

from __future__ import annotations

import datetime as dt

from loket.dates import TypedDayError, format_day, parse_day

BIRTH_MESSAGES = {
    "format": "tui.date.format",
    "year": "tui.date.four_digit_year",
    "no_such_day": "tui.date.no_such_day",
}


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
    """"31-12-1990" -> date; "" -> None; raises TypedDateError (a birth date's words) otherwise."""
    try:
        return parse_day(text)
    except TypedDayError as exc:
        raise TypedDateError(BIRTH_MESSAGES[exc.problem], **exc.params) from None


def format_date(value: dt.date | None) -> str:
    return format_day(value)
