"""Seals and trust lists for the verification tests, and every tampering a receiver must catch.

The same cases drive the Python checker (``loket verify``) and the Cek Suket page in a
real browser, so both are held to one list.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

from loket.printing.keys import b64url
from loket.printing.seal import make_seal, suket_payload
from loket.printing.trustlist import sign_trust_list, trusted_key

TODAY = dt.date.today()
VALID_FROM = dt.date(2020, 1, 1)
REVOKED_AT = "2026-01-01T03:00:00Z"
PHOTO = b"\x89PNG\r\n\x1a\n a photo file, byte for byte"
NAME = "Andi Baso Tenri"
NIK = "7373015207900002"
NUMBER = "471/0007/7373-LKT01/XI/2026"


def payload(issued: dt.date = TODAY, until: dt.date | None = None, station: str = "7373-LKT01",
            photo: bytes | None = None) -> dict:
    made = suket_payload(NUMBER, NIK, NAME, dt.date(1990, 7, 12), "P", "7373", station, issued,
                         until or issued + dt.timedelta(days=180))
    if photo is not None:
        import hashlib

        made["ph"] = b64url(hashlib.sha256(photo).digest())
    return made


def signed(key, header: dict, body: dict) -> str:
    head = b64url(json.dumps(header, separators=(",", ":")).encode())
    data = b64url(json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode())
    return f"{head}.{data}.{b64url(key.sign(f'{head}.{data}'.encode()))}"


def change_char(token: str, part: int) -> str:
    """One character changed in the middle of one part (never the spare bits of the last one)."""
    parts = token.split(".")
    middle = len(parts[part]) // 2
    char = parts[part][middle]
    parts[part] = parts[part][:middle] + ("B" if char != "B" else "C") + parts[part][middle + 1:]
    return ".".join(parts)


def trust_list(publisher, good, revoked) -> str:
    """A list with ``good`` (valid since 2020) and ``revoked`` (revoked on 1 January 2026)."""
    entries = [
        trusted_key(good.public_jwk(), office="7373", office_name="Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
                    station="7373-LKT01", valid_from=VALID_FROM),
        trusted_key(revoked.public_jwk(), office="7373", office_name="Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
                    station="7373-LKT02", valid_from=VALID_FROM, revoked_at=REVOKED_AT),
    ]
    return sign_trust_list(publisher, entries, "Disdukcapil Kota Palopo")


def cases(good, revoked, stranger) -> dict[str, tuple[str, str]]:
    """name -> (seal text, expected reason); ``ok`` is the genuine one."""
    genuine = make_seal(good, payload())
    seal_header = {"alg": "EdDSA", "kid": good.kid, "typ": "suket+jws"}
    return {
        "genuine": (genuine, "ok"),
        "payload_changed": (change_char(genuine, 1), "bad_signature"),
        "signature_changed": (change_char(genuine, 2), "bad_signature"),
        "unknown_kid": (make_seal(stranger, payload()), "unknown_key"),
        "revoked_key": (make_seal(revoked, payload(station="7373-LKT02")), "revoked"),
        "expired": (make_seal(good, payload(dt.date(2024, 1, 2), dt.date(2024, 7, 2))), "expired"),
        "alg_none": (f"{b64url(json.dumps({**seal_header, 'alg': 'none'}).encode())}.{genuine.split('.')[1]}.",
                     "wrong_alg"),
        "wrong_typ": (signed(good, {**seal_header, "typ": "JWT"}, payload()), "wrong_typ"),
    }


def decode_part(token: str, index: int) -> dict:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
