"""Moving a single-PC station into an office database, without loss.

Everything the station's file holds moves in one transaction of the office
database: users, requests with their Sukets and numbers, the counters, the audit
log (as this station's chain, hashes untouched), the link log, the sync runs and
attempts, and the station's facts. Requests keep their ids, idempotency keys,
states and central references, so what was sent stays sent: the next sync sends
only what was still waiting, under the same keys, and central answers "duplicate"
for anything it already holds.

Ids are kept because the audit log names requests by id and its hashes cover those
names; an office database that already holds rows with the same ids is refused
before anything is written (move the first PC into a fresh office database, then
let the other counters join, or move each PC into its own database). Giving the
requests new ids would either re-hash the chain (which is what ``audit verify``
exists to catch, and what the checkpoints signed and held at central forbid) or
leave events naming ids that then belong to another counter's requests: the desk's
history of a request finds its events by that name (docs/office-database.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee

from loket.storage import audit, backend
from loket.storage.db import write_tx
from loket.storage.errors import QueueError
from loket.storage.fate import Withdrawal
from loket.storage.models import (
    AuditEvent, Counter, LinkEvent, Request, Station, StationFact, Suket, SyncAttempt, SyncRun, User, use, utc_text,
)

_CHUNK = 200


@dataclass
class MoveReport:
    station_id: str
    users: int = 0
    users_merged: list[str] = field(default_factory=list)  # names the office already had
    requests: int = 0
    sukets: int = 0
    audit_events: int = 0
    link_events: int = 0
    sync_runs: int = 0


def _dicts(db: peewee.Database, model: type[peewee.Model], order: peewee.Field) -> list[dict]:
    """Every row as stored (no conversions), so it is written back unchanged."""
    use(db)
    fields = model._meta.sorted_fields
    rows = db.execute(model.select(*fields).order_by(order)).fetchall()
    return [{field.name: value for field, value in zip(fields, row)} for row in rows]


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), _CHUNK):
        model.insert_many(rows[start:start + _CHUNK]).execute()


def move_station(source: peewee.Database, target: peewee.Database, station_id: str,
                 public_jwk: dict[str, str] | None, now: dt.datetime | None = None) -> MoveReport:
    """Copy the station in ``source`` (its SQLite file) into ``target`` (the office database)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    report = MoveReport(station_id)
    users = _dicts(source, User, User.id)
    requests = _dicts(source, Request, Request.id)
    sukets = _dicts(source, Suket, Suket.id)
    counters = _dicts(source, Counter, Counter.station_id)
    events = _dicts(source, AuditEvent, AuditEvent.seq)
    links = _dicts(source, LinkEvent, LinkEvent.id)
    runs = _dicts(source, SyncRun, SyncRun.id)
    attempts = _dicts(source, SyncAttempt, SyncAttempt.id)
    facts = _dicts(source, StationFact, StationFact.name)
    withdrawals = _dicts(source, Withdrawal, Withdrawal.id)  # asked of central, answered or not
    strangers = sorted({row["station_id"] for row in requests} - {station_id})
    if strangers:
        raise QueueError("move.foreign_requests", station=station_id, others=", ".join(strangers))

    use(target)
    with write_tx(target):
        backend.serialize(target, f"audit:{station_id}")
        _refuse_overlap(target, station_id, requests, sukets)
        user_ids = _move_users(users, report)
        for row in requests:
            row["clerk"] = user_ids[row["clerk"]]
        _insert(Request, requests)
        _insert(Suket, sukets)
        for row in counters:
            (Counter.insert(**row).on_conflict(conflict_target=[Counter.station_id, Counter.year, Counter.kind],
                                               update={Counter.value: peewee.fn.GREATEST(Counter.value, row["value"])})
             .execute())
        for row in events:
            row.pop("id")
            row["chain"] = station_id
        _insert(AuditEvent, events)
        for row in links:
            row.pop("id")
            row["station_id"] = station_id
        _insert(LinkEvent, links)
        run_ids = {}
        for row in runs:
            old = row.pop("id")
            run_ids[old] = SyncRun.insert(**row).execute()
        for row in attempts:
            row.pop("id")
            row["run"] = run_ids[row["run"]]
        _insert(SyncAttempt, attempts)
        for row in withdrawals:
            row.pop("id")
        _insert(Withdrawal, withdrawals)
        for row in facts:
            name = f"{row['name']}:{station_id}"
            (StationFact.insert(name=name, value=row["value"], updated_at=row["updated_at"])
             .on_conflict(conflict_target=[StationFact.name],
                          update={StationFact.value: row["value"], StationFact.updated_at: row["updated_at"]})
             .execute())
        _register(station_id, public_jwk, now)
        for table in ("users", "requests", "sukets"):
            _resync_ids(target, table)
        report.requests, report.sukets = len(requests), len(sukets)
        report.audit_events, report.link_events, report.sync_runs = len(events), len(links), len(runs)
        backend.speak_for(target, station_id)
        audit.append(target, "migrate-to", "station.moved", station_id, {
            "requests": report.requests, "sukets": report.sukets, "audit_events": report.audit_events,
            "users_merged": report.users_merged,
        }, now)
    backend.refresh_statistics(target, ("requests", "sukets", "audit_events", "sync_attempts"))
    return report


def _refuse_overlap(target: peewee.Database, station_id: str, requests: list[dict], sukets: list[dict]) -> None:
    if AuditEvent.select().where(AuditEvent.chain == station_id).exists():
        raise QueueError("move.already_there", station=station_id)
    taken = _taken(Request, [row["id"] for row in requests]) or _taken(Suket, [row["id"] for row in sukets])
    if taken:
        raise QueueError("move.ids_taken", station=station_id, count=taken, total=len(requests))


def _taken(model, ids: list[int]) -> int:
    """How many of ``ids`` the office database already holds in ``model``'s table."""
    found = 0
    for start in range(0, len(ids), 1000):
        found += model.select().where(model.id.in_(ids[start:start + 1000])).count()
    return found


def _move_users(users: list[dict], report: MoveReport) -> dict[int, int]:
    """Users by name: a name the office already has is that person's office account."""
    mapping = {}
    for row in users:
        existing = User.get_or_none(User.name == row["name"])
        if existing is not None:
            mapping[row["id"]] = existing.id
            report.users_merged.append(row["name"])
            continue
        old = row.pop("id")
        mapping[old] = User.insert(**row).execute()
        report.users += 1
    return mapping


def _register(station_id: str, public_jwk: dict[str, str] | None, now: dt.datetime) -> None:
    import json

    values = {"kid": public_jwk.get("kid") if public_jwk else None,
              "public_jwk": json.dumps(public_jwk, sort_keys=True) if public_jwk else None}
    (Station.insert(station_id=station_id, joined_at=utc_text(now), **values)
     .on_conflict(conflict_target=[Station.station_id], update=values).execute())


def _resync_ids(db: peewee.Database, table: str) -> None:
    """After rows were written with their own ids, new rows must be numbered past them."""
    if backend.is_postgres(db):
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))")
