"""The link monitor's hysteresis and its record of every change."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.storage import linklog
from loket.station import Station
from loket.sync.client import Reply
from loket.sync.monitor import LinkMonitor, classify
from loket.sync.states import Observation


class _Clock:
    def __init__(self):
        self.now = dt.datetime(2018, 7, 12, 0, 0, tzinfo=dt.timezone.utc)

    def __call__(self):
        self.now += dt.timedelta(seconds=5)
        return self.now


@pytest.fixture
def monitor(station_dir):
    station = Station.open(station_dir)
    # The client is never called here: observations are fed directly.
    yield LinkMonitor(station.db, client=None, clock=_Clock())
    station.close()


def _states(monitor):
    return [(e.from_state, e.to_state) for e in linklog.link_events(monitor.db)]


def test_one_lost_probe_never_flips_online(monitor):
    monitor.observe(Observation("online"))
    for _ in range(5):
        assert monitor.observe(Observation("offline", "timeout")) is None
        assert monitor.observe(Observation("online")) is None  # the streak is broken
    assert monitor.reading.state == "online"
    change = monitor.observe(Observation("offline", "timeout")) or monitor.observe(Observation("offline", "refused"))
    assert change.after.state == "offline" and change.after.reason == "refused"
    assert _states(monitor) == [("unknown", "online"), ("online", "offline")]


def test_coming_back_takes_two_good_probes(monitor):
    monitor.observe(Observation("offline", "refused"))
    assert monitor.observe(Observation("online")) is None
    assert monitor.observe(Observation("offline", "refused")) is None
    assert monitor.observe(Observation("online")) is None
    assert monitor.observe(Observation("online")).after.state == "online"


def test_revoked_and_unauthorized_show_at_once(monitor):
    monitor.observe(Observation("online"))
    at = dt.datetime(2018, 7, 12, 0, 30, tzinfo=dt.timezone.utc)
    change = monitor.observe(Observation("revoked", "Pencabutan akses oleh Dirjen", at))
    assert change.after.state == "revoked" and change.after.revoked_at == at
    assert monitor.observe(Observation("unauthorized", "invalid_token")).after.state == "unauthorized"
    events = linklog.link_events(monitor.db)
    assert events[1].reason == "Pencabutan akses oleh Dirjen" and events[1].revoked_at == at


def test_the_state_survives_a_restart(monitor, station_dir):
    monitor.observe(Observation("revoked", "dicabut"))
    again = LinkMonitor(monitor.db, client=None)
    assert again.reading.state == "revoked" and again.reading.reason == "dicabut"
    assert again.reading.since == linklog.last_link_event(monitor.db).at


@pytest.mark.parametrize(
    ("status", "body", "state", "reason"),
    [
        (200, {"status": "active"}, "online", None),
        (401, {"error": "invalid_token"}, "unauthorized", "invalid_token"),
        (403, {"error": "authorization_revoked", "reason": "Audit", "revoked_at": "2018-07-12T00:30:00Z"},
         "revoked", "Audit"),
        (429, {"error": "rate_limited"}, "degraded", "rate_limited"),
        (503, None, "degraded", "http_503"),
        (418, None, "degraded", "http_418"),
    ],
)
def test_classify_a_reply(status, body, state, reason):
    seen = classify(Reply(status, body))
    assert (seen.state, seen.reason) == (state, reason)


def test_two_watchers_of_one_link_record_an_outage_once(monitor):
    other = LinkMonitor(monitor.db, client=None)  # e.g. a scheduled `loket sync` beside the app
    monitor.observe(Observation("online"))
    other.observe(Observation("revoked", "dicabut"))
    change = monitor.observe(Observation("revoked", "dicabut"))
    assert change.after.since == other.reading.since  # the first to notice set the start
    assert [(e.from_state, e.to_state) for e in linklog.link_events(monitor.db)] == [
        ("unknown", "online"), ("online", "revoked"),
    ]
