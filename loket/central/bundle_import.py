"""Central's side of hand delivery: verify a station's bundle, then store it as batches.

The format is described in ``loket.sync.bundle`` and docs/hand-delivery.md. Two
streaming passes over the file, so a bundle of 100,000 requests never sits in
memory:

1. check: the header, the shape of every line, the digest of the content and the
   station's signature over it. Nothing is stored unless all of it holds, so a
   tampered bundle stores nothing.
2. store: chunks of at most ``MAX_ITEMS`` lines, each through the very path of
   ``POST /v1/requests/batch`` (``parse_batch``, ``run_batch``: judging, then
   ``record_batch`` in one transaction). A station's later sync of the same items
   is answered ``duplicate`` with the same ``central_ref``. Each chunk's bytes are
   compared with what pass 1 saw first: a file changed between the passes stores
   nothing that was not verified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from loket.central.batch import MAX_BYTES, MAX_ITEMS, BadBatch, parse_batch, parse_json
from loket.i18n.os_errors import os_reason
from loket.sync.bundle import FORMAT, FORMAT_PREFIX, JWS_TYPE, SIGNED_CLAIMS, BundleError

MAX_LINE = MAX_BYTES  # one item can never be bigger than a whole call may be
REFUSED_SHOWN = 50


@dataclass(frozen=True)
class BundleHeader:
    station_id: str
    created_at: str
    kid: str
    count: int


@dataclass
class ImportReport:
    station_id: str
    created_at: str
    kid: str
    count: int
    file_sha256: str
    key_registered: bool = False
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    conflict: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)  # the first rejected/conflict results


@dataclass
class _Checked:
    """What pass 1 learned: enough to store, and to notice a file that changed since."""

    items: int
    file_sha256: str
    chunk_digests: list[str]


def read_key_file(path: str | os.PathLike) -> dict[str, str]:
    """The station's public JWK from a file (``signing-key.pub.jwk``, or ``loket keys export``)."""
    from loket.central.checks import JwkError, check_jwk
    from loket.printing.keys import jwk_thumbprint

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BundleError("bundle.key.unreadable", path=str(path), error=os_reason(exc)) from None
    except UnicodeDecodeError:
        raise BundleError("bundle.key.not_json", path=str(path)) from None
    try:
        body = json.loads(text)
    except ValueError:
        raise BundleError("bundle.key.not_json", path=str(path)) from None
    try:
        jwk = check_jwk(body)
    except JwkError as exc:
        raise BundleError("bundle.key.not_jwk", path=str(path), problem=str(exc)) from None
    # A station names its key by the key's thumbprint; anything else was edited by hand.
    if jwk["kid"] != jwk_thumbprint(jwk["x"]):
        raise BundleError("bundle.key.bad_kid", path=str(path))
    return jwk


def import_bundle(
    store,
    path: str | os.PathLike,
    *,
    key: dict[str, str] | None = None,
    chunk_size: int = MAX_ITEMS,
    on_progress: Callable[[int, int], None] | None = None,
    server_today: dt.date | None = None,
    judges=None,
) -> ImportReport:
    """Verify the bundle at ``path`` and store its requests; ``BundleError`` says why not.

    ``key`` (from ``read_key_file``) is the station's public key, for a station that
    never reached central to register it; it is registered once the bundle is proven.
    ``judges`` (``loket.central.judges.Judges``) spreads the checks over worker processes.
    """
    path = Path(path)
    chunk_size = max(1, min(int(chunk_size), MAX_ITEMS))
    header = read_header(path)
    station = _active_station(store, header.station_id)
    jwk, register = _signing_key(store, header, key)
    checked = _check(path, header, jwk, chunk_size)
    report = ImportReport(header.station_id, header.created_at, header.kid, checked.items, checked.file_sha256)
    if register:
        report.key_registered = store.register_key(header.station_id, jwk)
    _store(store, station.station_id, path, checked, chunk_size, report, on_progress, server_today, judges)
    return report


# -- reading --------------------------------------------------------------------------


def _open(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise BundleError("bundle.import.unreadable", path=str(path), error=os_reason(exc)) from None


def _lines(handle: BinaryIO, path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes with the newline) for each line; a giant line is refused."""
    number = 0
    while True:
        try:
            raw = handle.readline(MAX_LINE + 1)
        except OSError as exc:
            raise BundleError("bundle.import.unreadable", path=str(path), error=os_reason(exc)) from None
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE:
            if number == 1:
                raise BundleError("bundle.import.not_bundle", path=str(path))
            raise BundleError("bundle.import.line_too_long", path=str(path), line=number, limit=MAX_LINE)
        yield number, raw


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = parse_json(raw)
    except BadBatch:
        return None
    return value if isinstance(value, dict) else None


def read_header(path: Path) -> BundleHeader:
    """The first line, or ``BundleError`` when the file is no bundle of a format we read."""
    with _open(path) as handle:
        first = next(_lines(handle, path), None)
    if first is None:
        raise BundleError("bundle.import.empty", path=str(path))
    head = _json_object(first[1])
    found = head.get("format") if head is not None else None
    if not isinstance(found, str) or not found.startswith(FORMAT_PREFIX):
        raise BundleError("bundle.import.not_bundle", path=str(path))
    if found != FORMAT:
        raise BundleError("bundle.import.newer_format", path=str(path), found=found, known=FORMAT)
    for name in ("station_id", "created_at", "kid"):
        if not isinstance(head.get(name), str) or not head[name].strip():
            raise BundleError("bundle.import.bad_header", path=str(path), field=name)
    count = head.get("count")
    if type(count) is not int or count < 0:
        raise BundleError("bundle.import.bad_header", path=str(path), field="count")
    return BundleHeader(head["station_id"], head["created_at"], head["kid"], head["count"])


def _item_problem(item: dict[str, Any] | None) -> str | None:
    """Why one parsed line is not a batch item (the batch endpoint's own shape checks), or None."""
    from loket.i18n import t

    if item is None:
        return t("bundle.import.line_not_object")
    try:
        parse_batch({"items": [item]})
    except BadBatch as exc:
        return str(exc).replace("items[0]", "item", 1)
    return None


# -- checking -------------------------------------------------------------------------


def _active_station(store, station_id: str):
    station = store.station(station_id)
    if station is None:
        raise BundleError("bundle.import.unknown_station", station=station_id)
    if not station.active:
        raise BundleError("bundle.import.revoked", station=station_id, reason=station.revoke_reason or "-",
                          revoked_at=station.revoked_at or "-")
    return station


def _signing_key(store, header: BundleHeader, given: dict[str, str] | None) -> tuple[dict[str, str], bool]:
    """The public key that must have signed the bundle, and whether it still needs registering."""
    if given is not None and given["kid"] != header.kid:
        raise BundleError("bundle.import.key_mismatch", given=given["kid"], signer=header.kid)
    registered = {jwk["kid"]: jwk for jwk in store.signing_keys(header.station_id)}
    known = registered.get(header.kid)
    if known is not None:
        if given is not None and given != known:
            raise BundleError("central.key.exists", kid=header.kid)
        return known, False
    if registered:
        # A key given in a file is trusted on first use only; a station that already has
        # a key proves a new one itself, with its token (PUT .../signing-key).
        raise BundleError("bundle.import.other_key", station=header.station_id, kid=header.kid,
                          registered=", ".join(registered))
    if given is None:
        raise BundleError("bundle.import.unknown_key", station=header.station_id, kid=header.kid)
    return given, True


def _check(path: Path, header: BundleHeader, jwk: dict[str, str], chunk_size: int) -> _Checked:
    content, whole, chunk = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
    digests: list[str] = []
    items = in_chunk = 0
    signature: object = None
    last_line = 0
    after_signature = False
    problem: tuple[int, str] | None = None
    with _open(path) as handle:
        for number, raw in _lines(handle, path):
            whole.update(raw)
            last_line = number
            if signature is not None:
                after_signature = True
                continue
            if number == 1:
                content.update(raw)
                continue
            line = _json_object(raw)
            if line is not None and set(line) == {"signature"}:
                signature = line["signature"]
                continue
            content.update(raw)
            chunk.update(raw)
            items += 1
            in_chunk += 1
            if in_chunk == chunk_size:
                digests.append(chunk.hexdigest())
                chunk, in_chunk = hashlib.sha256(), 0
            if problem is None:
                found = _item_problem(line)
                problem = (number, found) if found else None
    if in_chunk:
        digests.append(chunk.hexdigest())
    if signature is None:
        raise BundleError("bundle.import.incomplete", path=str(path), lines=last_line)
    claims = _verified_claims(signature, jwk, header)
    signed = {"format": FORMAT, "station_id": header.station_id, "created_at": header.created_at,
              "count": items, "sha256": content.hexdigest()}
    if after_signature or header.count != items or claims != signed:
        raise BundleError("bundle.import.altered", path=str(path), station=header.station_id)
    if problem is not None:
        raise BundleError("bundle.import.bad_item", path=str(path), line=problem[0], problem=problem[1])
    return _Checked(items, whole.hexdigest(), digests)


def _verified_claims(token: object, jwk: dict[str, str], header: BundleHeader) -> dict[str, Any]:
    """The signed claims, once the signature is proven to be this key's over them."""
    from loket import jose

    refused = BundleError("bundle.import.bad_signature", station=header.station_id, kid=header.kid)
    token = jose.decode_compact(token) if isinstance(token, str) else None
    claims = token.payload() if token is not None else None
    if token is None or claims is None:
        raise refused
    head = token.header
    if head.get("alg") != jose.ALG or head.get("typ") != JWS_TYPE or head.get("kid") != header.kid:
        raise refused
    public = jose.ed25519_public_key(jwk["x"])
    if public is None or not jose.verify_ed25519(public, token):
        raise refused
    if set(claims) != set(SIGNED_CLAIMS):
        raise refused
    return claims


# -- storing --------------------------------------------------------------------------


def _store(store, station_id: str, path: Path, checked: _Checked, chunk_size: int, report: ImportReport,
           on_progress: Callable[[int, int], None] | None, server_today: dt.date | None, judges=None) -> None:
    from loket.central.batch import run_batch
    from loket.central.checks import RegionDataMissing

    done = 0
    with _open(path) as handle:
        lines = _lines(handle, path)
        next(lines)  # the header, checked already
        for digest in checked.chunk_digests:
            want = min(chunk_size, checked.items - done)
            raws = [raw for _, raw in (next(lines, (0, b"")) for _ in range(want))]
            chunk = hashlib.sha256()
            for raw in raws:
                chunk.update(raw)
            if chunk.hexdigest() != digest:
                raise BundleError("bundle.import.changed", path=str(path), stored=done)
            # Asked again per chunk: a station revoked during a long import gets no more in.
            station = store.station(station_id)
            if station is None or not station.active:
                raise BundleError("bundle.import.revoked_during", station=station_id, stored=done)
            entries = parse_batch({"items": [parse_json(raw) for raw in raws]})
            try:
                results = run_batch(store, station, entries, server_today, judges)
            except RegionDataMissing:
                raise BundleError("bundle.import.region_data", stored=done) from None
            _tally(report, results)
            done += len(raws)
            if on_progress is not None:
                on_progress(done, checked.items)


def _tally(report: ImportReport, results: list[dict[str, Any]]) -> None:
    for result in results:
        status = result["status"]
        setattr(report, status, getattr(report, status) + 1)
        if status in ("rejected", "conflict") and len(report.refused) < REFUSED_SHOWN:
            report.refused.append(result)
