"""The Suket seal: a compact JWS (EdDSA/Ed25519) over a small JSON payload.

Format fixed by the Suket QR contract (docs): header exactly
``{"alg":"EdDSA","kid":...,"typ":"suket+jws"}``, payload with sorted keys and no
spaces, base64url without padding. Verification uses ``cryptography`` directly and
never raises, whatever string it is given: a phone may scan anything.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from loket.i18n import t
from loket.i18n.labels import FIELD_LABELS, SEAL_FIELDS, SEAL_PROBLEMS, SEAL_VERDICTS, label
from loket.printing.keys import StationKey, b64url, jwk_thumbprint
from loket.printing.text import printed_name

SEAL_VERSION = 1
SEAL_TYPE = "suket+jws"
PAYLOAD_KEYS = ("v", "no", "nik", "nm", "dob", "sx", "off", "st", "iat", "exp")

_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_NIK = re.compile(r"[0-9]{16}")


class SealDataError(ValueError):
    """Data that cannot go into a seal; ``field`` names the culprit."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        named = label(FIELD_LABELS, field) if field in FIELD_LABELS else label(SEAL_FIELDS, field)
        self.message = t("printing.seal.bad_field", field=named, problem=label(SEAL_PROBLEMS, problem))
        super().__init__(self.message)


@dataclass(frozen=True)
class SealCheck:
    """The verdict on one scanned seal.

    ``genuine`` is True only when the signature checks out against a known key.
    ``reason`` is ``ok`` or one of ``malformed`` (not a Suket JWS at all),
    ``wrong_alg``, ``unknown_key``, ``bad_signature``, ``bad_payload`` (signed, but
    not a version-1 Suket payload). ``payload`` is set only for a genuine seal (a
    forged one's contents must not be shown as data). ``expired`` is separate: a
    genuine letter past its ``exp`` date.
    """

    genuine: bool
    reason: str
    payload: dict[str, Any] | None = None
    expired: bool = False
    kid: str | None = None

    @property
    def message(self) -> str:
        if self.genuine and self.expired and self.payload:
            return t("printing.seal.expired", date=self.payload["exp"])
        if self.genuine:
            return t("printing.seal.ok", kid=self.kid)
        return t(SEAL_VERDICTS.get(self.reason, "printing.seal.malformed"), kid=self.kid or "?")


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
) -> dict[str, Any]:
    """The seal payload; the name is put in its printed form so paper and QR agree."""
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
    return {
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


def _compact_json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode("utf-8")


def make_seal(key: StationKey, payload: dict[str, Any]) -> str:
    """Sign ``payload`` with the station key; returns the compact JWS for the QR."""
    header = _compact_json({"alg": "EdDSA", "kid": key.kid, "typ": SEAL_TYPE})
    signing_input = f"{b64url(header)}.{b64url(_compact_json(payload))}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')))}"


def valid_until(issued: dt.date, months: int) -> dt.date:
    """``issued`` plus ``months`` calendar months, clamped to the month's end (31 Aug + 6 -> 28/29 Feb)."""
    if not isinstance(months, int) or months <= 0:
        raise SealDataError("valid_until", "not_positive")
    index = issued.month - 1 + months
    year, month = issued.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(issued.day, calendar.monthrange(year, month)[1]))


def _b64url_decode(part: str) -> bytes | None:
    """Strict base64url: alphabet only, no padding, and the canonical encoding only.

    The canonical check matters: spare low bits in the last character would let two
    different strings carry the same signature.
    """
    if not _B64URL.fullmatch(part) or len(part) % 4 == 1:
        return None
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if b64url(raw) == part else None


def _json_object(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _key_list(jwks: object) -> list[object]:
    if isinstance(jwks, dict):
        keys = jwks.get("keys")
        return list(keys) if isinstance(keys, list) else [jwks]
    if isinstance(jwks, (list, tuple)):
        return list(jwks)
    return []


def _ed25519_public_key(jwks: object, kid: str) -> Any:
    """The public key with this ``kid`` among well-formed Ed25519 JWKs, or None.

    A JWK published without ``kid`` is matched by its thumbprint, which is how
    stations name their keys.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    for jwk in _key_list(jwks):
        if not isinstance(jwk, dict):
            continue
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not isinstance(jwk.get("x"), str):
            continue
        named = jwk["kid"] if "kid" in jwk else jwk_thumbprint(jwk["x"])
        if named != kid:
            continue
        raw = _b64url_decode(jwk["x"])
        if raw is not None and len(raw) == 32:
            return Ed25519PublicKey.from_public_bytes(raw)
    return None


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
    return all(isinstance(payload[name], str) for name in PAYLOAD_KEYS if name != "v")


def _unverified_part(jws: object, index: int) -> dict[str, Any] | None:
    parts = jws.split(".") if isinstance(jws, str) else []
    return _json_object(_b64url_decode(parts[index])) if len(parts) == 3 else None


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

    ``today`` (default: the current date) only decides ``expired``; an expired
    letter still has a genuine seal.
    """
    from cryptography.exceptions import InvalidSignature

    if isinstance(jws, bytes):
        try:
            jws = jws.decode("ascii")
        except UnicodeDecodeError:
            return SealCheck(False, "malformed")
    if not isinstance(jws, str):
        return SealCheck(False, "malformed")
    parts = jws.strip().split(".")
    if len(parts) != 3:
        return SealCheck(False, "malformed")
    header = _json_object(_b64url_decode(parts[0]))
    signature = _b64url_decode(parts[2])
    payload_raw = _b64url_decode(parts[1])
    if header is None or signature is None or payload_raw is None:
        return SealCheck(False, "malformed")
    kid = header.get("kid")
    if not isinstance(kid, str):
        return SealCheck(False, "malformed")
    if header.get("alg") != "EdDSA":
        return SealCheck(False, "wrong_alg", kid=kid)
    if header.get("typ") != SEAL_TYPE or "crit" in header:
        return SealCheck(False, "malformed", kid=kid)
    public_key = _ed25519_public_key(jwks, kid)
    if public_key is None:
        return SealCheck(False, "unknown_key", kid=kid)
    try:
        public_key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature:
        return SealCheck(False, "bad_signature", kid=kid)
    payload = _json_object(payload_raw)
    if payload is None or not _payload_shape_ok(payload):
        return SealCheck(False, "bad_payload", kid=kid)
    today = today or dt.date.today()
    expired = dt.date.fromisoformat(payload["exp"]) < today
    return SealCheck(True, "ok", payload=payload, expired=expired, kid=kid)
