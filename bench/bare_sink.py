"""The sync benchmark's floor: a bare server that does only what any central must.

    python bench/bare_sink.py [--port 0]      prints its URL, serves until killed

It speaks just enough of the protocol for a raw client: ``GET /v1/authorization``,
``PUT /v1/stations/{id}/signing-key`` (keeps the key), ``POST /v1/requests/batch``
and ``POST /v1/requests/status``. A batch is parsed as JSON and every Suket's seal
is verified with the same library Loket uses (``cryptography``'s Ed25519) over
the same signing input; every item is answered ``accepted`` with a running
reference. No database, no field rules, no token check: everything else Loket's
reference central does is the overhead the benchmark measures.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sys

from aiohttp import web

KEYS = web.AppKey("keys", dict)


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


async def authorization(request: web.Request) -> web.Response:
    return web.json_response({"station_id": request.headers.get("X-Station-Id", ""), "status": "active"})


async def signing_key(request: web.Request) -> web.Response:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    jwk = await request.json()
    request.app[KEYS][jwk["kid"]] = Ed25519PublicKey.from_public_bytes(_b64(jwk["x"]))
    return web.Response(status=204)


def _answer(keys: dict, body: bytes, counter: list[int]) -> list[dict]:
    results = []
    for item in json.loads(body)["items"]:
        suket = item.get("suket")
        status, reason, ref = "accepted", None, None
        if suket is not None:
            header, payload, signature = suket["jws"].split(".")
            kid = json.loads(_b64(header))["kid"]
            try:
                keys[kid].verify(_b64(signature), f"{header}.{payload}".encode("ascii"))
            except Exception:  # noqa: BLE001 - any failure is a refusal here
                status, reason = "rejected", "bad_signature"
        if status == "accepted":
            counter[0] += 1
            ref = f"C7373-{counter[0]:08d}"
        results.append({"idempotency_key": item["idempotency_key"], "status": status, "central_ref": ref,
                        "reason": reason})
    return results


def build_app() -> web.Application:
    app = web.Application(client_max_size=4 * 1024 * 1024)
    app[KEYS] = {}
    counter = [0]

    async def batch(request: web.Request) -> web.Response:
        return web.json_response({"results": _answer(request.app[KEYS], await request.read(), counter)})

    async def status(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"statuses": []})

    app.router.add_get("/v1/authorization", authorization)
    app.router.add_put("/v1/stations/{station_id}/signing-key", signing_key)
    app.router.add_post("/v1/requests/batch", batch)
    app.router.add_post("/v1/requests/status", status)
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    async def serve() -> None:
        app = build_app()
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", args.port).start()
        print(f"http://127.0.0.1:{runner.addresses[0][1]}", flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
