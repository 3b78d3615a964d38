"""The protocol's endpoints (central-protocol.md, version 1), server side.

Every call but health names its station (``X-Station-Id``) and proves it with
the bearer token: unknown, malformed or mismatched -> 401 ``invalid_token``; a
revoked station -> 403 ``authorization_revoked`` with the reason and time.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from loket.central.replies import Refusal, bad_request, json_body, read_body
from loket.central.store import CentralError, CentralStore, Station, utc_now

log = logging.getLogger("loket.central")
STORE = web.AppKey("store", CentralStore)
JUDGES = web.AppKey("judges", object)  # loket.central.judges.Judges, imported when first needed
ADMISSION = web.AppKey("admission", object)  # loket.central.admission.Admission
STATUS_REFS_MAX = 500


def _store(request: web.Request) -> CentralStore:
    return request.app[STORE]


async def authorized(request: web.Request) -> Station:
    """The calling station, proven by its token; refuses with 401 or 403 otherwise."""
    station_id = request.headers.get("X-Station-Id", "").strip()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    station = None
    if station_id and scheme.lower() == "bearer" and token:
        station = await asyncio.to_thread(_store(request).authenticate, station_id, token)
    if station is None:
        raise Refusal(401, "invalid_token",
                      "the bearer token is unknown or does not belong to the station named in X-Station-Id")
    if not station.active:
        raise Refusal(403, "authorization_revoked", "this station's authorization has been revoked",
                      reason=station.revoke_reason or "", revoked_at=station.revoked_at)
    return station


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "server_time": utc_now()})


async def authorization(request: web.Request) -> web.Response:
    station = await authorized(request)
    return web.json_response({"station_id": station.station_id, "office_code": station.office_code,
                              "status": "active", "checked_at": utc_now()})


async def signing_key(request: web.Request) -> web.Response:
    from loket.central.checks import JwkError, check_jwk

    station = await authorized(request)
    if request.match_info["station_id"] != station.station_id:
        raise Refusal(403, "forbidden", "a station may register a signing key for itself only")
    try:
        jwk = check_jwk(await json_body(request))
    except JwkError as exc:
        raise bad_request(f"not an Ed25519 public JWK: {exc}") from None
    try:
        added = await asyncio.to_thread(_store(request).register_key, station.station_id, jwk)
    except CentralError as exc:
        if exc.code != "exists":
            raise
        raise Refusal(409, "key_exists",
                      f"a different key is already registered under kid {jwk['kid']!r}; keys are never replaced") from None
    if added:
        log.info("signing key %s registered for %s", jwk["kid"], station.station_id)
    return web.Response(status=204)


async def batch(request: web.Request) -> web.Response:
    from loket.central.batch import MAX_BYTES, MAX_ITEMS, BadBatch, BatchTooLarge, parse_batch, parse_json, run_batch
    from loket.central.checks import RegionDataMissing

    station = await authorized(request)
    too_large = Refusal(413, "batch_too_large",
                        f"at most {MAX_ITEMS} items and {MAX_BYTES} bytes per call", max_items=MAX_ITEMS)
    raw = await read_body(request, MAX_BYTES, too_large)
    try:
        body = parse_json(raw)
        entries = parse_batch(body)
    except BatchTooLarge:
        raise too_large from None
    except BadBatch as exc:
        raise bad_request(str(exc)) from None
    admission = request.app[ADMISSION]
    wait = admission.admit(len(entries))
    if wait is not None:
        log.info("batch from %s: %d items refused for now, %d in line; retry after %d s",
                 station.station_id, len(entries), admission.backlog, wait)
        raise Refusal(429, "rate_limited",
                      f"central has more items in line than it can answer in {admission.max_wait:.0f} s; "
                      f"nothing was stored: send the batch again in {wait} s", headers={"Retry-After": str(wait)})
    try:
        results = await asyncio.to_thread(run_batch, _store(request), station, entries, None,
                                          request.app[JUDGES])
    except RegionDataMissing:
        log.error("region data unreadable: batch from %s refused, nothing stored", station.station_id)
        raise Refusal(503, "unavailable", "central cannot check addresses right now; nothing was stored") from None
    finally:
        admission.answered(len(entries))
    counts: dict[str, int] = {}
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    log.info("batch from %s: %d items %s", station.station_id, len(results),
             " ".join(f"{status}={n}" for status, n in sorted(counts.items())))
    reply: dict = {"results": results}
    if body.get("audit_checkpoint") is not None:  # optional (docs/central-link.md)
        from loket.central.audit_checkpoints import receive

        reply["audit_checkpoint"] = await asyncio.to_thread(receive, _store(request), station.station_id,
                                                            body["audit_checkpoint"])
    return web.json_response(reply)


async def statuses(request: web.Request) -> web.Response:
    station = await authorized(request)
    body = await json_body(request)
    refs = body.get("refs") if isinstance(body, dict) else None
    if not isinstance(refs, list) or not all(isinstance(ref, str) for ref in refs):
        raise bad_request('the body must be {"refs": [...]} with central_ref strings')
    if len(refs) > STATUS_REFS_MAX:
        raise Refusal(413, "batch_too_large", f"at most {STATUS_REFS_MAX} refs per call", max_items=STATUS_REFS_MAX)
    found = await asyncio.to_thread(_store(request).statuses, station.station_id, refs)
    return web.json_response({"statuses": found})


async def withdraw(request: web.Request) -> web.Response:
    """A station takes back records it sent (an addition to protocol v1, docs/central-link.md)."""
    from loket.central.batch import BadBatch
    from loket.central.withdraw import parse_withdrawals
    from loket.central.withdraw import withdraw as record_withdrawals

    station = await authorized(request)
    try:
        items = parse_withdrawals(await json_body(request))
    except BadBatch as exc:
        raise bad_request(str(exc)) from None
    results = await asyncio.to_thread(record_withdrawals, _store(request), station.station_id, items)
    log.info("withdrawals from %s: %s", station.station_id,
             " ".join(f"{r['idempotency_key'][:8]}={r['status']}" for r in results[:20]))
    return web.json_response({"results": results})


async def audit_checkpoint(request: web.Request) -> web.Response:
    from loket.central.audit_checkpoints import held

    station = await authorized(request)
    if request.match_info["station_id"] != station.station_id:
        raise Refusal(403, "forbidden", "a station may read its own audit checkpoints only")
    found = await asyncio.to_thread(held, _store(request), station.station_id)
    return web.json_response({"station_id": station.station_id, "checkpoints": found})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/health", health)
    app.router.add_get("/v1/authorization", authorization)
    app.router.add_put("/v1/stations/{station_id}/signing-key", signing_key)
    app.router.add_post("/v1/requests/batch", batch)
    app.router.add_post("/v1/requests/status", statuses)
    app.router.add_post("/v1/requests/withdraw", withdraw)
    app.router.add_get("/v1/stations/{station_id}/audit-checkpoint", audit_checkpoint)
