"""Real processes against one database file: parallel writers, and kill -9 mid-stream."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from loket.storage import migrations, users
from loket.storage.audit import verify_chain
from loket.storage.db import check_integrity, open_database

REPO = Path(__file__).resolve().parents[1]

# The child process. Signing is out of scope for storage, so the seal is a fixed
# string: the transaction treats it as opaque text either way.
WORKER = r'''
import datetime as dt, os, sys, time
from pathlib import Path
from loket.storage import queue, users
from loket.storage.db import open_database

path, tag, count, go, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
while go != "-" and not Path(go).exists():  # start together with the other writer
    time.sleep(0.001)
db = open_database(path)
clerk = users.find_user(db, "CLERK " + tag) or users.add_user(db, "clerk " + tag, "clerk", "1234", actor="test")
now = dt.datetime(2018, 7, 12, 8, 30, tzinfo=dt.timezone.utc)
def issue(ctx):
    return "test-seal." + ctx.number, dt.date(2019, 1, 12)
i = 0
while count < 0 or i < count:
    request = {"nik": f"{tag}{i:08d}", "name": f"WARGA {tag} {i}", "request_type": "new_recording",
               "purpose": "general", "biometrics_recorded": i % 3 != 0}
    done = queue.enqueue(db, request=request, local={}, warnings=[], clerk=clerk,
                         station_id="7373-LKT01", now=now, issue=issue)
    sys.stdout.write(f"saved {done.queue_no} {request['nik']}\n")
    sys.stdout.flush()
    i += 1
    if pause:  # a clerk types between saves; gives the other writer its turns
        time.sleep(pause)
print("finished", flush=True)
'''


def _start(script: Path, db_path: Path, tag: str, count: int, go: str, pause: float = 0.0) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, str(script), str(db_path), tag, str(count), go, str(pause)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(REPO),
    )


def _check_consistent(path: Path) -> dict[str, int]:
    """Integrity, chain, and gapless numbering; returns queue numbers by NIK."""
    db = open_database(path)
    try:
        assert check_integrity(db) == []
        report = verify_chain(db)
        assert report.ok, report
        rows = db.execute_sql("SELECT r.nik, r.queue_no, s.kind, s.seq, s.number FROM requests r "
                              "JOIN sukets s ON s.request_id = r.id").fetchall()
        (n_requests,) = db.execute_sql("SELECT COUNT(*) FROM requests").fetchone()
        (n_saved,) = db.execute_sql("SELECT COUNT(*) FROM audit_events WHERE action = 'intake.saved'").fetchone()
        assert len(rows) == n_requests == n_saved
        assert sorted(r[1] for r in rows) == list(range(1, n_requests + 1))
        for kind in ("suket", "receipt"):
            seqs = sorted(r[3] for r in rows if r[2] == kind)
            assert seqs == list(range(1, len(seqs) + 1)), kind
        assert len({r[4] for r in rows}) == n_requests
        counters = dict(((kind, value) for kind, value in db.execute_sql("SELECT kind, value FROM counters")))
        assert counters.get("queue", 0) == n_requests
        return {nik: queue_no for nik, queue_no, *_ in rows}
    finally:
        db.close()


def test_two_processes_enqueue_into_one_fresh_database(tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    db_path = tmp_path / "loket.db"  # not created yet: both processes race to create and migrate it
    go = tmp_path / "go"
    procs = [_start(script, db_path, tag, 200, str(go), 0.002) for tag in ("11111111", "22222222")]
    time.sleep(0.5)  # let both interpreters start and wait at the line
    go.touch()
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert out.count("saved ") == 200
    by_nik = _check_consistent(db_path)
    assert len(by_nik) == 400
    # The writers really took turns (numbers of the two interleave), not one after the other.
    order = "".join(nik[0] for nik, _ in sorted(by_nik.items(), key=lambda item: item[1]))
    assert order.count("12") + order.count("21") >= 10, order
    db = open_database(db_path)
    try:
        assert migrations.current_version(db) == migrations.LATEST
        (versions,) = db.execute_sql("SELECT COUNT(*) FROM schema_version").fetchone()
        assert versions == migrations.LATEST  # each migration ran once
    finally:
        db.close()


def test_kill_9_never_loses_a_reported_save(tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    db_path = tmp_path / "loket.db"
    db = open_database(db_path)
    users.add_user(db, "clerk 1", "clerk", "1234", actor="test")
    db.close()

    seed = int(time.time())
    rng = random.Random(seed)
    reported: dict[str, int] = {}
    deadline = time.monotonic() + 25
    rounds = 0
    # At least 10 kills however slow the machine (a count, not a time), up to 20 while time allows.
    while rounds < 10 or (rounds < 20 and time.monotonic() < deadline):
        rounds += 1
        # Each round writes new NIKs: "1" plus the round number, then a counter.
        proc = _start(script, db_path, f"1{rounds:07d}", -1, "-")
        wanted = rng.randint(0, 25)
        for _ in range(wanted):
            line = proc.stdout.readline()
            assert line.startswith("saved "), (line, proc.stderr.read(), seed)
            _, queue_no, nik = line.split()
            reported[nik] = int(queue_no)
        time.sleep(rng.uniform(0, 0.004))  # land anywhere inside the next transaction
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no chance to finish either way
        proc.wait()
        for line in proc.stdout.read().splitlines():  # lines written before the kill still count
            if line.startswith("saved "):
                _, queue_no, nik = line.split()
                reported[nik] = int(queue_no)
        assert proc.returncode == (-signal.SIGKILL if os.name == "posix" else 1)
        stored = _check_consistent(db_path)
        missing = {nik: q for nik, q in reported.items() if stored.get(nik) != q}
        assert not missing, f"reported saved but not in the database (seed {seed}): {missing}"
    assert len(reported) > 0

