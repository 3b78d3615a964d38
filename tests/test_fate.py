"""A supervisor's action never contradicts central (``storage.fate``, ``sync.withdraw``).

Each test runs a real station (a SQLite file, and a counter of an office database on
a real PostgreSQL) against the real reference central over HTTP: a void of a request
central holds is asked of central and settles on its answer; a conflict sent again
under a new key has its old record withdrawn; the report counts what central counts.
"""

from __future__ import annotations

import dataclasses

import pytest
from dbkit import run
from conftest import SUPERVISOR
from faultproxy import FaultProxy
from linkkit import STATION_ID, Central, connect, seed  # noqa: F401 - central is a fixture below

from loket.i18n import set_language
from loket.storage import audit, fate, stats
from loket.storage.errors import QueueError

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]


@pytest.fixture
def central(tmp_path):
    running = Central(tmp_path / "central.db")
    yield running
    running.stop()


def _open(station_dir, central, url=None):
    from loket.station import Station

    token = central.server.store.add_station(STATION_ID)
    connect(station_dir, url or central.url, token, probe_interval=0.2)
    return Station.open(station_dir)


@pytest.fixture
def station(station_dir, central):
    opened = _open(station_dir, central)
    yield opened
    opened.close()


def _state(station, request_id):
    (state,) = run(station.db, "SELECT state FROM requests WHERE id = ?", (request_id,)).fetchone()
    return state


def _ref(station, request_id):
    (ref,) = run(station.db, "SELECT central_ref FROM requests WHERE id = ?", (request_id,)).fetchone()
    return ref


def _central(central, ref):
    (item,) = [i for i in central.items() if i["central_ref"] == ref]
    return item


def _actions(station, request_id):
    return [e["action"] for e in reversed(audit.recent_events(station.db, 1000)) if e["subject"] == str(request_id)]


def _synced(station, count=2):
    saved = seed(station, count)
    assert station.sync().accepted == count
    return [s.request_id for s in saved]


def test_a_void_of_a_synced_request_waits_for_central_then_is_void_when_central_cancelled(station, central):
    target, other = _synced(station)
    supervisor = station.login(*SUPERVISOR)
    (result,) = station.void([target], supervisor, "Pemohon pindah domisili")
    assert (result.ok, result.code) == (True, "withdrawal_asked")
    # Until central answers, the request is central's: still synced, its Suket still current.
    assert _state(station, target) == "synced"
    assert fate.is_pending(station.db, target)
    assert _central(central, _ref(station, target))["status"] == "received"

    again = station.sync()
    assert again.withdrawn == 1
    assert _state(station, target) == "void" and _state(station, other) == "synced"
    assert not fate.is_pending(station.db, target)
    item = _central(central, _ref(station, target))
    assert (item["status"], item["status_reason"]) == ("rejected", "withdrawn")
    assert _actions(station, target)[-3:] == ["request.withdrawal_asked", "request.withdrawn", "request.void"]
    (void,) = [e for e in audit.recent_events(station.db, 100) if e["action"] == "request.void"]
    assert (void["actor"], void["details"]["reason"]) == (SUPERVISOR[0], "Pemohon pindah domisili")
    numbers = stats.station_numbers(station.db)
    assert (numbers.by_state["void"], numbers.by_state["synced"]) == (1, 1)
    assert audit.verify_chain(station.db).ok


def test_a_void_of_a_request_central_printed_completes_it_and_the_report_counts_it_printed(station, central):
    # The finding: voided here, central printed the card anyway, the station said void and
    # the report counted it cancelled. Now central is asked, and its word wins.
    target, _ = _synced(station)
    supervisor = station.login(*SUPERVISOR)
    station.void([target], supervisor, "Pemohon membatalkan")
    central.control(f"requests/{_ref(station, target)}/status", {"status": "card_printed"})

    station.sync(pull_statuses=False)
    assert _state(station, target) == "completed"
    assert _central(central, _ref(station, target))["status"] == "card_printed"
    numbers = stats.station_numbers(station.db)
    assert (numbers.by_state["completed"], numbers.by_state["void"]) == (1, 0)
    assert "request.withdrawal_refused" in _actions(station, target)
    (refused,) = [e for e in audit.recent_events(station.db, 100) if e["action"] == "request.withdrawal_refused"]
    assert refused["details"]["answer"] == "card_printed"
    # The desk says so in words.
    from loket.storage import desk
    from loket.tui.widgets.request_fate import fate_lines

    set_language("id")
    (line,) = fate_lines(desk.history(station.db, target))
    assert "menolak pembatalan" in line and "kartu e-KTP sudah dicetak" in line and _ref(station, target) in line


def test_correct_and_requeue_of_what_central_holds_are_refused_in_words_and_a_second_void_waits(station, central):
    set_language("en")
    target, _ = _synced(station)
    supervisor = station.login(*SUPERVISOR)
    (requeued,) = station.requeue([target], supervisor, "kirim ulang")
    assert (requeued.ok, requeued.code) == (False, "central_holds")
    assert "central already holds it" in requeued.message and "Void" in requeued.message
    record = station.stored_record(target)
    with pytest.raises(QueueError) as refused:
        station.correct(target, dataclasses.replace(record, occupation="PETANI"), supervisor, "ubah")
    assert refused.value.key == "fate.refused.central_holds" and refused.value.code == "central_holds"

    station.void([target], supervisor, "ganda")
    (second,) = station.void([target], supervisor, "ganda lagi")
    assert (second.ok, second.code) == (False, "withdrawal_pending")
    assert "still waiting for central" in second.message
    assert fate.pending_count(station.db) == 1


def test_an_old_central_without_withdrawals_leaves_the_request_synced_and_says_so(station_dir, tmp_path, monkeypatch):
    # The reference central as it was before the addition: the same server, its route table
    # without POST /v1/requests/withdraw (it answers 404 like any unknown path).
    from loket.central import routes_v1

    def old_routes(app):
        app.router.add_get("/v1/health", routes_v1.health)
        app.router.add_get("/v1/authorization", routes_v1.authorization)
        app.router.add_put("/v1/stations/{station_id}/signing-key", routes_v1.signing_key)
        app.router.add_post("/v1/requests/batch", routes_v1.batch)
        app.router.add_post("/v1/requests/status", routes_v1.statuses)

    monkeypatch.setattr(routes_v1, "add_routes", old_routes)
    old = Central(tmp_path / "old-central.db")
    station = _open(station_dir, old)
    try:
        target, _ = _synced(station)
        supervisor = station.login(*SUPERVISOR)
        station.void([target], supervisor, "Pemohon membatalkan")
        result = station.sync()
        assert result.outcome == "drained" and result.withdrawn == 0
        # Not stuck: settled as unsupported, the request stays central's, a new void may be asked.
        assert _state(station, target) == "synced" and not fate.is_pending(station.db, target)
        assert "request.withdrawal_unsupported" in _actions(station, target)
        from loket.storage import desk
        from loket.tui.widgets.request_fate import fate_lines

        set_language("en")
        (line,) = fate_lines(desk.history(station.db, target))
        assert "does not know cancellation" in line
        assert station.void([target], supervisor, "sekali lagi")[0].code == "withdrawal_asked"
    finally:
        station.close()
        old.stop()


def test_a_lost_answer_leaves_the_withdrawal_pending_and_the_next_run_settles_it_once(station_dir, central):
    # Every call passes until a withdrawal goes by; from there central's answer drips.
    proxy = FaultProxy(central.port, mode="drip", drip_every=0.3, target=b"/v1/requests/withdraw")
    station = _open(station_dir, central, url=proxy.url)
    try:
        target, _ = _synced(station)
        supervisor = station.login(*SUPERVISOR)
        station.void([target], supervisor, "Pemohon membatalkan")
        # Central withdraws it; its answer never arrives whole within the deadline.
        lost = station.sync(deadline=2)
        assert lost.outcome == "link_down"
        assert _state(station, target) == "synced" and fate.is_pending(station.db, target)
        assert _central(central, _ref(station, target))["status_reason"] == "withdrawn"

        proxy.mode = "pass"  # the next connection is clean
        settled = station.sync()
        assert settled.outcome == "drained" and settled.withdrawn == 1
        assert _state(station, target) == "void"
        assert _actions(station, target).count("request.void") == 1
        assert _actions(station, target).count("request.withdrawn") == 1
        assert len(central.items()) == 2  # nothing stored twice, nothing lost
    finally:
        station.close()
        proxy.close()


def test_a_conflict_voided_withdraws_what_central_stored_under_its_key(station, central):
    (saved,) = seed(station, 1)
    assert station.sync().accepted == 1
    (key,) = run(station.db, "SELECT idempotency_key FROM requests WHERE id = ?", (saved.request_id,)).fetchone()
    run(station.db, "UPDATE requests SET state = 'queued' WHERE id = ?", (saved.request_id,))
    (text,) = run(station.db, "SELECT payload FROM requests WHERE id = ?", (saved.request_id,)).fetchone()
    run(station.db, "UPDATE requests SET payload = ? WHERE id = ?",
        (text.replace('"occupation":"', '"occupation":"X'), saved.request_id))
    assert station.sync().conflict == 1
    supervisor = station.login(*SUPERVISOR)
    (asked,) = station.void([saved.request_id], supervisor, "Data ganda")
    assert asked.code == "withdrawal_asked" and _state(station, saved.request_id) == "conflict"
    station.sync()
    assert _state(station, saved.request_id) == "void"
    (item,) = central.items()
    assert (item["idempotency_key"], item["status"], item["status_reason"]) == (key, "rejected", "withdrawn")


def test_a_void_made_before_the_upgrade_is_asked_of_central_and_counts_as_central_says(station_dir, central):
    # A station of the previous version voided a synced request here alone; central printed
    # its card. The upgrade asks central about it once, and the report follows central.
    from loket.storage import migrations, schema_steps

    station = _open(station_dir, central)
    target, kept = _synced(station)
    run(station.db, "UPDATE requests SET state = 'void' WHERE id = ?", (target,))
    central.control(f"requests/{_ref(station, target)}/status", {"status": "card_printed"})
    version = migrations.MIGRATIONS.index(schema_steps._m008_central_fate) + 1
    run(station.db, "DROP TABLE withdrawals")
    run(station.db, "DELETE FROM schema_version WHERE version >= ?", (version,))  # and the later steps
    station.close()

    from loket.station import Station

    station = Station.open(station_dir)  # the upgrade runs again, as on a station of the old version
    try:
        assert fate.pending_count(station.db) == 1 and _state(station, target) == "void"
        assert stats.station_numbers(station.db).by_state["void"] == 1
        station.sync()
        assert _state(station, target) == "completed" and _state(station, kept) == "synced"
        numbers = stats.station_numbers(station.db)
        assert (numbers.by_state["completed"], numbers.by_state["void"]) == (1, 0)
        assert audit.verify_chain(station.db).ok
    finally:
        station.close()


def test_the_desk_summary_says_a_void_central_holds_is_asked_not_done():
    from loket.bulk import BulkOutcome
    from loket.tui.bulk_words import outcome_lines

    set_language("en")
    outcome = BulkOutcome("void", 3, done=3, central_asked=2)
    assert outcome_lines(outcome) == ["1 request cancelled.", "2 requests central already holds: central is "
                                      "asked to cancel them; they stay synced until central answers."]
    lines = outcome_lines(BulkOutcome("void", 1, done=1, central_asked=1))
    assert lines[0].startswith("1 request central already holds") and "cancelled." not in lines[0]
