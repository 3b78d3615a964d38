"""Central's admission of batches (loket.central.admission): in a reconnect storm a batch
that would wait past ``max_wait`` gets 429 with ``Retry-After`` instead of a call that runs
into the station's timeout. The counting and the estimate, on a clock the test moves."""

from __future__ import annotations

import random

from loket.central.admission import RETRY_MAX, Admission


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _admission(**options) -> tuple[Admission, Clock]:
    clock = Clock()
    return Admission(clock=clock, rng=random.Random(7), **options), clock


def test_a_batch_is_always_let_in_when_nothing_is_in_line():
    admission, _ = _admission(start_backlog=10)
    assert admission.admit(500) is None  # one station alone, however big its batch
    assert admission.backlog == 500
    admission.answered(500)
    assert admission.backlog == 0 and admission.admit(500) is None


def test_before_a_rate_is_known_the_line_holds_start_backlog_items():
    admission, _ = _admission(start_backlog=1000)
    assert [admission.admit(500) for _ in range(2)] == [None, None]
    wait = admission.admit(500)
    assert wait is not None and 2 <= wait <= 8  # back when half of max_wait (10 s) is left, spread
    assert admission.backlog == 1000 and admission.refused == 1


def test_with_a_rate_a_batch_waits_in_line_only_up_to_max_wait():
    admission, clock = _admission(max_wait=10, start_backlog=100_000)
    for _ in range(20):
        admission.admit(500)  # 10,000 in line
    clock.now += 5
    for _ in range(4):
        admission.answered(500)  # 2,000 answered in 5 s of work: 400 items a second
    assert admission.rate() == 400
    assert admission.backlog == 8_000  # 20 s of work in line: the next batch would wait 21 s
    waits = [admission.admit(500) for _ in range(50)]
    assert all(w is not None for w in waits) and admission.backlog == 8_000
    assert min(waits) >= 8 and max(waits) <= 24  # 21 - 5 s, spread over 0.5 to 1.5 times
    assert len(set(waits)) > 5  # refused stations do not all come back in the same second
    clock.now += 15
    for _ in range(12):
        admission.answered(500)  # 6,000 more: 2,000 left, 5 s of work at the new rate
    assert admission.admit(500) is None


def test_retry_after_is_capped_where_the_station_still_waits():
    admission, clock = _admission(max_wait=1, start_backlog=10**9)
    for _ in range(200):
        admission.admit(500)
    clock.now += 20
    admission.answered(10)  # a crawl: 0.5 items a second, 200,000 seconds of work in line
    assert admission.admit(500) == RETRY_MAX


def test_idle_time_is_not_counted_as_time_spent_answering():
    admission, clock = _admission(start_backlog=600)
    admission.admit(500)
    clock.now += 2
    admission.answered(500)  # 250 a second while busy
    clock.now += 3600  # an hour with nothing to do
    admission.admit(500)
    assert admission.rate() is None  # a new busy spell: too short to say yet
    assert admission.admit(100) is None and admission.admit(500) is not None  # start_backlog holds
