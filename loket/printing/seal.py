"""The Suket seal: a compact JWS (EdDSA/Ed25519) over a small JSON payload.

Format fixed by the Suket QR contract (docs): header exactly
``{"alg":"EdDSA","kid":...,"typ":"suket+jws"}``, payload with sorted keys and no
spaces, base64url without padding. The JWS primitives are ``loket.jose``'s.
Verification never raises, whatever string it is given: a phone may scan anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from loket import jose
from loket.i18n import has, t
from loket.jose import b64url_decode as _b64url_decode
from loket.jose import json_object as _json_object
from loket.jose import jwk_thumbprint
from loket.printing.keys import StationKey
from loket.printing.text import printed_name
from loket.printing.trustlist import key_problem

SEAL_VERSION = 1
SEAL_TYPE = "suket+jws"
PAYLOAD_KEYS = ("v", "no", "nik", "nm", "dob", "sx", "off", "st", "iat", "exp")

_NIK = re.compile(r"[0-9]{16}")
# Optional ``ph``: base64url SHA-256 of the photo file printed on the Suket.
_PHOTO_HASH = re.compile(r"[A-Za-z0-9_-]{43}")


class SealDataError(ValueError):
    """Data that cannot go into a seal; ``field`` names the culprit."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        label = t(f"field.{field}") if has(f"field.{field}") else t(f"printing.field.{field}")
        self.message = t("printing.seal.bad_field", field=label, problem=t(f"printing.seal.problem.{problem}"))
        super().__init__(self.message)


@dataclass(frozen=True)
class SealCheck:
    """The verdict on one scanned seal.

    ``genuine`` is True only when the signature checks out against a known key.
    ``reason`` is ``ok`` or one of ``malformed`` (not a Suket JWS at all),
    ``wrong_alg``, ``wrong_typ``, ``unknown_key``, ``bad_signature``, ``bad_payload``
    (signed, but not a version-1 Suket payload), or, for a key from a trust list,
    ``revoked``, ``key_not_valid`` or ``wrong_office`` (see ``trustlist.key_problem``).
    ``payload`` is set only for a genuine seal (a forged one's contents must not be
    shown as data). ``expired`` is separate: a genuine letter past its ``exp`` date.
    """

    genuine: bool
    reason: str
    payload: dict[str, Any] | None = None
    expired: bool = False
    kid: str | None = None
    key: dict[str, Any] | None = None  # the (trust-list) JWK that vouched for a genuine seal

    @property
    def message(self) -> str:
        if self.genuine and self.expired and self.payload:
            return t("printing.seal.expired", date=self.payload["exp"])
        if self.genuine:
            return t("printing.seal.ok", kid=self.kid)
        return t(f"printing.seal.{self.reason}", kid=self.kid or "?")


def _as_date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise SealDataError(field, "not_date")


def suket_payload(
    number: str,
    nik: str,
    name: str,
    birth_date: dt.date,
    sex: str,
    office_code: str,
    station_id: str,
    issued: dt.date,
    valid_until: dt.date,
    photo_hash: str | None = None,
) -> dict[str, Any]:
    """The seal payload; the name is put in its printed form so paper and QR agree.

    ``photo_hash``: the optional ``ph`` claim, base64url (no padding) of the SHA-256
    of the photo file the station keeps (``loket.printing.photo.photo_hash``).
    """
    nik = str(nik).strip()
    if not _NIK.fullmatch(nik):
        raise SealDataError("nik", "not_16_digits")
    if sex not in ("L", "P"):
        raise SealDataError("sex", "not_l_or_p")
    for value, field in ((number, "suket_number"), (name, "name"), (office_code, "office_code"),
                         (station_id, "station_id")):
        if not isinstance(value, str) or not value.strip():
            raise SealDataError(field, "empty")
    birth_date = _as_date(birth_date, "birth_date")
    issued = _as_date(issued, "issued")
    valid_until = _as_date(valid_until, "valid_until")
    if valid_until < issued:
        raise SealDataError("valid_until", "before_issue")
    if photo_hash is not None and not (isinstance(photo_hash, str) and _PHOTO_HASH.fullmatch(photo_hash)):
        raise SealDataError("photo_hash", "not_sha256_b64url")
    payload = {
        "v": SEAL_VERSION,
        "no": number.strip(),
        "nik": nik,
        "nm": printed_name(name),
        "dob": birth_date.isoformat(),
        "sx": sex,
        "off": office_code.strip(),
        "st": station_id.strip(),
        "iat": issued.isoformat(),
        "exp": valid_until.isoformat(),
    }
    if photo_hash:
        payload["ph"] = photo_hash
    return payload


def make_seal(key: StationKey, payload: dict[str, Any]) -> str:
    """Sign ``payload`` with the station key; returns the compact JWS for the QR."""
    return jose.sign_compact(key, payload, SEAL_TYPE)


def valid_until(issued: dt.date, months: int) -> dt.date:
    """``issued`` plus ``months`` calendar months, clamped to the month's end (31 Aug + 6 -> 28/29 Feb)."""
    if not isinstance(months, int) or months <= 0:
        raise SealDataError("valid_until", "not_positive")
    index = issued.month - 1 + months
    year, month = issued.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(issued.day, calendar.monthrange(year, month)[1]))


# Re-exported: the trust list and the verification page read seals with the same primitives.
b64url_decode = _b64url_decode
json_object = _json_object


def _key_list(jwks: object) -> list[object]:
    if isinstance(jwks, dict):
        keys = jwks.get("keys")
        return list(keys) if isinstance(keys, list) else [jwks]
    if isinstance(jwks, (list, tuple)):
        return list(jwks)
    return []


def _matching_jwk(jwks: object, kid: str) -> tuple[dict[str, Any], Any] | None:
    """The JWK with this ``kid`` among well-formed Ed25519 JWKs, with its public key; or None.

    A JWK published without ``kid`` is matched by its thumbprint, which is how
    stations name their keys.
    """
    for jwk in _key_list(jwks):
        if not isinstance(jwk, dict):
            continue
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not isinstance(jwk.get("x"), str):
            continue
        named = jwk["kid"] if "kid" in jwk else jwk_thumbprint(jwk["x"])
        if named != kid:
            continue
        public_key = jose.ed25519_public_key(jwk["x"])
        if public_key is not None:
            return jwk, public_key
    return None


def ed25519_public_key(jwks: object, kid: str) -> Any:
    """The public key with this ``kid`` among well-formed Ed25519 JWKs, or None."""
    found = _matching_jwk(jwks, kid)
    return found[1] if found else None


def _payload_shape_ok(payload: dict[str, Any]) -> bool:
    if set(PAYLOAD_KEYS) - payload.keys():
        return False
    if type(payload["v"]) is not int or payload["v"] != SEAL_VERSION:
        return False
    for name in ("dob", "iat", "exp"):
        try:
            dt.date.fromisoformat(payload[name])
        except (TypeError, ValueError):
            return False
    if "ph" in payload and not (isinstance(payload["ph"], str) and _PHOTO_HASH.fullmatch(payload["ph"])):
        return False
    return all(isinstance(payload[name], str) for name in PAYLOAD_KEYS if name != "v")


def _unverified_part(jws: object, index: int) -> dict[str, Any] | None:
    parts = jws.split(".") if isinstance(jws, str) else []
    return json_object(b64url_decode(parts[index])) if len(parts) == 3 else None


def header_kid(jws: str) -> str | None:
    """The ``kid`` a seal claims, unverified: for display beside the QR, never for trust."""
    header = _unverified_part(jws, 0)
    kid = header.get("kid") if header else None
    return kid if isinstance(kid, str) else None


def peek_payload(jws: str) -> dict[str, Any] | None:
    """The payload a seal carries, unverified: for reprinting this station's own seal."""
    return _unverified_part(jws, 1)


def verify_seal(jws: object, jwks: list[dict] | dict, today: dt.date | None = None) -> SealCheck:
    """Check a scanned seal against the published public keys. Never raises.

    ``jwks``: JWKs, a JWK Set, or the keys of a trust list (whose validity and
    revocation members are then applied). ``today`` (default: the current date)
    only decides ``expired``; an expired letter still has a genuine seal.
    """
    token = jose.decode_compact(jws)
    if token is None:
        return SealCheck(False, "malformed")
    header = token.header
    kid = header.get("kid")
    if not isinstance(kid, str):
        return SealCheck(False, "malformed")
    if header.get("alg") != jose.ALG:
        return SealCheck(False, "wrong_alg", kid=kid)
    if "crit" in header:
        return SealCheck(False, "malformed", kid=kid)
    if header.get("typ") != SEAL_TYPE:
        return SealCheck(False, "wrong_typ", kid=kid)
    found = _matching_jwk(jwks, kid)
    if found is None:
        return SealCheck(False, "unknown_key", kid=kid)
    jwk, public_key = found
    if not jose.verify_ed25519(public_key, token):
        return SealCheck(False, "bad_signature", kid=kid)
    payload = token.payload()
    if payload is None or not _payload_shape_ok(payload):
        return SealCheck(False, "bad_payload", kid=kid)
    problem = key_problem(jwk, payload)
    if problem is not None:
        return SealCheck(False, problem, kid=kid)
    today = today or dt.date.today()
    expired = dt.date.fromisoformat(payload["exp"]) < today
    return SealCheck(True, "ok", payload=payload, expired=expired, kid=kid, key=jwk)
