"""The office in an office database: its shared settings and its counters.

The first counter set up on an office database writes the office's settings (name,
address, head of office...) there; every later counter reads them instead of asking
again, so every slip of the office carries the same letterhead. Each counter is a
row in ``stations`` with its own signing key's id and public key: central and a
receiver can tell which counter sealed a Suket, and a counter's numbers carry its
station id, so no two counters can issue the same number.
"""

from __future__ import annotations

import datetime as dt
import json

import peewee

from loket.storage import audit, backend
from loket.storage.db import write_tx
from loket.storage.errors import QueueError
from loket.storage.models import OfficeSetting, Station, use, utc_text

# What every counter of an office shares; the rest of the settings are each PC's own.
SHARED_FIELDS = (
    "office_code", "office_name", "office_address", "province", "city", "head_name", "head_nip",
    "paper", "validity_months", "number_pattern",
)


def shared_settings(db: peewee.Database) -> dict[str, object]:
    """The office's settings ({} before the first counter wrote them)."""
    use(db)
    return {name: json.loads(value) for name, value in OfficeSetting.select(OfficeSetting.name, OfficeSetting.value)
            .where(OfficeSetting.name.in_(SHARED_FIELDS)).tuples()}


def write_shared(db: peewee.Database, values: dict[str, object], actor: str, now: dt.datetime | None = None) -> None:
    """Store the office's settings (the first counter, or a supervisor changing them)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with write_tx(db):
        backend.serialize(db, "office")
        for name in SHARED_FIELDS:
            if name in values:
                text = json.dumps(values[name], ensure_ascii=False)
                (OfficeSetting.insert(name=name, value=text)
                 .on_conflict(conflict_target=[OfficeSetting.name], update={OfficeSetting.value: text}).execute())
        audit.append(db, actor, "office.settings", values.get("office_code", ""),
                     {name: values[name] for name in SHARED_FIELDS if name in values}, now)


def stations(db: peewee.Database) -> list[Station]:
    """The office's counters, by id."""
    use(db)
    return list(Station.select().order_by(Station.station_id))


def station_ids(db: peewee.Database) -> list[str]:
    """The office's counters by id (migration 5 recorded those an older file knew)."""
    use(db)
    return [sid for (sid,) in Station.select(Station.station_id).order_by(Station.station_id).tuples()]


def register_station(db: peewee.Database, station_id: str, public_jwk: dict[str, str], actor: str,
                     now: dt.datetime | None = None) -> bool:
    """Add this counter to the office (or confirm it); returns True when it is new.

    A station id already held by another key is refused: two PCs would sign Sukets
    as one counter and number them from one series.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    kid = public_jwk["kid"]
    with write_tx(db):
        backend.serialize(db, f"station:{station_id}")
        row = Station.get_or_none(Station.station_id == station_id)
        if row is not None:
            if row.kid and row.kid != kid:
                raise QueueError("office.station_taken", station=station_id, kid=row.kid)
            if row.kid != kid:
                Station.update(kid=kid, public_jwk=json.dumps(public_jwk, sort_keys=True)).where(
                    Station.station_id == station_id).execute()
            return False
        Station.insert(station_id=station_id, joined_at=utc_text(now), kid=kid,
                       public_jwk=json.dumps(public_jwk, sort_keys=True)).execute()
        audit.append(db, actor, "station.joined", station_id, {"kid": kid}, now)
        return True
