"""How long central waits for a connection that is not getting anywhere.

A station on a bad line, a scanner or a hostile peer can open connections and send
nothing, or half a request, and leave them open; without limits a thousand of
them stay open for good. Central closes:

- a connection with no complete request (nothing at all, or a request line and
  part of the headers) after ``idle_timeout`` seconds; the same wait applies
  between requests on a kept-alive connection (aiohttp's keep-alive timer, which
  also runs from the moment a connection opens);
- a request whose body has not fully arrived ``body_timeout`` seconds after its
  headers: answered ``408 request_timeout`` and the connection closed.

Other stations are served meanwhile: each wait is a timer on the event loop, not a
thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web

# A batch of 2 MiB over a slow office line (256 kbit/s) takes about a minute.
BODY_TIMEOUT = 120.0
IDLE_TIMEOUT = 20.0


@dataclass(frozen=True)
class ConnectionLimits:
    idle_timeout: float = IDLE_TIMEOUT
    body_timeout: float = BODY_TIMEOUT


LIMITS = web.AppKey("connection_limits", ConnectionLimits)


async def body_chunks(request: web.Request) -> AsyncIterator[bytes]:
    """The request body as it arrives, all of it within the body timeout; a sender that
    stalls mid-body gets ``408`` and loses the connection."""
    from loket.central.replies import Refusal

    limit = request.app.get(LIMITS, ConnectionLimits()).body_timeout
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while True:
        left = deadline - loop.time()
        try:
            if left <= 0:
                raise asyncio.TimeoutError
            chunk = await asyncio.wait_for(request.content.readany(), left)
        except asyncio.TimeoutError:
            refusal = Refusal(408, "request_timeout", f"the body did not arrive within {limit:g} s")
            refusal.close = True
            raise refusal from None
        if not chunk:
            return
        yield chunk
