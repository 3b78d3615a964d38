"""One supervisor's action on many requests: send again, cancel, or confirm the region.

Each chunk of requests goes through the station's own per-request path
(``Station.requeue``, ``Station.void``, ``Station.override_warning``), so every
rule and refusal of a single action holds for each request of a set, and a
reason that path learns later reaches this summary without a change here. A
chunk is one transaction: stopping between chunks leaves what was done done and
the rest untouched.

The outcome names each refused request by its Suket number and the person's
name (read once, for the refused ones only), grouped by the refusal's code
and the state it found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from loket.errors import ExplainedError

ACTIONS = ("requeue", "void", "override")
REGION_WARNING = "region_unknown"
CHUNK = 100  # requests per transaction: short enough for the sync and other counters to get in


@dataclass(frozen=True)
class Refusal:
    request_id: int  # kept for tests and logs; never shown
    code: str  # the refusal's message key, e.g. "resolve.cannot_requeue"
    state: str | None  # the state the request was found in, when that was the reason
    number: str | None  # the newest Suket or receipt number
    name: str
    message: str  # the path's own sentence, for a code the desk has no words for


@dataclass
class BulkOutcome:
    action: str
    asked: int
    done: int = 0
    refused: list[Refusal] = field(default_factory=list)
    cancelled: bool = False
    error: BaseException | None = None  # why the run stopped early (the supervisor disabled, the database down)
    done_ids: list[int] = field(default_factory=list)
    central_asked: int = 0  # voids of what central holds: asked of central, settled when it answers
    # The path's own sentence about the first request (done or refused): a one-row action
    # is told in it, naming the request by its Suket number and the person.
    first_message: str = ""

    @property
    def untouched(self) -> int:
        """Requests never reached (cancelled or stopped by an error)."""
        return self.asked - self.done - len(self.refused)

    def groups(self) -> list[tuple[tuple[str, str | None], list[Refusal]]]:
        """Refusals by (code, state), the largest group first."""
        by: dict[tuple[str, str | None], list[Refusal]] = {}
        for refusal in self.refused:
            by.setdefault((refusal.code, refusal.state), []).append(refusal)
        return sorted(by.items(), key=lambda item: -len(item[1]))


@dataclass(frozen=True)
class _Result:
    request_id: int
    ok: bool
    message: str
    key: str = ""
    state: str | None = None


def _override_each(station, ids: Sequence[int], supervisor, reason: str) -> list[_Result]:
    results = []
    for request_id in ids:
        try:
            station.override_warning(request_id, REGION_WARNING, supervisor, reason)
        except ExplainedError as exc:
            if getattr(exc, "key", "") in ("storage.reason_required", "storage.needs_supervisor"):
                raise  # about the person or the reason, not this request: stop the whole run
            results.append(_Result(request_id, False, exc.message(), getattr(exc, "key", ""),
                                   getattr(exc, "state", None)))
        else:
            results.append(_Result(request_id, True, _confirmed(station, request_id) if not results else ""))
    return results


def _confirmed(station, request_id: int) -> str:
    """What a one-row confirmation says (read for the first of a chunk only: a set is summed up)."""
    from loket.i18n import t
    from loket.storage.naming import name_of

    return t("notice.region_confirmed", request=name_of(station.db, request_id))


def run(station, action: str, ids: Sequence[int], supervisor, reason: str, *,
        on_progress: Callable[[BulkOutcome], None] | None = None,
        should_stop: Callable[[], bool] | None = None, chunk: int = CHUNK) -> BulkOutcome:
    """Apply ``action`` to ``ids`` chunk by chunk; ``should_stop`` is asked between chunks."""
    from loket.storage.bulk import chunks, people

    if action not in ACTIONS:
        raise ValueError(f"unknown bulk action {action!r}; known: {', '.join(ACTIONS)}")
    ids = list(dict.fromkeys(ids))
    outcome = BulkOutcome(action, len(ids))
    for batch in chunks(ids, chunk):
        if should_stop is not None and should_stop():
            outcome.cancelled = True
            break
        try:
            if action == "requeue":
                results = station.requeue(batch, supervisor, reason)
            elif action == "void":
                results = station.void(batch, supervisor, reason)
            else:
                results = _override_each(station, batch, supervisor, reason)
            refused = [r for r in results if not r.ok]
            names = people(station.db, [r.request_id for r in refused]) if refused else {}
        except Exception as exc:  # the supervisor disabled meanwhile, the database gone
            outcome.error = exc
            break
        for result in results:
            if not outcome.first_message:
                outcome.first_message = result.message
            if result.ok:
                outcome.done += 1
                outcome.done_ids.append(result.request_id)
                if getattr(result, "code", None) == "withdrawal_asked":
                    outcome.central_asked += 1
            else:
                number, name = names.get(result.request_id, (None, ""))
                outcome.refused.append(Refusal(result.request_id, getattr(result, "key", "") or "",
                                               getattr(result, "state", None), number, name, result.message))
        if on_progress is not None:
            on_progress(outcome)
    return outcome
