"""The desk's filter as index ranges: a prefix's range, a day range in UTC, the terms
a page's walk checks on its rows, and a keyset step folded into a bound.

Split from ``desk.py`` (which reads the pages): what a filter means as terms, apart
from how the pages walk them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import peewee

from loket.storage import backend, search as text_search
from loket.storage.models import Request, utc_text
from loket.storage.claims import claim_term, stored_states
from loket.storage.states import STATES

if TYPE_CHECKING:
    from loket.storage.desk import DeskFilter

def column_field(column: str) -> peewee.Field:
    return getattr(Request, column)


def term(column: str, op: str, value: object = None) -> peewee.Expression:
    field = column_field(column)
    if op == "IS NULL":
        return field.is_null()
    if op == "IS NOT NULL":
        return field.is_null(False)
    return {"=": field.__eq__, ">": field.__gt__, "<": field.__lt__, ">=": field.__ge__}[op](value)


def prefix_end(prefix: str) -> str | None:
    """The smallest text after every text that starts with ``prefix``, so a prefix is one
    index range ``col >= prefix AND col < end`` (None: no end). Digits carry as digits
    ("73" -> "74", "7399" -> "74"), so a NIK's range holds under any collation an office
    server uses; other texts step their last character ("AN" -> "AO"), exact in code
    point order (SQLite's, and PostgreSQL's "C").
    """
    if prefix.isascii() and prefix.isdigit():
        kept = prefix.rstrip("9")
        return kept[:-1] + str(int(kept[-1]) + 1) if kept else None
    for index in range(len(prefix) - 1, -1, -1):
        code = ord(prefix[index]) + 1
        if code <= 0x10FFFF:
            return prefix[:index] + chr(0xE000 if 0xD800 <= code <= 0xDFFF else code)  # no lone surrogate
    return None




def states_of(flt: DeskFilter) -> tuple[str, ...]:
    unknown = [state for state in flt.states if state not in STATES]
    if unknown:
        raise ValueError(f"unknown request state {unknown[0]!r}; known: {', '.join(STATES)}")
    return stored_states(tuple(dict.fromkeys(flt.states)) or STATES)


def _local_midnight_utc(day: dt.date, tz: dt.tzinfo | None) -> str:
    start = dt.datetime.combine(day, dt.time())
    start = start.astimezone() if tz is None else start.replace(tzinfo=tz)
    return utc_text(start)


def residual_terms(flt: DeskFilter, db: peewee.Database | None) -> list[peewee.Expression]:
    """Purpose, station and reason terms; with ``db`` they are kept off indexes (pages), without
    they may use them (counting)."""
    wanted = [(column, value) for column, value in
              (("purpose", flt.purpose), ("station_id", flt.station_id), ("last_error", flt.reason)) if value]
    # Queued rows being sent lie in the queued arm; this keeps them apart when only one is wanted.
    claimed = Request.claimed_by if db is None else backend.unindexed(Request.claimed_by, db)
    apart = [] if flt.states is None else [term for term in (claim_term(tuple(flt.states), claimed),) if term is not None]
    if db is None:
        return [column_field(column) == value for column, value in wanted] + apart
    return [backend.unindexed(column_field(column), db) == value for column, value in wanted] + apart


def column_bounds(flt: DeskFilter) -> list[tuple[str, object, object]]:
    """Column ranges ``(column, from, before)`` of a prefix search and the date range (None: open)."""
    bounds: list[tuple[str, object, object]] = []
    found = text_search.parse(flt.search)
    if found is not None and not found.uses_text_index:
        bounds.append((found.column, found.text, prefix_end(found.text)))
    if flt.created_from is not None or flt.created_to is not None:
        start = end = None
        if flt.created_from is not None:
            start = _local_midnight_utc(flt.created_from, flt.tz)
        if flt.created_to is not None:
            end = _local_midnight_utc(flt.created_to + dt.timedelta(days=1), flt.tz)
        bounds.append(("created_at", start, end))
    return bounds


def bound_terms(bounds, pinned: dict[str, object], step: tuple[str, str, object] | None = None):
    """Terms for the bounds and a range's ``step`` (its one inequality), or None when nothing fits.

    A bound on a column the range pins by equality is checked here, and a step on a
    bounded column is folded into the bound: next to ``col = ?`` or ``col < ?``
    another range on the same column makes SQLite misjudge the walk (it reads
    another index by id, or sorts the ties again).
    """
    terms: list[peewee.Expression] = []
    for column, start, end in bounds:
        if column in pinned:
            value = pinned[column]
            if value is None or (start is not None and value < start) or (end is not None and value >= end):
                return None
            continue
        low, low_op, high = start, ">=", end
        if step is not None and step[0] == column:
            _, op, value = step
            step = None
            if op == "IS NULL":
                return None  # a bounded column is never NULL
            if op == ">" and (low is None or value >= low):
                low, low_op = value, ">"
            if op == "<" and (high is None or value <= high):
                high = value
        for op, value in ((low_op, low), ("<", high)):
            if value is not None:
                terms.append(term(column, op, value))
    if step is not None:
        terms.append(term(*step))
    return terms
