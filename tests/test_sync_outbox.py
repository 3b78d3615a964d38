"""The outbox under the sync engine: claim order, exclusive claims, take-over, results."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest
from dbkit import run, statements_sent, station_rows  # noqa: F401

from linkkit import seed
from loket.storage import linklog, outbox

pytestmark = pytest.mark.both_backends

NOW = dt.datetime(2018, 7, 12, 9, 0, tzinfo=dt.timezone.utc)

def _states(db) -> dict[int, tuple]:
    """``id -> (state as shown, claimed_by, central_ref, last_error, attempts)``: a claimed
    queued row is being sent (``storage.claims``)."""
    rows = run(db, "SELECT id, CASE WHEN state = 'queued' AND claimed_by IS NOT NULL THEN 'sending' "
               "ELSE state END, claimed_by, central_ref, last_error, attempts FROM requests")
    return {row[0]: row[1:] for row in rows.fetchall()}


def test_claims_urgent_purposes_first_then_oldest(station):
    purposes = {i: "general" for i in range(4)} | {4: "election_candidate", 5: "civil_service_application"}
    saved = seed(station, 6, purposes=purposes)
    items = outbox.claim_batch(station.db, "run-a", 500, NOW)
    order = [item.request_id for item in items]
    ids = [s.request_id for s in saved]
    assert order == [ids[4], ids[5], ids[0], ids[1], ids[2], ids[3]]
    states = _states(station.db)
    assert all(states[i][0] == "sending" and states[i][1] == "run-a" and states[i][4] == 1 for i in ids)


def test_two_runs_never_claim_the_same_item(station):
    seed(station, 7)
    first = outbox.claim_batch(station.db, "run-a", 4, NOW)
    second = outbox.claim_batch(station.db, "run-b", 500, NOW)
    assert len(first) == 4 and len(second) == 3
    assert not {i.request_id for i in first} & {i.request_id for i in second}
    assert outbox.claim_batch(station.db, "run-c", 500, NOW) == []


def test_item_json_is_the_protocol_item_and_stable_across_claims(station):
    import json

    saved = seed(station, 2, receipts={1})
    items = outbox.claim_batch(station.db, "run-a", 500, NOW)
    suket_item, receipt_item = (json.loads(item.json) for item in items)
    assert suket_item["request"]["nik"] == saved[0].record.nik
    assert suket_item["request"]["station_id"] == "7373-LKT01"
    assert suket_item["suket"]["number"] == saved[0].number and suket_item["suket"]["jws"] == saved[0].jws
    assert suket_item["suket"]["issued_at"].endswith("Z") and len(suket_item["suket"]["issued_at"]) == 20
    assert receipt_item["suket"] is None
    outbox.release(station.db, "run-a", linklog.start_run(station.db, "run-a", NOW), items, "no_answer", "timeout", NOW)
    again = outbox.claim_batch(station.db, "run-b", 500, NOW)
    assert [item.json for item in again] == [item.json for item in items]


def test_a_dead_process_claim_is_taken_over_at_once_a_live_one_only_after_the_lease(station):
    """The probe of a claimer's process: os.kill(pid, 0) on POSIX, OpenProcess and its exit code on Windows."""
    import socket

    seed(station, 3)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        dead_runner = f"{socket.gethostname()}:{gone.stdout.strip()}:deadbeef"
        live_runner = f"{socket.gethostname()}:{alive.pid}:cafebabe"
        outbox.claim_batch(station.db, dead_runner, 1, NOW)
        outbox.claim_batch(station.db, live_runner, 1, NOW)
        taken = outbox.claim_batch(station.db, "run-new", 500, NOW)
        assert len(taken) == 2  # the free one and the dead run's one; the live claim stays
        assert outbox.claim_batch(station.db, "run-again", 500, NOW + dt.timedelta(seconds=30)) == []
        later = NOW + outbox.CLAIM_LEASE + dt.timedelta(seconds=1)
        assert len(outbox.claim_batch(station.db, "run-later", 500, later)) == 3  # every claim is stale by then
    finally:
        alive.kill()
        alive.wait()


def test_results_mark_synced_or_stuck_and_only_for_the_claim_holder(station):
    seed(station, 4)
    db = station.db
    run_id = linklog.start_run(db, "run-a", NOW)
    items = outbox.claim_batch(db, "run-a", 500, NOW)
    verdicts = [
        (items[0], "accepted", "C1", None),
        (items[1], "duplicate", "C2", None),
        (items[2], "rejected", None, "invalid_nik"),
        (items[3], "conflict", None, "request.name"),
    ]
    applied = outbox.apply_results(db, "someone-else", run_id, verdicts, NOW)
    assert all(state[0] == "sending" for state in _states(db).values())  # not theirs to change
    applied = outbox.apply_results(db, "run-a", run_id, verdicts, NOW)
    assert (applied.accepted, applied.duplicate, applied.rejected, applied.conflict) == (1, 1, 1, 1)
    states = _states(db)
    assert states[items[0].request_id][:3] == ("synced", None, "C1")
    assert states[items[1].request_id][:3] == ("synced", None, "C2")
    assert states[items[2].request_id][0] == "rejected" and states[items[2].request_id][3] == "invalid_nik"
    assert states[items[3].request_id][0] == "conflict" and states[items[3].request_id][3] == "request.name"
    actions = [row[0] for row in run(db, "SELECT action FROM audit_events").fetchall()]
    assert actions.count("request.rejected") == 1 and actions.count("request.conflict") == 1
    attempts = run(db, "SELECT COUNT(*) FROM sync_attempts").fetchone()[0]
    assert attempts == 8  # every verdict is history, even the ones not applied


def test_statuses_complete_a_request_and_supersede_its_suket(station):
    saved = seed(station, 2)
    db = station.db
    run_id = linklog.start_run(db, "run-a", NOW)
    items = outbox.claim_batch(db, "run-a", 500, NOW)
    outbox.apply_results(db, "run-a", run_id, [(items[0], "accepted", "C1", None), (items[1], "accepted", "C2", None)], NOW)
    refs = outbox.synced_refs_after(db, 0, 500)
    assert [ref for _, ref in refs] == ["C1", "C2"]
    completed, rejected = outbox.apply_statuses(
        db, run_id, [(saved[0].request_id, "card_printed", None), (saved[1].request_id, "verified", None)], NOW
    )
    assert (completed, rejected) == (1, 0)
    states = _states(db)
    assert states[saved[0].request_id][0] == "completed" and states[saved[1].request_id][0] == "synced"
    superseded = dict(run(db, "SELECT request_id, superseded FROM sukets").fetchall())
    assert superseded[saved[0].request_id] == 1 and superseded[saved[1].request_id] == 0
    assert outbox.apply_statuses(db, run_id, [(saved[0].request_id, "card_printed", None)], NOW) == (0, 0)


def test_central_rejecting_a_synced_request_later_sends_it_to_a_supervisor(station):
    saved = seed(station, 1)
    db = station.db
    run_id = linklog.start_run(db, "run-a", NOW)
    items = outbox.claim_batch(db, "run-a", 500, NOW)
    outbox.apply_results(db, "run-a", run_id, [(items[0], "accepted", "C1", None)], NOW)
    assert outbox.apply_statuses(db, run_id, [(saved[0].request_id, "rejected", "data ganda")], NOW) == (0, 1)
    state, error = run(db, "SELECT state, last_error FROM requests").fetchone()
    assert (state, error) == ("rejected", "data ganda")
    last = run(db, "SELECT action, details FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == "request.rejected" and "data ganda" in last[1]


def test_the_database_itself_refuses_to_delete_a_request_or_its_suket(station, station_dir):
    from dbkit import other_connection, refused_errors

    seed(station, 1)
    raw, _ = other_connection(station.db)
    try:
        for table in ("requests", "sukets"):
            with pytest.raises(refused_errors(), match="never deleted"):
                raw.execute(f"DELETE FROM {table}")
        assert raw.execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 1
    finally:
        raw.close()


def test_the_statements_caught_are_this_threads_only(station):
    # The claim's plan test once caught the audit checkpoint's own thread reading the
    # audit log in the middle of the claim, and failed on a statement not the claim's.
    from loket.storage.models import AuditEvent, use

    def elsewhere() -> None:
        use(station.db)
        AuditEvent.select().order_by(AuditEvent.seq.desc()).limit(1).tuples().first()

    with statements_sent() as queries:
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
        outbox.claim_batch(station.db, "run-a", 500, NOW)
    assert queries and not any("audit_events" in sql for sql, _ in queries)


@pytest.mark.parametrize("station_backend", ["sqlite"])
def test_a_claim_reads_the_queue_in_index_order_without_sorting_it(station):
    """A claim that sorted every queued row made each batch cost the whole queue (a
    sync of N items N^2): the claim's query must walk an index in the claim's order."""
    seed(station, 3)
    with statements_sent() as queries:
        assert len(outbox.claim_batch(station.db, "run-a", 500, NOW)) == 3
    order = [(sql, params) for sql, params in queries if sql.startswith("SELECT") and "ORDER BY" in sql]
    assert len(order) == 1, queries
    plan = [row[-1] for row in station.db.execute_sql("EXPLAIN QUERY PLAN " + order[0][0], order[0][1])]
    assert any("requests_desk_urgency" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
