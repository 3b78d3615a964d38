"""What the station remembers about its link to central.

- ``link_events``: every change of the link state (time, from, to, reason), so an
  outage has a start, an end and a length, and the state survives a restart;
- ``sync_runs``: one row per sync run with its counts and outcome;
- ``station_facts``: small named values, e.g. the key id central has registered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from loket.storage import backend
from loket.storage.db import write_tx
from loket.storage.models import LinkEvent as LinkEventRow
from loket.storage.models import StationFact
from loket.storage.models import SyncRun as SyncRunRow
from loket.storage.models import parse_utc_text, use, utc_text


@dataclass(frozen=True)
class LinkEvent:
    id: int
    at: dt.datetime
    from_state: str
    to_state: str
    reason: str | None
    revoked_at: dt.datetime | None


def _event(row: tuple) -> LinkEvent:
    event_id, at, from_state, to_state, reason, revoked_at = row
    return LinkEvent(
        event_id, parse_utc_text(at), from_state, to_state, reason,
        parse_utc_text(revoked_at) if revoked_at else None,
    )


_EVENT_COLUMNS = (LinkEventRow.id, LinkEventRow.at, LinkEventRow.from_state, LinkEventRow.to_state,
                  LinkEventRow.reason, LinkEventRow.revoked_at)


def record_link_change(
    db: peewee.Database,
    at: dt.datetime,
    from_state: str,
    to_state: str,
    reason: str | None = None,
    revoked_at: dt.datetime | None = None,
) -> LinkEvent:
    with write_tx(db):
        event_id = LinkEventRow.insert(
            station_id=backend.speaker(db), at=utc_text(at), from_state=from_state, to_state=to_state, reason=reason,
            revoked_at=utc_text(revoked_at) if revoked_at else None,
        ).execute()
    return LinkEvent(event_id, at, from_state, to_state, reason, revoked_at)


def record_link_state(
    db: peewee.Database,
    at: dt.datetime,
    to_state: str,
    reason: str | None = None,
    revoked_at: dt.datetime | None = None,
) -> LinkEvent:
    """Record that the link is now ``to_state``, unless that is already the last record.

    Several processes watch the same link (the app, a scheduled ``loket sync``);
    whoever notices a change first records it, and the others find it recorded,
    so an outage is stored once, with the earliest start.
    """
    with write_tx(db):
        backend.serialize(db, f"link:{backend.speaker(db)}")  # two watchers noticing the same change
        last = last_link_event(db)
        if last is not None and (last.to_state, last.reason, last.revoked_at) == (to_state, reason, revoked_at):
            return last
        from_state = last.to_state if last is not None else "unknown"
        return record_link_change(db, at, from_state, to_state, reason, revoked_at)


def last_link_event(db: peewee.Database) -> LinkEvent | None:
    use(db)
    row = (LinkEventRow.select(*_EVENT_COLUMNS).where(LinkEventRow.station_id == backend.speaker(db))
           .order_by(LinkEventRow.id.desc()).limit(1).tuples().first())
    return _event(row) if row else None


def link_events(db: peewee.Database, since: dt.datetime | None = None) -> list[LinkEvent]:
    """Link changes in time order (from ``since`` when given)."""
    use(db)
    query = (LinkEventRow.select(*_EVENT_COLUMNS).where(LinkEventRow.station_id == backend.speaker(db))
             .order_by(LinkEventRow.id))
    if since is not None:
        query = query.where(LinkEventRow.at >= utc_text(since))
    return [_event(row) for row in query.tuples()]


# -- sync runs -----------------------------------------------------------------------

RUN_COUNTS = ("sent", "accepted", "duplicate", "rejected", "conflict", "completed", "left_over")


@dataclass(frozen=True)
class SyncRun:
    id: int
    runner: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    outcome: str | None
    sent: int
    accepted: int
    duplicate: int
    rejected: int
    conflict: int
    completed: int
    left_over: int
    detail: str | None


def start_run(db: peewee.Database, runner: str, now: dt.datetime) -> int:
    with write_tx(db):
        return SyncRunRow.insert(runner=runner, started_at=utc_text(now)).execute()


def finish_run(
    db: peewee.Database, run_id: int, outcome: str, counts: dict[str, int], detail: str | None, now: dt.datetime
) -> None:
    changes = {name: int(counts.get(name, 0)) for name in RUN_COUNTS}
    with write_tx(db):
        (SyncRunRow.update(finished_at=utc_text(now), outcome=outcome, detail=detail, **changes)
         .where(SyncRunRow.id == run_id).execute())


def last_finished_run(db: peewee.Database) -> SyncRun | None:
    use(db)
    columns = [getattr(SyncRunRow, name) for name in ("id", "runner", "started_at", "finished_at", "outcome",
                                                      *RUN_COUNTS, "detail")]
    row = (SyncRunRow.select(*columns).where(SyncRunRow.finished_at.is_null(False))
           .order_by(SyncRunRow.id.desc()).limit(1).tuples().first())
    if row is None:
        return None
    run_id, runner, started, finished, outcome, *counts, detail = row
    return SyncRun(run_id, runner, parse_utc_text(started), parse_utc_text(finished), outcome, *counts, detail)


# -- facts ---------------------------------------------------------------------------

def get_fact(db: peewee.Database, name: str) -> str | None:
    use(db)
    row = StationFact.select(StationFact.value).where(StationFact.name == name).tuples().first()
    return row[0] if row else None


def set_fact(db: peewee.Database, name: str, value: str, now: dt.datetime) -> None:
    with write_tx(db):
        (StationFact.insert(name=name, value=value, updated_at=utc_text(now))
         .on_conflict(conflict_target=[StationFact.name],
                      update={StationFact.value: value, StationFact.updated_at: utc_text(now)})
         .execute())


# -- what an outage was caused by ----------------------------------------------------

# The link states that are outages, by what caused them: central's decision about this
# station (``revoked``: the ministry withdrew its authorization; ``unauthorized``: central
# does not know its token) or the network (no answer, or central failing).
CAUSE_OF_STATE = {"offline": "network", "degraded": "network", "revoked": "revoked", "unauthorized": "unauthorized"}
# What a period (one outage, or a whole report) is named by: a revocation is an
# administrative decision, and a letter must never call it a network fault.
CAUSES = ("revoked", "both", "unauthorized", "unauthorized_network", "network")


def cause_of(kinds) -> str | None:
    """The name of a period that went through the cause ``kinds`` (values of CAUSE_OF_STATE):
    ``revoked``, ``both`` (revoked and the network), ``unauthorized``, ``unauthorized_network``,
    ``network``, or None when there was no outage."""
    kinds = set(kinds)
    network = "network" in kinds
    if "revoked" in kinds:
        return "both" if network else "revoked"
    if "unauthorized" in kinds:
        return "unauthorized_network" if network else "unauthorized"
    return "network" if network else None
