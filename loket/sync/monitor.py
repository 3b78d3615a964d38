"""The link monitor: one state for the link, from probes and from real calls.

A probe asks ``/v1/health`` (is central reachable?) and then ``/v1/authorization``
(is this station still allowed?). The answer is an ``Observation``; the monitor
turns observations into the state with hysteresis: it takes ``needed`` (2)
observations in a row to leave ``online`` and as many to come back, so one lost
packet never flips the banner. ``revoked`` and ``unauthorized`` are central's own
words and show at once; moves between two bad states happen at once too.
Every change is stored (``link_events``), so an outage has a start and an end.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import peewee

from loket.storage import linklog
from loket.sync.client import CentralClient, LinkDown, Reply
from loket.sync.states import REFUSALS, LinkChange, LinkReading, Observation

HYSTERESIS = 2


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _parse_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def classify(reply: Reply) -> Observation:
    """What an authenticated call's status says about the link."""
    if 200 <= reply.status < 300:
        return Observation("online")
    if reply.status == 401:
        return Observation("unauthorized", reply.error or "invalid_token")
    if reply.status == 403:
        body = reply.body or {}
        reason = body.get("reason") if isinstance(body.get("reason"), str) else None
        reason = reason or (body.get("message") if isinstance(body.get("message"), str) else None)
        return Observation("revoked", " ".join((reason or reply.error or "forbidden").split())[:300],
                           _parse_time(body.get("revoked_at")))
    if reply.status == 429:
        return Observation("degraded", "rate_limited")
    return Observation("degraded", f"http_{reply.status}")


def probe(client: CentralClient) -> Observation:
    try:
        health = client.health()
    except LinkDown as exc:
        return Observation("offline", exc.cause)
    if health.status != 200:
        return Observation("offline", f"http_{health.status}")
    try:
        reply = client.authorization()
    except LinkDown as exc:
        return Observation("offline", exc.cause)
    seen = classify(reply)
    if seen.state == "online":
        body = reply.body or {}
        if body.get("status") != "active" or body.get("station_id") not in (None, client.station_id):
            return Observation("degraded", "bad_reply")
    return seen


class LinkMonitor:
    """Holds the link state for one station; safe to share between threads."""

    def __init__(self, db: peewee.Database, client: CentralClient, *, needed: int = HYSTERESIS, clock=_utc_now):
        self.db = db
        self.client = client
        self.needed = max(1, needed)
        self._clock = clock
        self._lock = threading.Lock()
        self._pending_online: bool | None = None  # the side the current streak points to
        self._streak = 0
        last = linklog.last_link_event(db)
        if last is None:
            self._reading = LinkReading("unknown")
        else:
            self._reading = LinkReading(last.to_state, last.at, last.reason, last.revoked_at)

    @property
    def reading(self) -> LinkReading:
        return self._reading

    def check(self) -> LinkChange | None:
        """Probe once and apply the result."""
        return self.observe(probe(self.client))

    def settle(self, max_probes: int = HYSTERESIS, pause: float = 1.0) -> LinkReading:
        """Probe until the state is confirmed (a one-off run, e.g. ``loket status``)."""
        for attempt in range(max_probes):
            self.check()
            if self._streak == 0:
                break
            if attempt + 1 < max_probes:
                time.sleep(pause)
        return self._reading

    def observe(self, seen: Observation) -> LinkChange | None:
        """Feed one observation (from a probe, or from a real call); returns the change, if any."""
        with self._lock:
            current = self._reading
            if seen.state == current.state:
                self._reset_streak()
                if seen.state == "revoked" and (seen.reason, seen.revoked_at) != (current.reason, current.revoked_at):
                    return self._change(current, seen)  # central gave a new reason: show it
                return None
            at_once = (
                seen.state in REFUSALS
                or current.state in ("unknown", "unset")
                or (current.state != "online" and seen.state != "online")
            )
            if not at_once:
                goes_online = seen.state == "online"
                if self._pending_online is goes_online:
                    self._streak += 1
                else:
                    self._pending_online, self._streak = goes_online, 1
                if self._streak < self.needed:
                    return None
            self._reset_streak()
            return self._change(current, seen)

    def _reset_streak(self) -> None:
        self._pending_online, self._streak = None, 0

    def _change(self, before: LinkReading, seen: Observation) -> LinkChange:
        event = linklog.record_link_state(self.db, self._clock(), seen.state, seen.reason, seen.revoked_at)
        self._reading = LinkReading(event.to_state, event.at, event.reason, event.revoked_at)
        return LinkChange(before, self._reading)
