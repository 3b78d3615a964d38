"""Resolving stuck requests in storage: requeue, void, warning overrides, corrections.

Real SQLite files; seals are plain strings here (storage never signs), the station
tests cover real seals and a real central.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from dbkit import other_connection, refused_errors, run, table_counts  # noqa: F401

from loket.i18n import set_language
from loket.storage import audit, linklog, outbox, queue, resolve, transitions, users
from loket.storage.audit import verify_chain
from loket.storage.db import open_database
from loket.storage.errors import DuplicateOpenRequest, QueueError

UTC = dt.timezone.utc
NOW = dt.datetime(2018, 7, 12, 8, 30, tzinfo=UTC)
LATER = NOW + dt.timedelta(hours=2)
STATION = "7373-LKT01"


@pytest.fixture
def db(db_target):
    database = open_database(db_target)
    yield database
    database.close()


@pytest.fixture
def clerk(db):
    return users.add_user(db, "siti", "clerk", "1234", actor="test")


@pytest.fixture
def supervisor(db):
    return users.add_user(db, "kepala", "supervisor", "5678", actor="test")


def seal(ctx):
    return f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)


def save(db, clerk, nik, *, warnings=("region_unknown",), biometrics=True):
    request = {
        "nik": nik, "kk": "7373010101010001", "name": "SITI AMINAH", "birth_date": "1990-01-10",
        "sex": "P", "request_type": "new_recording", "purpose": "general", "biometrics_recorded": biometrics,
    }
    return queue.enqueue(db, request=request, local={"photo_path": "", "mismatch_reason": ""},
                         warnings=list(warnings), clerk=clerk, station_id=STATION, now=NOW, issue=seal)


def nik(serial: int) -> str:
    return f"7373015001900{serial:03d}"


def move(db, request_id, *states, reason="invalid_field:religion"):
    """Walk a request along the life cycle as the sync engine would."""
    for state in states:
        transitions.change_state(db, request_id, state, actor="sync", now=NOW, reason=reason,
                                 central_ref="C7373-00000001" if state == "synced" else None)


def row(db, request_id):
    names = ("state", "idempotency_key", "attempts", "last_error", "claimed_by", "claimed_at", "central_ref",
             "synced_at", "payload", "warnings", "local")
    values = run(db, f"SELECT {', '.join(names)} FROM requests WHERE id = ?", (request_id,)).fetchone()
    return dict(zip(names, values))


def events(db, action):
    return [e for e in audit.recent_events(db, 1000) if e["action"] == action]


def test_bulk_requeue_moves_only_rejected_and_conflict_each_with_a_new_key(db, clerk, supervisor):
    set_language("en")
    saved = [save(db, clerk, nik(i)) for i in range(6)]
    ids = [s.request_id for s in saved]
    # A real sending pass first: attempts counted, a claim stamped and released by the verdict.
    run_id = linklog.start_run(db, "host:1:run", NOW)
    claimed = outbox.claim_batch(db, "host:1:run", 10, NOW)
    assert len(claimed) == 6
    verdicts = [(claimed[0], "rejected", None, "invalid_nik"), (claimed[1], "conflict", None, "request.name"),
                (claimed[2], "accepted", "C7373-00000001", None)]
    outbox.apply_results(db, "host:1:run", run_id, verdicts, NOW)
    outbox.release(db, "host:1:run", run_id, claimed[3:], "no_answer", "timeout", NOW)
    move(db, ids[3], "void", reason="test")
    before = {i: row(db, i) for i in ids}
    assert before[ids[0]]["attempts"] == 1 and before[ids[0]]["last_error"] == "invalid_nik"
    assert verify_chain(db).ok

    results = resolve.requeue(db, [ids[0], ids[1], ids[2], ids[3], ids[4], 9999, ids[0]], supervisor,
                              "  NIK checked   against KK  ", now=LATER)

    assert [(r.request_id, r.ok) for r in results] == [
        (ids[0], True), (ids[1], True), (ids[2], False), (ids[3], False), (ids[4], False), (9999, False)]
    assert "sent to central" in results[2].message and "cancelled" in results[3].message
    assert "waiting to be sent" in results[4].message and "no longer there" in results[5].message
    assert "9999" not in results[5].message  # a row id means nothing to a person
    for moved in ids[:2]:
        after = row(db, moved)
        assert after["state"] == "queued" and after["idempotency_key"] != before[moved]["idempotency_key"]
        assert (after["attempts"], after["last_error"], after["claimed_by"], after["claimed_at"],
                after["central_ref"], after["synced_at"]) == (0, None, None, None, None, None)
        assert after["payload"] == before[moved]["payload"]  # the same bytes go out, under the new key
    for kept in ids[2:]:
        assert row(db, kept) == before[kept]
    requeued = sorted(events(db, "request.requeued"), key=lambda e: e["id"])
    assert [int(e["subject"]) for e in requeued] == ids[:2]
    for event, moved, old_state in zip(requeued, ids[:2], ("rejected", "conflict")):
        assert event["actor"] == "KEPALA"
        assert event["details"] == {"reason": "NIK checked against KK", "from": old_state,
                                    "old_key": before[moved]["idempotency_key"],
                                    "new_key": row(db, moved)["idempotency_key"]}
    assert verify_chain(db).ok
    # The sender takes them like fresh intakes, with their new keys.
    again = {item.request_id: item for item in outbox.claim_batch(db, "host:2:run", 10, LATER)}
    assert set(again) == {ids[0], ids[1], ids[4], ids[5]}
    assert json.loads(again[ids[0]].json)["idempotency_key"] == row(db, ids[0])["idempotency_key"]


def test_every_action_refuses_a_clerk_and_a_disabled_supervisor_and_writes_nothing(db, clerk, supervisor):
    saved = save(db, clerk, nik(1))
    move(db, saved.request_id, "sending", "rejected")
    users.add_user(db, "mantan", "supervisor", "9999", actor="test")
    former = users.find_user(db, "mantan")
    users.set_active(db, "mantan", False, actor="test")
    before = (row(db, saved.request_id), verify_chain(db).count)
    for who in (clerk, former):
        actions = (
            lambda: resolve.requeue(db, [saved.request_id], who, "reason"),
            lambda: resolve.void_many(db, [saved.request_id], who, "reason"),
            lambda: resolve.override_warning(db, saved.request_id, "region_unknown", who, "reason"),
        )
        for action in actions:
            with pytest.raises(QueueError) as refused:
                action()
            assert refused.value.key == "storage.needs_supervisor"
    assert (row(db, saved.request_id), verify_chain(db).count) == before


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required(db, clerk, supervisor, reason):
    saved = save(db, clerk, nik(1))
    move(db, saved.request_id, "sending", "conflict")
    for action in (resolve.requeue, resolve.void_many):
        with pytest.raises(QueueError) as refused:
            action(db, [saved.request_id], supervisor, reason)
        assert refused.value.key == "storage.reason_required"
    with pytest.raises(QueueError) as refused:
        resolve.override_warning(db, saved.request_id, "region_unknown", supervisor, reason)
    assert refused.value.key == "storage.reason_required"
    assert row(db, saved.request_id)["state"] == "conflict"


def test_void_keeps_the_row_supersedes_the_suket_and_refuses_what_cannot_be_cancelled(db, clerk, supervisor):
    set_language("id")
    saved = [save(db, clerk, nik(i)) for i in range(5)]
    ids = [s.request_id for s in saved]
    move(db, ids[1], "sending", "synced")
    move(db, ids[2], "sending", "rejected")
    move(db, ids[3], "sending")
    move(db, ids[4], "sending", "synced", "completed")
    chain_before = verify_chain(db)
    assert chain_before.ok

    results = resolve.void_many(db, ids, supervisor, "Pemohon meninggal dunia", now=LATER)

    assert [r.ok for r in results] == [True, True, True, False, False]
    assert [r.code for r in results] == [None, "withdrawal_asked", None, "wrong_state", "wrong_state"]
    assert "sedang dikirim" in results[3].message and "selesai" in results[4].message
    (count,) = run(db, "SELECT COUNT(*) FROM requests").fetchone()
    assert count == 5  # nothing deleted
    for voided in (ids[0], ids[2]):
        view = queue.get_request(db, voided)
        assert view.state == "void" and view.suket.superseded and view.payload["nik"] == nik(ids.index(voided))
    # Central holds the synced one: it is asked to withdraw it, and the request stays central's until it answers.
    held = queue.get_request(db, ids[1])
    assert held.state == "synced" and not held.suket.superseded
    assert queue.get_request(db, ids[3]).state == "sending"
    assert not queue.get_request(db, ids[3]).suket.superseded
    voids = [e for e in events(db, "request.void") if e["actor"] == "KEPALA"]
    assert sorted(int(e["subject"]) for e in voids) == [ids[0], ids[2]]
    assert all(e["details"]["reason"] == "Pemohon meninggal dunia" for e in voids)
    (asked,) = events(db, "request.withdrawal_asked")
    assert (asked["actor"], int(asked["subject"]), asked["details"]["purpose"]) == ("KEPALA", ids[1], "void")
    assert verify_chain(db).ok and verify_chain(db).count == chain_before.count + 3
    # The NIK is free again for a new request of the same type.
    assert save(db, clerk, nik(0)).request_id not in ids


def test_override_moves_the_warning_to_local_overrides_with_who_when_why(db, clerk, supervisor):
    saved = save(db, clerk, nik(1), warnings=("region_unknown", "nik_mismatch_accepted"))
    resolve.override_warning(db, saved.request_id, "region_unknown", supervisor, "Kode wilayah baru 2018", now=LATER)
    view = queue.get_request(db, saved.request_id)
    assert view.warnings == ["nik_mismatch_accepted"]
    assert view.local["overrides"] == [{"code": "region_unknown", "by": "KEPALA",
                                        "at": "2018-07-12T10:30:00.000000Z", "reason": "Kode wilayah baru 2018"}]
    assert view.local["photo_path"] == "" and view.state == "queued"
    (event,) = events(db, "request.warning_overridden")
    assert (event["actor"], event["details"]) == ("KEPALA", {"code": "region_unknown",
                                                             "reason": "Kode wilayah baru 2018"})
    with pytest.raises(QueueError) as missing:  # already confirmed: nothing left to confirm
        resolve.override_warning(db, saved.request_id, "region_unknown", supervisor, "again")
    assert missing.value.key == "resolve.warning_not_found"
    move(db, saved.request_id, "void", reason="test")
    with pytest.raises(QueueError) as closed:
        resolve.override_warning(db, saved.request_id, "nik_mismatch_accepted", supervisor, "late")
    assert closed.value.key == "resolve.override_closed"
    set_language("en")
    assert "cancelled" in closed.value.message()
    assert verify_chain(db).ok


def _correct(db, supervisor, request_id, *, key=None, new_document=False, **changes):
    view = queue.get_request(db, request_id)
    request = {**view.payload, **changes}
    return resolve.correct_request(
        db, request_id, expected_key=key or view.idempotency_key, request=request, local=view.local,
        warnings=[], changed=tuple(changes), new_document=new_document, supervisor=supervisor,
        reason="Salah ketik", station_id=STATION, now=LATER, issue=seal,
    )


def test_correct_request_reissues_under_the_next_number_and_supersedes_the_old(db, clerk, supervisor):
    first = save(db, clerk, nik(1))
    other = save(db, clerk, nik(2))
    move(db, first.request_id, "sending", "rejected")
    done = _correct(db, supervisor, first.request_id, new_document=True, name="SITI AMINA")
    assert done.kind == "suket" and done.number.startswith("471/0003/7373-LKT01/")
    assert done.jws == f"seal-of-{done.number}" and done.queue_no == first.queue_no
    view = queue.get_request(db, first.request_id)
    assert view.suket.number == done.number and not view.suket.superseded
    assert view.state == "queued" and view.name == "SITI AMINA" and view.payload["name"] == "SITI AMINA"
    assert view.idempotency_key == done.new_key != first.idempotency_key
    old = run(db, "SELECT superseded FROM sukets WHERE number = ?", (first.number,)).fetchone()
    assert old == (1,)
    (event,) = events(db, "request.corrected")
    assert event["details"] == {"changed": ["name"], "reason": "Salah ketik", "from": "rejected",
                                "old_key": first.idempotency_key, "new_key": done.new_key, "kind": "suket",
                                "number": done.number, "superseded": first.number}
    assert "SITI" not in json.dumps(event["details"])  # names of fields, never their values
    # Corrected into another open request's NIK: refused, nothing written.
    move(db, first.request_id, "sending", "conflict")
    with pytest.raises(DuplicateOpenRequest) as duplicate:
        _correct(db, supervisor, first.request_id, nik=nik(2))
    assert duplicate.value.request_id == other.request_id
    assert queue.get_request(db, first.request_id).state == "conflict"
    assert verify_chain(db).ok


def test_correct_request_refuses_wrong_states_stale_keys_and_empty_changes(db, clerk, supervisor):
    saved = save(db, clerk, nik(1))
    with pytest.raises(resolve.StateRefused) as queued:
        _correct(db, supervisor, saved.request_id, occupation="PETANI")
    assert queued.value.key == "resolve.cannot_correct" and queued.value.state == "queued"
    move(db, saved.request_id, "sending", "rejected")
    with pytest.raises(QueueError) as stale:
        _correct(db, supervisor, saved.request_id, key="0" * 32, occupation="PETANI")
    assert stale.value.key == "resolve.changed_meanwhile"
    with pytest.raises(QueueError) as empty:
        _correct(db, supervisor, saved.request_id)
    assert empty.value.key == "resolve.nothing_changed"
    with pytest.raises(QueueError) as clerk_refused:
        _correct(db, clerk, saved.request_id, occupation="PETANI")
    assert clerk_refused.value.key == "storage.needs_supervisor"
    assert row(db, saved.request_id)["state"] == "rejected"
    assert not events(db, "request.corrected")


def test_changed_fields_and_which_corrections_need_a_new_document():
    from loket.intake.record import Address, IntakeRecord

    before = IntakeRecord(nik=nik(1), name="A", address=Address(village="X"), biometrics_recorded=True)
    after = dataclasses.replace(before, occupation="PETANI", address=Address(village="Y"))
    changed = resolve.changed_fields(before.to_local(), after.to_local())
    assert changed == ("village", "occupation")
    assert not resolve.needs_new_document("suket", after, changed)
    assert resolve.needs_new_document("suket", after, ("sex",))
    assert resolve.needs_new_document("receipt", after, ())  # biometrics recorded meanwhile: a Suket now
    receipt = dataclasses.replace(after, biometrics_recorded=False)
    assert resolve.needs_new_document("receipt", receipt, ("request_type",))
    assert not resolve.needs_new_document("receipt", receipt, ("birth_date",))
    assert set(resolve.VOIDABLE_STATES) == {"queued", "synced", "rejected", "conflict"}
    assert all("queued" in transitions.TRANSITIONS[state] for state in resolve.REQUEUE_STATES)


def test_an_empty_optional_field_is_not_a_change():
    from loket.storage.resolve import changed_fields

    before = {"name": "SITI", "photo_path": None, "mismatch_reason": None}
    after = {"name": "SITI", "photo_path": "", "mismatch_reason": ""}
    assert changed_fields(before, after) == ()
    assert changed_fields(before, {**after, "name": "SITI AMINAH"}) == ("name",)
    assert changed_fields({"name": "SITI"}, {"name": "SITI", "photo_path": ""}) == ()
