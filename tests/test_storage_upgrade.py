"""A station made by the previous release upgrades in place.

``tests/data/station-v4`` was written by the release before office databases
(schema version 4): setup, a supervisor and a clerk, six intakes (one receipt),
a sync verdict, a rejection, a void and a revoked link. Opening it with this code
must migrate it and keep every number, seal and audit hash.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from loket.storage import audit, desk, migrations, queue, users
from loket.storage.states import State

OLD_STATION = Path(__file__).parent / "data" / "station-v4"


@pytest.fixture
def old_station(tmp_path) -> Path:
    root = tmp_path / "station"
    shutil.copytree(OLD_STATION, root)
    return root


def test_a_version_4_station_upgrades_in_place_and_keeps_its_history(old_station):
    from loket.intake.samples import sample_record
    from loket.station import Station

    station = Station.open(old_station)
    try:
        db = station.db
        assert migrations.current_version(db) == migrations.LATEST
        report = audit.verify_chain(db)
        assert report.ok and report.count == 16
        counts = queue.counts_by_state(db)
        assert (counts[State.QUEUED], counts[State.SYNCED], counts[State.REJECTED], counts[State.VOID]) == (3, 1, 1, 1)
        rows = desk.page(db, desk.DeskFilter(states=()), sort="age", limit=10)
        assert [row.number for row in rows][:3] == [
            "471/0001/7373-LKT01/III/2026", "471/0002/7373-LKT01/III/2026", "TT/0001/7373-LKT01/2026"]
        # Migration 6 indexed the rows it found: any word of a name, any part of a number.
        everywhere = desk.DeskFilter(states=())
        assert [row.id for row in desk.page(db, desk.DeskFilter(search="hamzah"))] == [2, 6]
        assert [row.id for row in desk.page(db, desk.DeskFilter(states=(), search="patandung"))] == [4]
        assert [row.id for row in desk.page(db, desk.DeskFilter(states=(), search="0003/"))] == [4]
        assert desk.count(db, desk.DeskFilter(states=(), search="lkt01")) == desk.count(db, everywhere) == 6
        # The next intake continues the numbers and extends the same chain.
        clerk = users.authenticate(db, "CLERK", "246810")
        saved = station.submit(sample_record(), clerk,
                               now=dt.datetime(2026, 3, 11, 1, 0, tzinfo=dt.timezone.utc))
        assert saved.queue_no == 7 and saved.number == "471/0006/7373-LKT01/III/2026"
        assert [row.id for row in desk.page(db, desk.DeskFilter(search="0006/"))] == [saved.request_id]
        assert audit.verify_chain(db).ok
    finally:
        station.close()
