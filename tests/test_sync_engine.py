"""The sync engine against the real reference central on a loopback port.

No mock of the HTTP layer: the station's client talks to the aiohttp server, and
outages are played with the server's own controls (revoke, faults) or by stopping it.
"""

from __future__ import annotations

import httpx
import pytest
from dbkit import run, station_rows  # noqa: F401

from linkkit import STATION_ID, central, connect, seed, station  # noqa: F401 - central, station are fixtures
from loket.storage import linklog
from loket.station import Station

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]

class Sleeps:
    """Records the waits a run asks for instead of waiting; can act on the first one."""

    def __init__(self, on_first=None):
        self.total = 0.0
        self.calls = 0
        self.on_first = on_first

    def __call__(self, seconds: float) -> None:
        self.calls += 1
        self.total += seconds
        if self.calls == 1 and self.on_first:
            self.on_first()


def _states(station) -> dict[str, int]:
    return {state: count for state, count in station.queue_counts().items() if count}


def _assert_each_once(central, saved) -> None:
    items = central.items()
    keys = [item["idempotency_key"] for item in items]
    assert len(keys) == len(set(keys)) == len(saved)
    assert sorted(item["request"]["nik"] for item in items) == sorted(s.record.nik for s in saved)


def test_intake_while_central_is_down_then_everything_syncs_once(station, central):
    central.stop()
    saved = seed(station, 5)
    result = station.sync(sleep=Sleeps())
    assert result.outcome == "link_down" and result.left == 5
    assert _states(station) == {"queued": 5}  # nothing lost, nothing stuck in "sending"
    central.start()
    result = station.sync()
    assert (result.outcome, result.sent, result.accepted, result.left) == ("drained", 5, 5, 0)
    assert _states(station) == {"synced": 5}
    _assert_each_once(central, saved)
    again = station.sync()
    assert (again.outcome, again.sent) == ("drained", 0)
    refs = run(station.db, "SELECT central_ref FROM requests").fetchall()
    assert len({ref for (ref,) in refs}) == 5 and all(ref for (ref,) in refs)


def test_revoked_mid_queue_stops_at_once_keeps_everything_and_drains_after_restore(station, central):
    saved = seed(station, 8)

    # A batch's answers are stored while the next call is out, so a revocation made when
    # the first batch's answers are stored meets the third call.
    def revoke_after_first_batch(progress):
        if progress.sent == 2:
            central.revoke("Pencabutan akses oleh Dirjen Dukcapil")

    sleeps = Sleeps()
    result = station.sync(on_progress=revoke_after_first_batch, batch_size=2, sleep=sleeps)
    assert result.outcome == "revoked" and result.sent == 4 and result.left == 4
    assert sleeps.calls == 0  # no retry loop, no back-off: a refusal ends the run
    reading = station.link_reading()
    assert reading.state == "revoked" and reading.reason == "Pencabutan akses oleh Dirjen Dukcapil"
    assert reading.revoked_at is not None
    refused = run(station.db, "SELECT COUNT(*) FROM sync_attempts WHERE result = 'refused'").fetchone()[0]
    assert refused == 2  # one call, the batch it carried
    assert _states(station) == {"synced": 4, "queued": 4}

    again = station.sync(sleep=sleeps)
    assert again.outcome == "revoked" and again.sent == 0  # still refused: stops before sending

    central.restore()
    result = station.sync()
    assert (result.outcome, result.accepted, result.left) == ("drained", 4, 0)
    _assert_each_once(central, saved)


def test_a_lost_response_is_retried_with_the_same_keys_and_answered_duplicate(station, central):
    saved = seed(station, 8)

    # Cut when the first batch's answers are stored: the second call is out by then.
    def cut_after_first_batch(progress):
        if progress.sent == 2:
            central.faults(drop_rate=1.0, drop_after_store=True)

    result = station.sync(on_progress=cut_after_first_batch, batch_size=2, sleep=Sleeps())
    assert result.outcome == "link_down" and result.sent == 4
    stored = central.items()
    assert len(stored) == 6  # the third batch was stored, but its answer never came
    assert _states(station) == {"synced": 4, "queued": 4}

    central.faults()
    result = station.sync()
    assert (result.outcome, result.duplicate, result.accepted) == ("drained", 2, 2)
    _assert_each_once(central, saved)
    by_key = {item["idempotency_key"]: item["central_ref"] for item in central.items()}
    rows = run(station.db, "SELECT idempotency_key, central_ref FROM requests").fetchall()
    assert dict(rows) == by_key  # the duplicate answers carried the first central_ref


def test_503_backs_off_with_jitter_and_gives_up_until_the_link_returns(station, central):
    seed(station, 3)
    central.faults(status=503)
    sleeps = Sleeps()
    result = station.sync(sleep=sleeps)
    assert result.outcome == "link_down" and result.detail == "http_503"
    assert sleeps.calls > 0 and sleeps.total <= 0.5 + 1 + 2 + 4  # capped exponential, full jitter
    assert station.link_reading().state == "degraded"
    assert _states(station) == {"queued": 3}
    central.faults()
    assert station.sync().outcome == "drained"


def test_429_waits_as_long_as_retry_after_says(station, central):
    saved = seed(station, 3)
    central.faults(status=429, retry_after=2)
    sleeps = Sleeps(on_first=central.faults)  # central recovers during the wait
    result = station.sync(sleep=sleeps)
    assert result.outcome == "drained" and result.accepted == 3
    assert sleeps.total == pytest.approx(2.0)
    _assert_each_once(central, saved)


def test_a_busy_central_that_says_when_to_come_back_is_waited_for_past_five_refusals(station, central):
    # A reconnect storm: central refuses with Retry-After until its line clears. Those
    # waits are not failures; before, the fifth 429 in a row ended the run link_down.
    from loket.sync.retry import MAX_FAILURES

    saved = seed(station, 3)
    central.faults(status=429, retry_after=3)
    waits = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if sum(waits) >= 3 * (MAX_FAILURES + 3) - 0.01:  # waited in 0.2 s steps
            central.faults()  # the storm is over

    result = station.sync(sleep=sleep)
    assert result.outcome == "drained" and result.accepted == 3
    assert sum(waits) == pytest.approx(3 * (MAX_FAILURES + 3))  # eight refusals waited out
    _assert_each_once(central, saved)


def test_a_central_that_refuses_for_ever_still_ends_the_run(station, central):
    from loket.sync.retry import MAX_RATE_LIMITED

    seed(station, 2)
    central.faults(status=429, retry_after=60)
    waits = []
    result = station.sync(sleep=waits.append)
    assert result.outcome == "link_down" and result.detail.startswith("rate_limited")
    assert MAX_RATE_LIMITED - 60 <= sum(waits) <= MAX_RATE_LIMITED + 0.01  # waited in short steps
    assert _states(station) == {"queued": 2}


def test_a_tampered_seal_is_rejected_as_bad_signature_and_the_rest_go_through(station, central):
    saved = seed(station, 3)
    head, payload, signature = saved[1].jws.split(".")
    forged = f"{head}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    run(station.db, "UPDATE sukets SET jws = ? WHERE request_id = ?", (forged, saved[1].request_id))
    result = station.sync()
    assert (result.outcome, result.accepted, result.rejected) == ("drained", 2, 1)
    row = run(station.db, 
        "SELECT state, last_error FROM requests WHERE id = ?", (saved[1].request_id,)
    ).fetchone()
    assert row == ("rejected", "bad_signature")
    assert len(central.items()) == 2


def test_the_public_key_is_registered_on_first_contact_and_statuses_complete_requests(station, central):
    saved = seed(station, 2)
    assert station.sync().accepted == 2
    stations = httpx.get(f"{central.url}/_control/requests", timeout=5)
    assert stations.status_code == 200
    ref = central.items()[0]["central_ref"]
    central.control(f"requests/{ref}/status", {"status": "card_printed"})
    assert station.sync().completed == 0  # just asked: the next pull waits a few minutes
    result = station.sync(pull_statuses=True)
    assert result.completed == 1
    assert _states(station) == {"synced": 1, "completed": 1}
    superseded = run(station.db, "SELECT COUNT(*) FROM sukets WHERE superseded").fetchone()[0]
    assert superseded == 1
    assert {s.record.nik for s in saved} == {item["request"]["nik"] for item in central.items()}


def test_one_dropped_probe_does_not_flip_the_link_two_do(station, central):
    assert station.check_link().after.state == "online"  # from unknown: at once
    central.faults(drop_rate=1.0)
    assert station.check_link() is None
    central.faults()
    assert station.check_link() is None
    assert station.link_reading().state == "online"
    central.faults(drop_rate=1.0)
    station.check_link()
    change = station.check_link()
    assert change.after.state == "offline" and change.after.reason == "dropped"
    central.faults()
    assert station.check_link() is None
    assert station.check_link().after.state == "online"
    central.revoke("Audit")
    assert station.check_link().after.state == "revoked"  # central's word: at once
    states = [(e.from_state, e.to_state) for e in linklog.link_events(station.db)]
    assert states == [("unknown", "online"), ("online", "offline"), ("offline", "online"), ("online", "revoked")]


def test_an_unknown_token_is_unauthorized_at_once(station_dir, central):
    central.server.store.add_station(STATION_ID)
    connect(station_dir, central.url, "not-the-token")
    station = Station.open(station_dir)
    try:
        seed(station, 1)
        sleeps = Sleeps()
        result = station.sync(sleep=sleeps)
        assert result.outcome == "unauthorized" and sleeps.calls == 0
        assert station.link_reading().state == "unauthorized"
        assert _states(station) == {"queued": 1}
    finally:
        station.close()


def test_a_disagreement_with_the_nik_accepted_by_the_clerk_is_accepted_by_central(station, central):
    import dataclasses

    from conftest import CLERK
    from loket.intake.samples import sample_record

    record = sample_record()
    flipped = dataclasses.replace(record, sex="P" if record.sex == "L" else "L",
                                  mismatch_reason="KTP lama dan akta lahir menyebut perempuan")
    saved = station.submit(flipped, station.login(*CLERK))
    assert "nik_mismatch_accepted" in saved.warnings
    result = station.sync()
    assert (result.accepted, result.rejected) == (1, 0)
    assert central.items()[0]["request"]["mismatch_reason"].startswith("KTP lama")


def test_a_receipt_without_a_suket_syncs_with_a_null_suket(station, central):
    saved = seed(station, 2, receipts={1})
    assert saved[1].kind == "receipt"
    result = station.sync()
    assert (result.outcome, result.accepted) == ("drained", 2)
    by_nik = {item["request"]["nik"]: item for item in central.items()}
    assert by_nik[saved[1].record.nik]["suket"] is None
    assert by_nik[saved[0].record.nik]["suket"]["jws"] == saved[0].jws
