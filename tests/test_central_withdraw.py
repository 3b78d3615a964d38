"""``POST /v1/requests/withdraw`` on the reference central, over real HTTP with a real SQLite file.

A station takes back what it sent: ``cancelled`` (held and withdrawn), ``not_held``
(never stored; a late send of the key is then refused), ``refused: card_printed``;
the same answer when asked again; only the station's own items; the body checked.
"""

from __future__ import annotations

import dataclasses
import sqlite3

import httpx
import pytest

from centralkit import OTHER_ID, Link, central, control, item, link, suket_for  # noqa: F401 - fixtures
from loket.central import schema
from loket.intake.samples import sample_record, sample_records
from loket.printing.keys import generate_keypair

pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")


def _withdraw(link, *keys, reason="Dibatalkan supervisor"):
    reply = link.client.post("/v1/requests/withdraw",
                             json={"items": [{"idempotency_key": k, "reason": reason} for k in keys]})
    assert reply.status_code == 200, reply.text
    return reply.json()["results"]


def _statuses(link, refs):
    return link.client.post("/v1/requests/status", json={"refs": refs}).json()["statuses"]


def test_a_held_item_is_withdrawn_once_and_asked_again_gets_the_same_answer(central, link):
    records = sample_records(2, seed=3)
    sent = [item(r) for r in records]
    refs = [r["central_ref"] for r in link.results(sent)]
    key = sent[0]["idempotency_key"]
    (first,) = _withdraw(link, key)
    assert first == {"idempotency_key": key, "status": "cancelled", "central_ref": refs[0], "reason": None}
    assert _withdraw(link, key, reason="lagi") == [first]  # idempotent: the first withdrawal stands
    # It reads as rejected (withdrawn) to a status pull: no version of the station takes it as alive.
    statuses = _statuses(link, refs)
    assert [(s["status"], s.get("reason")) for s in statuses] == [("rejected", "withdrawn"), ("received", None)]
    # Sending the same key again is a retry of what is stored, never a second record.
    assert link.results([sent[0]])[0]["status"] == "duplicate"
    assert central.store.count_items() == 2


def test_a_key_never_stored_is_not_held_and_a_late_send_of_it_is_refused(central, link):
    late = item(sample_record())
    (answer,) = _withdraw(link, late["idempotency_key"])
    assert (answer["status"], answer["central_ref"]) == ("not_held", None)
    (result,) = link.results([late])
    assert (result["status"], result["reason"]) == ("rejected", "withdrawn")
    assert central.store.count_items() == 0
    assert _withdraw(link, late["idempotency_key"])[0]["status"] == "not_held"


def test_a_printed_card_refuses_the_withdrawal(central, link):
    sent = item(sample_record())
    (result,) = link.results([sent])
    assert control(central, "POST", f"requests/{result['central_ref']}/status",
                   {"status": "card_printed"}).status_code == 200
    (answer,) = _withdraw(link, sent["idempotency_key"])
    assert (answer["status"], answer["reason"], answer["central_ref"]) == ("refused", "card_printed",
                                                                          result["central_ref"])
    assert _statuses(link, [result["central_ref"]])[0]["status"] == "card_printed"


def test_a_station_withdraws_only_its_own_items(central, link):
    sent = item(sample_record())
    link.results([sent])
    other = Link(central.url, OTHER_ID, central.store.add_station(OTHER_ID))
    try:
        assert _withdraw(other, sent["idempotency_key"])[0]["status"] == "not_held"
    finally:
        other.client.close()
    assert central.store.items()[0].status == "received"


def test_a_withdrawn_suket_number_is_free_for_the_request_sent_again(central, link, tmp_path):
    key = generate_keypair(tmp_path / "key", link.station_id)
    assert link.register(key).status_code == 204
    record = sample_record()
    first = item(record, suket_for(key, record))
    link.results([first])
    corrected = item(dataclasses.replace(record, occupation="PETANI"), suket_for(key, record))
    assert link.results([corrected])[0]["reason"] == "suket.number"  # the old record holds the number
    _withdraw(link, first["idempotency_key"])
    assert link.results([corrected])[0]["status"] == "accepted"


@pytest.mark.parametrize("body, words", [
    ({}, '"items" list'),
    ({"items": [{"reason": "x"}]}, "items[0].idempotency_key"),
    ({"items": [{"idempotency_key": "k"}]}, "items[0].reason"),
    ({"items": [{"idempotency_key": "k", "reason": "  "}]}, "never withdrawn without a reason"),
    ({"items": [{"idempotency_key": "k", "reason": "x", "central_ref": 5}]}, "central_ref"),
    ({"items": [{"idempotency_key": "k", "reason": "x"}] * 501}, "at most 500"),
])
def test_a_bad_body_is_refused_naming_the_culprit(central, link, body, words):
    reply = link.client.post("/v1/requests/withdraw", json=body)
    assert reply.status_code == 400 and words in reply.json()["message"]


def test_the_call_needs_the_station_token(central, link):
    reply = httpx.post(f"{central.url}/v1/requests/withdraw", json={"items": []}, trust_env=False)
    assert reply.status_code == 401 and reply.json()["error"] == "invalid_token"


def test_a_central_database_of_version_3_is_upgraded(tmp_path):
    path = tmp_path / "central.db"
    conn = sqlite3.connect(str(path), isolation_level=None)
    saved = schema.MIGRATIONS
    try:
        schema.MIGRATIONS = saved[:3]
        schema.migrate(conn)
    finally:
        schema.MIGRATIONS = saved
    assert schema.current_version(conn) == 3
    schema.migrate(conn)
    assert schema.current_version(conn) == schema.LATEST >= 4
    assert conn.execute("SELECT COUNT(*) FROM withdrawals").fetchone() == (0,)
    conn.close()
