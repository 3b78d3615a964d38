"""Being sent, told by the claim and not by the stored state (migration 12).

A sync claims a batch by stamping ``claimed_by`` and ``claimed_at`` on rows that stay
``queued``; the state moves once, when central answers (``queued`` -> ``synced``,
``rejected`` or ``conflict``), or not at all when the claim is given back. Ten of the
``requests`` indexes start with ``state``: a claim that moved the state rewrote each
claimed row's entry in every one of them, and its answers did it again, so the
station's cost per batch grew with the queue (docs/benchmarks.md, "The outbox claim").

``sending`` stays a state as people see it (the desk, the counts, ``loket status``,
the history): a ``queued`` row with a claim. A claim is cleared by every move out of
``queued``, so ``claimed_by IS NOT NULL`` holds exactly for the rows being sent, and a
small partial index on it answers "who holds claims, since when" without reading the
queue.
"""

from __future__ import annotations

import peewee

from loket.storage import backend
from loket.storage.models import Request
from loket.storage.states import State

# Rows a sync holds (shown as "sending").
CLAIMED = Request.claimed_by.is_null(False)


def being_sent(db: peewee.Database) -> peewee.Expression:
    """Rows being sent, read in the claims' partial index (the state term kept off the
    state indexes, which would walk the whole queue on SQLite)."""
    return CLAIMED & (backend.unindexed(Request.state, db) == State.QUEUED)


def shown_state(state: str, claimed_by: str | None) -> State:
    """The state a person sees: a claimed ``queued`` row is being sent."""
    state = State(state)
    if state is State.QUEUED and claimed_by is not None:
        return State.SENDING
    return state


def stored_states(states: tuple[str, ...]) -> tuple[str, ...]:
    """The stored states that hold rows shown in ``states`` (``sending`` lies in ``queued``)."""
    stored = [State.QUEUED.value if state == State.SENDING else str(state) for state in states]
    return tuple(dict.fromkeys(stored))


def claim_term(states: tuple[str, ...], column: peewee.Node) -> peewee.Expression | None:
    """The term that keeps ``queued`` and ``sending`` apart when only one of them is wanted
    (``column``: the claim column, possibly kept off indexes)."""
    wanted = {str(state) for state in states}
    queued, sending = State.QUEUED.value in wanted, State.SENDING.value in wanted
    if queued == sending:
        return None
    claimed = column.is_null(not sending)
    return (Request.state != State.QUEUED) | claimed


def split_counts(counts: dict, claimed: int) -> None:
    """Move ``claimed`` rows counted under ``queued`` to ``sending`` (in place)."""
    counts[State.QUEUED] = counts.get(State.QUEUED, 0) - claimed
    counts[State.SENDING] = counts.get(State.SENDING, 0) + claimed


def count_claimed(db: peewee.Database) -> int:
    """How many rows are being sent."""
    return Request.select().where(being_sent(db)).count()


def claim_in_place(db: peewee.Database) -> None:
    """Migration 12: the claim moves no state.

    Rows ``sending`` at the upgrade become ``queued`` with their claim kept, so a live
    claim is still its sync's (its answers are stored by the new code's guard) and a
    dead one is taken over after the lease, with the same idempotency keys; a
    ``sending`` row without a claimer is claimable at once. A claim left on a row in
    any other state (none should be) is cleared first, so it is not read as sending.
    Safe to run again (a station whose earlier steps are re-run).
    """
    db.execute_sql("UPDATE requests SET claimed_by = NULL, claimed_at = NULL "
                   "WHERE claimed_by IS NOT NULL AND state <> 'sending'")
    db.execute_sql("UPDATE requests SET state = 'queued' WHERE state = 'sending'")
    db.execute_sql("CREATE INDEX IF NOT EXISTS requests_claimed ON requests (claimed_by, claimed_at) "
                   "WHERE claimed_by IS NOT NULL")
