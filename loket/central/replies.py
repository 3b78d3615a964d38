"""How the reference server answers: JSON always, errors as ``{"error", "message", ...}``."""

from __future__ import annotations

import ipaddress
from typing import Any

from aiohttp import web

# Control bodies and status queries are small; only a batch may be large (read by its own limit).
SMALL_BODY_MAX = 256 * 1024


class Refusal(Exception):
    """An error answer; raised anywhere in a handler, turned into JSON by the error middleware."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(message)
        self.status = status
        self.body = {"error": error, "message": message, **extra}
        self.headers = headers or {}
        self.close = False  # True: end the connection after answering (a body was left unread)

    def response(self) -> web.Response:
        response = web.json_response(self.body, status=self.status, headers=self.headers)
        if self.close:
            response.force_close()
        return response


def bad_request(message: str) -> Refusal:
    return Refusal(400, "bad_request", message)


# An oversized body is still read (and thrown away) up to this much, so the 413 reaches a
# client that sends its whole body before reading the answer, and the connection stays usable.
DRAIN_MAX = 32 * 1024 * 1024


async def drain(request: web.Request, already: int = 0) -> bool:
    """Read and discard the rest of the body; False when it is too big to wait for."""
    from loket.central.limits import body_chunks

    size = already
    async for chunk in body_chunks(request):
        size += len(chunk)
        if size > DRAIN_MAX:
            return False
    return True


async def read_body(request: web.Request, limit: int, too_large: Refusal) -> bytes:
    """The request body; raises ``too_large`` when it has more than ``limit`` bytes."""
    if request.content_length is not None and request.content_length > DRAIN_MAX:
        too_large.close = True
        raise too_large
    from loket.central.limits import body_chunks

    chunks, size = [], 0
    async for chunk in body_chunks(request):
        size += len(chunk)
        if size > limit:
            too_large.close = not await drain(request, size)
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def json_body(request: web.Request, *, empty_ok: bool = False) -> Any:
    """A small JSON body; ``{}`` for an empty one when ``empty_ok``."""
    from loket.central.batch import BadBatch, parse_json

    raw = await read_body(request, SMALL_BODY_MAX,
                          Refusal(413, "too_large", f"the body is larger than {SMALL_BODY_MAX} bytes"))
    if not raw.strip() and empty_ok:
        return {}
    try:
        return parse_json(raw)
    except BadBatch as exc:
        raise bad_request(str(exc)) from None


def is_loopback(remote: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1 (also written as an IPv4-mapped IPv6 address)."""
    if not remote:
        return False
    try:
        address = ipaddress.ip_address(remote.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback
