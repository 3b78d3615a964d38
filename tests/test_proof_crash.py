"""The crash suite: ``loket intake`` and ``loket sync`` killed with SIGKILL at random points.

Intake: paper records are imported run after run (each run's file: a few lines saved
before, then lines not saved yet), each run killed after a random moment. After every kill, each line the run had reported saved is in the
database. At the end, one full run saves the rest, every record is there exactly
once, the audit chain is intact, and opening the station made the slip of every
request that a kill left without one (the original, not a copy); no temporary slip
file is left.

Sync: a queue is sent to the real reference central, each run killed after a random
moment (mid-claim, mid-batch, mid-answer). At the end one full run drains it, and
every request is at central exactly once.

The default run kills 100 times (70 intake, 30 sync) in well under a minute;
``--long`` (or LOKET_PROOF_LONG=1) kills 10,000 times; LOKET_PROOF_KILLS=N any number. The seed of each run is printed,
so a failure can be replayed with LOKET_PROOF_SEED.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from conftest import CLERK
from linkkit import STATION_ID, Central, connect, seed

pytestmark = [
    pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX's; Windows has no way to kill a process mid-write"),
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated"),
]

INTAKE_KILLS, SYNC_KILLS = 70, 30
LONG_INTAKE_KILLS, LONG_SYNC_KILLS = 7000, 3000
SAVED_RE = re.compile(r"^line \d+: (?:saved, \S+|already saved before, number) (\S+?)[ .(]")


def _env() -> dict:
    env = dict(os.environ, LOKET_LANG="en", PYTHONUNBUFFERED="1")  # a reported line is a written line
    env.pop("LOKET_DATA_DIR", None)
    return env


def _loket(station_dir, *args: str) -> list[str]:
    return [sys.executable, "-m", "loket.cli", "--data-dir", str(station_dir), *args]


def _kill_after(process: subprocess.Popen, delay: float) -> tuple[str, str]:
    try:
        out, err = process.communicate(timeout=delay)  # it may finish first: a kill that came too late
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate()
    return out, err


def _stored_numbers(station_dir) -> list[str]:
    with sqlite3.connect(station_dir / "loket.db", timeout=30) as db:
        return [row[0] for row in db.execute("SELECT number FROM sukets")]


def _stored_niks(station_dir) -> set[str]:
    with sqlite3.connect(station_dir / "loket.db", timeout=30) as db:
        return {row[0] for row in db.execute("SELECT nik FROM requests")}


def _next_file(station_dir, records, source, rng: random.Random) -> None:
    """What the operator runs next: a few lines saved before, then lines not saved yet."""
    stored = _stored_niks(station_dir)
    done = [r for r in records if r.nik in stored]
    todo = [r for r in records if r.nik not in stored][:40]
    lines = rng.sample(done, min(3, len(done))) + todo
    source.write_text("".join(json.dumps(r.to_request()) + "\n" for r in lines))


def _intake_kills(station_dir, records, source, kills: int, rng: random.Random, failures: list) -> int:
    """Import the records run after run, killing each run; returns the kills that landed."""
    landed = 0
    for _ in range(kills):
        _next_file(station_dir, records, source, rng)
        process = subprocess.Popen(_loket(station_dir, "intake", "--json", str(source), "--clerk", CLERK[0],
                                          "--pin-stdin"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=_env())
        process.stdin.write(CLERK[1] + "\n")
        process.stdin.flush()
        out, err = _kill_after(process, rng.uniform(0.15, 0.9))
        landed += process.returncode == -signal.SIGKILL
        if "Traceback" in err:
            failures.append(f"intake traceback: {err[-400:]}")
        reported = {match.group(1) for line in out.splitlines() if (match := SAVED_RE.match(line))}
        stored = _stored_numbers(station_dir)
        if len(stored) != len(set(stored)):
            failures.append("a Suket number stored twice")
        lost = reported - set(stored)
        if lost:
            failures.append(f"reported saved but not stored: {sorted(lost)}")
    return landed


def _queue_more_when_low(sync_dir, top_up: int, offset: list) -> None:
    """Keep work in the queue, so every kill can land mid-run."""
    from loket.station import Station

    with sqlite3.connect(sync_dir / "loket.db", timeout=30) as db:
        waiting = db.execute("SELECT COUNT(*) FROM requests WHERE state IN ('queued', 'sending')").fetchone()[0]
    if waiting >= 40:
        return
    station = Station.open(sync_dir)
    try:
        seed(station, top_up, seed=offset[0])
        offset[0] += 1
    finally:
        station.close()
    # These were printed at the counter (the slip's content does not matter to a sync):
    # without a path the station would make their slips first, which is not what is tested here.
    with sqlite3.connect(sync_dir / "loket.db", timeout=30) as db:
        db.execute("UPDATE sukets SET pdf_path = ? WHERE pdf_path IS NULL", (str(sync_dir / "printed.pdf"),))


def _sync_kills(sync_dir, kills: int, rng: random.Random, failures: list, central) -> int:
    landed = 0
    offset = [rng.randrange(1000)]
    for _ in range(kills):
        _queue_more_when_low(sync_dir, 200, offset)
        process = subprocess.Popen(_loket(sync_dir, "sync", "--json", "--batch-size", "2"),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
        _, err = _kill_after(process, rng.uniform(0.2, 1.2))
        landed += process.returncode == -signal.SIGKILL
        if "Traceback" in err:
            failures.append(f"sync traceback: {err[-400:]}")
        keys = [item["idempotency_key"] for item in central.items()]
        if len(keys) != len(set(keys)):
            failures.append("an idempotency key stored twice at central")
    return landed


def test_sigkill_intake_and_sync_at_random_points(station_dir, tmp_path, long_mode):
    import shutil

    from loket.intake.samples import sample_records  # noqa: I001
    from loket.station import Station

    run_seed = int(os.environ.get("LOKET_PROOF_SEED", random.randrange(1 << 30)))
    print(f"crash suite seed {run_seed} (replay: LOKET_PROOF_SEED={run_seed})")
    intake_kills, sync_kills = (LONG_INTAKE_KILLS, LONG_SYNC_KILLS) if long_mode else (INTAKE_KILLS, SYNC_KILLS)
    if os.environ.get("LOKET_PROOF_KILLS"):  # any other number of kills, split the same way
        total = int(os.environ["LOKET_PROOF_KILLS"])
        intake_kills, sync_kills = total * 7 // 10, total - total * 7 // 10

    # Intake station: the test's own. Sync station: a copy, with a seeded queue, linked to central.
    sync_dir = tmp_path / "sync-station"
    shutil.copytree(station_dir, sync_dir)
    records = sample_records(max(800, intake_kills * 12), seed=run_seed % 1000)
    source = tmp_path / "paper.jsonl"
    source.write_text("".join(json.dumps(r.to_request()) + "\n" for r in records))
    run_file = tmp_path / "next.jsonl"
    central = Central(tmp_path / "central.db")
    try:
        connect(sync_dir, central.url, central.server.store.add_station(STATION_ID))
        central.faults(latency_ms=60)  # an office line: a call takes a while, so kills land mid-batch

        failures: list[str] = []
        landed = {}
        started = time.monotonic()
        syncer = threading.Thread(target=lambda: landed.__setitem__(
            "sync", _sync_kills(sync_dir, sync_kills, random.Random(run_seed + 1), failures, central)))
        syncer.start()
        landed["intake"] = _intake_kills(station_dir, records, run_file, intake_kills, random.Random(run_seed), failures)
        syncer.join()
        elapsed = time.monotonic() - started
        print(f"kills: intake {intake_kills} ({landed['intake']} mid-run), sync {sync_kills} "
              f"({landed['sync']} mid-run), {elapsed:.0f} s")
        assert failures == [], failures[:5]
        assert landed["intake"] >= 0.8 * intake_kills and landed["sync"] >= 0.8 * sync_kills, landed
        central.faults(latency_ms=0)

        # One full run of each: nothing lost, nothing twice.
        final = subprocess.run(_loket(station_dir, "intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin"),
                               input=CLERK[1] + "\n", capture_output=True, text=True, env=_env(), timeout=600)
        assert final.returncode == 0, final.stderr[-1000:]
        drained = subprocess.run(_loket(sync_dir, "sync", "--json"), capture_output=True, text=True, env=_env(),
                                 timeout=600)
        assert drained.returncode == 0 and json.loads(drained.stdout)["outcome"] == "drained", drained.stdout
        at_central = central.items()
    finally:
        central.stop()

    with sqlite3.connect(station_dir / "loket.db") as db:
        niks = [row[0] for row in db.execute("SELECT nik FROM requests")]
        assert sorted(niks) == sorted(r.nik for r in records)  # every record, once
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    station = Station.open(station_dir)
    try:
        from loket.storage.audit import verify_chain

        assert verify_chain(station.db).ok
        station.recover_slips(grace=dt.timedelta(0))  # what the next opening does, without the grace
        with sqlite3.connect(station_dir / "loket.db") as db:
            paths = [row[0] for row in db.execute("SELECT pdf_path FROM sukets")]
        assert all(path and os.path.isfile(path) for path in paths)
        assert not list((station_dir / "slips").glob(".*.tmp"))
    finally:
        station.close()

    with sqlite3.connect(sync_dir / "loket.db") as db:
        keys = dict(db.execute("SELECT idempotency_key, state FROM requests").fetchall())
    assert set(keys.values()) == {"synced"}
    central_keys = [item["idempotency_key"] for item in at_central]
    assert sorted(central_keys) == sorted(keys)  # each request at central exactly once
