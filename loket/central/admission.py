"""Batches admitted while central can answer them in time; past that, "come back in N s".

After an outage every station of a region reconnects at once with a full queue.
Central answers items at the rate its cores judge them; batches beyond that rate
wait in line, and in a storm of 200 stations a batch waited 25 s, close to the
station's 30 s call timeout. A call that times out is not lost (the station sends
the same items again and central answers ``duplicate``), but the station waited
for nothing and central read the batch twice.

So central estimates how long a new batch would wait: the items it has admitted
and not yet answered, over the rate at which it has been answering items. When
that is more than ``max_wait`` it answers ``429 rate_limited`` with a
``Retry-After`` about when the line will be down to half of that, spread at random
so the refused stations do not all come back in the same second. Nothing of a refused
batch is stored, as central-protocol.md says of whole-call errors, and the
station waits as asked (docs/central-link.md). A batch is always admitted when
nothing is in line, so one station alone is never refused however big its batch.

All of this runs on the server's event loop, one call at a time: no lock.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable

# A third of the station's call timeout (loket.sync.client.CALL_TIMEOUT, 30 s): a batch
# admitted at the limit is answered long before its station gives up on it.
MAX_WAIT = 10.0
# Before any rate is known (the first seconds of a storm): items let in line at once.
START_BACKLOG = 4_000
# The rate is what was answered over the last WINDOW seconds of work.
WINDOW = 10.0
RETRY_MIN, RETRY_MAX = 1, 60  # seconds; the station waits up to 120 s (loket.sync.retry)


class Admission:
    """Counts the items in line and the rate they are answered at; says who waits."""

    def __init__(self, max_wait: float = MAX_WAIT, start_backlog: int = START_BACKLOG,
                 clock: Callable[[], float] = time.monotonic, rng: random.Random | None = None):
        self.max_wait = max_wait
        self.start_backlog = start_backlog
        self.backlog = 0  # items admitted and not yet answered
        self.refused = 0  # batches told to come back, since the server started
        self._clock = clock
        self._rng = rng or random.Random()
        self._answered: deque[tuple[float, int]] = deque()  # (when, items) of recent answers
        self._busy_since: float | None = None

    def rate(self) -> float | None:
        """Items answered per second of work over the last ``WINDOW`` seconds; None until known."""
        now = self._clock()
        while self._answered and self._answered[0][0] < now - WINDOW:
            self._answered.popleft()
        if not self._answered or self._busy_since is None:
            return None
        span = now - max(self._busy_since, now - WINDOW)
        if span < 1.0:
            return None  # too short to say: a single fast batch is not a rate
        return sum(items for _, items in self._answered) / span

    def admit(self, items: int) -> int | None:
        """None: the batch goes ahead (counted in line until ``answered``); otherwise the
        seconds the station should wait before sending it again."""
        if self.backlog == 0:
            self._let_in(items)
            return None
        rate = self.rate()
        if rate is None:
            if self.backlog + items <= self.start_backlog:
                self._let_in(items)
                return None
            wait = self.max_wait
        else:
            wait = (self.backlog + items) / rate
            if wait <= self.max_wait:
                self._let_in(items)
                return None
        self.refused += 1
        # Back when the line ahead is down to half of max_wait: sooner, and this batch would be
        # refused again; later, and central may sit idle at the storm's end. Spread over half
        # to one and a half times that.
        spread = (wait - self.max_wait / 2) * self._rng.uniform(0.5, 1.5)
        return max(RETRY_MIN, min(RETRY_MAX, math.ceil(spread)))

    def answered(self, items: int) -> None:
        """An admitted batch of ``items`` was answered (or failed): out of the line."""
        self.backlog = max(0, self.backlog - items)
        now = self._clock()
        self._answered.append((now, items))
        if self.backlog == 0:
            self._busy_since = None  # idle time is not time spent answering

    def _let_in(self, items: int) -> None:
        if self.backlog == 0 and self._busy_since is None:
            self._busy_since = self._clock()
        self.backlog += items
