"""The trust list: signed, read back, and applied to seals; served by the real reference central."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from loket.printing.keys import generate_keypair
from loket.printing.seal import make_seal, verify_seal
from loket.printing.trustlist import TrustListError, read_trust_list, sign_trust_list, trusted_key
from sealkit import REVOKED_AT, cases, change_char, payload, trust_list

from centralkit import STATION_ID, central, link  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    made = {}
    for name in ("publisher", "good", "revoked", "stranger"):
        made[name] = generate_keypair(tmp_path_factory.mktemp(name), "7373-LKT01")
    return made


@pytest.fixture(scope="module")
def listed(keys):
    return read_trust_list(trust_list(keys["publisher"], keys["good"], keys["revoked"]))


def test_a_list_reads_back_with_its_signer_and_members(keys, listed):
    assert listed.signer_kid == keys["publisher"].kid
    assert listed.issuer == "Disdukcapil Kota Palopo"
    by_kid = {key["kid"]: key for key in listed.keys}
    good = by_kid[keys["good"].kid]
    assert good["office"] == "7373" and good["station"] == "7373-LKT01" and good["valid_from"] == "2020-01-01"
    assert good["revoked"] is False and good["revoked_at"] is None and "d" not in good
    assert by_kid[keys["revoked"].kid]["revoked_at"] == REVOKED_AT


@pytest.mark.parametrize("name", ["genuine", "payload_changed", "signature_changed", "unknown_kid", "revoked_key",
                                  "expired", "alg_none", "wrong_typ"])
def test_every_tampering_gets_its_reason(keys, listed, name):
    token, reason = cases(keys["good"], keys["revoked"], keys["stranger"])[name]
    check = verify_seal(token, listed.keys)
    if reason == "expired":
        assert check.genuine and check.expired  # a genuine seal whose letter ran out
    else:
        assert check.reason == reason and check.genuine == (reason == "ok")


def test_a_revoked_key_still_vouches_for_what_it_signed_before(keys, listed):
    revoked = keys["revoked"]
    before = make_seal(revoked, payload(dt.date(2025, 12, 31), dt.date(2099, 1, 1), station="7373-LKT02"))
    same_day = make_seal(revoked, payload(dt.date(2026, 1, 1), dt.date(2099, 1, 1), station="7373-LKT02"))
    assert verify_seal(before, listed.keys).genuine
    assert verify_seal(same_day, listed.keys).reason == "revoked"


def test_validity_period_and_office_of_the_key(keys, listed):
    good = keys["good"]
    assert verify_seal(make_seal(good, payload(dt.date(2019, 12, 31))), listed.keys).reason == "key_not_valid"
    # The key of station LKT01 cannot vouch for a seal that names another station.
    assert verify_seal(make_seal(good, payload(station="7373-LKT09")), listed.keys).reason == "wrong_office"


@pytest.mark.parametrize("damage, problem", [
    (lambda text: change_char(text, 1), "verify.trust.bad_signature"),
    (lambda text: change_char(text, 2), "verify.trust.bad_signature"),
    (lambda text: json.dumps({"keys": []}), "verify.trust.not_signed"),
    (lambda text: "not a list", "verify.trust.not_signed"),
])
def test_a_changed_or_unsigned_list_is_refused(keys, damage, problem):
    text = trust_list(keys["publisher"], keys["good"], keys["revoked"])
    with pytest.raises(TrustListError) as caught:
        read_trust_list(damage(text))
    assert caught.value.key == problem


def test_a_list_whose_header_key_is_not_its_kid_is_refused(keys):
    text = sign_trust_list(keys["publisher"], [], "x")
    from sealkit import decode_part, signed

    header = decode_part(text, 0)
    header["kid"] = keys["good"].kid  # claims another key than the one it carries
    forged = signed(keys["publisher"], header, decode_part(text, 1))
    with pytest.raises(TrustListError) as caught:
        read_trust_list(forged)
    assert caught.value.key == "verify.trust.bad_signer"


def _served_list(central) -> str:
    reply = httpx.get(f"{central.url}/v1/keys", timeout=10, trust_env=False)  # no token: receivers have none
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["signer_kid"] == read_trust_list(body["trust_list"]).signer_kid
    return body["trust_list"]


def test_central_serves_a_signed_list_of_registered_keys(central, link, keys):  # noqa: F811
    assert read_trust_list(_served_list(central)).keys == []
    good = keys["good"]
    assert link.register(good).status_code == 204
    listed = read_trust_list(_served_list(central))
    assert [key["kid"] for key in listed.keys] == [good.kid]
    entry = listed.keys[0]
    assert entry["office"] == "7373" and entry["station"] == STATION_ID
    assert entry["office_name"] == "Dinas Kependudukan dan Pencatatan Sipil Kota Palopo"
    assert entry["valid_from"] == dt.datetime.now(dt.timezone.utc).date().isoformat() and not entry["revoked"]
    # Central keeps its signing key: the same signer on every call, and after a restart.
    assert read_trust_list(_served_list(central)).signer_kid == listed.signer_kid
    today = dt.date.fromisoformat(entry["valid_from"])
    assert verify_seal(make_seal(good, payload(today)), listed.keys).genuine


def test_a_key_revoked_at_central_fails_later_sukets_only(central, link, keys):  # noqa: F811
    good = keys["good"]
    link.register(good)
    today = dt.datetime.now(dt.timezone.utc).date()
    tomorrow = today + dt.timedelta(days=1)
    central.store.revoke_key(good.kid, "key stolen with the counter PC", at=f"{tomorrow.isoformat()}T01:00:00Z")
    listed = read_trust_list(_served_list(central))
    assert listed.keys[0]["revoked"] is True and listed.keys[0]["revoked_at"].startswith(tomorrow.isoformat())
    assert verify_seal(make_seal(good, payload(today)), listed.keys).genuine
    assert verify_seal(make_seal(good, payload(tomorrow)), listed.keys).reason == "revoked"


def test_the_control_call_revokes_a_key_now(central, link, keys):  # noqa: F811
    good = keys["good"]
    link.register(good)
    url = f"{central.url}/_control/keys/{good.kid}/revoke"
    assert httpx.post(url, json={}, trust_env=False).status_code == 400  # never without a reason
    reply = httpx.post(url, json={"reason": "compromised"}, trust_env=False)
    assert reply.status_code == 200
    again = httpx.post(url, json={"reason": "again"}, trust_env=False)
    assert again.json()["revoked_at"] == reply.json()["revoked_at"]  # the first time stands
    unknown = httpx.post(f"{central.url}/_control/keys/nope/revoke", json={"reason": "x"}, trust_env=False)
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_key"
    listed = read_trust_list(_served_list(central))
    today = dt.datetime.now(dt.timezone.utc).date()
    assert verify_seal(make_seal(good, payload(today)), listed.keys).reason == "revoked"


def test_central_serves_the_page_with_its_list(central, link, keys):  # noqa: F811
    link.register(keys["good"])
    reply = httpx.get(f"{central.url}/cek", timeout=10, trust_env=False)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/html")
    assert "/*CEK_DATA*/" not in reply.text and keys["good"].kid not in reply.text  # the list is signed JWS text
    data = reply.text.split('<script id="cek-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    embedded = read_trust_list(json.loads(data)["trust_list"])
    assert [key["kid"] for key in embedded.keys] == [keys["good"].kid]


def test_an_old_central_database_gains_the_trust_tables(tmp_path, keys):
    import sqlite3

    from loket.central import schema
    from loket.central.store import CentralStore

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
    for statement in schema.MIGRATIONS[0][1]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, 'then')")
    conn.close()
    store = CentralStore.open(path)
    store.add_station(STATION_ID)
    assert store.register_key(STATION_ID, keys["good"].public_jwk())
    assert store.revoke_key(keys["good"].kid, "test")
    assert store.trust_rows()[0]["revoked_at"]
    store.close()
