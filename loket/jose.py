"""The one place Loket signs and reads compact JWS (RFC 7515) with Ed25519 (RFC 8037).

Suket seals, courier bundles and central's checks of both use these primitives:

- ``canonical_json``: sorted keys, no spaces, UTF-8, no NaN, so one value has one
  spelling and a signature or hash over it can be recomputed anywhere.
- ``b64url`` / ``b64url_decode``: base64url without padding; decoding is strict
  (alphabet only, no padding, canonical spelling only), because spare low bits in the
  last character would let two different strings carry the same signature.
- ``sign_compact`` / ``decode_compact`` / ``verify_ed25519``.

Importing this module is cheap: cryptography is imported where a key is used.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

ALG = "EdDSA"
_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def canonical_text(value: Any) -> str:
    return _CANONICAL.encode(value)


# Made once rather than by ``json.dumps`` on every call (each seal, each bundle entry).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(value: Any) -> bytes:
    return canonical_text(value).encode("utf-8")


def b64url(data: bytes) -> str:
    # base64.urlsafe_b64encode's own steps, without its two layers of calls (twice a seal).
    return binascii.b2a_base64(data, newline=False).translate(_URLSAFE).rstrip(b"=").decode("ascii")


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def b64url_decode(text: object) -> bytes | None:
    """The bytes of a strict base64url string, or None for anything else."""
    if not isinstance(text, str) or not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if b64url(raw) == text else None


def json_object(raw: bytes | None) -> dict[str, Any] | None:
    """A JSON object from UTF-8 bytes, or None (not JSON, not an object, nested too deep)."""
    if raw is None:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def jwk_thumbprint(x: str) -> str:
    """RFC 7638 thumbprint of an Ed25519 public JWK: the key's stable, unique id."""
    return b64url(hashlib.sha256(canonical_json({"crv": "Ed25519", "kty": "OKP", "x": x})).digest())


def sign_compact(key, payload: dict[str, Any], typ: str) -> str:
    """Compact JWS over the canonical ``payload``; ``key`` has ``kid`` and ``sign(bytes)``."""
    signing_input = f"{_encoded_header(key.kid, typ)}.{b64url(canonical_json(payload))}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')))}"


@functools.lru_cache(maxsize=8)
def _encoded_header(kid: str, typ: str) -> str:
    """The protected header's part, the same for every seal of one key: made once."""
    return b64url(canonical_json({"alg": ALG, "kid": kid, "typ": typ}))


@dataclass(frozen=True)
class Compact:
    """A compact JWS taken apart, not yet verified: never trust ``header`` or ``payload`` alone."""

    header: dict[str, Any]
    payload_bytes: bytes
    signature: bytes
    signing_input: bytes

    def payload(self) -> dict[str, Any] | None:
        return json_object(self.payload_bytes)


def decode_compact(token: object) -> Compact | None:
    """Three strict base64url parts, the first a JSON object; None for anything else."""
    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError:
            return None
    if not isinstance(token, str):
        return None
    parts = token.strip().split(".")
    if len(parts) != 3:
        return None
    header = _header(parts[0])
    payload = b64url_decode(parts[1])
    signature = b64url_decode(parts[2])
    if header is None or payload is None or signature is None:
        return None
    return Compact(header, payload, signature, f"{parts[0]}.{parts[1]}".encode("ascii"))


def _header(text: str) -> dict[str, Any] | None:
    """A token's header, read once per spelling (one station's seals all share theirs).
    Only a short, flat header is kept, and each caller gets its own copy of it."""
    kept = _flat_header(text) if len(text) <= 512 else None
    return dict(kept) if kept is not None else json_object(b64url_decode(text))


@functools.lru_cache(maxsize=256)
def _flat_header(text: str) -> dict[str, Any] | None:
    header = json_object(b64url_decode(text))
    return header if header is not None and all(isinstance(v, str) for v in header.values()) else None


def ed25519_public_key(x: object) -> Any:
    """The Ed25519 public key a JWK's ``x`` spells, or None if it is not 32 strict base64url bytes."""
    return _public_key(x) if isinstance(x, str) and len(x) == 43 else None  # 32 bytes spell 43


@functools.lru_cache(maxsize=256)
def _public_key(x: str) -> Any:
    # Kept: central checks every seal of a station against the same one or two keys,
    # and making the key object from its bytes costs a fifth of a verification.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = b64url_decode(x)
    return Ed25519PublicKey.from_public_bytes(raw) if raw is not None and len(raw) == 32 else None


def verify_ed25519(public_key, token: Compact) -> bool:
    """True when ``token``'s signature is ``public_key``'s over its header and payload."""
    from cryptography.exceptions import InvalidSignature

    try:
        public_key.verify(token.signature, token.signing_input)
    except InvalidSignature:
        return False
    return True
