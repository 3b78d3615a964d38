"""Suket, receipt and queue numbers: patterns and gapless per-station, per-year counters."""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import TYPE_CHECKING

from loket.storage.errors import NumberPatternError

DEFAULT_SUKET_PATTERN = "471/{seq:04d}/{station}/{month_roman}/{year}"
DEFAULT_RECEIPT_PATTERN = "TT/{seq:04d}/{station}/{year}"
PLACEHOLDERS = ("seq", "station", "office", "month_roman", "month", "year")
MAX_NUMBER_LENGTH = 64
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# Decimal, optionally zero-padded: "{seq}", "{seq:d}", "{seq:04d}"; no spaces or hex in a number.
_SEQ_SPEC = re.compile(r"(0[1-9])?d")

if TYPE_CHECKING:  # the settings check imports this module at start-up: keep peewee out
    import peewee

# Counter kinds (besides the document kinds "suket" and "receipt").
QUEUE = "queue"

def next_value(db: peewee.Database, station_id: str, year: int, kind: str) -> int:
    """The next number of ``kind`` for this station and year (1 for the first).

    One statement bumps (or starts) the counter and returns the new value, inside
    the caller's write transaction. The counter's row stays locked until that
    transaction ends (the whole file on SQLite, the row on PostgreSQL), so no other
    writer takes the same value, and a rollback gives the value back: numbers stay
    unique and gapless, per station, with many counters writing at once.
    """
    sql = _BUMP_SQL.replace("?", db.param)
    return db.execute_sql(sql, (station_id, year, kind)).fetchall()[0][0]


# Written once rather than built by peewee on every save (twice a save, in the write lock).
_BUMP_SQL = ("INSERT INTO counters (station_id, year, kind, value) VALUES (?, ?, ?, 1) "
             "ON CONFLICT (station_id, year, kind) DO UPDATE SET value = counters.value + 1 RETURNING value")


def check_number_pattern(pattern: str) -> None:
    """Raise ``NumberPatternError`` (with a message) when ``pattern`` cannot work.

    A pattern needs ``{seq}`` and ``{year}`` (the sequence restarts every year, so a
    number without the year would repeat) and only the known placeholders.
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise NumberPatternError("storage.pattern.empty")
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise NumberPatternError("storage.pattern.bad_syntax", pattern=pattern) from None
    names = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise NumberPatternError(
                "storage.pattern.unknown_placeholder",
                pattern=pattern,
                name="{" + name + "}",
                known=", ".join("{" + p + "}" for p in PLACEHOLDERS),
            )
        if conversion:
            raise NumberPatternError("storage.pattern.bad_syntax", pattern=pattern)
        if spec and (name != "seq" or not _SEQ_SPEC.fullmatch(spec)):
            raise NumberPatternError("storage.pattern.bad_format", pattern=pattern, name="{" + name + ":" + spec + "}")
        names.add(name)
    for required in ("seq", "year"):
        if required not in names:
            raise NumberPatternError("storage.pattern.missing", pattern=pattern, name="{" + required + "}")
    longest = format_number(pattern, 999999, "9999-" + "W" * 16, "9999", dt.date(2099, 12, 31))
    if len(longest) > MAX_NUMBER_LENGTH:
        raise NumberPatternError("storage.pattern.too_long", pattern=pattern, limit=MAX_NUMBER_LENGTH)


def format_number(pattern: str, seq: int, station_id: str, office_code: str, when: dt.date) -> str:
    """Fill a (checked) pattern: ``471/{seq:04d}/{station}/{month_roman}/{year}`` ->
    ``471/0001/7373-LKT01/VII/2018``."""
    return pattern.format(
        seq=seq,
        station=station_id,
        office=office_code,
        month_roman=ROMAN_MONTHS[when.month - 1],
        month=f"{when.month:02d}",
        year=f"{when.year:04d}",
    )


def office_of(station_id: str) -> str:
    """The office code is the part of the station id before the dash (``7373-LKT01``)."""
    return station_id.split("-", 1)[0]
