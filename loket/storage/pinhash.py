"""PIN hashing with scrypt, stored as ``scrypt$n$r$p$salt$hash`` (base64, no padding).

The parameters travel with each hash, so they can be raised later: a login with
an older hash verifies with that hash's parameters and is then re-hashed.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

# n=2**14, r=8 needs 16 MiB and takes roughly 50-100 ms on a modest office PC:
# slow enough to make guessing a stolen database's PINs costly, quick enough at login.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
MAXMEM = 64 * 1024 * 1024
# A hash in the database asking for more than this is refused, not computed.
_MAX_N = 2**20


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    needed = 128 * r * n * p + 128 * r * p * 2  # scrypt's working memory, plus slack
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=max(MAXMEM, 2 * needed)
    )


def hash_pin(pin: str) -> str:
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    if n < 2 or n > _MAX_N or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16 or not digest:
        return None
    return n, r, p, salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time check of ``pin`` against a stored hash; a malformed hash never matches."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p, len(digest)), digest)


def needs_rehash(stored: str) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[:3] != (SCRYPT_N, SCRYPT_R, SCRYPT_P)


@functools.lru_cache(maxsize=1)
def decoy_hash() -> str:
    """A hash to check against when the name is unknown, so both cases take as long."""
    return hash_pin("0000")
