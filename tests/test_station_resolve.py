"""A supervisor resolves stuck requests through the station, against the real reference central.

Central refuses for real reasons: the stored bytes of a request are altered after
intake (central validates like the counter and answers ``invalid_field:<name>``),
or the same key arrives with a different payload (``conflict``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pypdfium2 as pdfium
import pytest
from dbkit import run, station_rows  # noqa: F401
import zxingcpp

from conftest import CLERK, SUPERVISOR
from linkkit import central, seed, station  # noqa: F401 - central, station are fixtures
from loket.intake.samples import nik_for, sample_record
from loket.printing.seal import verify_seal
from loket.station import SubmitRefused
from loket.storage import audit, queue
from loket.storage.errors import QueueError

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]

def _tamper(station, request_id, **fields):
    """Change stored payload bytes behind the station's back (as a hand edit in an SQL client would)."""
    (text,) = run(station.db, "SELECT payload FROM requests WHERE id = ?", (request_id,)).fetchone()
    payload = {**json.loads(text), **fields}
    run(station.db, "UPDATE requests SET payload = ? WHERE id = ?",
                           (json.dumps(payload, sort_keys=True, separators=(",", ":")), request_id))


def _row(station, request_id):
    return run(station.db, 
        "SELECT state, idempotency_key, last_error, attempts, claimed_by, central_ref FROM requests WHERE id = ?",
        (request_id,)).fetchone()


def _events(station, action):
    return [e for e in audit.recent_events(station.db, 1000) if e["action"] == action]


def _central_by_key(central):
    return {item["idempotency_key"]: item for item in central.items()}


def test_rejected_for_a_real_reason_then_corrected_by_a_supervisor_and_accepted(station, central):
    saved = seed(station, 2)
    target = saved[0].request_id
    _tamper(station, target, religion="AGAMA LAIN")
    assert audit.verify_chain(station.db).ok

    result = station.sync()
    assert (result.outcome, result.accepted, result.rejected) == ("drained", 1, 1)
    state, old_key, last_error, attempts, _, _ = _row(station, target)
    assert (state, last_error, attempts) == ("rejected", "invalid_field:religion", 1)

    supervisor = station.login(*SUPERVISOR)
    record = station.stored_record(target)
    assert record.religion == "AGAMA LAIN"
    broken = dataclasses.replace(record, religion="BUKAN AGAMA")
    with pytest.raises(SubmitRefused) as refused:  # the same validation as at the counter
        station.correct(target, broken, supervisor, "Agama salah ketik")
    assert [p.field for p in refused.value.problems] == ["religion"]
    assert _row(station, target)[:2] == ("rejected", old_key)

    fixed = dataclasses.replace(record, religion=saved[0].record.religion)
    corrected = station.correct(target, fixed, supervisor, "  Agama salah ketik saat input ")
    assert corrected.changed == ("religion",) and not corrected.new_document and corrected.saved is None
    state, new_key, last_error, attempts, claimed_by, central_ref = _row(station, target)
    assert (state, last_error, attempts, claimed_by, central_ref) == ("queued", None, 0, None, None)
    assert new_key != old_key

    result = station.sync()
    assert (result.outcome, result.sent, result.accepted, result.rejected) == ("drained", 1, 1, 0)
    assert _row(station, target)[0] == "synced"
    stored = _central_by_key(central)
    assert old_key not in stored  # central stores nothing it rejects
    assert stored[new_key]["request"]["religion"] == saved[0].record.religion
    assert stored[new_key]["suket"]["number"] == saved[0].number  # the name did not change: same Suket

    (event,) = _events(station, "request.corrected")
    assert event["actor"] == SUPERVISOR[0] and event["subject"] == str(target)
    assert event["details"] == {"changed": ["religion"], "reason": "Agama salah ketik saat input",
                                "from": "rejected", "old_key": old_key, "new_key": new_key}
    assert audit.verify_chain(station.db).ok


def test_a_conflict_requeued_goes_out_under_a_new_key_and_the_old_record_is_withdrawn(station, central):
    (saved,) = seed(station, 1)
    first = station.sync()
    assert first.accepted == 1
    _, key, *_ = _row(station, saved.request_id)
    # The station sends the same key again with different bytes: central keeps the first.
    run(station.db, "UPDATE requests SET state = 'queued' WHERE id = ?", (saved.request_id,))
    _tamper(station, saved.request_id, occupation="PETANI")
    result = station.sync()
    assert result.conflict == 1
    state, same_key, reason, *_ = _row(station, saved.request_id)
    assert (state, same_key) == ("conflict", key) and "occupation" in reason

    supervisor = station.login(*SUPERVISOR)
    (outcome,) = station.requeue([saved.request_id], supervisor, "Data pekerjaan sudah diperiksa")
    assert outcome.ok
    state, new_key, *_ = _row(station, saved.request_id)
    assert state == "queued" and new_key != key

    result = station.sync()
    # Central is first asked to withdraw the record under the old key; the same sealed
    # Suket then goes in under the new key, and only one record of it is alive there.
    assert (result.accepted, result.conflict, result.withdrawn) == (1, 0, 1)
    state, _, _, _, _, ref = _row(station, saved.request_id)
    assert state == "synced"
    stored = _central_by_key(central)
    assert set(stored) == {key, new_key}
    assert (stored[key]["status"], stored[key]["status_reason"]) == ("rejected", "withdrawn")
    assert stored[new_key]["status"] == "received" and stored[new_key]["central_ref"] == ref
    assert stored[new_key]["request"]["occupation"] == "PETANI"
    (event,) = _events(station, "request.requeued")
    assert (event["actor"], event["details"]["old_key"], event["details"]["new_key"]) == (
        SUPERVISOR[0], key, new_key)
    assert event["details"]["reason"] == "Data pekerjaan sudah diperiksa" and event["details"]["from"] == "conflict"
    (withdrawn,) = _events(station, "request.withdrawn")
    assert withdrawn["details"] == {"purpose": "superseded", "outcome": "cancelled", "old_key": key,
                                    "central_ref": stored[key]["central_ref"]}
    assert audit.verify_chain(station.db).ok


def test_a_clerk_is_refused_every_action(station):
    saved = seed(station, 1)[0]
    run(station.db, "UPDATE requests SET state = 'rejected' WHERE id = ?", (saved.request_id,))
    clerk = station.login(*CLERK)
    before = _row(station, saved.request_id)
    assert audit.verify_chain(station.db).ok
    actions = (
        lambda: station.correct(saved.request_id, dataclasses.replace(saved.record, occupation="PETANI"),
                                clerk, "alasan"),
        lambda: station.requeue([saved.request_id], clerk, "alasan"),
        lambda: station.void([saved.request_id], clerk, "alasan"),
        lambda: station.override_warning(saved.request_id, "region_unknown", clerk, "alasan"),
    )
    for action in actions:
        with pytest.raises(QueueError) as refused:
            action()
        assert refused.value.key == "storage.needs_supervisor"
    assert audit.verify_chain(station.db).ok
    assert _row(station, saved.request_id) == before
    assert not [e for e in audit.recent_events(station.db, 100) if e["actor"] == CLERK[0]
                and e["action"].startswith("request.")]


def test_correcting_a_sealed_field_issues_a_new_suket_with_a_new_seal(station, printed_dir):
    (saved,) = seed(station, 1)
    run(station.db, "UPDATE requests SET state = 'rejected', last_error = 'invalid_field:name' "
                           "WHERE id = ?", (saved.request_id,))
    supervisor = station.login(*SUPERVISOR)
    record = station.stored_record(saved.request_id)
    corrected = station.correct(saved.request_id, dataclasses.replace(record, name="Andi  Baso"), supervisor,
                                "Nama sesuai KK")
    assert corrected.changed == ("name",) and corrected.new_document
    new = corrected.saved
    assert new.kind == "suket" and new.number != saved.number and new.suket_id != saved.suket_id
    assert new.record.name == "ANDI BASO" and new.queue_no == saved.queue_no

    view = queue.get_request(station.db, saved.request_id)
    assert view.suket.number == new.number and not view.suket.superseded
    assert queue.get_suket(station.db, saved.suket_id) is None  # the old one is no longer the current
    (old,) = run(station.db, "SELECT superseded FROM sukets WHERE id = ?", (saved.suket_id,)).fetchone()
    assert old == 1

    slip = station.print_slip(new)
    assert slip.printed and (printed_dir / slip.pdf_path.name).is_file()
    image = pdfium.PdfDocument(str(slip.pdf_path))[0].render(scale=3).to_pil()
    (code,) = zxingcpp.read_barcodes(image)
    check = verify_seal(code.text, [station.key().public_jwk()])
    assert check.genuine and check.payload["no"] == new.number and check.payload["nm"] == "ANDI BASO"
    assert check.payload["nik"] == saved.record.nik
    (event,) = _events(station, "request.corrected")
    assert event["details"]["number"] == new.number and event["details"]["superseded"] == saved.number
    assert audit.verify_chain(station.db).ok


def test_void_keeps_the_row_and_supersedes_the_suket(station):
    saved = seed(station, 3)
    ids = [s.request_id for s in saved]
    # Being sent: a sync's claim on a queued request (storage.claims); not the desk's to void.
    run(station.db, "UPDATE requests SET claimed_by = 'run-a', claimed_at = '2026-03-10T04:00:00.000000Z' "
        "WHERE id = ?", (ids[2],))
    supervisor = station.login(*SUPERVISOR)
    assert audit.verify_chain(station.db).ok
    results = station.void(ids, supervisor, "Permohonan ganda")
    assert [r.ok for r in results] == [True, True, False]
    for request_id, s in zip(ids[:2], saved):
        view = queue.get_request(station.db, request_id)
        assert view.state == "void" and view.suket.superseded and view.suket.number == s.number
    (count,) = run(station.db, "SELECT COUNT(*) FROM requests").fetchone()
    assert count == 3
    voids = _events(station, "request.void")
    assert {(e["actor"], e["details"]["reason"]) for e in voids} == {(SUPERVISOR[0], "Permohonan ganda")}
    assert audit.verify_chain(station.db).ok


def test_override_an_unknown_region_warning(station):
    clerk = station.login(*CLERK)
    record = sample_record(nik=nik_for("737399", dt.date(1990, 5, 17), "L", 1))
    saved = station.submit(record, clerk)
    assert saved.warnings == ["region_unknown"]
    supervisor = station.login(*SUPERVISOR)
    assert audit.verify_chain(station.db).ok
    station.override_warning(saved.request_id, "region_unknown", supervisor, "Kecamatan pemekaran baru")
    view = queue.get_request(station.db, saved.request_id)
    assert view.warnings == [] and view.local["overrides"][0]["by"] == SUPERVISOR[0]
    # A later correction of another field keeps the confirmation; it is not asked for twice.
    run(station.db, "UPDATE requests SET state = 'rejected' WHERE id = ?", (saved.request_id,))
    station.correct(saved.request_id, dataclasses.replace(station.stored_record(saved.request_id),
                                                          occupation="PETANI"), supervisor, "Pekerjaan")
    assert queue.get_request(station.db, saved.request_id).warnings == []
    (event,) = _events(station, "request.warning_overridden")
    assert event["details"] == {"code": "region_unknown", "reason": "Kecamatan pemekaran baru"}
    assert audit.verify_chain(station.db).ok


def test_a_corrected_name_goes_out_with_its_new_suket_and_is_accepted(station, central):
    (saved,) = seed(station, 1)
    _tamper(station, saved.request_id, name="ANDI 123")
    assert station.sync().rejected == 1
    assert _row(station, saved.request_id)[2] == "invalid_field:name"

    supervisor = station.login(*SUPERVISOR)
    record = station.stored_record(saved.request_id)
    corrected = station.correct(saved.request_id, dataclasses.replace(record, name="Andi Baso"), supervisor,
                                "Nama sesuai KK")
    assert corrected.new_document and corrected.saved.number != saved.number

    result = station.sync()
    assert (result.accepted, result.rejected) == (1, 0)
    stored = _central_by_key(central)[_row(station, saved.request_id)[1]]
    # Central holds the new Suket, whose seal names the corrected record, not the first one.
    assert stored["suket"]["number"] == corrected.saved.number
    assert stored["request"]["name"] == "ANDI BASO"
