"""Injected faults: the outages the reference server can play for tests and demos.

Faults touch ``/v1`` calls only, never ``/_control`` (the controls must keep
working to end an outage). They live in memory: a restarted server has none.

- ``latency_ms``: wait this long before handling each call.
- ``drop_rate``: share (0..1) of calls whose connection is closed without any answer.
- ``status``: answer every call with this HTTP status and a JSON error body;
  ``retry_after`` (seconds) goes in the ``Retry-After`` header of a 429.
- ``drop_after_store``: a dropped batch is stored first, then its answer lost
  (the case a station can least tell apart from success); False drops it unread.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

LATENCY_MAX_MS = 600_000
# What a fixed status is called in the error body, per the protocol where it names one.
STATUS_ERRORS = {
    401: "invalid_token",
    403: "authorization_revoked",
    404: "not_found",
    408: "timeout",
    413: "batch_too_large",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "timeout",
}


class FaultsError(ValueError):
    """A faults body that cannot be applied; the message names the field."""


@dataclass(frozen=True)
class Faults:
    latency_ms: int = 0
    drop_rate: float = 0.0
    status: int | None = None
    retry_after: int = 1
    drop_after_store: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(body: dict, name: str, default: float, low: float, high: float, whole: bool) -> float:
    value = body.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not isinstance(value, int)):
        kind = "a whole number" if whole else "a number"
        raise FaultsError(f"{name} must be {kind} from {low:g} to {high:g}")
    if not low <= value <= high:
        raise FaultsError(f"{name} must be from {low:g} to {high:g}, not {value}")
    return value


def parse_faults(body: object) -> Faults:
    """The whole fault set from a ``POST /_control/faults`` body; omitted fields take their default,
    so ``{}`` ends every fault."""
    if not isinstance(body, dict):
        raise FaultsError("the body must be a JSON object such as {\"status\": 503}")
    status = body.get("status")
    if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599):
        raise FaultsError("status must be null or an HTTP error status from 400 to 599")
    drop_after_store = body.get("drop_after_store", True)
    if not isinstance(drop_after_store, bool):
        raise FaultsError("drop_after_store must be true or false")
    return Faults(
        latency_ms=int(_number(body, "latency_ms", 0, 0, LATENCY_MAX_MS, whole=True)),
        drop_rate=float(_number(body, "drop_rate", 0.0, 0.0, 1.0, whole=False)),
        status=status,
        retry_after=int(_number(body, "retry_after", 1, 0, 86_400, whole=True)),
        drop_after_store=drop_after_store,
    )


class FaultState:
    """The faults in force, and the dice that decide which calls are dropped."""

    def __init__(self, seed: int | None = None):
        self.current = Faults()
        self._rng = random.Random(seed)

    def set(self, faults: Faults) -> None:
        self.current = faults

    def roll_drop(self, faults: Faults) -> bool:
        rate = faults.drop_rate
        return rate >= 1.0 or (rate > 0.0 and self._rng.random() < rate)


def error_answer(faults: Faults) -> tuple[int, dict[str, Any], dict[str, str]]:
    """Status, JSON body and headers of the fixed answer ``faults.status`` asks for."""
    status = faults.status
    code = STATUS_ERRORS.get(status, "injected_fault")
    body: dict[str, Any] = {"error": code, "message": f"fault injected on the reference server: status {status}"}
    headers = {}
    if status == 429:
        headers["Retry-After"] = str(faults.retry_after)
    if status == 403:
        from loket.central.store import utc_now

        body.update(reason="fault injected on the reference server", revoked_at=utc_now())
    if status == 413:
        from loket.central.batch import MAX_ITEMS

        body["max_items"] = MAX_ITEMS
    return status, body, headers
