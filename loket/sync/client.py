"""A client for the central link protocol (version 1), over httpx.

Every call has a timeout per step and one deadline for the whole exchange
(connect, send, the whole answer): a central that drips its answer a byte at a
time resets every per-read timeout, so only a deadline bounds the wait. Transport
failures become ``LinkDown`` with a short cause (``deadline`` when the exchange
ran out of time); any HTTP answer becomes a ``Reply`` (status, JSON body when there is one,
``Retry-After``), and the caller decides what the status means. The bearer token
is only ever put in the Authorization header: never in a message or an error.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

# Probes must answer fast, or the banner lags behind reality; a batch of 500 on a
# slow office line may take a while to upload and to be stored.
PROBE_TIMEOUT = 3.0
CALL_TIMEOUT = 30.0
CONNECT_TIMEOUT = 3.0
# The whole exchange, answer included. A batch of 2 MiB over a slow office line
# (256 kbit/s) takes about a minute to upload; a probe must be quick or useless.
EXCHANGE_DEADLINE = 90.0
PROBE_DEADLINE = 6.0


class LinkDown(Exception):
    """No HTTP answer at all. ``cause``: timeout, refused, dropped or unreachable."""

    def __init__(self, cause: str, detail: str = ""):
        super().__init__(f"{cause}: {detail}" if detail else cause)
        self.cause = cause
        self.detail = detail


class BadReply(Exception):
    """Central answered with something the protocol does not allow; ``what`` says what."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] | None
    retry_after: float | None = None

    @property
    def error(self) -> str | None:
        """The protocol's error code, when the body carries one."""
        value = (self.body or {}).get("error")
        return value if isinstance(value, str) else None

    def json_object(self) -> dict[str, Any]:
        """The body of a success reply; raises BadReply when it is not a JSON object."""
        if not isinstance(self.body, dict):
            raise BadReply("reply_not_json")
        return self.body


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None  # an HTTP date is allowed by HTTP but not used by this protocol
    return seconds if seconds >= 0 else None


class CentralClient:
    def __init__(self, base_url: str, station_id: str, token: str, *, call_timeout: float = CALL_TIMEOUT,
                 deadline: float = EXCHANGE_DEADLINE):
        import httpx

        self.base_url = base_url.rstrip("/")
        self.station_id = station_id
        self.deadline = deadline
        self._httpx = httpx
        self._call_timeout = httpx.Timeout(call_timeout, connect=CONNECT_TIMEOUT)
        self._probe_timeout = httpx.Timeout(PROBE_TIMEOUT, connect=min(CONNECT_TIMEOUT, PROBE_TIMEOUT))
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {token}", "X-Station-Id": station_id, "User-Agent": "loket"},
            timeout=self._call_timeout,
            # Redirects would carry the token to wherever they point.
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "CentralClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- calls ---------------------------------------------------------------------

    def health(self) -> Reply:
        # The only call without credentials: reachability, not permission.
        return self._call("GET", "/v1/health", timeout=self._probe_timeout, auth=False, probe=True)

    def authorization(self) -> Reply:
        return self._call("GET", "/v1/authorization", timeout=self._probe_timeout, probe=True)

    def put_signing_key(self, jwk: dict[str, str]) -> Reply:
        return self._call("PUT", f"/v1/stations/{self.station_id}/signing-key", json_body=jwk)

    def post_batch(self, body: bytes) -> Reply:
        """``body`` is the ready JSON ``{"items": [...]}`` (built from stored bytes)."""
        return self._call("POST", "/v1/requests/batch", content=body)

    def post_status(self, refs: list[str]) -> Reply:
        return self._call("POST", "/v1/requests/status", json_body={"refs": refs})

    def post_withdraw(self, body: dict[str, Any]) -> Reply:
        """An addition to protocol v1 (docs/central-link.md): an older central answers 404."""
        return self._call("POST", "/v1/requests/withdraw", json_body=body)

    def get_audit_checkpoint(self) -> Reply:
        """Central's copy of this station's newest audit checkpoints (an extension)."""
        return self._call("GET", f"/v1/stations/{self.station_id}/audit-checkpoint")

    # -- plumbing ------------------------------------------------------------------

    def _call(self, method: str, path: str, *, timeout=None, auth: bool = True, json_body=None, content=None,
              probe: bool = False) -> Reply:
        headers = {"Content-Type": "application/json"} if (json_body is not None or content is not None) else {}
        if json_body is not None:
            content = json.dumps(json_body, separators=(",", ":")).encode()
        limit = min(self.deadline, PROBE_DEADLINE) if probe else self.deadline
        exchange = _Exchange(self._httpx)
        request = self._client.build_request(method, path, content=content, headers=headers,
                                             timeout=_clamp(timeout or self._call_timeout, limit),
                                             extensions={"trace": exchange.trace})
        if not auth:
            request.headers.pop("Authorization", None)
        status, raw, retry_after = exchange.run(self._client, request, limit)
        body = None
        if raw:
            try:
                parsed = json.loads(raw)
            except (ValueError, UnicodeDecodeError, RecursionError):
                parsed = None
            body = parsed if isinstance(parsed, dict) else None
        return Reply(status, body, _retry_after(retry_after))


def _clamp(timeout, limit: float):
    """No single step may wait longer than the whole exchange may take."""
    return timeout.__class__(
        connect=min(timeout.connect or limit, limit), read=min(timeout.read or limit, limit),
        write=min(timeout.write or limit, limit), pool=min(timeout.pool or limit, limit),
    )


class _Exchange:
    """One request and its whole answer, run in a helper thread the caller waits for
    no longer than the deadline.

    A thread rather than a clock checked between reads, because a read, a DNS lookup
    or a send can each block on its own; when the deadline passes, the caller goes on
    at once and the connection is shut down under the helper, which then ends with
    an error nobody waits for.
    """

    def __init__(self, httpx_module):
        self._httpx = httpx_module
        self._done = threading.Event()
        self._sockets: list[socket.socket] = []
        self._outcome: tuple | None = None
        self._lock = threading.Lock()
        self._abandoned = False

    def trace(self, event: str, info: dict) -> None:
        """httpcore's trace hook: remember the socket of a connection opened for this exchange."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self._remember(info.get("return_value"))

    def _remember(self, stream) -> None:
        try:
            sock = stream.get_extra_info("socket") if stream is not None else None
        except Exception:
            sock = None
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            abandoned = self._abandoned
        if abandoned:
            _shut(sock)

    def run(self, client, request, limit: float) -> tuple[int, bytes, str | None]:
        started = time.monotonic()
        worker = threading.Thread(target=self._work, args=(client, request), name="loket-central-call", daemon=True)
        worker.start()
        if not self._done.wait(limit):
            with self._lock:
                self._abandoned = True
                sockets = list(self._sockets)
            for sock in sockets:
                _shut(sock)
            raise LinkDown("deadline", f"{time.monotonic() - started:.0f} s")
        kind, value = self._outcome or ("error", LinkDown("dropped", "the call ended without an answer"))
        if kind == "error":
            raise value
        return value

    def _work(self, client, request) -> None:
        httpx = self._httpx
        try:
            response = client.send(request, stream=True)
            try:
                self._remember(response.extensions.get("network_stream"))
                raw = response.read()
            finally:
                response.close()
            self._outcome = ("reply", (response.status_code, raw, response.headers.get("Retry-After")))
        except httpx.TimeoutException as exc:
            self._outcome = ("error", LinkDown("timeout", type(exc).__name__))
        except httpx.ConnectError as exc:
            self._outcome = ("error", LinkDown("refused", _short(exc)))
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            self._outcome = ("error", LinkDown("dropped", _short(exc)))
        except httpx.TransportError as exc:
            self._outcome = ("error", LinkDown("unreachable", _short(exc)))
        except Exception as exc:  # reported to the caller, not lost in a thread
            self._outcome = ("error", exc)
        finally:
            self._done.set()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: the helper has ended or is about to


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:120]
