"""Every exchange with central has one deadline, answer included.

A fault proxy on loopback sits between the station and the real reference central:
an answer that drips a byte at a time, a peer that takes the request and never
answers, one that drops the connection. Before the deadline existed a dripping
answer kept ``loket sync`` waiting for minutes with the batch claimed ("sending").
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from faultproxy import FaultProxy
from linkkit import STATION_ID, central, connect, seed  # noqa: F401 - central is a fixture
from loket.station import Station

pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")

# How long a test lets a run take before calling it a hang: far beyond every deadline here.
HANG = 60


@pytest.fixture
def proxied(station_dir, central):
    """A station with 20 requests waiting, linked to central through a fault proxy."""
    token = central.server.store.add_station(STATION_ID)
    proxy = FaultProxy(central.port, drip_every=0.3, target=b"/v1/requests/batch")
    connect(station_dir, proxy.url, token)
    station = Station.open(station_dir)
    try:
        seed(station, 20)
    finally:
        station.close()
    yield proxy
    proxy.close()


def _states(station_dir) -> dict[str, int]:
    with sqlite3.connect(station_dir / "loket.db", timeout=10) as db:
        return dict(db.execute("SELECT state, COUNT(*) FROM requests GROUP BY state").fetchall())


def _sync(station_dir, *args):
    env = dict(os.environ, LOKET_LANG="en")
    env.pop("LOKET_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "loket.cli", "--data-dir", str(station_dir), "sync", *args],
                          capture_output=True, text=True, env=env, timeout=HANG)


@pytest.mark.parametrize("mode", ["drip", "stall"])
def test_a_dripping_or_stalled_answer_ends_the_run_at_the_deadline(proxied, station_dir, central, mode):
    proxied.mode = mode
    result = _sync(station_dir, "--json", "--deadline", "2")
    assert result.returncode == 2, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["outcome"], summary["detail"], summary["sent"], summary["left"]) == ("link_down", "deadline", 0, 20)
    # The claimed batch went back at once: nothing is left "sending" for a lease to free.
    assert _states(station_dir) == {"queued": 20}
    words = _sync(station_dir, "--deadline", "2")
    assert words.returncode == 2 and "within the deadline" in words.stdout
    assert len(central.items()) == (20 if mode == "drip" else 0)  # stalled: central never heard of them
    proxied.mode = "pass"
    again = _sync(station_dir, "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["outcome"] == "drained"
    keys = [item["idempotency_key"] for item in central.items()]
    assert len(keys) == 20 and len(set(keys)) == 20


def test_the_batch_central_stored_before_the_deadline_comes_back_duplicate(proxied, station_dir, central):
    """Drip: central stored the batch, the answer never arrived in time. The retry with the
    same keys is answered ``duplicate``: each request is at central exactly once."""
    proxied.mode = "drip"
    assert _sync(station_dir, "--json", "--deadline", "1").returncode == 2
    assert len(central.items()) == 20
    proxied.mode = "pass"
    summary = json.loads(_sync(station_dir, "--json").stdout)
    assert (summary["outcome"], summary["duplicate"], summary["accepted"]) == ("drained", 20, 0)
    assert len(central.items()) == 20


def test_a_peer_that_never_reads_stops_the_probe_not_just_the_batch(proxied, station_dir, central):
    proxied.target = None
    proxied.mode = "blackhole"
    result = _sync(station_dir, "--json", "--deadline", "1.5")
    summary = json.loads(result.stdout)
    assert result.returncode == 2 and (summary["outcome"], summary["detail"]) == ("link_down", "deadline")
    assert _states(station_dir) == {"queued": 20}


def test_the_app_path_station_sync_keeps_the_same_deadline(proxied, station_dir, central):
    """The app's sync worker calls Station.sync: the deadline and the give-back hold there too."""
    proxied.mode = "stall"
    station = Station.open(station_dir)
    try:
        station.link_monitor()
        station.central.client.deadline = 1.0  # the app keeps the default; a short one keeps the test quick
        result = station.sync()
        counts = station.queue_counts()
    finally:
        station.close()
    assert (result.outcome, result.detail, result.left) == ("link_down", "deadline", 20)
    assert counts["sending"] == 0 and counts["queued"] == 20
    assert "deadline" in result.message() or "batas waktu" in result.message()


def test_a_dropped_connection_is_retried_and_nothing_is_lost(proxied, station_dir, central):
    proxied.mode = "drop"
    result = _sync(station_dir, "--json", "--deadline", "5")
    summary = json.loads(result.stdout)
    assert result.returncode == 2 and (summary["outcome"], summary["detail"]) == ("link_down", "dropped")
    assert _states(station_dir) == {"queued": 20}


def test_the_deadline_flag_is_checked(station_dir, loket_cli):
    result = loket_cli("sync", "--deadline", "nan")
    assert result.returncode == 2 and "0.1 to 3600" in result.stderr
