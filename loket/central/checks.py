"""Is a new item acceptable? The station's own rules, applied again at central.

The request goes through the very validator the counter uses
(``loket.intake.validate``), so central never rejects what a station could
accept, nor the other way round; its errors are mapped to the protocol's reasons.
A Suket, when sent, must carry a seal made by a key this station registered,
and the seal must say what the item says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from loket.central.canon import BatchEntry
from loket.jose import b64url_decode

REGION_LEVELS = ("province", "regency", "district", "village")
REGION_CODES = ("not_found", "not_in_parent")
KID_MAX = 200
# Indonesia's easternmost zone (WIT, UTC+9). A UTC time is judged on the latest
# calendar date any station could have had at that instant, so a request taken on
# a local date a few hours "ahead" of UTC is never refused as too young.
LATEST_LOCAL_ZONE = dt.timezone(dt.timedelta(hours=9))


class RegionDataMissing(RuntimeError):
    """Central cannot read its region list, so it cannot judge any address."""


class JwkError(ValueError):
    """A signing-key body that is not an Ed25519 public JWK; the message says why."""


def check_jwk(body: object) -> dict[str, str]:
    """The public JWK in its stored form (``kty``, ``crv``, ``x``, ``kid``), or ``JwkError``."""
    if not isinstance(body, dict):
        raise JwkError('the body must be a JSON object: {"kty": "OKP", "crv": "Ed25519", "x": ..., "kid": ...}')
    if "d" in body:
        raise JwkError('this JWK holds a private key ("d"); send the public key only and keep the private one secret')
    if body.get("kty") != "OKP":
        raise JwkError('kty must be "OKP" (an Ed25519 key)')
    if body.get("crv") != "Ed25519":
        raise JwkError('crv must be "Ed25519"')
    x = body.get("x")
    raw = b64url_decode(x)
    if raw is None or len(raw) != 32:
        raise JwkError("x must be the 32-byte public key in base64url without padding (43 characters)")
    kid = body.get("kid")
    if not isinstance(kid, str) or not kid.strip() or len(kid) > KID_MAX or not kid.isprintable():
        raise JwkError(f"kid must be a non-empty key id of at most {KID_MAX} printable characters")
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid}


def judging_day(received_at: object, server_today: dt.date) -> dt.date:
    """The date the station's rules are applied for: the day the clerk took the request.

    Raises ``ValueError`` when ``received_at`` is there but not an ISO 8601 time.
    """
    if received_at is None or received_at == "":
        return server_today
    if not isinstance(received_at, str):
        raise ValueError("received_at")
    text = received_at.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"  # Python 3.10 does not read "Z"
    moment = dt.datetime.fromisoformat(text)
    offset = moment.utcoffset()
    if offset is None:
        return moment.date()
    if offset == dt.timedelta(0):
        return moment.astimezone(LATEST_LOCAL_ZONE).date()
    return moment.date()


def judge(entry: BatchEntry, station_id: str, jwks: list[dict[str, str]], server_today: dt.date) -> str | None:
    """Why a new item is rejected (a protocol reason), or None when it is accepted."""
    reason, nik = request_reason(entry.request, station_id, server_today)
    if reason is None and entry.suket is not None:
        reason = suket_reason(entry.suket, nik, station_id, jwks)
    return reason


def request_reason(request: dict[str, Any], station_id: str, server_today: dt.date) -> tuple[str | None, str]:
    """``(reason or None, normalized NIK)`` for one intake record."""
    from loket.intake.record import IntakeRecord, RecordShapeError
    from loket.intake.validate import validate

    if request.get("station_id") != station_id:
        return "invalid_field:station_id", ""
    clerk = request.get("clerk_id")
    if clerk is not None and not isinstance(clerk, str):
        return "invalid_field:clerk_id", ""
    try:
        day = judging_day(request.get("received_at"), server_today)
    except ValueError:
        return "invalid_field:received_at", ""
    try:
        record = IntakeRecord.from_request(request)
    except RecordShapeError as exc:
        return f"invalid_field:{exc.field}", ""
    # The photo stays at the station; a path sent here must never make central open its own files.
    record.photo_path = ""
    result = validate(record, today=day)
    if any(problem.code == "region_data" for problem in result.errors):
        raise RegionDataMissing()
    for problem in result.errors:
        if problem.field == "nik":
            return "invalid_nik", ""
        if problem.field in REGION_LEVELS and problem.code in REGION_CODES:
            return "unknown_region", ""
        return f"invalid_field:{problem.field}", ""
    return None, result.normalized.nik


def suket_reason(suket: dict[str, Any], nik: str, station_id: str, jwks: list[dict[str, str]]) -> str | None:
    """Why a Suket is refused: a key this station never registered, a seal that does not
    verify, or a seal that says something other than the item."""
    from loket.printing.seal import verify_seal

    number, jws = suket.get("number"), suket.get("jws")
    if not isinstance(number, str) or not number.strip() or not isinstance(jws, str):
        return "invalid_field:suket"
    if any(suket.get(name) is not None and not isinstance(suket.get(name), str)
           for name in ("issued_at", "valid_until")):
        return "invalid_field:suket"
    # One pass over the seal: its header is read once, by the verification itself.
    # An expired seal is fine: it was valid the day it was issued.
    check = verify_seal(jws, jwks)
    if check.kid is None:
        return "bad_signature"
    if check.reason == "unknown_key" or check.kid not in {jwk["kid"] for jwk in jwks}:
        return "unknown_key"
    if not check.genuine:
        return "invalid_field:suket" if check.reason == "bad_payload" else "bad_signature"
    payload = check.payload
    if payload["nik"] != nik or payload["no"] != number or payload["st"] != station_id:
        return "invalid_field:suket"
    return None
