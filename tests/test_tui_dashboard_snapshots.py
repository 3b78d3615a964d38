"""The outage dashboard at 80x24 and 120x40, compared with its stored picture.

A station whose link was lost yesterday and then revoked, with requests central
refused weeks ago and a Suket about to run out: the warnings, the 14-day chart
and the outage line all show. The clock is fixed and the time zone is WITA, so
the picture does not age and does not depend on the PC's zone.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from linkkit import seed
from test_tui_snapshots import SIZES, log_in, picture, settle

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
NOW = dt.datetime(2026, 3, 9, 9, 30, tzinfo=WITA)

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the fixed time zone is set with time.tzset (POSIX)")


@pytest.fixture
def wita():
    """The process's local time zone is WITA for the test (the dashboard shows local times)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "WITA-8"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def outage_station(station_dir) -> None:
    from loket.station import Station
    from loket.storage.linklog import record_link_change
    from loket.storage.transitions import change_state

    station = Station.open(station_dir)
    try:
        old = seed(station, 5, seed=61, start=NOW - dt.timedelta(days=20))
        seed(station, 3, seed=62, start=NOW - dt.timedelta(days=9), purposes={0: "election_candidate"})
        seed(station, 4, seed=63, start=NOW - dt.timedelta(hours=2))
        db = station.db
        for index, outcome in ((0, "rejected"), (1, "conflict"), (2, "rejected")):
            change_state(db, old[index].request_id, "sending", actor="test")
            change_state(db, old[index].request_id, outcome, actor="test", reason="invalid_nik")
        soon = (NOW + dt.timedelta(days=5)).date().isoformat()
        db.execute_sql("UPDATE sukets SET valid_until = ? WHERE request_id = ?", (soon, old[3].request_id))
        utc = dt.timezone.utc
        record_link_change(db, (NOW - dt.timedelta(days=30)).astimezone(utc), "unknown", "online")
        record_link_change(db, (NOW - dt.timedelta(hours=26)).astimezone(utc), "online", "offline", "timeout")
        record_link_change(db, (NOW - dt.timedelta(hours=20)).astimezone(utc), "offline", "revoked",
                           "Audit data kependudukan", (NOW - dt.timedelta(hours=20)).astimezone(utc))
    finally:
        station.close()


async def dashboard(pilot) -> None:
    from loket.storage.alerts import WarningLimits
    from loket.sync.states import LinkReading
    from loket.tui.screens.dashboard import DashboardScreen

    app = pilot.app
    app.set_link(LinkReading("revoked", NOW - dt.timedelta(hours=20), "Audit data kependudukan", None))
    # No disk warning: the free space is this PC's, not the picture's.
    await app.push_screen(DashboardScreen(clock=lambda: NOW.astimezone(dt.timezone.utc),
                                          limits=WarningLimits(min_free_bytes=0)))
    await settle(pilot, 5)
    app.clear_notifications()  # slips recovered at open name this run's folder
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, station_dir, wita, size):
    outage_station(station_dir)
    assert picture(snap_compare, station_dir, size, log_in, dashboard)
