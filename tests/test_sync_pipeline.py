"""The sync run keeps the link busy: the next batch is claimed while a call is in flight,
and what a run has just sent is not asked about again in its status pull."""

from __future__ import annotations

import pytest

from linkkit import central, seed, station  # noqa: F401 - central, station are fixtures

pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")


def _states(station) -> dict[str, int]:
    return {state: count for state, count in station.queue_counts().items() if count}


def test_the_next_batch_is_claimed_while_a_call_is_in_flight(station, central):
    seed(station, 7)
    central.faults(latency_ms=100)
    seen = []
    result = station.sync(on_progress=lambda progress: seen.append((progress.sent, _states(station))),
                          batch_size=2)
    assert (result.outcome, result.accepted, result.left) == ("drained", 7, 0)
    # When a batch's answers are stored, the next batch is already claimed ("sending").
    after_first = dict(seen)[2]
    assert after_first == {"synced": 2, "sending": 2, "queued": 3}
    assert dict(seen)[7] == {"synced": 7}
    keys = [item["idempotency_key"] for item in central.items()]
    assert len(keys) == len(set(keys)) == 7


def test_a_status_pull_asks_only_about_requests_synced_by_earlier_runs(station, central):
    client = station.link_monitor().client
    asked: list[list[str]] = []
    post_status = client.post_status

    def keep(refs):
        asked.append(list(refs))
        return post_status(refs)

    client.post_status = keep
    seed(station, 6)
    assert station.sync(batch_size=2, pull_statuses=True).accepted == 6
    assert asked == []  # all six were answered in this very run
    earlier = {item["central_ref"] for item in central.items()}
    central.control(f"requests/{sorted(earlier)[0]}/status", {"status": "card_printed"})
    seed(station, 3, seed=1)
    result = station.sync(batch_size=2, pull_statuses=True)
    assert (result.accepted, result.completed) == (3, 1)
    assert {ref for refs in asked for ref in refs} == earlier


def test_a_batchs_answers_are_stored_while_the_next_call_is_out(station, central):
    client = station.link_monitor().client
    posted: list[int] = []
    post_batch = client.post_batch

    def keep(body: bytes):
        posted.append(body.count(b'"idempotency_key"'))
        return post_batch(body)

    client.post_batch = keep
    seed(station, 5)
    central.faults(latency_ms=50)
    calls_when_stored = {}
    result = station.sync(on_progress=lambda progress: calls_when_stored.setdefault(progress.sent, len(posted)),
                          batch_size=2)
    assert (result.outcome, result.accepted, result.left) == ("drained", 5, 0)
    assert posted == [2, 2, 1]
    # The first batch's answers went in after the second call left; the last, after the last.
    assert calls_when_stored[2] == 2 and calls_when_stored[4] == 3 and calls_when_stored[5] == 3
