"""The one JOSE module: strict base64url, canonical JSON, compact JWS with Ed25519."""

from __future__ import annotations

import pytest

from loket import jose


def test_canonical_json_is_sorted_compact_utf8_and_refuses_nan():
    assert jose.canonical_json({"b": 1, "a": "Bone\u00e9"}) == '{"a":"Bone\u00e9","b":1}'.encode("utf-8")
    with pytest.raises(ValueError):
        jose.canonical_json({"x": float("nan")})


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
