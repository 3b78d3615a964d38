"""The holding queue: a counter of an office keeps serving while the office database is down.

A counter whose office database cannot be reached (server down, cable out) saves
into its own SQLite file, ``loket.db`` in its data folder, with the same
durability as a single-PC station. Three things make that safe:

- **Ids.** While the office is reachable, the counter reserves a block of request
  ids from the office's own sequence; held requests take their ids from it, so they
  keep them in the office database, where the audit log names them by id.
- **Numbers.** After every save at the office, the counter's own numbers are noted
  in the file too; held requests continue the same series (a station's numbers
  carry its id, and only this PC issues them).
- **Logins.** The office's users (names, roles, PIN hashes) are copied into the
  file while the office is reachable, so the same people log in while it is not.

When the office database is back, ``move_back`` moves the held requests, their
Sukets, counters, link records and audit events there in one transaction, exactly
once: the office database records the holding file's id, and a move that died
after its commit is recognised and not repeated. The held audit events keep their
hashes as a chain of their own (``<station>:holding:<file id>``), and the
counter's main chain gets one event naming that chain's head.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Callable

import peewee

from loket.storage import audit, backend
from loket.storage.db import write_tx
from loket.storage.errors import QueueError
from loket.storage.models import (
    AuditEvent, Counter, LinkEvent, Request, StationFact, Suket, SyncAttempt, SyncRun, User, use, utc_text,
)

ID_BLOCK = 100_000  # request ids reserved at a time: weeks of a busy counter
_LOW_WATER = 1_000  # reserve a new block when fewer ids than this are left
FILE_ID = "holding.file_id"
NEXT_ID = "holding.next_id"
END_ID = "holding.end_id"


@dataclass(frozen=True)
class Moved:
    requests: int
    skipped: int  # already in the office (saved there just before the link broke)
    chain: str | None


# -- while the office is reachable ----------------------------------------------------


def prepare(office: peewee.Database, local: peewee.Database, station_id: str,
            now: dt.datetime | None = None) -> None:
    """Keep the file ready to hold requests: an id block, the office's users, this counter's numbers."""
    now = now or dt.datetime.now(dt.timezone.utc)
    _reserve_ids(office, local, now)
    users = _users_of(office)
    numbers = _numbers_of(office, station_id)
    use(local)
    with write_tx(local):
        for row in users:
            (User.insert(**row).on_conflict(
                conflict_target=[User.name],
                update={User.role: row["role"], User.pin_hash: row["pin_hash"], User.active: row["active"]},
            ).execute())
        _raise_counters(numbers)


# Hand-written: peewee built these two statements in more time than the rest of the note
# took (the note runs after every save at the office). The file is always SQLite.
_NOTED_BEFORE = "SELECT kind, value FROM counters WHERE station_id = ? AND year = ? AND kind IN (?, ?)"
_NOTE = ("INSERT INTO counters (station_id, year, kind, value) VALUES (?, ?, ?, ?), (?, ?, ?, ?) "
         "ON CONFLICT (station_id, year, kind) DO UPDATE SET value = MAX(counters.value, excluded.value)")


def note_numbers(local: peewee.Database, station_id: str, year: int, values: dict[str, int]) -> Callable[[], None]:
    """Remember the numbers the office just issued to this counter ({kind: value}, a queue
    number and a document number), in one durable write, so requests held later continue
    the same series. Returns ``undo``, which puts back what the file held before: for a
    save whose COMMIT at the office failed after the note was written."""
    (first, one), (second, other) = values.items()
    with write_tx(local):
        before = dict(local.execute_sql(_NOTED_BEFORE, (station_id, year, first, second)).fetchall())
        local.execute_sql(_NOTE, (station_id, year, first, one, station_id, year, second, other))

    def undo() -> None:
        with write_tx(local):
            for kind, value in values.items():
                query = Counter.delete() if before.get(kind) is None else Counter.update(value=before[kind])
                # Only the value this note wrote: a larger one came from somewhere else.
                query.where((Counter.station_id == station_id) & (Counter.year == year) & (Counter.kind == kind)
                            & (Counter.value == value)).execute()

    return undo


def _raise_counters(rows: list[dict]) -> None:
    for row in rows:
        (Counter.insert(**row).on_conflict(
            conflict_target=[Counter.station_id, Counter.year, Counter.kind],
            update={Counter.value: peewee.fn.MAX(Counter.value, row["value"])},
        ).execute())


def _users_of(office: peewee.Database) -> list[dict]:
    use(office)
    return list(User.select(User.name, User.role, User.pin_hash, User.active, User.created_at).dicts())


def _numbers_of(office: peewee.Database, station_id: str) -> list[dict]:
    use(office)
    return list(Counter.select().where(Counter.station_id == station_id).dicts())


def _fact(name: str) -> str | None:
    row = StationFact.select(StationFact.value).where(StationFact.name == name).tuples().first()
    return row[0] if row else None


def _set_fact(name: str, value: str, now: dt.datetime) -> None:
    (StationFact.insert(name=name, value=value, updated_at=utc_text(now))
     .on_conflict(conflict_target=[StationFact.name],
                  update={StationFact.value: value, StationFact.updated_at: utc_text(now)}).execute())


def _reserve_ids(office: peewee.Database, local: peewee.Database, now: dt.datetime) -> None:
    use(local)
    next_id, end = _fact(NEXT_ID), _fact(END_ID)
    if next_id is not None and int(end) - int(next_id) >= _LOW_WATER:
        return
    use(office)
    with write_tx(office):
        backend.serialize(office, "holding-ids")
        if backend.is_postgres(office):
            (start,) = office.execute_sql(
                "SELECT setval(pg_get_serial_sequence('requests', 'id'), "
                "GREATEST(nextval(pg_get_serial_sequence('requests', 'id')), "
                "(SELECT COALESCE(MAX(id), 0) + 1 FROM requests)) + %s) - %s + 1",
                (ID_BLOCK, ID_BLOCK)).fetchone()
        else:  # an office on SQLite exists only in tests of this module's logic
            start = (Request.select(peewee.fn.MAX(Request.id)).scalar() or 0) + 1
    use(local)
    with write_tx(local):
        if _fact(FILE_ID) is None:
            _set_fact(FILE_ID, uuid.uuid4().hex, now)
        _set_fact(NEXT_ID, str(start), now)
        _set_fact(END_ID, str(start + ID_BLOCK), now)


def allocate_id(local: peewee.Database) -> int:
    """The next reserved request id (inside the caller's write transaction on the file)."""
    use(local)
    next_id, end = _fact(NEXT_ID), _fact(END_ID)
    if next_id is None or int(next_id) >= int(end):
        raise QueueError("holding.no_ids")
    _set_fact(NEXT_ID, str(int(next_id) + 1), dt.datetime.now(dt.timezone.utc))
    return int(next_id)


def held_count(local: peewee.Database) -> int:
    use(local)
    return Request.select().count()


# -- when the office is back ------------------------------------------------------------


def move_back(local: peewee.Database, office: peewee.Database, station_id: str,
              now: dt.datetime | None = None) -> Moved:
    """Move everything held in ``local`` into ``office``, exactly once."""
    now = now or dt.datetime.now(dt.timezone.utc)
    use(local)
    file_id = _fact(FILE_ID)
    requests = _stored(Request, Request.id)
    if file_id is None or not requests and not AuditEvent.select().exists():
        return Moved(0, 0, None)
    sukets = _stored(Suket, Suket.id)
    counters = _stored(Counter, Counter.station_id)
    events = _stored(AuditEvent, AuditEvent.seq)
    links = _stored(LinkEvent, LinkEvent.id)
    runs = _stored(SyncRun, SyncRun.id)
    attempts = _stored(SyncAttempt, SyncAttempt.id)
    clerks = {row["id"]: row["name"] for row in _stored(User, User.id)}
    chain = f"{station_id}:holding:{file_id[:12]}"
    moved_fact = f"holding.moved:{file_id}"
    use(office)
    with write_tx(office):
        backend.serialize(office, f"holding:{station_id}")
        if _fact(moved_fact) is not None:
            return Moved(0, len(requests), chain)  # an earlier move committed; only the cleanup was left
        office_users = {name: uid for uid, name in User.select(User.id, User.name).tuples()}
        skipped = set()
        for row in requests:
            twin = (Request.select(Request.id).where(
                (Request.nik == row["nik"]) & (Request.request_type == row["request_type"])
                & (Request.payload == row["payload"])).tuples().first())
            if twin is not None:
                # Saved at the office the moment the link broke, then again here: the same
                # request (the same record, the same instant), kept once.
                skipped.add(row["id"])
                continue
            row["clerk"] = office_users[clerks[row["clerk"]]]
            Request.insert(**row).execute()
        for row in sukets:
            if row["request"] in skipped:
                continue
            row.pop("id")
            Suket.insert(**row).execute()
        for row in counters:
            (Counter.insert(**row).on_conflict(
                conflict_target=[Counter.station_id, Counter.year, Counter.kind],
                update={Counter.value: peewee.fn.GREATEST(Counter.value, row["value"])}).execute())
        for row in events:
            row.pop("id")
            row["chain"] = chain
            AuditEvent.insert(**row).execute()
        for row in links:
            row.pop("id")
            row["station_id"] = station_id
            LinkEvent.insert(**row).execute()
        run_ids = {}
        for row in runs:
            run_ids[row.pop("id")] = SyncRun.insert(**row).execute()
        for row in attempts:
            row.pop("id")
            if row["request"] in skipped:
                continue
            row["run"] = run_ids[row["run"]]
            SyncAttempt.insert(**row).execute()
        _set_fact(moved_fact, utc_text(now), now)
        head = events[-1]["hash"] if events else None
        backend.speak_for(office, station_id)
        audit.append(office, "holding", "holding.moved", station_id, {
            "chain": chain, "events": len(events), "head": head, "requests": len(requests) - len(skipped),
            "skipped": sorted(skipped),
        }, now)
    return Moved(len(requests) - len(skipped), len(skipped), chain)


def _stored(model: type[peewee.Model], order: peewee.Field) -> list[dict]:
    fields = model._meta.sorted_fields
    rows = model._meta.database.execute(model.select(*fields).order_by(order)).fetchall()
    return [{field.name: value for field, value in zip(fields, row)} for row in rows]
