"""The one vocabulary of request states, and which action applies to which state.

    queued -> sending -> synced -> completed      (card printed centrally)
                      -> rejected | conflict      (needs a person)
              sending -> queued                   (no answer: retry with the same key)
    rejected | conflict -> queued                 (resubmitted after a fix)
    queued | rejected | conflict -> void          (cancelled by a supervisor)
    synced | conflict -> void                     (only once central withdrew it: see ``fate``)
    void -> completed                             (central printed the card of a request
                                                   voided here before central was asked)

Central's word wins: a request central holds (``synced``, or a ``conflict`` whose key
central stored) is voided only when central answers that it withdrew it, and a
correction that re-sends a conflict under a new key also asks central to withdraw
the record under the old key (``storage.fate``).

``sending`` is not stored: a sync claims ``queued`` rows (``claimed_by``) and the
state moves once, when central answers (``storage.claims``); a claimed ``queued``
row is shown, counted and guarded as ``sending``.

A ``str`` enum, so a state compares equal to its stored text and can be written
into SQL and JSON as is; no module spells a state as a bare string.
"""

from __future__ import annotations

import enum


class State(str, enum.Enum):
    QUEUED = "queued"
    SENDING = "sending"
    SYNCED = "synced"
    REJECTED = "rejected"
    CONFLICT = "conflict"
    COMPLETED = "completed"
    VOID = "void"

    def __str__(self) -> str:  # f-strings and str() give the stored text
        return self.value

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATES


STATES: tuple[State, ...] = tuple(State)
# A NIK may have only one request of a type in these states at a time.
OPEN_STATES: tuple[State, ...] = (State.QUEUED, State.SENDING, State.SYNCED, State.REJECTED, State.CONFLICT)
CLOSED_STATES: tuple[State, ...] = (State.COMPLETED, State.VOID)
# Waiting to reach central (the sync's work, the counter's strip).
PENDING_SEND: tuple[State, ...] = (State.QUEUED, State.SENDING)
# The desk's default filter: what may need a person.
NEEDS_ATTENTION: tuple[State, ...] = (State.QUEUED, State.SENDING, State.REJECTED, State.CONFLICT)
# Central refused these: a supervisor corrects, requeues or voids them.
REFUSED: tuple[State, ...] = (State.REJECTED, State.CONFLICT)
# What central may still hold or be about to hold: a hand-delivery bundle carries these.
UNSYNCED: tuple[State, ...] = (State.QUEUED, State.SENDING)

TRANSITIONS: dict[State, frozenset[State]] = {
    State.QUEUED: frozenset({State.SENDING, State.VOID}),
    State.SENDING: frozenset({State.QUEUED, State.SYNCED, State.REJECTED, State.CONFLICT}),
    State.SYNCED: frozenset({State.COMPLETED, State.REJECTED, State.VOID}),
    State.REJECTED: frozenset({State.QUEUED, State.VOID}),
    State.CONFLICT: frozenset({State.QUEUED, State.VOID}),
    State.COMPLETED: frozenset(),
    State.VOID: frozenset({State.COMPLETED}),
}

# The supervisor's actions and the states each applies to.
CAN_REQUEUE: tuple[State, ...] = REFUSED
CAN_CORRECT: tuple[State, ...] = REFUSED
CAN_VOID: tuple[State, ...] = (State.QUEUED, State.SYNCED, State.REJECTED, State.CONFLICT)
# Central may hold a record under the request's key: voiding asks central first, and a
# new key (correct, requeue) asks central to withdraw the old one.
CENTRAL_HOLDS: tuple[State, ...] = (State.SYNCED, State.CONFLICT)


def can_move(from_state: str, to_state: str) -> bool:
    return State(to_state) in TRANSITIONS.get(State(from_state), frozenset())
