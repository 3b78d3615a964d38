"""``loket sync`` and ``loket status`` as a scheduler and an operator run them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from dbkit import station_rows

from linkkit import STATION_ID, central, connect, seed  # noqa: F401 - central is a fixture
from loket.station import Station

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]

@pytest.fixture
def queued(station_dir, central):
    """A station connected to central with 12 requests waiting."""
    token = central.server.store.add_station(STATION_ID)
    connect(station_dir, central.url, token)
    station = Station.open(station_dir)
    try:
        saved = seed(station, 12)
    finally:
        station.close()
    return saved


def _sync_process(station_dir, *args):
    env = dict(os.environ, LOKET_LANG="en")
    env.pop("LOKET_DATA_DIR", None)
    return subprocess.Popen(
        [sys.executable, "-m", "loket.cli", "--data-dir", str(station_dir), "sync", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _db_states(station_dir) -> dict[str, int]:
    # A queued request a run holds is being sent (storage.claims).
    shown = "CASE WHEN state = 'queued' AND claimed_by IS NOT NULL THEN 'sending' ELSE state END"
    return dict(station_rows(station_dir, f"SELECT {shown}, COUNT(*) FROM requests GROUP BY {shown}"))


def test_sync_prints_a_summary_and_exits_0_when_drained(queued, loket_cli, central):
    result = loket_cli("sync", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["outcome"], summary["sent"], summary["accepted"], summary["left"]) == ("drained", 12, 12, 0)
    assert summary["link"] == "online"
    text = loket_cli("sync")
    assert text.returncode == 0 and "0 sent" in text.stdout and "0 left" in text.stdout


def test_sync_exits_2_when_revoked_or_down_and_status_says_why(queued, loket_cli, central):
    central.revoke("Otorisasi kantor dicabut")
    result = loket_cli("sync")
    assert result.returncode == 2 and "revoked" in result.stdout
    status = json.loads(loket_cli("status", "--json").stdout)
    assert status["link"]["state"] == "revoked" and status["link"]["reason"] == "Otorisasi kantor dicabut"
    assert status["link"]["since"] and status["queue"]["queued"] == 12
    plain = loket_cli("status")
    assert "authorization revoked" in plain.stdout and "Otorisasi kantor dicabut" in plain.stdout
    central.stop()
    down = loket_cli("status", "--json")
    assert json.loads(down.stdout)["link"]["state"] == "offline"


def test_sync_rejects_a_bad_batch_size_flag(queued, loket_cli):
    result = loket_cli("sync", "--batch-size", "9000")
    assert result.returncode == 2 and "1 to 500" in result.stderr
    indonesian = loket_cli("sync", "--batch-size", "9000", env={"LOKET_LANG": "id"})
    assert indonesian.returncode == 2
    assert "argumen --batch-size: harus bilangan bulat dari 1 sampai 500, bukan '9000'" in indonesian.stderr
    deadline = loket_cli("sync", "--deadline", "0", env={"LOKET_LANG": "id"})
    assert deadline.returncode == 2 and "jumlah detik dari 0.1 sampai 3600" in deadline.stderr


def test_sync_without_central_settings_says_so(station_dir, loket_cli):
    result = loket_cli("sync")
    assert result.returncode == 1 and "central_url" in result.stdout


def test_a_sync_killed_mid_batch_is_finished_by_the_next_run_each_item_once(queued, station_dir, central):
    central.faults(latency_ms=2000)
    victim = _sync_process(station_dir, "--batch-size", "5")
    # A wait, not a timing: a Python process under load (or Windows' under Wine) may take a while to start.
    deadline = time.monotonic() + 180
    while _db_states(station_dir).get("sending", 0) == 0:
        assert time.monotonic() < deadline, "the run never claimed a batch"
        assert victim.poll() is None, victim.stderr.read()
        time.sleep(0.05)
    victim.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no chance to clean up either way
    victim.wait()
    # Left claimed by a dead process: the batch in flight, and the next one if it was claimed meanwhile.
    assert _db_states(station_dir).get("sending") in (5, 10)
    central.faults()
    survivor = _sync_process(station_dir, "--json")
    out, err = survivor.communicate(timeout=120)
    assert survivor.returncode == 0, err
    assert _db_states(station_dir) == {"synced": 12}
    items = central.items()
    assert len(items) == len({item["idempotency_key"] for item in items}) == 12


def test_two_concurrent_sync_runs_send_each_item_exactly_once(queued, station_dir, central, station_backend):
    # Long enough for both runs to overlap: a Python process starts in seconds on Windows,
    # and in more than the 0.6 s that four calls of 150 ms gave on a loaded 2-core machine.
    central.faults(latency_ms=400 if os.name == "posix" else 1500)
    runs = [_sync_process(station_dir, "--batch-size", "3", "--json") for _ in range(2)]
    summaries = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        summary = json.loads(out)
        # In an office database a station's runs never overlap: the later one finds the
        # station's sync lock held, starts nothing and says it is busy (exit 2).
        assert run.returncode == (2 if summary["outcome"] == "busy" else 0), err
        summaries.append(summary)
    assert sum(s["sent"] for s in summaries) == 12
    if station_backend == "sqlite":
        assert all(s["sent"] > 0 for s in summaries)  # they really ran side by side, kept apart by claims
    else:
        assert sorted(s["outcome"] for s in summaries) in (["busy", "drained"], ["drained", "drained"])
    assert sum(s["duplicate"] for s in summaries) == 0
    assert _db_states(station_dir) == {"synced": 12}
    items = central.items()
    assert len(items) == len({item["idempotency_key"] for item in items}) == 12


def test_an_outage_is_told_with_how_long_it_has_lasted():
    from loket.cli.sync_cmd import duration_words
    from loket.i18n import get_language, set_language

    before = get_language()
    set_language("id")
    try:
        assert duration_words(59) == "0 menit"
        assert duration_words(2 * 3600 + 5 * 60 + 30) == "2 jam 5 menit"
        assert duration_words(3 * 86400 + 4 * 3600) == "3 hari 4 jam"
    finally:
        set_language(before)
