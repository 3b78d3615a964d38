"""The reference central's own controls (loopback only), its injected faults, and its logs."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from centralkit import STATION_ID, Link, central, control, item, link, stored  # noqa: F401 - fixtures
from loket.central.replies import is_loopback
from loket.central.server import start_background
from loket.intake.samples import sample_record, sample_records


# -- controls ---------------------------------------------------------------------------


def test_control_onboarding_and_refusals(central):
    added = control(central, "POST", "stations", {"station_id": "7373-LKT09"})
    assert added.status_code == 201 and added.json()["office_code"] == "7373"
    token = added.json()["token"]
    onboarded = Link(central.url, "7373-LKT09", token)
    assert onboarded.client.get("/v1/authorization").status_code == 200
    onboarded.client.close()
    again = control(central, "POST", "stations", {"station_id": "7373-LKT09"})
    assert again.status_code == 409 and again.json()["error"] == "station_exists"
    bad = control(central, "POST", "stations", {"station_id": "lkt09"})
    assert bad.status_code == 400 and "7373-LKT01" in bad.json()["message"]
    missing = control(central, "POST", "stations/7373-NONE/revoke", {"reason": "x"})
    assert missing.status_code == 404 and missing.json()["error"] == "unknown_station"
    no_reason = control(central, "POST", "stations/7373-LKT09/revoke", {})
    assert no_reason.status_code == 400
    listed = control(central, "GET", "stations").json()["stations"]
    assert [(s["station_id"], s["status"]) for s in listed] == [("7373-LKT09", "active")]
    assert "token" not in listed[0] and "token_hash" not in listed[0]


def test_control_status_refusals(central, link):
    ref = link.results([item(sample_record())])[0]["central_ref"]
    assert control(central, "POST", "requests/C7373-00000099/status", {"status": "verified"}).status_code == 404
    assert control(central, "POST", f"requests/{ref}/status", {"status": "lost"}).status_code == 400
    assert control(central, "POST", f"requests/{ref}/status", {"status": "rejected"}).status_code == 400
    assert control(central, "POST", f"requests/{ref}/status", {"status": "verified"}).json()["status"] == "verified"


@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("192.0.2.2", False), ("10.0.0.5", False), ("::ffff:10.0.0.5", False), ("fd00::2", False),
    ("", False), (None, False), ("localhost", False),
])
def test_loopback_check(address, loopback):
    assert is_loopback(address) is loopback


def _outward_address() -> str | None:
    """An IPv4 address of this machine other than loopback, if it has one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_controls_are_refused_to_a_non_loopback_peer(tmp_path):
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with start_background(tmp_path / "central.db", host="0.0.0.0") as server:
        outside = f"http://{address}:{server.port}"
        assert httpx.get(f"{outside}/v1/health", trust_env=False).status_code == 200
        for method, path in (("GET", "/_control/requests"), ("POST", "/_control/faults"),
                             ("POST", "/_control/stations")):
            reply = httpx.request(method, outside + path, json={"station_id": "7373-LKT05", "status": 503},
                                  trust_env=False)
            assert reply.status_code == 404 and reply.json()["error"] == "not_found"
        assert server.store.stations() == [] and server.faults.current.status is None
        inside = f"http://127.0.0.1:{server.port}"
        assert httpx.get(f"{inside}/_control/requests", trust_env=False).status_code == 200


# -- faults -------------------------------------------------------------------------------


def test_fixed_status_answers_every_v1_call_but_not_controls(central, link):
    assert control(central, "POST", "faults", {"status": 503}).json()["status"] == 503
    for reply in (link.client.get("/v1/health"), link.client.get("/v1/authorization"),
                  link.batch([item(sample_record())]), link.client.post("/v1/requests/status", json={"refs": []})):
        assert reply.status_code == 503 and reply.json()["error"] == "unavailable"
    assert central.store.count_items() == 0
    assert control(central, "GET", "faults").json()["status"] == 503
    assert control(central, "POST", "faults", {}).json() == {
        "latency_ms": 0, "drop_rate": 0.0, "status": None, "retry_after": 1, "drop_after_store": True}
    assert link.client.get("/v1/health").status_code == 200


def test_rate_limit_carries_retry_after(central, link):
    control(central, "POST", "faults", {"status": 429, "retry_after": 7})
    reply = link.batch([item(sample_record())])
    assert reply.status_code == 429
    assert reply.json()["error"] == "rate_limited" and reply.headers["Retry-After"] == "7"
    control(central, "POST", "faults", {"status": 429})
    assert link.client.get("/v1/authorization").headers["Retry-After"] == "1"


def test_dropped_answer_after_store_then_retry_is_duplicate(central, link):
    items = [item(r) for r in sample_records(5, seed=21)]
    control(central, "POST", "faults", {"drop_rate": 1.0})
    with pytest.raises(httpx.TransportError):
        link.batch(items)
    rows = stored(central)
    assert sorted(row["idempotency_key"] for row in rows) == sorted(i["idempotency_key"] for i in items)
    with pytest.raises(httpx.TransportError):
        link.client.get("/v1/health")
    control(central, "POST", "faults", {})
    results = link.results(items)
    assert [r["status"] for r in results] == ["duplicate"] * 5
    assert [r["central_ref"] for r in results] == [row["central_ref"] for row in rows]


def test_dropped_before_store_keeps_nothing(central, link):
    control(central, "POST", "faults", {"drop_rate": 1, "drop_after_store": False})
    with pytest.raises(httpx.TransportError):
        link.batch([item(sample_record())])
    assert central.store.count_items() == 0


def test_latency_delays_v1_only(central, link):
    # A latency no machine can beat, so nothing here depends on how busy the machine is:
    # a v1 call cannot answer within its short timeout; the control call answers at once.
    control(central, "POST", "faults", {"latency_ms": 60_000})
    with pytest.raises(httpx.TimeoutException):
        link.client.get("/v1/health", timeout=1.0)
    assert control(central, "GET", "faults").json()["latency_ms"] == 60_000
    control(central, "POST", "faults", {"latency_ms": 0})
    assert link.client.get("/v1/health").status_code == 200


def test_drop_rate_drops_about_that_share():
    from loket.central.faults import FaultState, parse_faults

    state = FaultState(seed=7)
    for rate, low, high in ((0.0, 0, 0), (0.25, 200, 300), (1.0, 1000, 1000)):
        faults = parse_faults({"drop_rate": rate})
        assert low <= sum(state.roll_drop(faults) for _ in range(1000)) <= high


@pytest.mark.parametrize("body, words", [
    ({"drop_rate": 1.5}, "drop_rate"),
    ({"drop_rate": "half"}, "drop_rate"),
    ({"latency_ms": -1}, "latency_ms"),
    ({"latency_ms": 2.5}, "latency_ms"),
    ({"status": 200}, "status"),
    ({"status": True}, "status"),
    ({"drop_after_store": "yes"}, "drop_after_store"),
    ([], "object"),
])
def test_bad_faults_body_is_refused(central, body, words):
    reply = control(central, "POST", "faults", body)
    assert reply.status_code == 400 and words in reply.json()["message"]
    assert control(central, "GET", "faults").json()["status"] is None


# -- logs ---------------------------------------------------------------------------------


def test_tokens_never_reach_the_logs(central, link, key, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    link.register(key)
    link.client.get("/v1/authorization")
    link.results([item(sample_record())])
    httpx.get(f"{central.url}/v1/authorization", trust_env=False,
              headers={"Authorization": f"Bearer {link.token}x", "X-Station-Id": STATION_ID})
    added = control(central, "POST", "stations", {"station_id": "7373-LKT03"}).json()["token"]
    control(central, "POST", "faults", {"status": 503})
    link.client.get("/v1/authorization")
    control(central, "POST", "faults", {})
    control(central, "POST", f"stations/{STATION_ID}/revoke", {"reason": "audit"})
    captured = capfd.readouterr()
    text = caplog.text + captured.err + captured.out
    assert '"GET /v1/authorization HTTP/1.1" 200' in caplog.text  # the access log is on
    assert "faults set to" in caplog.text and "7373-LKT03 added" in caplog.text and "revoked: audit" in caplog.text
    for token in (link.token, added):
        assert token not in text
