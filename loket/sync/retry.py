"""How a sync run meets a failed call: back-off, ``Retry-After``, and when to stop.

- 401/403: stop now (no retry loop) and set the link state;
- 429: wait ``Retry-After`` (up to a cap), then go on; a central that says when to
  come back is busy, not failing (a reconnect storm: loket.central.admission), so
  those waits do not count as failures, up to ``MAX_RATE_LIMITED`` seconds a run;
- 5xx, timeouts, dropped connections: back off exponentially with full jitter
  and a cap, a few times, then give up until the link returns.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from loket.sync.client import LinkDown, Reply
from loket.sync.monitor import LinkMonitor, classify
from loket.sync.states import Observation

BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
MAX_FAILURES = 5  # transient failures in a row before a run gives up
MAX_RETRY_AFTER = 120.0  # a longer wait ends the run; the next run starts later anyway
MAX_RATE_LIMITED = 900.0  # seconds a run waits as central asked, in all, before it ends


def backoff_delay(failures: int, rng: random.Random, base: float = BACKOFF_BASE, cap: float = BACKOFF_CAP) -> float:
    """Full jitter: a random wait between 0 and min(cap, base * 2^(failures-1))."""
    return rng.uniform(0, min(cap, base * (2 ** max(0, failures - 1))))


class Stop(Exception):
    """Ends a run with ``outcome`` (one of ``outcome.OUTCOMES``) and an optional cause."""

    def __init__(self, outcome: str, detail: str | None = None):
        super().__init__(outcome)
        self.outcome = outcome
        self.detail = detail


class RetryPolicy:
    """The waiting and judging a run applies to every call; the run sets these fields."""

    monitor: LinkMonitor
    should_stop: Callable[[], bool]
    _sleep: Callable[[float], None]
    _rng: random.Random
    _rate_limited_for: float = 0.0  # seconds waited on 429s this run

    def _call(self, call: Callable[[], Reply]) -> Reply:
        """A single call outside the batch loop: transient failures are retried with back-off."""
        failures = 0
        while True:
            if self.should_stop():
                raise Stop("cancelled")
            try:
                reply = call()
            except LinkDown as exc:
                self.monitor.observe(Observation("offline", exc.cause))
                failures = self._back_off(failures, exc.cause)
                continue
            if reply.status == 429:
                self.monitor.observe(classify(reply))
                failures = self._wait_retry_after(reply, failures)
                continue
            if reply.status >= 500:
                self.monitor.observe(classify(reply))
                failures = self._back_off(failures, f"http_{reply.status}")
                continue
            return reply

    def _judge(self, reply: Reply) -> None:
        """Stop the run on a refusal; anything else not 2xx is a failure to report."""
        seen = classify(reply)
        if seen.state in ("revoked", "unauthorized"):
            self.monitor.observe(seen)
            raise Stop(seen.state, seen.reason)
        if seen.state == "online":
            self.monitor.observe(seen)
            return
        if reply.status in (429,) or reply.status >= 500:
            self.monitor.observe(seen)
            return  # the caller waits or backs off
        raise Stop("failed", f"http_{reply.status}: {reply.error or ''}".rstrip(": "))

    def _back_off(self, failures: int, cause: str) -> int:
        if cause == "deadline":
            # A central that takes this long would hold the next try as long: the
            # items are already back in the queue; stop and say why.
            raise Stop("link_down", cause)
        failures += 1
        if failures >= MAX_FAILURES:
            raise Stop("link_down", cause)
        self._pause(backoff_delay(failures, self._rng))
        return failures

    def _wait_retry_after(self, reply: Reply, failures: int) -> int:
        """Wait as central asked. A 429 without ``Retry-After`` counts as a failure; one with
        it does not, until the run has waited ``MAX_RATE_LIMITED`` seconds in all."""
        if reply.retry_after is None:
            wait = BACKOFF_CAP
            failures += 1
        else:
            wait = reply.retry_after
        self._rate_limited_for += wait
        if wait > MAX_RETRY_AFTER or failures >= MAX_FAILURES or self._rate_limited_for > MAX_RATE_LIMITED:
            raise Stop("link_down", f"rate_limited: retry after {wait:.0f} s")
        self._pause(wait)
        return failures

    def _pause(self, seconds: float) -> None:
        """Sleep in short steps, so a cancelled run stops promptly."""
        left = seconds
        while True:
            if self.should_stop():
                raise Stop("cancelled")
            if left <= 0:
                return
            step = min(left, 0.2)
            self._sleep(step)
            left -= step
