"""The reference central server, over real HTTP on a loopback port, with a real SQLite file.

Items are real intake records (``loket.intake.samples``) with real Ed25519 seals;
every endpoint and error code of the protocol is exercised through httpx, as a
station would see it. Controls and faults are in test_central_controls.py.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import threading

import httpx
import pytest

from centralkit import (  # noqa: F401 - fixtures
    NUMBER, OTHER_ID, REF_RE, STATION_ID, Link, central, control, item, link, stored, suket_for,
)
from loket.central.server import start_background
from loket.intake.samples import sample_record, sample_records
from loket.printing.keys import generate_keypair
from loket.printing.seal import make_seal, suket_payload, valid_until


# -- health and authorization -----------------------------------------------------------


def test_health_needs_no_token(central):
    reply = httpx.get(f"{central.url}/v1/health", trust_env=False)
    assert reply.status_code == 200
    body = reply.json()
    assert body["status"] == "ok"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["server_time"])


def test_authorization_active_station(link):
    reply = link.client.get("/v1/authorization")
    assert reply.status_code == 200
    body = reply.json()
    assert (body["station_id"], body["office_code"], body["status"]) == (STATION_ID, "7373", "active")
    assert body["checked_at"].endswith("Z")


@pytest.mark.parametrize("headers", [
    {},
    {"X-Station-Id": STATION_ID},
    {"X-Station-Id": STATION_ID, "Authorization": "Bearer not-the-token"},
    {"X-Station-Id": STATION_ID, "Authorization": "Basic c2VjcmV0"},
    {"X-Station-Id": "7373-NOPE", "Authorization": "Bearer {token}"},
    {"X-Station-Id": OTHER_ID, "Authorization": "Bearer {token}"},
    {"Authorization": "Bearer {token}"},
])
def test_unknown_or_mismatched_token_is_401(central, link, headers):
    central.store.add_station(OTHER_ID)
    filled = {name: value.format(token=link.token) for name, value in headers.items()}
    for method, path in (("GET", "/v1/authorization"), ("POST", "/v1/requests/batch"),
                         ("POST", "/v1/requests/status"), ("PUT", f"/v1/stations/{STATION_ID}/signing-key")):
        reply = httpx.request(method, central.url + path, headers=filled, json={}, trust_env=False)
        assert reply.status_code == 401, (method, path)
        assert reply.json()["error"] == "invalid_token"
        assert reply.json()["message"]


def test_revoked_station_is_refused_with_reason_until_restored(central, link, key):
    reply = control(central, "POST", f"stations/{STATION_ID}/revoke", {"reason": "Kantor Palopo dibekukan"})
    assert reply.status_code == 200 and reply.json()["status"] == "revoked"
    for call in (lambda: link.client.get("/v1/authorization"), lambda: link.batch([]), lambda: link.register(key),
                 lambda: link.client.post("/v1/requests/status", json={"refs": []})):
        refused = call()
        assert refused.status_code == 403
        body = refused.json()
        assert body["error"] == "authorization_revoked"
        assert body["reason"] == "Kantor Palopo dibekukan"
        assert body["revoked_at"].endswith("Z")
    assert control(central, "POST", f"stations/{STATION_ID}/restore").status_code == 200
    assert link.client.get("/v1/authorization").status_code == 200


# -- signing keys ------------------------------------------------------------------------


def test_signing_key_registration(central, link, key):
    assert link.register(key).status_code == 204
    assert link.register(key).status_code == 204  # the same key again is fine
    assert central.store.signing_keys(STATION_ID) == [key.public_jwk()]
    other = dict(key.public_jwk(), x=base64.urlsafe_b64encode(bytes(32)).rstrip(b"=").decode())
    clash = link.client.put(f"/v1/stations/{STATION_ID}/signing-key", json=other)
    assert clash.status_code == 409 and clash.json()["error"] == "key_exists"
    assert central.store.signing_keys(STATION_ID) == [key.public_jwk()]


@pytest.mark.parametrize("change, words", [
    ({"kty": "RSA"}, "kty"),
    ({"crv": "X25519"}, "crv"),
    ({"x": "abc"}, "x must be"),
    ({"x": None}, "x must be"),
    ({"kid": ""}, "kid"),
    ({"d": "c2VjcmV0"}, "private key"),
])
def test_signing_key_shape_is_checked(link, key, change, words):
    jwk = {**key.public_jwk(), **change}
    reply = link.client.put(f"/v1/stations/{STATION_ID}/signing-key", json=jwk)
    assert reply.status_code == 400
    assert reply.json()["error"] == "bad_request" and words in reply.json()["message"]


def test_signing_key_body_not_json_or_not_object(link):
    for content in (b"not json", b"[1, 2]"):
        reply = link.client.put(f"/v1/stations/{STATION_ID}/signing-key", content=content)
        assert reply.status_code == 400 and reply.json()["error"] == "bad_request"


def test_signing_key_only_for_the_calling_station(central, link, key):
    central.store.add_station(OTHER_ID)
    reply = link.client.put(f"/v1/stations/{OTHER_ID}/signing-key", json=key.public_jwk())
    assert reply.status_code == 403 and reply.json()["error"] == "forbidden"
    assert central.store.signing_keys(OTHER_ID) == []


# -- batches: accepted, duplicate, conflict ---------------------------------------------


def test_batch_accepts_then_duplicates_in_order(central, link, key):
    assert link.register(key).status_code == 204
    records = sample_records(3, seed=5)
    items = [item(records[0]), item(records[1], suket_for(key, records[1])), item(records[2])]
    first = link.results(items)
    assert [r["status"] for r in first] == ["accepted"] * 3
    assert [r["idempotency_key"] for r in first] == [i["idempotency_key"] for i in items]
    refs = [r["central_ref"] for r in first]
    assert all(REF_RE.match(ref) for ref in refs) and len(set(refs)) == 3
    again = link.results(items)
    assert [(r["status"], r["central_ref"]) for r in again] == [("duplicate", ref) for ref in refs]
    rows = stored(central)
    assert [row["central_ref"] for row in rows] == refs
    assert rows[1]["suket"] == items[1]["suket"] and rows[0]["suket"] is None
    assert rows[0]["request"] == items[0]["request"]
    assert {row["status"] for row in rows} == {"received"} and {row["station_id"] for row in rows} == {STATION_ID}


def test_same_item_with_keys_in_another_order_is_a_duplicate(link):
    sent = item(sample_record())
    accepted = link.results([sent])[0]
    shuffled = {"suket": None, "request": dict(reversed(list(sent["request"].items()))),
                "idempotency_key": sent["idempotency_key"]}
    reply = link.client.post("/v1/requests/batch", content=json.dumps({"items": [shuffled]}, indent=3))
    assert reply.json()["results"][0] == {"idempotency_key": sent["idempotency_key"], "status": "duplicate",
                                          "central_ref": accepted["central_ref"], "reason": None}


def test_conflict_names_the_first_differing_field_and_changes_nothing(central, link, key):
    assert link.register(key).status_code == 204
    record = sample_record()
    sent = item(record, suket_for(key, record))
    ref = link.results([sent])[0]["central_ref"]
    renamed = json.loads(json.dumps(sent))
    renamed["request"]["name"] = "MUHAMMAD ARIF"
    moved = json.loads(json.dumps(sent))
    moved["request"]["address"]["village"] = "AMASANGAN"
    renumbered = json.loads(json.dumps(sent))
    renumbered["suket"]["number"] = "471/0002/7373-LKT01/V/2026"
    no_suket = dict(sent, suket=None)
    results = link.results([renamed, moved, renumbered, no_suket])
    assert [(r["status"], r["reason"]) for r in results] == [
        ("conflict", "request.name"), ("conflict", "request.address.village"),
        ("conflict", "suket.number"), ("conflict", "suket"),
    ]
    assert [row["request"]["name"] for row in stored(central)] == [record.name]
    assert link.results([sent])[0] == {"idempotency_key": sent["idempotency_key"], "status": "duplicate",
                                       "central_ref": ref, "reason": None}


def test_a_key_stored_by_another_station_is_a_conflict(central, link):
    other = Link(central.url, OTHER_ID, central.store.add_station(OTHER_ID))
    record = sample_record()
    mine = item(record)
    link.results([mine])
    theirs = item(record, key=mine["idempotency_key"], station_id=OTHER_ID)
    result = other.results([theirs])[0]
    assert (result["status"], result["reason"], result["central_ref"]) == ("conflict", "idempotency_key", None)
    other.client.close()


def test_same_key_twice_in_one_batch(link):
    record = sample_record()
    sent = item(record)
    changed = json.loads(json.dumps(sent))
    changed["request"]["occupation"] = "GURU"
    results = link.results([sent, sent, changed])
    assert [r["status"] for r in results] == ["accepted", "duplicate", "conflict"]
    assert results[1]["central_ref"] == results[0]["central_ref"]
    assert results[2]["reason"] == "request.occupation"


def test_duplicates_and_conflicts_survive_a_restart(tmp_path):
    first = start_background(tmp_path / "central.db")
    link = Link(first.url, STATION_ID, first.store.add_station(STATION_ID))
    sent = item(sample_record())
    ref = link.results([sent])[0]["central_ref"]
    port = first.port
    first.stop()
    with pytest.raises(httpx.ConnectError):
        link.client.get("/v1/health")
    with start_background(tmp_path / "central.db", port=port) as again:
        assert again.port == port
        changed = json.loads(json.dumps(sent))
        changed["request"]["kk"] = changed["request"]["kk"][:-1] + "9"
        fresh = item(sample_records(1, seed=9)[0])
        results = link.results([sent, changed, fresh])
        assert [(r["status"], r["central_ref"]) for r in results[:2]] == [("duplicate", ref), ("conflict", None)]
        assert results[1]["reason"] == "request.kk"
        assert results[2]["central_ref"] == "C7373-00000002"  # the running number goes on
        assert again.store.count_items() == 2
    link.client.close()


def test_two_stations_sending_the_same_batch_at_once_store_it_once(central, link):
    items = [item(r) for r in sample_records(40, seed=3)]
    replies: list[list[dict]] = []
    threads = [threading.Thread(target=lambda: replies.append(link.results(items))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(replies) == 3
    assert central.store.count_items() == 40
    for position in range(40):
        statuses = sorted(reply[position]["status"] for reply in replies)
        assert statuses == ["accepted", "duplicate", "duplicate"]
        assert len({reply[position]["central_ref"] for reply in replies}) == 1


# -- batches: rejections -----------------------------------------------------------------


def _tampered(jws: str) -> str:
    header, payload, signature = jws.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["nm"] = "ORANG LAIN"
    forged = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":"), sort_keys=True).encode())
    return f"{header}.{forged.rstrip(b'=').decode()}.{signature}"


def test_rejections_name_the_reason_and_store_nothing(central, link, key, tmp_path):
    assert link.register(key).status_code == 204
    unregistered = generate_keypair(tmp_path / "other-key", STATION_ID)
    record = sample_record()
    good_suket = suket_for(key, record)
    wrong_nik_record = sample_records(1, seed=2)[0]
    bad_date = item(record)
    bad_date["request"]["birth_date"] = "17/05/1990"
    cases = [
        (item(sample_record(nik="7373011705900")), "invalid_nik"),
        (item(sample_record(nik="7373013205900001")), "invalid_nik"),
        (item(sample_record(name="")), "invalid_field:name"),
        (item(sample_record(village="KAMPUNG ENTAH")), "unknown_region"),
        (item(sample_record(district="TELLUWANUA")), "unknown_region"),
        (item(sample_record(sex="P")), "invalid_field:sex"),
        (bad_date, "invalid_field:birth_date"),
        (item(record, station_id=OTHER_ID), "invalid_field:station_id"),
        (item(record, dict(good_suket, jws=_tampered(good_suket["jws"]))), "bad_signature"),
        (item(record, dict(good_suket, jws="not-a-seal")), "bad_signature"),
        (item(record, suket_for(unregistered, record)), "unknown_key"),
        (item(record, suket_for(key, wrong_nik_record)), "invalid_field:suket"),
        (item(record, dict(good_suket, number="471/9999/7373-LKT01/V/2026")), "invalid_field:suket"),
        (item(record, suket_for(key, record, station_id=OTHER_ID)), "invalid_field:suket"),
        (item(record, dict(good_suket, jws=None)), "invalid_field:suket"),
    ]
    results = link.results([sent for sent, _ in cases])
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", reason) for _, reason in cases]
    assert all(r["central_ref"] is None for r in results)
    assert central.store.count_items() == 0
    # Corrected, under a new key, it goes through.
    assert link.results([item(record, good_suket)])[0]["status"] == "accepted"


def test_received_at_decides_the_day_rules_are_judged_on(link):
    born = dt.date(2009, 5, 4)  # 17 on 2026-05-04
    record = sample_record(nik=f"737301{born:%d%m%y}0001", birth_date=born, marital_status="BELUM KAWIN")
    early = item(record)
    early["request"]["received_at"] = "2026-05-02T09:00:00+08:00"
    on_the_day = item(record)
    on_the_day["request"]["received_at"] = "2026-05-04T01:00:00+08:00"
    # 2026-05-03T16:00Z is already 4 May in eastern Indonesia: central does not second-guess the station.
    utc_evening = item(record)
    utc_evening["request"]["received_at"] = "2026-05-03T16:00:00Z"
    garbled = item(record)
    garbled["request"]["received_at"] = "yesterday"
    results = link.results([early, on_the_day, utc_evening, garbled])
    assert [(r["status"], r["reason"]) for r in results] == [
        ("rejected", "invalid_field:birth_date"), ("accepted", None), ("accepted", None),
        ("rejected", "invalid_field:received_at"),
    ]


def test_unknown_nik_prefix_is_only_a_warning(central, link):
    born = dt.date(1990, 5, 17)
    record = sample_record(nik=f"999901{born:%d%m%y}0001")
    assert link.results([item(record)])[0]["status"] == "accepted"


def test_a_photo_path_is_never_opened_at_central(link):
    sent = item(sample_record())
    sent["request"]["photo_path"] = "/etc/hostname.png"
    assert link.results([sent])[0]["status"] == "accepted"


def test_expired_seal_is_still_accepted(link, key):
    assert link.register(key).status_code == 204
    record = sample_record()
    issued = dt.date(2019, 1, 2)
    payload = suket_payload(NUMBER, record.nik, record.name, record.birth_date, record.sex, "7373", STATION_ID,
                            issued, valid_until(issued, 6))
    suket = {"number": NUMBER, "issued_at": "2019-01-02T01:00:00Z", "valid_until": "2019-07-02",
             "jws": make_seal(key, payload)}
    assert link.results([item(record, suket)])[0]["status"] == "accepted"


# -- batches: whole-call errors -----------------------------------------------------------


def test_too_many_items_or_bytes_is_413(central, link):
    small = {"idempotency_key": "k", "request": {}, "suket": None}
    reply = link.client.post("/v1/requests/batch", json={"items": [small] * 501})
    assert reply.status_code == 413
    assert reply.json() == {"error": "batch_too_large", "max_items": 500, "message": reply.json()["message"]}
    padding = b'{"items": [' + b" " * (2 * 1024 * 1024) + b"]}"
    reply = link.client.post("/v1/requests/batch", content=padding)
    assert reply.status_code == 413 and reply.json()["max_items"] == 500
    assert central.store.count_items() == 0


def test_refusal_before_reading_a_large_body_still_answers(central, link):
    body = b'{"items": [' + b" " * (1024 * 1024) + b"]}"
    stranger = httpx.Client(base_url=central.url, trust_env=False,
                            headers={"Authorization": "Bearer wrong", "X-Station-Id": STATION_ID})
    for _ in range(2):  # the second call rides the same connection
        assert stranger.post("/v1/requests/batch", content=body).status_code == 401
    control(central, "POST", "faults", {"status": 503})
    assert link.client.post("/v1/requests/batch", content=body).status_code == 503
    stranger.close()


@pytest.mark.parametrize("content, words", [
    (b"{not json", "not valid JSON"),
    (b'{"items": NaN}', "NaN"),
    (b"\xff\xfe", "UTF-8"),
    (b"[]", '"items" list'),
    (b'{"items": {}}', '"items" list'),
    (b'{"items": [1]}', "items[0] must be an object"),
    (b'{"items": [{"request": {}}]}', "items[0].idempotency_key"),
    (b'{"items": [{"idempotency_key": "a", "request": {}}, {"idempotency_key": "b", "request": "x"}]}',
     "items[1].request"),
    (b'{"items": [{"idempotency_key": "a", "request": {}, "suket": "x"}]}', "items[0].suket"),
])
def test_malformed_batch_is_400_naming_the_problem(central, link, content, words):
    reply = link.client.post("/v1/requests/batch", content=content)
    assert reply.status_code == 400
    assert reply.json()["error"] == "bad_request" and words in reply.json()["message"]
    assert central.store.count_items() == 0


def test_unknown_route_and_method_answer_json(central):
    assert httpx.get(f"{central.url}/v1/nothing", trust_env=False).json()["error"] == "not_found"
    reply = httpx.get(f"{central.url}/v1/requests/batch", trust_env=False)
    assert reply.status_code == 405 and reply.json()["error"] == "method_not_allowed"


# -- statuses ---------------------------------------------------------------------------


def test_status_follows_central_progress(central, link):
    records = sample_records(3, seed=11)
    refs = [r["central_ref"] for r in link.results([item(r) for r in records])]
    body = link.client.post("/v1/requests/status", json={"refs": refs}).json()
    assert [(s["central_ref"], s["status"]) for s in body["statuses"]] == [(ref, "received") for ref in refs]
    assert control(central, "POST", f"requests/{refs[0]}/status", {"status": "card_printed"}).status_code == 200
    assert control(central, "POST", f"requests/{refs[1]}/status",
                   {"status": "rejected", "reason": "data ganda"}).status_code == 200
    body = link.client.post("/v1/requests/status", json={"refs": refs + ["C7373-99999999"]}).json()
    assert [s["status"] for s in body["statuses"]] == ["card_printed", "rejected", "received"]
    assert body["statuses"][1]["reason"] == "data ganda" and "reason" not in body["statuses"][0]
    assert all(s["updated_at"].endswith("Z") for s in body["statuses"])


def test_status_shows_only_the_callers_items_and_checks_the_body(central, link):
    ref = link.results([item(sample_record())])[0]["central_ref"]
    other = Link(central.url, OTHER_ID, central.store.add_station(OTHER_ID))
    assert other.client.post("/v1/requests/status", json={"refs": [ref]}).json() == {"statuses": []}
    other.client.close()
    for body in ({}, {"refs": "x"}, {"refs": [1]}):
        reply = link.client.post("/v1/requests/status", json=body)
        assert reply.status_code == 400 and reply.json()["error"] == "bad_request"
    reply = link.client.post("/v1/requests/status", json={"refs": ["C"] * 501})
    assert reply.status_code == 413 and reply.json()["max_items"] == 500
