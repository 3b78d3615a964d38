"""Station signing keys: created once with mode 0600, never overwritten, clear errors."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc.jwk import OKPKey

from loket.printing.keys import (
    PRIVATE_KEY_FILE,
    PUBLIC_JWK_FILE,
    StationKeyError,
    ensure_keypair,
    generate_keypair,
    load_key,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def test_generate_writes_private_pem_and_public_jwk(tmp_path):
    key = generate_keypair(tmp_path / "keys", "7373-LKT01")
    pem = (tmp_path / "keys" / PRIVATE_KEY_FILE).read_bytes()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    loaded = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(loaded, Ed25519PrivateKey)
    published = json.loads((tmp_path / "keys" / PUBLIC_JWK_FILE).read_text(encoding="utf-8"))
    assert published == key.public_jwk()
    assert set(published) == {"kty", "crv", "x", "kid"}
    assert published["kty"] == "OKP" and published["crv"] == "Ed25519"
    assert key.station_id == "7373-LKT01"


def test_kid_is_the_rfc7638_thumbprint(tmp_path):
    key = generate_keypair(tmp_path, "7373-LKT01")
    # An independent implementation computes the same thumbprint.
    assert OKPKey.import_key(key.public_jwk()).thumbprint() == key.kid
    other = generate_keypair(tmp_path / "other", "7373-LKT02")
    assert other.kid != key.kid
    assert load_key(tmp_path).kid == key.kid


@posix_only
def test_private_key_is_0600_even_with_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        generate_keypair(tmp_path / "keys", "7373-LKT01")
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "keys" / PRIVATE_KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700


def test_sign_makes_signatures_the_public_jwk_verifies(tmp_path):
    key = generate_keypair(tmp_path, "7373-LKT01")
    signature = key.sign(b"hello")
    public = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(key.x + "=" * (-len(key.x) % 4)))
    public.verify(signature, b"hello")  # raises InvalidSignature if wrong
    with pytest.raises(InvalidSignature):
        public.verify(signature, b"hellO")


def test_ensure_keypair_is_idempotent_and_never_wipes(tmp_path):
    first = ensure_keypair(tmp_path, "7373-LKT01")
    private_path = tmp_path / PRIVATE_KEY_FILE
    before = private_path.read_bytes()
    before_stat = private_path.stat()
    second = ensure_keypair(tmp_path, "7373-LKT01")
    assert second.kid == first.kid
    assert private_path.read_bytes() == before
    assert private_path.stat().st_mtime_ns == before_stat.st_mtime_ns


def test_generate_refuses_to_overwrite(tmp_path):
    key = generate_keypair(tmp_path, "7373-LKT01")
    before = (tmp_path / PRIVATE_KEY_FILE).read_bytes()
    with pytest.raises(StationKeyError) as caught:
        generate_keypair(tmp_path, "7373-LKT01")
    assert caught.value.problem == "exists"
    assert str(tmp_path / PRIVATE_KEY_FILE) in caught.value.message
    assert (tmp_path / PRIVATE_KEY_FILE).read_bytes() == before
    assert load_key(tmp_path).kid == key.kid


def test_ensure_restores_a_lost_or_stale_public_jwk(tmp_path):
    key = ensure_keypair(tmp_path, "7373-LKT01")
    public_path = tmp_path / PUBLIC_JWK_FILE
    public_path.unlink()
    ensure_keypair(tmp_path, "7373-LKT01")
    assert json.loads(public_path.read_text(encoding="utf-8")) == key.public_jwk()
    public_path.write_text('{"kty": "OKP", "crv": "Ed25519", "x": "stale", "kid": "stale"}', encoding="utf-8")
    ensure_keypair(tmp_path, "7373-LKT01")
    assert json.loads(public_path.read_text(encoding="utf-8")) == key.public_jwk()


def test_missing_key_is_a_clear_error(tmp_path):
    with pytest.raises(StationKeyError) as caught:
        load_key(tmp_path / "nowhere")
    assert caught.value.problem == "missing"
    assert str(tmp_path / "nowhere" / PRIVATE_KEY_FILE) in str(caught.value)


def test_garbage_file_is_not_a_pem_key(tmp_path):
    (tmp_path / PRIVATE_KEY_FILE).write_bytes(b"this is not a key\n")
    with pytest.raises(StationKeyError) as caught:
        load_key(tmp_path)
    assert caught.value.problem == "not_pem"


def test_other_key_types_are_refused_by_name(tmp_path):
    other = ec.generate_private_key(ec.SECP256R1())
    (tmp_path / PRIVATE_KEY_FILE).write_bytes(other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    with pytest.raises(StationKeyError) as caught:
        load_key(tmp_path)
    assert caught.value.problem == "not_ed25519"
    assert "Ed25519" in caught.value.message


def test_password_protected_key_is_refused(tmp_path):
    key = Ed25519PrivateKey.generate()
    (tmp_path / PRIVATE_KEY_FILE).write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    ))
    with pytest.raises(StationKeyError) as caught:
        load_key(tmp_path)
    assert caught.value.problem == "encrypted"


def test_unreadable_key_is_a_clear_error(tmp_path):
    (tmp_path / PRIVATE_KEY_FILE).mkdir()  # unreadable as a file, even for root
    with pytest.raises(StationKeyError) as caught:
        load_key(tmp_path)
    assert caught.value.problem == "unreadable"
    assert PRIVATE_KEY_FILE in caught.value.message


def test_key_directory_that_cannot_be_created_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StationKeyError) as caught:
        ensure_keypair(tmp_path / "file" / "keys", "7373-LKT01")
    assert caught.value.problem == "write_failed"
