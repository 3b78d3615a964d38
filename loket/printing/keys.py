"""The station's Ed25519 signing key: created once, kept private, published as a JWK.

The private key lives in ``signing-key.pem`` (PKCS#8, unencrypted, mode 0600, created
that way so it is never readable by anyone else, not even for a moment). The public
half sits beside it as ``signing-key.pub.jwk`` for publication and for registration
with central. An existing key is never replaced: a second setup loads it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from loket.files import private_folder, write_file
from loket.i18n import t
from loket.i18n.os_errors import os_reason
from loket.jose import b64url, jwk_thumbprint  # noqa: F401  (b64url is part of this module's API)

PRIVATE_KEY_FILE = "signing-key.pem"
PUBLIC_JWK_FILE = "signing-key.pub.jwk"


class StationKeyError(Exception):
    """The signing key is missing, unreadable, of the wrong kind, or cannot be written."""

    def __init__(self, problem: str, message: str):
        super().__init__(message)
        self.problem = problem
        self.message = message


class StationKey:
    """A loaded private signing key with its key id (``kid``)."""

    def __init__(self, private_key: Any, station_id: str | None = None):
        from cryptography.hazmat.primitives import serialization

        self._private = private_key
        raw_public = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.x = b64url(raw_public)
        self.kid = jwk_thumbprint(self.x)
        self.station_id = station_id

    def public_jwk(self) -> dict[str, str]:
        return {"kty": "OKP", "crv": "Ed25519", "x": self.x, "kid": self.kid}

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)

    def __repr__(self) -> str:
        return f"StationKey(kid={self.kid!r}, station_id={self.station_id!r})"


def generate_keypair(key_dir: Path, station_id: str) -> StationKey:
    """Create a new key pair in ``key_dir``; refuses if a private key is already there."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key_dir = Path(key_dir)
    private_path = key_dir / PRIVATE_KEY_FILE
    private_key = Ed25519PrivateKey.generate()
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        # Apart from the write: a file in the folder's way is "cannot write", not "a key exists".
        private_folder(key_dir)
    except OSError as error:
        raise StationKeyError(
            "write_failed", t("printing.key.write_failed", path=private_path, error=os_reason(error))
        ) from None
    try:
        # Never replace a key someone already relies on; owner-only from the first byte.
        write_file(private_path, pem, private=True, overwrite=False)
    except FileExistsError:
        raise StationKeyError("exists", t("printing.key.exists", path=private_path)) from None
    except OSError as error:
        raise StationKeyError(
            "write_failed", t("printing.key.write_failed", path=private_path, error=os_reason(error))
        ) from None
    key = StationKey(private_key, station_id)
    write_public_jwk(key, key_dir)
    return key


def write_public_jwk(key: StationKey, key_dir: Path) -> Path:
    """Write (or refresh) the public JWK beside the private key, atomically."""
    path = Path(key_dir) / PUBLIC_JWK_FILE
    text = json.dumps(key.public_jwk(), indent=2) + "\n"
    try:
        write_file(path, text.encode("utf-8"))
    except OSError as error:
        raise StationKeyError(
            "write_failed", t("printing.key.write_failed", path=path, error=os_reason(error))
        ) from None
    return path


def load_key(key_dir: Path, station_id: str | None = None) -> StationKey:
    """Load the private key from ``key_dir``; ``StationKeyError`` says what is wrong."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = Path(key_dir) / PRIVATE_KEY_FILE
    try:
        pem = path.read_bytes()
    except FileNotFoundError:
        raise StationKeyError("missing", t("printing.key.missing", path=path)) from None
    except OSError as error:
        raise StationKeyError(
            "unreadable", t("printing.key.unreadable", path=path, error=os_reason(error))
        ) from None
    try:
        private_key = serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        raise StationKeyError("encrypted", t("printing.key.encrypted", path=path)) from None
    except (ValueError, UnsupportedAlgorithm):
        raise StationKeyError("not_pem", t("printing.key.not_pem", path=path)) from None
    if not isinstance(private_key, Ed25519PrivateKey):
        kind = type(private_key).__name__.replace("PrivateKey", "") or "?"
        raise StationKeyError("not_ed25519", t("printing.key.not_ed25519", path=path, kind=kind))
    return StationKey(private_key, station_id)


def ensure_keypair(key_dir: Path, station_id: str) -> StationKey:
    """The station's key: loaded if it exists, created otherwise. Never wipes a key.

    Also restores the public JWK file if it went missing or no longer matches.
    """
    key_dir = Path(key_dir)
    if not (key_dir / PRIVATE_KEY_FILE).exists():
        try:
            return generate_keypair(key_dir, station_id)
        except StationKeyError as error:
            if error.problem != "exists":
                raise
            # Another process created it between the check and the create: use theirs.
    key = load_key(key_dir, station_id)
    public_path = key_dir / PUBLIC_JWK_FILE
    try:
        current = json.loads(public_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = None
    if current != key.public_jwk():
        write_public_jwk(key, key_dir)
    return key
