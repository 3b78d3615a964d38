"""The desk's work on many requests at once: what to offer, what is marked, what changed.

Everything here reads in chunks (``CHUNK`` ids per statement), so a set of
100,000 requests never becomes one statement with 100,000 parameters (SQLite
allows 32,766, PostgreSQL 65,535) nor one long transaction: the writes
themselves go through the one resolution path (``resolve`` via ``Station``),
one chunk per transaction, by ``loket.bulk``.

- ``reason_codes``: central's codes present in the queue, for the desk's filter.
- ``filter_rows``: the rows a filter shows, walked by keyset in pages, so
  "mark all that the filter shows" reads exactly what the list shows.
- ``current_states`` and ``people``: what a set of marked requests is now, and
  how a person names them (Suket number and name, never the internal id).
- ``change_mark``: a cheap probe (three indexed ``MAX(id)``) that changes
  whenever a request is taken, acted on or answered by central.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import peewee

from loket.storage.desk import MAX_LIMIT, DeskFilter, DeskRow, page
from loket.storage.models import AuditEvent, Request, SyncAttempt, use
from loket.storage.claims import claim_term, shown_state, stored_states
from loket.storage.states import NEEDS_ATTENTION, STATES

CHUNK = 500  # ids per IN (...) list: far under either database's parameter limit


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """``ids`` in lists of at most ``size``, in the order given."""
    batch: list[int] = []
    for request_id in ids:
        batch.append(request_id)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def reason_codes(db: peewee.Database, states: tuple[str, ...] = NEEDS_ATTENTION) -> list[tuple[str, int]]:
    """Central's codes (``last_error``) held by requests in ``states`` (all states when
    empty), with how many hold each, the most frequent first."""
    use(db)
    totals: dict[str, int] = {}
    for code, count in reason_query(states):
        if code:
            totals[code] = totals.get(code, 0) + count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def reason_query(states: tuple[str, ...] = NEEDS_ATTENTION) -> peewee.SelectBase:
    """The codes counted state by state, one arm each: every arm reads its state's range of
    the (state, last_error) index already grouped. Grouped across the states at once, the
    database sorted every row that holds a code (a desk's live look read 240,000 of them
    at 1,000,000 requests); the few codes are summed in Python."""
    apart = claim_term(tuple(states), Request.claimed_by) if states else None
    arms = []
    for state in stored_states(tuple(states) or STATES):
        arm = (Request.select(Request.last_error, peewee.fn.COUNT(Request.id))
               .where((Request.state == state) & Request.last_error.is_null(False)))
        if apart is not None:
            arm = arm.where(apart)
        arms.append(arm.group_by(Request.last_error))
    query = arms[0]
    for arm in arms[1:]:
        query = query.union_all(arm)
    return query.tuples()


def filter_rows(db: peewee.Database, flt: DeskFilter, sort: str = "age", descending: bool = False,
                limit: int = MAX_LIMIT) -> Iterator[list[DeskRow]]:
    """Every row ``flt`` shows, a page of ``limit`` at a time (keyset, like the list)."""
    after: DeskRow | None = None
    while True:
        rows = page(db, flt, sort, descending, after=after, limit=limit)
        if rows:
            yield rows
        if len(rows) < limit:
            return
        after = rows[-1]


def current_states(db: peewee.Database, ids: Iterable[int]) -> dict[int, str]:
    """The state of each request of ``ids`` now (a request that no longer exists is left out)."""
    use(db)
    found: dict[int, str] = {}
    for batch in chunks(ids):
        query = Request.select(Request.id, Request.state, Request.claimed_by).where(Request.id.in_(batch)).tuples()
        found.update((request_id, str(shown_state(state, claimed))) for request_id, state, claimed in query)
    return found


def people(db: peewee.Database, ids: Iterable[int]) -> dict[int, tuple[str | None, str]]:
    """``id -> (Suket or receipt number, name)``: how a person tells the requests apart."""
    use(db)
    found: dict[int, tuple[str | None, str]] = {}
    for batch in chunks(ids):
        query = Request.select(Request.id, Request.doc_number, Request.name).where(Request.id.in_(batch)).tuples()
        found.update((request_id, (number, name)) for request_id, number, name in query)
    return found


def change_mark(db: peewee.Database) -> tuple:
    """Changes whenever a request is added (its id), changed by a person (an audit event:
    every action, every state change) or answered by central (a sync attempt).

    Three primary-key maxima: each one index step on SQLite and PostgreSQL, at
    any queue size, so a desk may ask every few seconds.
    """
    use(db)
    sql = _MARK_SQL.get(type(db))
    if sql is None:
        # One statement, its text built once per kind of database: the desk reads the mark
        # before its first page and every two seconds, and peewee took longer to build three
        # statements than the database took to answer them.
        probe = peewee.Select(columns=[model.select(peewee.fn.MAX(model.id))
                                       for model in (Request, AuditEvent, SyncAttempt)])
        sql, _ = db.get_sql_context().sql(probe).query()
        _MARK_SQL[type(db)] = sql
    return tuple(db.execute_sql(sql).fetchone())


_MARK_SQL: dict[type, str] = {}
