"""The office leader: one counter watches central for the whole office, and fails over.

Real counter processes on a real PostgreSQL server (pgkit.py) and the reference
central; the leader is killed with SIGKILL, as a PC dies.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zlib

import pytest

from test_office import HERE, _office_rows, first_counter, join, loket

LOCK = (0x4C4B54, zlib.crc32(b"office-leader") & 0x7FFFFFFF)


@pytest.fixture
def office_url(pg_server) -> str:
    return pg_server.url(pg_server.new_database())


def _office_link(pg_server, url: str) -> dict | None:
    rows = _office_rows(pg_server, url, "SELECT value FROM station_facts WHERE name = 'office.link'")
    return json.loads(rows[0][0]) if rows else None


def _holders(pg_server, url: str) -> int:
    (count,), = _office_rows(pg_server, url, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                             "AND classid = %s AND objid = %s", LOCK)
    return count


def _link_events(pg_server, url: str, station_id: str) -> int:
    (count,), = _office_rows(pg_server, url, "SELECT COUNT(*) FROM link_events WHERE station_id = %s", (station_id,))
    return count


def _wait(what, timeout: float = 30.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(step)
    return None


def _watchers(roots) -> dict[str, subprocess.Popen]:
    return {root.name: subprocess.Popen([sys.executable, str(HERE / "office_watch_worker.py"), str(root)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for root in roots}


def _stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_one_counter_watches_central_for_the_office_and_another_takes_over_when_it_dies(tmp_path, pg_server,
                                                                                         office_url):
    from linkkit import Central, connect

    central = Central(tmp_path / "central.db")
    roots = [first_counter(tmp_path, office_url)]
    roots += [join(tmp_path, office_url, station_id) for station_id in ("7373-LKT02", "7373-LKT03")]
    ids = ["7373-LKT01", "7373-LKT02", "7373-LKT03"]
    for station_id, root in zip(ids, roots):
        connect(root, central.url, central.server.store.add_station(station_id), probe_interval=0.3)
    watchers = _watchers(roots)
    try:
        word = _wait(lambda: _office_link(pg_server, office_url))
        assert word is not None and word["state"] == "online", [w.stderr.read() for w in watchers.values()
                                                                if w.poll() is not None]
        leader = word["by"]
        followers = [sid for sid in ids if sid != leader]
        # For a while: one leader, always the same; only it probes central (only it records link
        # changes); one session holds the lock.
        for _ in range(20):
            assert _office_link(pg_server, office_url)["by"] == leader
            assert _holders(pg_server, office_url) == 1
            time.sleep(0.1)
        assert _link_events(pg_server, office_url, leader) >= 1
        assert all(_link_events(pg_server, office_url, sid) == 0 for sid in followers)

        # Every counter's status bar shows the leader's word (after its first checks, which
        # may come before the word: a counter that started late still says "unknown").
        for process in watchers.values():
            assert _wait(lambda p=process: json.loads(p.stdout.readline())["state"] == "online", timeout=20)

        # The leader's PC dies: another counter leads within seconds.
        dead_root = roots[ids.index(leader)]
        killed_at = time.monotonic()
        os.kill(watchers[dead_root.name].pid, signal.SIGKILL)
        word = _wait(lambda: (w := _office_link(pg_server, office_url)) and w["by"] != leader and w)
        took = time.monotonic() - killed_at
        print(f"failover after SIGKILL: {took:.1f} s")  # reported in docs/office-database.md
        assert word is not None and word["by"] in followers and word["state"] == "online"
        assert took < 10, took
        assert _holders(pg_server, office_url) == 1
        successor = word["by"]
        # The new leader probes; the remaining follower still does not.
        assert _wait(lambda: _link_events(pg_server, office_url, successor) >= 1, timeout=10)
        other = next(sid for sid in followers if sid != successor)
        assert _link_events(pg_server, office_url, other) == 0

        # Central goes away: the leader notices, and the follower's status says so from the leader's word.
        central.stop()
        assert _wait(lambda: _office_link(pg_server, office_url)["state"] == "offline", timeout=20)
        follower = watchers[roots[ids.index(other)].name]
        assert _wait(lambda: json.loads(follower.stdout.readline())["state"] == "offline", timeout=20)
        assert _link_events(pg_server, office_url, other) == 0
    finally:
        _stop(watchers.values())
        try:
            central.stop()
        except Exception:  # noqa: BLE001 - stopped above
            pass


def test_two_syncs_of_one_counter_never_run_at_once_and_send_nothing_twice(tmp_path, pg_server, office_url):
    import psycopg

    import pgkit
    from linkkit import Central, connect, seed
    from loket.station import Station

    central = Central(tmp_path / "central.db")
    try:
        root = first_counter(tmp_path, office_url)
        connect(root, central.url, central.server.store.add_station("7373-LKT01"))
        station = Station.open(root)
        try:
            seed(station, 40)
        finally:
            station.close()
        # Another process of this counter is syncing (it holds the counter's sync lock): this
        # run says so, sends nothing and leaves every item queued.
        key = (0x4C4B54, zlib.crc32(b"sync:7373-LKT01") & 0x7FFFFFFF)
        name = office_url.rsplit("/", 1)[1]
        with psycopg.connect(host="127.0.0.1", port=pg_server.port, user=pgkit.SUPERUSER, password=pgkit.PASSWORD,
                             dbname=name, autocommit=True) as other:
            other.execute("SELECT pg_advisory_lock(%s, %s)", key)
            busy = loket(root, "sync", "--json")
            summary = json.loads(busy.stdout)
            assert busy.returncode == 2, busy.stderr  # try again later, like a link that is down
            assert (summary["outcome"], summary["sent"], summary["left"]) == ("busy", 0, 40)
            plain = loket(root, "sync")
            assert "already running in another process" in plain.stdout
            assert central.items() == []
        # Two runs started together, then one killed mid-way and run again: every item at
        # central once.
        central.faults(latency_ms=150)
        runs = [subprocess.Popen([sys.executable, "-m", "loket.cli", "--data-dir", str(root), "sync", "--json",
                                  "--batch-size", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=dict(os.environ, LOKET_LANG="en")) for _ in range(2)]
        time.sleep(1.5)
        runs[0].kill()
        outs = [run.communicate(timeout=180) for run in runs]
        central.faults()
        again = loket(root, "sync", "--json")
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["left"] == 0
        finished = [json.loads(out) for out, _ in outs[1:] if out.strip()]
        assert all(result["outcome"] in ("drained", "busy") for result in finished), outs
        keys = [item["idempotency_key"] for item in central.items()]
        assert len(keys) == len(set(keys)) == 40
    finally:
        central.stop()


def test_a_leader_whose_session_the_server_dropped_steps_down_and_another_leads(pg_server, office_url):
    """A cut cable, as the server sees it: the leader's session goes silent, its keepalives
    go unanswered and the server ends the session (here ended by hand: loopback cannot lose
    packets). Another counter takes the lock at its next look; the old leader, reconnected,
    finds it taken and follows."""
    from loket.storage.target import connect_postgres
    from loket.sync.leader import DEAD_AFTER, OfficeLeader

    db = connect_postgres(office_url)
    first, second = OfficeLeader(db, "7373-LKT01"), OfficeLeader(db, "7373-LKT02")
    try:
        assert first.lead() and not second.lead()
        assert first.lead() and not second.lead()  # kept, not taken again
        # The session asks the server to give up on a silent leader within DEAD_AFTER seconds.
        assert first._conn.execute("SHOW tcp_user_timeout").fetchone()[0] in (f"{DEAD_AFTER}s", str(DEAD_AFTER * 1000))
        assert first._conn.execute("SHOW tcp_keepalives_idle").fetchone()[0] in ("5s", "5")
        pid = first._conn.info.backend_pid
        _office_rows(pg_server, office_url, "SELECT pg_terminate_backend(%s)", (pid,))
        assert _wait(second.lead, timeout=10)
        assert not first.lead() and not first.lead()
        assert _holders(pg_server, office_url) == 1
    finally:
        first.close()
        second.close()
        db.close()


def test_a_leader_central_revokes_gives_the_office_link_up_and_watches_only_itself(tmp_path, pg_server, office_url):
    from linkkit import Central, connect

    central = Central(tmp_path / "central.db")
    roots = [first_counter(tmp_path, office_url), join(tmp_path, office_url, "7373-LKT02")]
    ids = ["7373-LKT01", "7373-LKT02"]
    for station_id, root in zip(ids, roots):
        connect(root, central.url, central.server.store.add_station(station_id), probe_interval=0.3)
    watchers = _watchers(roots)
    try:
        word = _wait(lambda: _office_link(pg_server, office_url))
        assert word is not None and word["state"] == "online"
        leader = word["by"]
        other = next(sid for sid in ids if sid != leader)
        central.control(f"stations/{leader}/revoke", {"reason": "PC dilaporkan hilang"})
        # The other counter speaks for the office now, and says central answers.
        word = _wait(lambda: (w := _office_link(pg_server, office_url)) and w["by"] == other and w, timeout=30)
        assert word is not None and word["state"] == "online"
        revoked = watchers[roots[ids.index(leader)].name]
        assert _wait(lambda: json.loads(revoked.stdout.readline())["state"] == "revoked", timeout=30)
        # Restored: it learns so itself (nobody else asks central about it) and follows.
        central.control(f"stations/{leader}/restore")
        assert _wait(lambda: (line := json.loads(revoked.stdout.readline()))["state"] == "online"
                     and not line["leads"], timeout=30)
        assert _office_link(pg_server, office_url)["by"] == other
    finally:
        _stop(watchers.values())
        central.stop()
