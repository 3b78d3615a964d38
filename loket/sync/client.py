"""A client for the central link protocol (version 1), over httpx.

Every call has a timeout. Transport failures become ``LinkDown`` with a short
cause; any HTTP answer becomes a ``Reply`` (status, JSON body when there is one,
``Retry-After``), and the caller decides what the status means. The bearer token
is only ever put in the Authorization header: never in a message or an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Probes must answer fast, or the banner lags behind reality; a batch of 500 on a
# slow office line may take a while to upload and to be stored.
PROBE_TIMEOUT = 3.0
CALL_TIMEOUT = 30.0
CONNECT_TIMEOUT = 3.0


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
    def __init__(self, base_url: str, station_id: str, token: str, *, call_timeout: float = CALL_TIMEOUT):
        import httpx

        self.base_url = base_url.rstrip("/")
        self.station_id = station_id
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
        return self._call("GET", "/v1/health", timeout=self._probe_timeout, auth=False)

    def authorization(self) -> Reply:
        return self._call("GET", "/v1/authorization", timeout=self._probe_timeout)

    def put_signing_key(self, jwk: dict[str, str]) -> Reply:
        return self._call("PUT", f"/v1/stations/{self.station_id}/signing-key", json_body=jwk)

    def post_batch(self, body: bytes) -> Reply:
        """``body`` is the ready JSON ``{"items": [...]}`` (built from stored bytes)."""
        return self._call("POST", "/v1/requests/batch", content=body)

    def post_status(self, refs: list[str]) -> Reply:
        return self._call("POST", "/v1/requests/status", json_body={"refs": refs})

    # -- plumbing ------------------------------------------------------------------

    def _call(self, method: str, path: str, *, timeout=None, auth: bool = True, json_body=None, content=None) -> Reply:
        httpx = self._httpx
        headers = {"Content-Type": "application/json"} if (json_body is not None or content is not None) else {}
        if json_body is not None:
            content = json.dumps(json_body, separators=(",", ":")).encode()
        request = self._client.build_request(method, path, content=content, headers=headers,
                                             timeout=timeout or self._call_timeout)
        if not auth:
            request.headers.pop("Authorization", None)
        try:
            response = self._client.send(request)
            raw = response.content
        except httpx.TimeoutException as exc:
            raise LinkDown("timeout", type(exc).__name__) from None
        except httpx.ConnectError as exc:
            raise LinkDown("refused", _short(exc)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise LinkDown("dropped", _short(exc)) from None
        except httpx.TransportError as exc:
            raise LinkDown("unreachable", _short(exc)) from None
        body = None
        if raw:
            try:
                parsed = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                parsed = None
            body = parsed if isinstance(parsed, dict) else None
        return Reply(response.status_code, body, _retry_after(response.headers.get("Retry-After")))


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:120]
