"""The trust list and the Cek Suket page, as central publishes them.

``GET /v1/keys`` (no auth: receivers of a Suket have no token) answers
``{"trust_list": "<compact JWS>", "signer_kid": "..."}``; ``GET /cek`` answers the
Cek Suket page with that list embedded. ``POST /_control/keys/{kid}/revoke``
(loopback only, like every control) revokes one signing key.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from loket.central.replies import Refusal, bad_request, json_body
from loket.central.routes_v1 import STORE
from loket.central.store import CentralError

log = logging.getLogger("loket.central")


async def keys(request: web.Request) -> web.Response:
    from loket.central.trust import trust_list
    from loket.printing.seal import header_kid

    token = await asyncio.to_thread(trust_list, request.app[STORE])
    return web.json_response({"trust_list": token, "signer_kid": header_kid(token)},
                             headers={"Cache-Control": "no-cache"})


async def page(request: web.Request) -> web.Response:
    from loket.central.trust import trust_list
    from loket.web.page import render_page

    token = await asyncio.to_thread(trust_list, request.app[STORE])
    return web.Response(text=render_page(token), content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-cache"})


async def revoke_key(request: web.Request) -> web.Response:
    body = await json_body(request, empty_ok=True)
    reason = body.get("reason") if isinstance(body, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        raise bad_request('the body must be {"reason": "..."}')
    kid = request.match_info["kid"]
    try:
        when = await asyncio.to_thread(request.app[STORE].revoke_key, kid, reason)
    except CentralError as exc:
        status = 404 if exc.code == "unknown" else 400
        raise Refusal(status, "unknown_key" if status == 404 else "bad_request", exc.message(language="en")) from None
    log.info("control: signing key %s revoked: %s", kid, reason.strip())
    return web.json_response({"kid": kid, "revoked_at": when})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/keys", keys)
    app.router.add_get("/cek", page)
    app.router.add_post("/_control/keys/{kid}/revoke", revoke_key)
