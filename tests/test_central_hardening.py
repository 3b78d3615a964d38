"""The reference central under abuse: one record per sealed Suket whatever the key, and no
connection kept open for good by a peer that sends nothing or half a request.

Before, the same sealed Suket under four idempotency keys was stored four times, and
1,000 idle connections stayed open.
"""

from __future__ import annotations

import dataclasses
import socket
import sqlite3
import time
import uuid

import pytest

from centralkit import STATION_ID, Link, central, item, link, stored, suket_for  # noqa: F401 - fixtures
from loket.central.limits import ConnectionLimits
from loket.central.server import start_background
from loket.central.store import CentralStore
from loket.intake.samples import sample_record, sample_records

pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")


def test_the_same_sealed_suket_under_other_keys_is_stored_once(central, link, key):
    assert link.register(key).status_code == 204
    record = sample_record()
    suket = suket_for(key, record)
    first = item(record, suket)
    assert link.results([first])[0]["status"] == "accepted"
    ref = stored(central)[0]["central_ref"]
    again = [item(record, suket) for _ in range(3)]  # the same item, three new keys
    results = link.results(again)
    assert [(r["status"], r["central_ref"]) for r in results] == [("duplicate", ref)] * 3
    other = "general" if record.purpose != "general" else "other"
    changed = item(dataclasses.replace(record, purpose=other), suket)  # other data under that Suket number
    (result,) = link.results([changed])
    assert (result["status"], result["reason"], result["central_ref"]) == ("conflict", "suket.number", None)
    assert len(stored(central)) == 1


def test_two_new_keys_for_one_suket_in_one_batch(central, link, key):
    assert link.register(key).status_code == 204
    record = sample_record()
    suket = suket_for(key, record)
    results = link.results([item(record, suket), item(record, suket)])
    assert [r["status"] for r in results] == ["accepted", "duplicate"]
    assert results[0]["central_ref"] == results[1]["central_ref"] and len(stored(central)) == 1


def test_a_suket_central_rejected_may_come_again_corrected(central, link, key):
    """A rejected item leaves the one-per-Suket rule: the supervisor's correction goes in."""
    assert link.register(key).status_code == 204
    record = sample_record()
    suket = suket_for(key, record)
    assert link.results([item(record, suket)])[0]["status"] == "accepted"
    ref = stored(central)[0]["central_ref"]
    central.store.set_status(ref, "rejected", "data tidak cocok")
    assert link.results([item(record, suket)])[0]["status"] == "accepted"
    assert len(stored(central)) == 2
    from loket.central.store import CentralError

    with pytest.raises(CentralError) as refused:
        central.store.set_status(ref, "verified")  # two live records of one Suket: refused
    assert refused.value.code == "suket_taken"


def test_an_older_central_file_keeps_its_first_copy_and_gains_the_rule(tmp_path, key):
    """A file written before the rule, holding the same Suket twice, still opens."""
    from loket.central import schema

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
    conn.execute("BEGIN")
    for statement in schema.MIGRATIONS[0][1]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, 'x')")
    conn.execute("INSERT INTO stations VALUES (?, '7373', 'h', 'active', NULL, NULL, 'x')", (STATION_ID,))
    for number in (1, 2):
        conn.execute("INSERT INTO items VALUES (?, ?, ?, '{}', '{\"number\": \"471/1\"}', 'h', 'received', NULL, 'x', 'x')",
                     (str(uuid.uuid4()), STATION_ID, f"C7373-{number:08d}"))
    conn.execute("COMMIT")
    conn.close()
    store = CentralStore.open(path)
    try:
        numbers = store._query("SELECT central_ref, suket_number FROM items ORDER BY rowid")
        assert numbers == [("C7373-00000001", "471/1"), ("C7373-00000002", None)]
    finally:
        store.close()


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    """True when the server ends the connection (EOF or reset) within ``within`` seconds."""
    sock.settimeout(within)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def test_idle_and_half_sent_connections_are_closed_while_stations_are_served(tmp_path):
    limits = ConnectionLimits(idle_timeout=2.0, body_timeout=1.0)
    with start_background(tmp_path / "central.db", limits=limits) as server:
        link = Link(server.url, STATION_ID, server.store.add_station(STATION_ID))
        # The first batch loads the intake rules in the server's own loop; on a busy machine
        # that outlasts the idle limit, and connections opened meanwhile would be closed as
        # idle before their headers were read. Load them first, as a running central has.
        assert link.results([item(sample_records(1, seed=99)[0])])[0]["status"] == "accepted"
        address = ("127.0.0.1", server.port)
        idle = [socket.create_connection(address) for _ in range(100)]
        half_headers = [socket.create_connection(address) for _ in range(50)]
        for sock in half_headers:
            sock.sendall(b"POST /v1/requests/batch HTTP/1.1\r\nHost: x\r\nContent-Le")
        half_body = [socket.create_connection(address) for _ in range(50)]
        for sock in half_body:
            sock.sendall((f"POST /v1/requests/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          f"Authorization: Bearer {link.token}\r\nX-Station-Id: {STATION_ID}\r\n"
                          'Content-Length: 1000\r\n\r\n{"ite').encode())
        # Meanwhile a station is served as usual.
        results = link.results([item(record) for record in sample_records(5, seed=2)])
        assert [r["status"] for r in results] == ["accepted"] * 5
        started = time.monotonic()
        # A half-sent body is told why before the close (aiohttp then lingers up to 10 s
        # for the rest of the body, and closes).
        half_body[0].settimeout(15)
        answer = b""
        while chunk := half_body[0].recv(65536):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 408") and b"request_timeout" in answer
        for sock in idle + half_headers + half_body[1:]:
            assert _closed_by_server(sock, within=15), "a connection stayed open"
            sock.close()
        assert time.monotonic() - started < 30
        assert link.results([item(sample_record())])[0]["status"] == "accepted"
        link.client.close()


def test_without_limits_given_the_defaults_apply():
    assert ConnectionLimits().idle_timeout <= 60 and ConnectionLimits().body_timeout <= 300
