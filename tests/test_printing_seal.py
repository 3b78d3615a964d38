"""The Suket seal: exact JWS format, independent verification, and a checker that never raises."""

from __future__ import annotations

import base64
import datetime as dt
import json
import random

import pytest
from joserfc import jws as jose_jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import OKPKey

from loket.printing.keys import PRIVATE_KEY_FILE, b64url, generate_keypair
from loket.printing.seal import (
    PAYLOAD_KEYS,
    SealDataError,
    header_kid,
    make_seal,
    peek_payload,
    suket_payload,
    valid_until,
    verify_seal,
)

ISSUED = dt.date(2018, 7, 12)
UNTIL = dt.date(2019, 1, 12)


# The contract fixes "alg": "EdDSA"; joserfc warns that RFC 9864 prefers "Ed25519".
pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")


@pytest.fixture(scope="module")
def other_key(tmp_path_factory):
    return generate_keypair(tmp_path_factory.mktemp("other"), "7373-LKT02")


def payload(name: str = "Andi Baso Tenri", **changes):
    values = dict(
        number="471/0007/7373-LKT01/VII/2018", nik="7373015207900002", name=name,
        birth_date=dt.date(1990, 7, 12), sex="P", office_code="7373", station_id="7373-LKT01",
        issued=ISSUED, valid_until=UNTIL,
    )
    values.update(changes)
    return suket_payload(**values)


def decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def tamper(token: str, part: int) -> str:
    """Change one character in the middle of one part (never the spare bits of the last one)."""
    parts = token.split(".")
    middle = len(parts[part]) // 2
    char = parts[part][middle]
    parts[part] = parts[part][:middle] + ("B" if char != "B" else "C") + parts[part][middle + 1:]
    return ".".join(parts)


def test_payload_has_exactly_the_contract_keys():
    made = payload()
    assert tuple(sorted(made)) == tuple(sorted(PAYLOAD_KEYS))
    assert made == {
        "v": 1, "no": "471/0007/7373-LKT01/VII/2018", "nik": "7373015207900002", "nm": "ANDI BASO TENRI",
        "dob": "1990-07-12", "sx": "P", "off": "7373", "st": "7373-LKT01", "iat": "2018-07-12", "exp": "2019-01-12",
    }


def test_payload_name_is_the_printed_form():
    assert payload(name="  josé   ramírez ")["nm"] == "JOSÉ RAMÍREZ"
    # Outside Latin-1 the slip cannot print it, so the seal carries what the slip shows.
    assert payload(name="Łukasz Şahin")["nm"] == "LUKASZ SAHIN"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"nik": "73730152079"}, "nik"),
        ({"nik": "737301520790000X"}, "nik"),
        ({"sex": "X"}, "sex"),
        ({"birth_date": "1990-07-12"}, "birth_date"),
        ({"valid_until": dt.date(2018, 7, 11)}, "valid_until"),
        ({"number": "  "}, "suket_number"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_payload_data_names_the_field(changes, field):
    with pytest.raises(SealDataError) as caught:
        payload(**changes)
    assert caught.value.field == field
    assert "printing." not in caught.value.message  # a sentence, not a bare key


def test_header_and_payload_exact_bytes(key):
    made = payload(name="José")
    token = make_seal(key, made)
    header, body, signature = token.split(".")
    assert "=" not in token and "\n" not in token
    assert decode(header) == ('{"alg":"EdDSA","kid":"%s","typ":"suket+jws"}' % key.kid).encode()
    expected = json.dumps(made, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert decode(body) == expected
    assert "JOSÉ".encode("utf-8") in decode(body)  # UTF-8, not \u escapes
    assert list(json.loads(decode(body))) == sorted(made)
    assert len(decode(signature)) == 64
    assert b64url(decode(header)) == header


def test_joserfc_verifies_the_seal_and_we_verify_joserfc_tokens(key, key_dir):
    token = make_seal(key, payload())
    public = OKPKey.import_key(key.public_jwk())
    result = jose_jws.deserialize_compact(token, public, algorithms=["EdDSA"])
    assert json.loads(result.payload) == payload()
    assert result.headers()["typ"] == "suket+jws"
    # The other way round: a token signed by joserfc with the station's private key.
    private = OKPKey.import_key((key_dir / PRIVATE_KEY_FILE).read_bytes())
    theirs = jose_jws.serialize_compact(
        {"alg": "EdDSA", "kid": key.kid, "typ": "suket+jws"},
        json.dumps(payload(), sort_keys=True, separators=(",", ":")),
        private, algorithms=["EdDSA"],
    )
    check = verify_seal(theirs, [key.public_jwk()], today=ISSUED)
    assert check.genuine and check.payload == payload()


def test_genuine_seal(key, other_key):
    token = make_seal(key, payload())
    check = verify_seal(token, [other_key.public_jwk(), key.public_jwk()], today=ISSUED)
    assert check.genuine and check.reason == "ok" and not check.expired
    assert check.kid == key.kid
    assert check.payload == payload()
    assert key.kid in check.message
    # A JWK Set and a single JWK work as well; surrounding whitespace (scanner newline) too.
    assert verify_seal(token + "\n", {"keys": [key.public_jwk()]}, today=ISSUED).genuine
    assert verify_seal(token, key.public_jwk(), today=ISSUED).genuine
    # A JWK published without "kid" is matched by its RFC 7638 thumbprint.
    bare = {name: value for name, value in key.public_jwk().items() if name != "kid"}
    assert verify_seal(token, [bare], today=ISSUED).genuine


def test_expiry_is_reported_but_the_seal_stays_genuine(key):
    token = make_seal(key, payload())
    assert not verify_seal(token, [key.public_jwk()], today=UNTIL).expired
    late = verify_seal(token, [key.public_jwk()], today=UNTIL + dt.timedelta(days=1))
    assert late.genuine and late.expired
    assert "2019-01-12" in late.message
    assert verify_seal(token, [key.public_jwk()]).expired  # default: today, long after 2019


@pytest.mark.parametrize("part", [1, 2])
def test_one_changed_character_is_rejected_by_both_checkers(key, part):
    token = make_seal(key, payload())
    forged = tamper(token, part)
    assert forged != token
    check = verify_seal(forged, [key.public_jwk()], today=ISSUED)
    assert not check.genuine and check.reason == "bad_signature" and check.payload is None
    with pytest.raises(BadSignatureError):
        jose_jws.deserialize_compact(forged, OKPKey.import_key(key.public_jwk()), algorithms=["EdDSA"])


def test_signature_with_non_canonical_base64_is_refused(key):
    token = make_seal(key, payload())
    head, body, signature = token.split(".")
    # 64 bytes leave 4 spare bits in the last character; flipping one keeps the same bytes.
    last = signature[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = alphabet[alphabet.index(last) ^ 1]
    assert decode(signature[:-1] + twin) == decode(signature)
    check = verify_seal(f"{head}.{body}.{signature[:-1]}{twin}", [key.public_jwk()], today=ISSUED)
    assert not check.genuine and check.reason == "malformed"


def test_wrong_key(key, other_key):
    token = make_seal(key, payload())
    check = verify_seal(token, [other_key.public_jwk()], today=ISSUED)
    assert not check.genuine and check.reason == "unknown_key" and check.kid == key.kid
    # A forger publishing their own key under the station's kid still fails.
    impostor = dict(other_key.public_jwk(), kid=key.kid)
    check = verify_seal(token, [impostor], today=ISSUED)
    assert not check.genuine and check.reason == "bad_signature"


def test_other_algorithms_and_types_are_refused(key):
    body = b64url(json.dumps(payload()).encode())
    for header, reason in (
        ({"alg": "none", "kid": key.kid, "typ": "suket+jws"}, "wrong_alg"),
        ({"alg": "HS256", "kid": key.kid, "typ": "suket+jws"}, "wrong_alg"),
        ({"alg": "EdDSA", "kid": key.kid, "typ": "JWT"}, "wrong_typ"),
        ({"alg": "EdDSA", "kid": key.kid, "typ": "suket+jws", "crit": ["exp"]}, "malformed"),
        ({"alg": "EdDSA", "typ": "suket+jws"}, "malformed"),
    ):
        head = b64url(json.dumps(header).encode())
        signature = b64url(key.sign(f"{head}.{body}".encode()))
        check = verify_seal(f"{head}.{body}.{signature}", [key.public_jwk()], today=ISSUED)
        assert not check.genuine and check.reason == reason, header


def test_signed_but_incomplete_payload_is_refused(key):
    incomplete = {k: v for k, v in payload().items() if k != "nik"}
    assert verify_seal(make_seal(key, incomplete), [key.public_jwk()], today=ISSUED).reason == "bad_payload"
    assert verify_seal(make_seal(key, dict(payload(), v=2)), [key.public_jwk()], today=ISSUED).reason == "bad_payload"
    assert verify_seal(make_seal(key, dict(payload(), v=True)), [key.public_jwk()], today=ISSUED).reason == "bad_payload"
    bad_date = dict(payload(), exp="12-01-2019")
    assert verify_seal(make_seal(key, bad_date), [key.public_jwk()], today=ISSUED).reason == "bad_payload"


GARBAGE = [
    "", " ", ".", "..", "...", "a.b.c", "a.b", "a.b.c.d", "x" * 20000, "é.é.é", "\x00.\x00.\x00",
    "e30.e30.e30", "W10.e30.", "eyJhbGciOiJFZERTQSJ9..", "=.=.=", "e30=.e30=.AA==",
    "https://example.com/?q=1", "{\"alg\":\"EdDSA\"}", "[" * 5000 + "." + "]" * 5000 + ".a",
    b64url(b"[" * 100000) + "." + b64url(b"{}") + ".AAAA",
]


def _short_id(value) -> str | None:
    """pytest's own id, unless it is long: the id goes into an environment variable
    (PYTEST_CURRENT_TEST), which Windows refuses beyond 32,767 characters."""
    return None if len(repr(value)) <= 100 else f"{type(value).__name__}-of-{len(value)}"


@pytest.mark.parametrize("garbage", GARBAGE + [None, 42, b"\xff\xfe", ["a.b.c"], b"a.b.c"], ids=_short_id)
def test_garbage_never_raises(key, garbage):
    check = verify_seal(garbage, [key.public_jwk()], today=ISSUED)
    assert not check.genuine
    assert check.reason in {"malformed", "wrong_alg", "unknown_key", "bad_signature", "bad_payload"}
    assert isinstance(check.message, str) and check.message
    header_kid(garbage)
    peek_payload(garbage)


@pytest.mark.parametrize("jwks", [None, [], [None, 1, "x"], {"keys": "nope"}, [{"kid": "k", "kty": "OKP"}],
                                  {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "AAAA", "kid": "k"}]}])
def test_garbage_key_sets_never_raise(key, jwks):
    check = verify_seal(make_seal(key, payload()), jwks, today=ISSUED)
    assert not check.genuine and check.reason == "unknown_key"


def test_random_mutations_never_raise_and_never_pass(key):
    token = make_seal(key, payload())
    jwks = [key.public_jwk()]
    rng = random.Random(7373)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ é\n"
    for _ in range(400):
        chars = list(token)
        for _ in range(rng.randint(1, 3)):
            action = rng.random()
            position = rng.randrange(len(chars))
            if action < 0.6:
                chars[position] = rng.choice(alphabet)
            elif action < 0.8:
                del chars[position]
            else:
                chars.insert(position, rng.choice(alphabet))
        mutated = "".join(chars)
        check = verify_seal(mutated, jwks, today=ISSUED)
        if mutated.strip() != token:
            assert not check.genuine, mutated


@pytest.mark.parametrize(
    "issued, months, expected",
    [
        (dt.date(2018, 7, 12), 6, dt.date(2019, 1, 12)),
        (dt.date(2018, 8, 31), 6, dt.date(2019, 2, 28)),
        (dt.date(2019, 8, 31), 6, dt.date(2020, 2, 29)),
        (dt.date(2018, 1, 31), 1, dt.date(2018, 2, 28)),
        (dt.date(2018, 11, 15), 3, dt.date(2019, 2, 15)),
        (dt.date(2018, 12, 31), 12, dt.date(2019, 12, 31)),
        (dt.date(2018, 3, 31), 24, dt.date(2020, 3, 31)),
    ],
)
def test_valid_until_adds_calendar_months(issued, months, expected):
    assert valid_until(issued, months) == expected


@pytest.mark.parametrize("months", [0, -1, 1.5])
def test_valid_until_refuses_nonsense(months):
    with pytest.raises(SealDataError):
        valid_until(ISSUED, months)


def test_peek_and_header_kid_read_our_own_seal(key):
    token = make_seal(key, payload())
    assert header_kid(token) == key.kid
    assert peek_payload(token) == payload()
