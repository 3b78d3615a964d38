"""Audit checkpoints at central: sent with each sync, checked, kept per station, compared.

A station whose whole local record (events, checkpoint rows, the copy beside the
data) was cut back still fails ``loket audit verify --central``: central holds a
newer checkpoint, signed by the station's registered key.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import httpx
import pytest
from test_audit_checkpoint import _sql

from linkkit import STATION_ID, central, connect, seed  # noqa: F401 - central is a fixture
from loket import audit_seal
from loket.station import Station
from loket.storage import audit, checkpoints

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]


@pytest.fixture
def synced(station_dir, central):
    """A station onboarded at central, with requests and events, synced once."""
    token = central.server.store.add_station(STATION_ID)
    connect(station_dir, central.url, token)
    station = Station.open(station_dir)
    try:
        seed(station, 3)
        # What the saves asked of the station's thread (a checkpoint, the search index) is
        # done before the events below: otherwise it may checkpoint them, before the sync does.
        assert station.event_sealer.wait()
        for i in range(30):
            audit.append(station.db, "SITI", "test.event", f"item-{i}")
        result = station.sync()
        assert result.outcome == "drained", result
        chain = audit.chain_of(station.db)
        head = checkpoints.head(station.db, chain)[0]
    finally:
        station.close()
    return token, chain, head


def _client(central, token, station_id=STATION_ID) -> httpx.Client:
    return httpx.Client(base_url=central.url, timeout=10, trust_env=False,
                        headers={"Authorization": f"Bearer {token}", "X-Station-Id": station_id})


def test_each_sync_sends_the_checkpoint_and_central_keeps_it(synced, central, loket_cli):
    token, chain, head = synced
    with _client(central, token) as client:
        reply = client.get(f"/v1/stations/{STATION_ID}/audit-checkpoint")
    assert reply.status_code == 200, reply.text
    (held,) = reply.json()["checkpoints"]
    checkpoint = audit_seal.read(held["jws"])
    # The sync signed the head as it stood when the run began (the sync's own link
    # events come after it).
    assert (held["chain"], checkpoint.seq, checkpoint.reason) == (chain, held["seq"], "sync")
    assert checkpoint.station_id == STATION_ID and held["seq"] <= head
    result = loket_cli("audit", "verify", "--central")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Central's copy matches" in result.stdout


def test_a_station_cut_back_whole_fails_against_central(synced, station_dir, loket_cli):
    """Events, checkpoint rows and the file beside the data all cut back: only central knows."""
    _token, chain, head = synced
    _sql(station_dir, ("DELETE FROM audit_events WHERE chain = ? AND seq > ?", (chain, 10)),
         ("DELETE FROM audit_checkpoints", ()))
    audit_seal.file_path(station_dir).unlink()
    local = loket_cli("audit", "verify")
    assert local.returncode == 0  # nothing here says otherwise any more
    result = loket_cli("audit", "verify", "--central")
    assert result.returncode == 1, result.stdout
    assert "ends at entry #10" in result.stdout and "newer than any kept here (#0)" in result.stdout


def test_only_a_newer_genuine_checkpoint_replaces_the_one_held(synced, central, station_dir, tmp_path):
    from loket.printing.keys import generate_keypair, load_key

    token, chain, head = synced
    key = load_key(station_dir / "keys")
    now = dt.datetime.now(dt.timezone.utc)
    held_seq = central.server.store._query("SELECT seq FROM audit_checkpoints")[0][0]
    digest = "ab" * 32
    stranger = generate_keypair(tmp_path / "stranger", STATION_ID)
    cases = [
        (audit_seal.sign(key, STATION_ID, chain, held_seq - 1, digest, "sync", now), "older"),
        (audit_seal.sign(key, STATION_ID, chain, held_seq, digest, "sync", now), "conflict"),
        (audit_seal.sign(key, "7373-LKT09", chain, held_seq + 1, digest, "sync", now), "wrong_station"),
        (audit_seal.sign(stranger, STATION_ID, chain, held_seq + 1, digest, "sync", now), "unknown_key"),
    ]
    with _client(central, token) as client:
        for checkpoint, expected in cases:
            reply = client.post("/v1/requests/batch", json={"items": [], "audit_checkpoint": checkpoint.jws})
            assert reply.status_code == 200, reply.text
            answer = reply.json()["audit_checkpoint"]
            assert expected in (answer["status"], answer.get("reason")), answer
        forged = audit_seal.sign(key, STATION_ID, chain, held_seq + 1, digest, "sync", now).jws
        forged = forged[:-4] + ("AAAA" if not forged.endswith("AAAA") else "BBBB")
        reply = client.post("/v1/requests/batch", json={"items": [], "audit_checkpoint": forged})
        assert reply.json()["audit_checkpoint"]["status"] == "refused"
        reply = client.post("/v1/requests/batch", json={"items": [], "audit_checkpoint": "not a jws"})
        assert reply.json()["audit_checkpoint"] == {"status": "refused", "reason": "not_a_checkpoint"}
        assert central.server.store._query("SELECT seq FROM audit_checkpoints") == [(held_seq,)]
        newer = audit_seal.sign(key, STATION_ID, chain, held_seq + 5, digest, "sync", now)
        reply = client.post("/v1/requests/batch", json={"items": [], "audit_checkpoint": newer.jws})
        assert reply.json()["audit_checkpoint"] == {"status": "stored", "seq": held_seq + 5}
        # A batch without the field is answered as before: the field is optional.
        assert client.post("/v1/requests/batch", json={"items": []}).json() == {"results": []}


def test_a_station_reads_its_own_checkpoints_only(synced, central):
    token, _chain, _head = synced
    other = central.server.store.add_station("7373-LKT02")
    with _client(central, other, "7373-LKT02") as client:
        assert client.get(f"/v1/stations/{STATION_ID}/audit-checkpoint").status_code == 403
        mine = client.get("/v1/stations/7373-LKT02/audit-checkpoint")
        assert mine.status_code == 200 and mine.json()["checkpoints"] == []
    with httpx.Client(base_url=central.url, trust_env=False) as anonymous:
        assert anonymous.get(f"/v1/stations/{STATION_ID}/audit-checkpoint").status_code == 401


def test_a_checkpoint_central_holds_is_not_sent_again(synced, station_dir, central):
    """The next sync with no new events posts nothing for it; a new checkpoint is sent."""
    posts = []
    station = Station.open(station_dir)
    try:
        real = station.link_monitor()  # builds the client
        client = station.central.client
        original = client.post_batch
        client.post_batch = lambda body: posts.append(body) or original(body)
        assert station.sync().outcome == "drained"
        first = [body for body in posts if b"audit_checkpoint" in body]
        for i in range(3):
            audit.append(station.db, "SITI", "test.more", f"more-{i}")
        assert station.sync().outcome == "drained"
        second = [body for body in posts if b"audit_checkpoint" in body]
    finally:
        station.close()
    assert real is not None
    # The first run finds central already holding the checkpoint of the sync's own link
    # events or sends that newer one once; the second must send the new head.
    assert len(first) <= 1 and len(second) == len(first) + 1


def test_central_schema_5_adds_the_table_to_an_older_file(tmp_path):
    from loket.central import schema

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
    for version, statements in schema.MIGRATIONS:
        if version <= 3:
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, 'x')", (version,))
    schema.migrate(conn)
    assert schema.current_version(conn) == schema.LATEST >= 5
    columns = [row[1] for row in conn.execute("PRAGMA table_info(audit_checkpoints)")]
    assert columns[:4] == ["station_id", "chain", "seq", "hash"]
    conn.close()
