"""The trust list: the offices' public seal keys as a signed JWK Set.

A receiver who checks a Suket needs to know which keys belong to which office,
since when, and whether a key was revoked. The trust list says so: a JWK Set
whose keys carry, beside the standard members, ``office`` (kode wilayah),
``office_name``, ``station``, ``valid_from`` and ``valid_until`` (dates; a Suket
issued outside them fails), ``revoked`` and ``revoked_at`` (a Suket issued on or
after the revocation's date fails; earlier ones still pass).

The set travels as a compact JWS (``typ`` ``suket-keys+jws``) so that a copy on a
web site or a USB stick cannot be changed unnoticed; the header carries the
signer's public JWK, whose thumbprint (``kid``) the publisher announces.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from loket.errors import ExplainedError
from loket.printing.keys import StationKey, b64url, jwk_thumbprint

TRUST_LIST_TYPE = "suket-keys+jws"
# The members a trust-list key adds to a plain Ed25519 JWK.
TRUST_MEMBERS = ("office", "office_name", "station", "valid_from", "valid_until", "revoked", "revoked_at")


class TrustListError(ExplainedError, ValueError):
    """A trust list that cannot be used; ``key`` is its catalog entry (``verify.trust.*``)."""


@dataclass(frozen=True)
class TrustList:
    """A trust list whose signature checked out."""

    issuer: str
    issued_at: str
    signer_kid: str
    keys: list[dict[str, Any]] = field(default_factory=list)


def trusted_key(jwk: dict[str, str], *, office: str, office_name: str, station: str, valid_from: dt.date,
                valid_until: dt.date | None = None, revoked_at: str | None = None) -> dict[str, Any]:
    """One entry of the set: the public JWK plus who holds it and when it may sign."""
    return {
        "kty": "OKP", "crv": "Ed25519", "x": jwk["x"], "kid": jwk["kid"], "use": "sig", "alg": "EdDSA",
        "office": office, "office_name": office_name, "station": station,
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "revoked": revoked_at is not None,
        "revoked_at": revoked_at,
    }


def office_name(office_code: str) -> str:
    """The office by name, as a receiver knows it: from the region data when it has the code."""
    from loket.i18n import t
    from loket.intake import regions

    try:
        region = regions.name_of(office_code)
    except (regions.RegionDataError, ValueError, KeyError):  # the code still names the office
        region = None
    if region:
        return t("verify.office_region", language="id", region=region)
    return t("verify.office_code", language="id", code=office_code)


def _compact(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode("utf-8")


def utc_stamp(moment: dt.datetime | None = None) -> str:
    moment = moment or dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_trust_list(signer: StationKey, keys: list[dict[str, Any]], issuer: str,
                    issued_at: str | None = None) -> str:
    """The signed trust list as one line of text (a compact JWS)."""
    header = {"alg": "EdDSA", "kid": signer.kid, "typ": TRUST_LIST_TYPE, "jwk": signer.public_jwk()}
    body = {"iss": issuer, "iat": issued_at or utc_stamp(), "keys": sorted(keys, key=lambda k: k["kid"])}
    signing_input = f"{b64url(_compact(header))}.{b64url(_compact(body))}"
    return f"{signing_input}.{b64url(signer.sign(signing_input.encode('ascii')))}"


def extract_jws(text: str) -> str:
    """The JWS from a trust-list file: the bare JWS, or central's ``{"trust_list": ...}`` reply."""
    text = text.strip().lstrip("\ufeff")
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except ValueError:
            raise TrustListError("verify.trust.not_signed") from None
        inner = document.get("trust_list") if isinstance(document, dict) else None
        if not isinstance(inner, str):
            raise TrustListError("verify.trust.not_signed")
        return inner.strip()
    return text


def read_trust_list(text: str) -> TrustList:
    """Check a trust list's signature and shape; ``TrustListError`` says what is wrong."""
    from cryptography.exceptions import InvalidSignature

    from loket.printing.seal import b64url_decode, ed25519_public_key, json_object

    token = extract_jws(text)
    parts = token.split(".")
    if len(parts) != 3:
        raise TrustListError("verify.trust.not_signed")
    header = json_object(b64url_decode(parts[0]))
    body_raw = b64url_decode(parts[1])
    signature = b64url_decode(parts[2])
    if header is None or body_raw is None or signature is None:
        raise TrustListError("verify.trust.not_signed")
    if header.get("alg") != "EdDSA" or header.get("typ") != TRUST_LIST_TYPE or "crit" in header:
        raise TrustListError("verify.trust.not_signed")
    signer = header.get("jwk")
    kid = header.get("kid")
    if not isinstance(signer, dict) or not isinstance(signer.get("x"), str) or kid != jwk_thumbprint(signer["x"]):
        raise TrustListError("verify.trust.bad_signer")
    public_key = ed25519_public_key([{**signer, "kid": kid}], kid)
    if public_key is None:
        raise TrustListError("verify.trust.bad_signer")
    try:
        public_key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature:
        raise TrustListError("verify.trust.bad_signature") from None
    body = json_object(body_raw)
    keys = body.get("keys") if body else None
    if not isinstance(keys, list) or not all(isinstance(item, dict) for item in keys):
        raise TrustListError("verify.trust.no_keys")
    issuer, issued_at = body.get("iss"), body.get("iat")
    return TrustList(issuer if isinstance(issuer, str) else "", issued_at if isinstance(issued_at, str) else "",
                     kid, keys)


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def key_problem(jwk: dict[str, Any], payload: dict[str, Any]) -> str | None:
    """Why a key from a trust list may not vouch for this (correctly signed) seal, or None.

    ``revoked``: issued on or after the day the key was revoked (UTC; a seal carries
    its issue date only, so the whole day of the revocation counts as after it).
    ``key_not_valid``: issued outside the key's validity period.
    ``wrong_office``: the seal names another office or station than the key's holder.
    Plain JWKs (no trust members) vouch for any seal they verify.
    """
    issued = dt.date.fromisoformat(payload["iat"])
    if jwk.get("revoked") is True or jwk.get("revoked_at"):
        revoked_on = _date(jwk.get("revoked_at"))
        if revoked_on is None or issued >= revoked_on:
            return "revoked"
    start, end = _date(jwk.get("valid_from")), _date(jwk.get("valid_until"))
    if (start and issued < start) or (end and issued > end):
        return "key_not_valid"
    if ("office" in jwk and jwk["office"] != payload["off"]) or ("station" in jwk and jwk["station"] != payload["st"]):
        return "wrong_office"
    return None
