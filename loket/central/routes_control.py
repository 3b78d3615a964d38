"""``/_control``: what the reference server lets tests and demos do that no real central does.

Answered only to loopback peers (the guard is in ``server``); every call that
changes something is logged, without tokens.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from loket.central.faults import FaultsError, FaultState, parse_faults
from loket.central.replies import Refusal, bad_request, json_body
from loket.central.routes_v1 import STORE
from loket.central.store import CentralError, CentralStore, Station

log = logging.getLogger("loket.central")
FAULTS = web.AppKey("faults", FaultState)
# Store refusals that are not plain bad input; anything else is 400 bad_request.
_ERRORS = {
    "central.station.exists": (409, "station_exists"),
    "central.station.unknown": (404, "unknown_station"),
    "central.item.unknown": (404, "unknown_ref"),
    "central.item.suket_taken": (409, "suket_taken"),
}


def _refusal(exc: CentralError) -> Refusal:
    status, code = _ERRORS.get(exc.key, (400, "bad_request"))
    return Refusal(status, code, exc.message(language="en"))


async def _call(request: web.Request, method: str, *args):
    """Run a store method in a worker thread; its refusals become JSON errors."""
    store: CentralStore = request.app[STORE]
    try:
        return await asyncio.to_thread(getattr(store, method), *args)
    except CentralError as exc:
        raise _refusal(exc) from None


async def _station_json(request: web.Request, station: Station) -> dict:
    keys = await _call(request, "signing_keys", station.station_id)
    return {
        "station_id": station.station_id,
        "office_code": station.office_code,
        "status": station.status,
        "revoke_reason": station.revoke_reason,
        "revoked_at": station.revoked_at,
        "created_at": station.created_at,
        "key_ids": [jwk["kid"] for jwk in keys],
    }


async def list_stations(request: web.Request) -> web.Response:
    stations = await _call(request, "stations")
    return web.json_response({"stations": [await _station_json(request, s) for s in stations]})


async def add_station(request: web.Request) -> web.Response:
    body = await json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("station_id"), str):
        raise bad_request('the body must be {"station_id": "7373-LKT01"} (office_code optional)')
    office = body.get("office_code")
    if office is not None and not isinstance(office, str):
        raise bad_request("office_code must be a string of 4 digits")
    token = await _call(request, "add_station", body["station_id"], office)
    station = await _call(request, "station", body["station_id"])
    log.info("control: station %s added (office %s)", station.station_id, station.office_code)
    return web.json_response({**await _station_json(request, station), "token": token}, status=201)


async def revoke(request: web.Request) -> web.Response:
    body = await json_body(request, empty_ok=True)
    reason = body.get("reason") if isinstance(body, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        raise bad_request('the body must be {"reason": "..."}: a station is never cut off without a reason')
    station = await _call(request, "revoke", request.match_info["station_id"], reason)
    log.info("control: station %s revoked: %s", station.station_id, station.revoke_reason)
    return web.json_response(await _station_json(request, station))


async def restore(request: web.Request) -> web.Response:
    station = await _call(request, "restore", request.match_info["station_id"])
    log.info("control: station %s restored", station.station_id)
    return web.json_response(await _station_json(request, station))


async def get_faults(request: web.Request) -> web.Response:
    return web.json_response(request.app[FAULTS].current.as_dict())


async def set_faults(request: web.Request) -> web.Response:
    try:
        faults = parse_faults(await json_body(request, empty_ok=True))
    except FaultsError as exc:
        raise bad_request(str(exc)) from None
    request.app[FAULTS].set(faults)
    log.info("control: faults set to %s", faults.as_dict())
    return web.json_response(faults.as_dict())


async def list_requests(request: web.Request) -> web.Response:
    items = await _call(request, "items")
    return web.json_response({"count": len(items), "items": [item.as_dict() for item in items]})


async def set_request_status(request: web.Request) -> web.Response:
    body = await json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("status"), str):
        raise bad_request('the body must be {"status": "verified" | "card_printed" | "rejected", "reason": "..."}')
    reason = body.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise bad_request("reason must be a string")
    ref = request.match_info["central_ref"]
    item = await _call(request, "set_status", ref, body["status"], reason)
    log.info("control: %s is now %s%s", ref, item.status, f" ({item.status_reason})" if item.status_reason else "")
    return web.json_response(item.as_dict())


def add_routes(app: web.Application) -> None:
    app.router.add_get("/_control/stations", list_stations)
    app.router.add_post("/_control/stations", add_station)
    app.router.add_post("/_control/stations/{station_id}/revoke", revoke)
    app.router.add_post("/_control/stations/{station_id}/restore", restore)
    app.router.add_get("/_control/faults", get_faults)
    app.router.add_post("/_control/faults", set_faults)
    app.router.add_get("/_control/requests", list_requests)
    app.router.add_post("/_control/requests/{central_ref}/status", set_request_status)
