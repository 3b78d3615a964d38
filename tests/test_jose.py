"""The one JOSE module: strict base64url, canonical JSON, compact JWS with Ed25519."""

from __future__ import annotations

import pytest

from loket import jose


def test_canonical_json_is_sorted_compact_utf8_and_refuses_nan():
    assert jose.canonical_json({"b": 1, "a": "Bone\u00e9"}) == '{"a":"Bone\u00e9","b":1}'.encode("utf-8")
    with pytest.raises(ValueError):
        jose.canonical_json({"x": float("nan")})


# Ed25519 signs deterministically: this key and payload give these bytes, on every version.
KNOWN_KEY = bytes(range(32))
KNOWN_PAYLOAD = {"v": 1, "nm": "SITI AMINAH", "no": "471/0001/7373-LKT01/VII/2018", "x": "Bone\u00e9 ~?>"}
KNOWN_JWS = (
    "eyJhbGciOiJFZERTQSIsImtpZCI6IjFJRzJ0TUg3SjJ3Ykpabk9mOExKelFpdEtmN0xNdm9BRWxzdURNVk01NFkiLCJ0eXAiOiJzdWtldCtqd3MifQ"
    ".eyJubSI6IlNJVEkgQU1JTkFIIiwibm8iOiI0NzEvMDAwMS83MzczLUxLVDAxL1ZJSS8yMDE4IiwidiI6MSwieCI6IkJvbmXDqSB-Pz4ifQ"
    ".r04985YYRQOL0NMVF5owC4oMx9hgenwyPAPuUetA4iIXqwGfssemqQ1IPn0BJ9ZHkSsWF4UWtfAbJdH25bcDAw"
)


def test_a_seal_is_the_same_bytes_as_ever():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from loket.printing.keys import StationKey

    key = StationKey(Ed25519PrivateKey.from_private_bytes(KNOWN_KEY))
    assert jose.sign_compact(key, KNOWN_PAYLOAD, "suket+jws") == KNOWN_JWS
    assert jose.sign_compact(key, KNOWN_PAYLOAD, "suket+jws") == KNOWN_JWS  # the header kept from the first


def test_a_header_is_kept_per_key_and_type():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from loket.printing.keys import StationKey

    first = StationKey(Ed25519PrivateKey.from_private_bytes(KNOWN_KEY))
    other = StationKey(Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33))))
    for key in (first, other, first):
        for typ in ("suket+jws", "bundle+jws"):
            header = jose.decode_compact(jose.sign_compact(key, {"n": 1}, typ)).header
            assert header == {"alg": "EdDSA", "kid": key.kid, "typ": typ}


VALUES = [
    {}, [], "", 0, -1, 10**30, 1.5, 1e-7, True, False, None, "Bone\u00e9 \u4e2d \U0001f600 \"q\" \\ \n\t\x00",
    {"b": [1, {"z": None, "a": [True, 2.25]}], "a": "x", "\u00e9": 1, "A": 2, "10": 3, "9": 4},
]


@pytest.mark.parametrize("value", VALUES)
def test_canonical_json_is_json_dumps_with_its_settings(value):
    import json

    from loket.storage.models import canonical_json as stored_json

    settings = dict(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert jose.canonical_text(value) == json.dumps(value, allow_nan=False, **settings)
    assert stored_json(value) == json.dumps(value, **settings)


def test_canonical_json_refuses_a_loop_and_the_stored_form_keeps_nan():
    from loket.storage.models import canonical_json as stored_json

    looped: list = []
    looped.append(looped)
    for encode in (jose.canonical_text, stored_json):
        with pytest.raises(ValueError):
            encode(looped)
        assert encode([1]) == "[1]"  # and the next value is encoded as ever
    assert stored_json([float("nan")]) == "[NaN]"


def test_base64url_is_the_standard_urlsafe_alphabet_without_padding():
    import base64

    for length in range(70):
        for data in (bytes(range(length)), bytes(255 - n % 256 for n in range(length)), b"\xfb\xff" * length):
            assert jose.b64url(data) == base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@pytest.mark.parametrize("text", ["AQ==", "AQ=", "A", "AR", "A+8", "A/8", "AQ\n", "ÄQ", 7, None])
def test_strict_base64url_refuses_padding_other_alphabets_and_spare_bits(text):
    # "AR" decodes to the same byte as "AQ" in lenient decoders: one byte, two spellings.
    assert jose.b64url_decode(text) is None


def test_base64url_round_trip():
    for data in (b"", b"\x00", b"\xff\xfe", bytes(range(256))):
        assert jose.b64url_decode(jose.b64url(data)) == data


def test_sign_and_verify_and_a_changed_byte_fails(key):
    token = jose.sign_compact(key, {"n": 1, "a": "x"}, "test+jws")
    decoded = jose.decode_compact(token)
    assert decoded.header == {"alg": "EdDSA", "kid": key.kid, "typ": "test+jws"}
    assert decoded.payload() == {"a": "x", "n": 1}
    public = jose.ed25519_public_key(key.x)
    assert jose.verify_ed25519(public, decoded)
    head, payload, signature = token.split(".")
    changed = jose.b64url(jose.canonical_json({"a": "y", "n": 1}))
    forged = jose.decode_compact(f"{head}.{changed}.{signature}")
    assert not jose.verify_ed25519(public, forged)


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated")  # joserfc's note on RFC 9864's naming, not on us
def test_another_library_verifies_what_we_sign(key):
    from joserfc import jws
    from joserfc.jwk import OKPKey

    token = jose.sign_compact(key, {"a": 1}, "test+jws")
    checked = jws.deserialize_compact(token, OKPKey.import_key(key.public_jwk()), algorithms=["EdDSA"])
    assert checked.payload == b'{"a":1}'


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c.d", "e30.e30.AR", "W10.e30.", b"\xff.e30.", None])
def test_malformed_tokens_are_refused(token):
    assert jose.decode_compact(token) is None


def test_a_kept_header_or_key_is_never_shared_with_a_caller_who_changes_it(key):
    token = jose.sign_compact(key, {"n": 1}, "test+jws")
    first = jose.decode_compact(token)
    first.header["kid"] = "changed"
    first.header["extra"] = "x"
    assert jose.decode_compact(token).header == {"alg": "EdDSA", "kid": key.kid, "typ": "test+jws"}
    x = key.public_jwk()["x"]
    assert jose.ed25519_public_key(x) is jose.ed25519_public_key(x)  # made once, then kept
    assert jose.ed25519_public_key(x[:-1]) is None and jose.ed25519_public_key(x + "A") is None
    assert jose.ed25519_public_key(None) is None
