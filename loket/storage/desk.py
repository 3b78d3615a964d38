"""The supervisor's desk, read side: the queue as pages, counts and a request's history.

Keyset paging, never OFFSET: a page starts from the sort key of a row on screen,
so page 2,000 costs what page 1 costs. Every sort walks an index leading with
``state`` (migration 4): one index range per state, merged by SQLite (``MERGE (UNION
ALL)``), so nothing is sorted in a temporary table however long the queue.
"After this row" is a union of index ranges, not a ``(a, id) > (?, ?)`` row value:
SQLite does not seek on the id inside one, and would scan every tie of a column
like attempts. PostgreSQL neither merges the arms by itself nor orders an index's
ties by id: there each arm is ordered and limited (a page per state, merged), and
its indexes end with the id (migration 9). Urgency is read as two segments (urgent,
then the rest), because SQLite cannot keep an index order on an expression pinned
by an equality. What a filter means as terms and ranges is in ``desk_ranges.py``.
Purpose and station are checked on the rows a walk meets (``+col`` stops SQLite
trading the sort's index for theirs and sorting everything); a date range is left
to the planner, which may prefer the created_at index for a narrow one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

import peewee

from loket.intake.record import URGENT_PURPOSES
from loket.storage import backend, search as text_search
from loket.storage.claims import shown_state, stored_states
from loket.storage.desk_ranges import bound_terms, column_bounds, residual_terms, states_of, term
from loket.storage.schema_steps import urgency_sql
from loket.storage.models import AuditEvent, Request, Suket, SyncAttempt, parse_utc_text, use, utc_text
from loket.storage.states import NEEDS_ATTENTION, STATES, State

PENDING_STATES = NEEDS_ATTENTION  # the desk's default filter
SORTS = ("urgency", "age", "number", "nik", "name", "request_type", "state", "attempts", "last_error")
SEARCH_KINDS = ("nik", "number", "name")
MAX_LIMIT = 1000

# Spelled exactly as the index of migration 4, so both databases use that index.
_URGENCY = peewee.SQL(urgency_sql(URGENT_PURPOSES))
# Sort name -> the columns it orders by (the row id always comes last).
# "urgency": created_at within each urgency segment; "state": oldest first within a state,
# on the index "age" walks (migration 16 dropped the state's own index).
_SORT_COLUMNS = {
    "urgency": ("created_at",), "age": ("created_at",), "number": ("doc_number",), "nik": ("nik",),
    "name": ("name",), "request_type": ("request_type",), "state": ("state", "created_at"),
    "attempts": ("attempts",), "last_error": ("last_error",),
}
_NULLABLE = frozenset({"doc_number", "last_error"})  # NULL sorts first, as in the index

_COLUMNS = (
    "id", "created_at", "purpose", "doc_number", "doc_kind", "nik", "name", "request_type",
    "state", "attempts", "last_error", "station_id", "warnings", "claimed_by",
)
_POSITION = {column: index + 1 for index, column in enumerate(_COLUMNS)}


# The columns as one quoted list: peewee took longer to quote them one by one, in every
# arm of a page's query, than the database took to read the page (measured: 55 % of a
# first page at 10,000). One table is selected from, so unqualified names are unambiguous.
_SELECTED = peewee.SQL(", ".join(f'"{column}"' for column in _COLUMNS))


def _select() -> peewee.Select:
    # Raw values (no field conversion): a compound query would convert by its first arm only.
    return Request.select(_SELECTED).tuples()


@dataclass(frozen=True)
class DeskFilter:
    states: tuple[str, ...] = PENDING_STATES  # empty tuple = every state
    purpose: str | None = None
    station_id: str | None = None
    created_from: dt.date | None = None  # local calendar days, inclusive
    created_to: dt.date | None = None  # inclusive
    search: str = ""  # as typed; see search_kind()
    reason: str | None = None  # central's code exactly as kept in last_error (see storage/bulk.reason_codes)
    # The zone whose calendar days created_from/created_to mean; None = this
    # machine's zone, the one the station's clock (and its Suket numbers) use.
    tz: dt.tzinfo | None = None


@dataclass(frozen=True)
class DeskRow:
    id: int
    created_at: dt.datetime  # aware, UTC
    purpose: str
    urgent: bool
    number: str | None  # the newest Suket/receipt number of the request
    kind: str | None  # "suket" | "receipt"
    nik: str
    name: str
    request_type: str
    state: str
    attempts: int
    last_error: str | None
    station_id: str
    warnings: tuple[str, ...]  # intake warning codes still standing


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime  # aware UTC
    source: str  # "audit" | "sync"
    actor: str  # audit actor, or "sync" for sync attempts
    action: str  # audit action, or the sync result ("accepted", "rejected"...)
    details: dict  # audit details, or {"reason": ..., "run_id": ...} for sync attempts


# -- search --------------------------------------------------------------------------


def search_kind(text: str) -> tuple[str, str] | None:
    """What a search box text looks for: ``(kind, text)``, or None when it is empty.

    Whitespace is collapsed and letters upper-cased. Digits only (spaces between
    groups allowed) -> a NIK prefix, unless they start with 0; anything with a "/",
    letters mixed with digits, or digits starting with 0 -> any part of a
    Suket/receipt number ("471/", "TT/0012", "0012"); anything else -> any word of a
    name (see storage/search.py).
    """
    found = text_search.parse(text)
    return None if found is None else (found.kind, found.text)


def search_order(flt: DeskFilter) -> str | None:
    """The sort a search shows its rows in (None without a search): the searched column
    for a prefix, the age (the request id) for a text index search."""
    found = text_search.parse(flt.search)
    if found is None:
        return None
    return "age" if found.uses_text_index else found.kind


# -- reading rows --------------------------------------------------------------------


def _row(values: tuple) -> DeskRow:
    (rid, created, purpose, number, kind, nik, name, rtype, state, attempts, last_error, station,
     warnings, claimed_by) = values
    if isinstance(created, str):
        created = parse_utc_text(created)
    if not isinstance(warnings, list):
        warnings = json.loads(warnings or "[]")
    return DeskRow(
        id=rid, created_at=created, purpose=purpose, urgent=purpose in URGENT_PURPOSES,
        number=number, kind=kind, nik=nik, name=name, request_type=rtype, state=shown_state(state, claimed_by), attempts=attempts,
        last_error=last_error, station_id=station, warnings=tuple(warnings),
    )


def _key_value(row: DeskRow, column: str) -> object:
    if column == "created_at":
        return utc_text(row.created_at)
    if column == "doc_number":
        return row.number
    if column == "state":
        return stored_states((row.state,))[0]  # the index holds the stored state
    return getattr(row, column)


def get_row(db: peewee.Database, request_id: int) -> DeskRow | None:
    use(db)
    found = _select().where(Request.id == int(request_id)).first()
    return _row(found) if found else None


def count(db: peewee.Database, flt: DeskFilter) -> int:
    """Rows matching the filter (for "1-50 of 100.000")."""
    use(db)
    states = states_of(flt)
    terms = residual_terms(flt, None) + bound_terms(column_bounds(flt), {})
    found = text_search.parse(flt.search)
    prefix = found is not None and not found.uses_text_index
    # A prefix search over every state names them all too: its range is then read in
    # the desk's (state, column) index, SQLite having no index on the column alone.
    if (flt.states and set(states) != set(stored_states(STATES))) or prefix:
        terms.insert(0, Request.state.in_(states))
    if found is not None and found.uses_text_index:
        return sum(source.count(*terms) for source in text_search.sources(db, found))
    query = Request.select()
    if terms:
        query = query.where(*terms)
    return query.count()


# -- pages ---------------------------------------------------------------------------


def _beyond(column: str, value: object, descending: bool) -> list[tuple[str, str, object]]:
    """Steps ``(column, operator, value)`` to the values strictly after ``value`` in display order."""
    if not descending:
        return [(column, "IS NOT NULL", None)] if value is None else [(column, ">", value)]
    if value is None:
        return []  # NULLs come last when descending: nothing follows them
    return [(column, "<", value)] + ([(column, "IS NULL", None)] if column in _NULLABLE else [])


# Equality terms, the columns they pin, and the one step after them.
_Range = tuple[list[peewee.Expression], dict[str, object], tuple[str, str, object] | None]


def _after_ranges(columns: tuple[str, ...], cursor: DeskRow, descending: bool) -> list[_Range]:
    """Everything after ``cursor`` as disjoint ranges, each one index seek:
    a > x; a = x AND b > y; a = x AND b = y AND id > z (for ascending (a, b, id))."""
    ranges: list[_Range] = []
    same: list[peewee.Expression] = []
    pinned: dict[str, object] = {}
    for column in columns:
        value = _key_value(cursor, column)
        for step in _beyond(column, value, descending):
            ranges.append((list(same), dict(pinned), step))
        same.append(term(column, "IS NULL") if value is None else term(column, "=", value))
        pinned[column] = value
    ranges.append((same, pinned, ("id", "<" if descending else ">", cursor.id)))
    return ranges


@dataclass(frozen=True)
class _Plan:
    columns: tuple[str, ...]  # order columns, before the id
    segments: tuple[int | None, ...]  # urgency segments in display order; (None,) = one segment
    residual: tuple[peewee.Expression, ...]  # purpose and station terms
    bounds: tuple[tuple[str, object, object], ...]
    states: tuple[str, ...]
    text: text_search.SearchQuery | None = None  # a search of the text index
    arm_limits: bool = False  # each state's arm ordered and limited (backend.orders_each_arm)


def _plan(db: peewee.Database, flt: DeskFilter, sort: str, descending: bool) -> _Plan:
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; known: {', '.join(SORTS)}")
    states = states_of(flt)
    residual = tuple(residual_terms(flt, db))
    found = text_search.parse(flt.search)
    if found is not None and found.uses_text_index:
        # The text index yields its rows by id: the one order that needs no sort.
        return _Plan(("id",), (None,), residual, tuple(column_bounds(flt)), states, found)
    if found is not None:
        # A prefix search orders by the searched column: the one index that keeps it fast.
        columns: tuple[str, ...] = (found.column,)
        segments: tuple[int | None, ...] = (None,)
    else:
        columns = _SORT_COLUMNS[sort]
        segments = ((1, 0) if descending else (0, 1)) if sort == "urgency" else (None,)
        if sort == "urgency" and flt.purpose:
            # One purpose has one urgency: walking the other segment would find nothing, slowly.
            segments = (0 if flt.purpose in URGENT_PURPOSES else 1,)
    return _Plan(columns, segments, residual, tuple(column_bounds(flt)), states, None, backend.orders_each_arm(db))


def _statement(plan: _Plan, segment: int | None, cursor: DeskRow | None, descending: bool,
               limit: int) -> peewee.SelectBase | None:
    """One merged query over every state (None when nothing can follow the cursor)."""
    ranges = _after_ranges(plan.columns, cursor, descending) if cursor else [([], {}, None)]
    arms: list[peewee.Select] = []
    order = [peewee.SQL(f"{_POSITION[column]}{' DESC' if descending else ''}") for column in (*plan.columns, "id")]
    for state in plan.states:
        for terms, pinned, step in ranges:
            if pinned.get("state", state) != state:
                continue  # ties on another state's value: nothing here
            bound = bound_terms(plan.bounds, pinned, step)
            if bound is None:
                continue
            where = [Request.state == state]
            if segment is not None:
                where.append(_URGENCY == segment)
            arm = _select().where(*where, *terms, *bound, *plan.residual)
            arms.append(arm.order_by(*order).limit(limit) if plan.arm_limits else arm)
    if not arms:
        return None
    if len(arms) == 1:
        return arms[0].order_by(*order).limit(limit)
    merged = arms[0]
    for arm in arms[1:]:
        merged = merged.union_all(arm)
    return merged.order_by(*order).limit(limit)


def _text_statements(db: peewee.Database, plan: _Plan, cursor: DeskRow | None, descending: bool,
                     limit: int) -> Iterator[peewee.SelectBase]:
    """Queries over the text search's matches, in id order, after the cursor's id: the
    text index's rows, then those not indexed yet (reversed when descending)."""
    sources = text_search.sources(db, plan.text)
    for where in (reversed(sources) if descending else sources):
        terms = list(where.terms)
        if set(plan.states) != set(stored_states(STATES)):
            # The rows not indexed yet are read from the row id up, in its order: no state
            # index, which would read them out of order and sort.
            state = backend.unindexed(Request.state, db) if where.tail else Request.state
            terms.append(state.in_(plan.states))
        terms += bound_terms(plan.bounds, {}) or []
        if cursor is not None:
            terms.append(where.key < cursor.id if descending else where.key > cursor.id)
        order = where.key.desc() if descending else where.key
        yield where.select(*(getattr(Request, column) for column in _COLUMNS)).where(*terms, *plan.residual) \
            .order_by(order).limit(limit).tuples()


def _statements(db: peewee.Database, flt: DeskFilter, sort: str, descending: bool, cursor: DeskRow | None,
                limit: int) -> Iterator[peewee.SelectBase]:
    """The queries of one page, in display order, each built only when asked for: a later
    one is needed only when the page is not full yet (building one is a millisecond or two)."""
    plan = _plan(db, flt, sort, descending)
    if plan.text is not None:
        yield from _text_statements(db, plan, cursor, descending, limit)
        return
    start = cursor
    if cursor is not None and plan.segments != (None,):
        # Segments before the cursor's are done; those after it start from the top.
        mine = 0 if cursor.urgent else 1
        if mine in plan.segments:
            segments = plan.segments[plan.segments.index(mine):]
        else:  # the cursor row is outside the filter: the segment comes before or after its own
            mine_comes_first = (mine == 0) != descending
            segments = plan.segments if mine_comes_first else ()
            start = None
    else:
        segments = plan.segments
    for segment in segments:
        statement = _statement(plan, segment, start, descending, limit)
        if statement is not None:
            yield statement
        start = None


def _run(db: peewee.Database, flt: DeskFilter, sort: str, descending: bool, cursor: DeskRow | None,
         limit: int) -> list[DeskRow]:
    use(db)
    rows: list[DeskRow] = []
    for statement in _statements(db, flt, sort, descending, cursor, limit):
        statement = statement.limit(limit - len(rows))
        rows += [_row(values) for values in db.execute(statement).fetchall()]
        if len(rows) >= limit:
            break
    return rows


def _checked_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"page limit must be a whole number of rows, at least 1 (got {limit!r})")
    return min(limit, MAX_LIMIT)


def page(db: peewee.Database, flt: DeskFilter, sort: str = "urgency", descending: bool = False, *,
         after: DeskRow | None = None, before: DeskRow | None = None, limit: int = 50) -> list[DeskRow]:
    """One page of the queue, in display order (keyset paging).

    No cursor: the first ``limit`` rows. ``after=row``: the rows that follow ``row``;
    ``before=row``: the rows that precede it (still in display order). ``sort`` is
    one of SORTS; "urgency" puts urgent purposes first, then the oldest; "state" puts
    the oldest first within a state; every other sort is that column, then the id.
    ``descending`` reverses the whole order.

    While ``flt.search`` is set, ``sort`` is ignored: rows come ordered by the
    searched column (NIK, number or name), then id, reversed when ``descending``.
    A cursor row need not still match the filter: its sort key marks the place.
    """
    limit = _checked_limit(limit)
    if after is not None and before is not None:
        raise ValueError("page() takes either after= or before=, not both")
    if before is not None:
        rows = _run(db, flt, sort, not descending, before, limit)
        rows.reverse()
        return rows
    return _run(db, flt, sort, descending, after, limit)


def last_page(db: peewee.Database, flt: DeskFilter, sort: str = "urgency", descending: bool = False,
              limit: int = 50) -> list[DeskRow]:
    """The last ``limit`` rows in this order, in display order."""
    rows = _run(db, flt, sort, not descending, None, _checked_limit(limit))
    rows.reverse()
    return rows


def query_plan(db: peewee.Database, flt: DeskFilter, sort: str = "urgency", descending: bool = False, *,
               after: DeskRow | None = None, before: DeskRow | None = None) -> list[str]:
    """EXPLAIN QUERY PLAN lines of every query page() may run with these arguments (for
    support and tests: ``USE TEMP B-TREE`` would mean a sort that grows with the queue)."""
    use(db)
    cursor, way = (before, not descending) if before is not None else (after, descending)
    lines: list[str] = []
    for statement in _statements(db, flt, sort, way, cursor, 50):
        sql, params = statement.sql()
        if backend.is_postgres(db):
            lines += [row[0] for row in db.execute_sql(f"EXPLAIN {sql}", params).fetchall()]
        else:
            lines += [row[3] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()]
    return lines


# -- history -------------------------------------------------------------------------


def history(db: peewee.Database, request_id: int) -> list[HistoryEntry]:
    """What happened to a request, oldest first: its audit events (including those
    about its Suket's number, such as reprints) and every send to central.

    At the same instant a send comes before the audit event it caused.
    """
    use(db)
    request_id = int(request_id)
    numbers = [n for (n,) in Suket.select(Suket.number).where(Suket.request == request_id).tuples()]
    subjects = [str(request_id), *numbers]
    events = (AuditEvent.select(AuditEvent.id, AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.details)
              .where(AuditEvent.subject.in_(subjects)).tuples())
    merged: list[tuple[str, int, int, HistoryEntry]] = [
        (at, 1, event_id, HistoryEntry(parse_utc_text(at), "audit", actor, action, json.loads(details)))
        for event_id, at, actor, action, details in events
    ]
    attempts = (SyncAttempt.select(SyncAttempt.id, SyncAttempt.at, SyncAttempt.result, SyncAttempt.reason,
                                   SyncAttempt.run)
                .where(SyncAttempt.request == request_id).tuples())
    merged += [
        (at, 0, attempt_id, HistoryEntry(parse_utc_text(at), "sync", "sync", result,
                                         {"reason": reason, "run_id": run_id}))
        for attempt_id, at, result, reason, run_id in attempts
    ]
    merged.sort(key=lambda item: item[:3])
    return [entry for *_, entry in merged]
