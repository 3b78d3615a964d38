"""The link states and what a reading of the link carries.

Kept free of heavy imports: the TUI reads these at start-up.

- ``unset``: no central configured for this station;
- ``unknown``: configured, not yet probed;
- ``online``: central answers and this station is authorized;
- ``offline``: no answer (timeout, connection refused or dropped) or health not 200;
- ``degraded``: central answers but is failing (5xx) or rate-limiting (429);
- ``revoked``: central refused this station's authorization (403), with a reason;
- ``unauthorized``: central does not know this station's token (401): misconfigured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LINK_STATES = ("unset", "unknown", "online", "offline", "degraded", "revoked", "unauthorized")
# States central itself decided; shown at once, without waiting for a second probe.
REFUSALS = ("revoked", "unauthorized")


@dataclass(frozen=True)
class LinkReading:
    state: str
    since: dt.datetime | None = None
    # revoked: central's reason text; other states: a short cause code
    # ("timeout", "refused", "dropped", "http_503", "rate_limited", "invalid_token").
    reason: str | None = None
    revoked_at: dt.datetime | None = None


@dataclass(frozen=True)
class LinkChange:
    before: LinkReading
    after: LinkReading


@dataclass(frozen=True)
class Observation:
    """What one probe (or one call) found, before hysteresis decides the state."""

    state: str
    reason: str | None = None
    revoked_at: dt.datetime | None = None
