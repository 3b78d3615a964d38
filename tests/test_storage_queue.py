"""The intake transaction, numbering, duplicates, reprints and the request life cycle."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from dbkit import other_connection, refused_errors, run, table_counts  # noqa: F401

from loket.storage import queue, transitions, users
from loket.storage.audit import verify_chain
from loket.storage.db import open_database
from loket.storage.errors import DuplicateOpenRequest, NumberPatternError, QueueError
from loket.storage.numbering import check_number_pattern, format_number

UTC = dt.timezone.utc
WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2018, 7, 12, 8, 30, tzinfo=UTC)
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


def record(nik="7373015001900004", request_type="new_recording", biometrics=True, **extra):
    data = {
        "nik": nik, "kk": "7373010101010001", "name": "SITI AMINAH", "birth_date": "1990-01-10",
        "sex": "P", "request_type": request_type, "purpose": "general", "biometrics_recorded": biometrics,
    }
    data.update(extra)
    return data


def seal(ctx):
    return f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)


def save(db, clerk, *, now=NOW, station=STATION, issue=seal, **kwargs):
    return queue.enqueue(
        db, request=record(**kwargs), local={"photo_path": "foto.jpg", "mismatch_reason": ""},
        warnings=["region_unknown"], clerk=clerk, station_id=station, now=now, issue=issue,
    )


def test_enqueue_writes_request_suket_and_audit_together(db, clerk):
    done = save(db, clerk)
    assert (done.queue_no, done.kind, done.number) == (1, "suket", "471/0001/7373-LKT01/VII/2018")
    assert done.jws == "seal-of-471/0001/7373-LKT01/VII/2018"
    assert done.valid_until == dt.date(2019, 1, 8)
    key = uuid.UUID(hex=done.idempotency_key)  # a random UUID, version 4, as 32 hex digits
    assert key.hex == done.idempotency_key and key.version == 4 and key.variant == uuid.RFC_4122

    view = queue.get_request(db, done.request_id)
    assert view.state == "queued" and view.clerk_name == "SITI"
    assert view.payload["received_at"] == "2018-07-12T08:30:00Z"
    assert view.payload["clerk_id"] == "SITI" and view.payload["station_id"] == STATION
    assert view.local == {"photo_path": "foto.jpg", "mismatch_reason": ""}
    assert view.warnings == ["region_unknown"]
    assert view.suket.id == done.suket_id and view.suket.jws == done.jws and view.suket.copies == 0

    (action, subject, details, at), = run(db,
        "SELECT action, subject, details, at FROM audit_events WHERE action = 'intake.saved'").fetchall()
    assert subject == str(done.request_id)
    assert at == "2018-07-12T08:30:00.000000Z"  # the save's own time, as the request row has it
    assert json.loads(details) == {
        "kind": "suket", "nik": "7373********0004", "number": done.number, "queue_no": 1}
    assert verify_chain(db).ok


def test_failing_issue_writes_nothing(db, clerk):
    save(db, clerk, nik="7373015001900001")
    before = table_counts(db)

    def broken_signer(ctx):
        raise RuntimeError("signing key unreadable")

    with pytest.raises(RuntimeError, match="signing key unreadable"):
        save(db, clerk, nik="7373015001900002", issue=broken_signer)
    assert table_counts(db) == before
    # No number was used up: the next request gets the next number in line.
    done = save(db, clerk, nik="7373015001900002")
    assert (done.queue_no, done.number) == (2, "471/0002/7373-LKT01/VII/2018")


def test_issue_returning_no_seal_for_a_suket_is_refused(db, clerk):
    before = table_counts(db)
    with pytest.raises(QueueError) as caught:
        save(db, clerk, issue=lambda ctx: (None, dt.date(2019, 1, 1)))
    assert caught.value.key == "storage.issue_invalid"
    assert table_counts(db) == before


def test_issue_context_carries_the_allocated_numbers(db, clerk):
    seen = []

    def issue(ctx):
        seen.append(ctx)
        return seal(ctx)

    done = save(db, clerk, issue=issue)
    ctx, = seen
    assert (ctx.kind, ctx.number, ctx.queue_no, ctx.seq, ctx.year) == ("suket", done.number, 1, 1, 2018)
    assert (ctx.request_id, ctx.station_id, ctx.office_code) == (done.request_id, STATION, "7373")
    assert ctx.request["nik"] == "7373015001900004"


def test_without_biometrics_a_receipt_with_its_own_numbers(db, clerk):
    first = save(db, clerk, nik="7373015001900001", biometrics=False, issue=lambda ctx: (None, None))
    second = save(db, clerk, nik="7373015001900002")
    assert (first.kind, first.number, first.jws) == ("receipt", "TT/0001/7373-LKT01/2018", None)
    assert (second.kind, second.number) == ("suket", "471/0001/7373-LKT01/VII/2018")
    assert (first.queue_no, second.queue_no) == (1, 2)


def test_numbers_per_station_and_year(db, clerk):
    a1 = save(db, clerk, nik="7373015001900001")
    a2 = save(db, clerk, nik="7373015001900002")
    b1 = save(db, clerk, nik="7373015001900003", station="7373-LKT02")
    new_year = save(db, clerk, nik="7373015001900004", now=dt.datetime(2019, 1, 2, 1, 0, tzinfo=UTC))
    assert [x.queue_no for x in (a1, a2, b1, new_year)] == [1, 2, 1, 1]
    assert a2.number == "471/0002/7373-LKT01/VII/2018"
    assert b1.number == "471/0001/7373-LKT02/VII/2018"
    assert new_year.number == "471/0001/7373-LKT01/I/2019"


def test_calendar_follows_the_timezone_of_now(db, clerk):
    # 23:30 UTC on New Year's Eve is already 07:30 on 1 January in Palopo (WITA).
    local = dt.datetime(2018, 12, 31, 23, 30, tzinfo=UTC).astimezone(WITA)
    done = save(db, clerk, now=local)
    assert done.number == "471/0001/7373-LKT01/I/2019"
    assert queue.get_request(db, done.request_id).payload["received_at"] == "2018-12-31T23:30:00Z"


def test_pattern_formatting_all_months():
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    for month, roman in enumerate(romans, start=1):
        when = dt.date(2018, month, 1)
        assert format_number("471/{seq:04d}/{station}/{month_roman}/{year}", 7, STATION, "7373", when) == (
            f"471/0007/7373-LKT01/{roman}/2018")
    assert format_number("{office}.{month}.{year}.{seq}", 12345, STATION, "7373", dt.date(2018, 3, 9)) == (
        "7373.03.2018.12345")


@pytest.mark.parametrize("pattern, key, mentioned", [
    ("", "storage.pattern.empty", None),
    ("471/{seq:04d}/{station}", "storage.pattern.missing", "{year}"),
    ("471/{station}/{year}", "storage.pattern.missing", "{seq}"),
    ("471/{seq}/{kecamatan}/{year}", "storage.pattern.unknown_placeholder", "{kecamatan}"),
    ("471/{seq:x}/{year}", "storage.pattern.bad_format", "{seq:x}"),
    ("471/{seq:4d}/{year}", "storage.pattern.bad_format", "{seq:4d}"),
    ("471/{seq}/{year:04d}", "storage.pattern.bad_format", "{year:04d}"),
    ("471/{seq/{year}", "storage.pattern.bad_syntax", None),
    ("471/{seq!r}/{year}", "storage.pattern.bad_syntax", None),
    ("{seq}/{year}/" + "X" * 80, "storage.pattern.too_long", None),
])
def test_bad_patterns_are_explained(pattern, key, mentioned):
    with pytest.raises(NumberPatternError) as caught:
        check_number_pattern(pattern)
    assert caught.value.key == key
    if mentioned:
        assert mentioned in caught.value.message("en")


def test_good_patterns_pass():
    for pattern in ("471/{seq:04d}/{station}/{month_roman}/{year}", "{year}-{seq}", "SK.{office}/{seq:06d}/{month}/{year}"):
        check_number_pattern(pattern)


def test_duplicate_open_request_is_refused_until_closed(db, clerk, supervisor):
    first = save(db, clerk)
    with pytest.raises(DuplicateOpenRequest) as caught:
        save(db, clerk)
    text = caught.value.message("en")
    assert "queue 1" in text and first.number in text and "7373015001900004" in text
    assert "New recording" in text and "waiting to be sent" in text
    assert "Perekaman baru" in caught.value.message("id")
    assert caught.value.request_id == first.request_id
    # Another request type for the same NIK is a separate matter.
    save(db, clerk, request_type="data_change")

    transitions.void_request(db, first.request_id, supervisor, "salah ketik nama")
    again = save(db, clerk)
    assert queue.get_request(db, first.request_id).suket.superseded
    assert queue.find_open(db, "7373015001900004", "new_recording").id == again.request_id

    for state in ("sending", "synced", "completed"):
        transitions.change_state(db, again.request_id, state, actor="sync", central_ref="C-1")
    third = save(db, clerk)
    assert third.queue_no == 4
    view = queue.get_request(db, again.request_id)
    assert view.state == "completed" and view.central_ref == "C-1" and view.synced_at is not None


def test_database_itself_refuses_a_second_open_request(db, clerk):
    done = save(db, clerk)
    con, mark = other_connection(db)
    columns = ("station_id, clerk_id, nik, request_type, purpose, name, state, payload, local, warnings, "
               "queue_year, created_at, updated_at")
    try:
        row = con.execute(f"SELECT {columns} FROM requests WHERE id = {mark}", (done.request_id,)).fetchone()
        marks = ", ".join([mark] * (len(row) + 2))
        with pytest.raises(refused_errors(), match="requests.nik|requests_one_open"):
            con.execute(f"INSERT INTO requests (idempotency_key, queue_no, {columns}) VALUES ({marks})",
                        ("f" * 32, 99, *row))
    finally:
        con.close()


def test_reprints_are_counted_by_a_supervisor_with_a_reason(db, clerk, supervisor):
    done = save(db, clerk)
    with pytest.raises(QueueError) as caught:
        queue.record_reprint(db, done.suket_id, clerk, "hilang")
    assert caught.value.key == "storage.needs_supervisor"
    with pytest.raises(QueueError) as caught:
        queue.record_reprint(db, done.suket_id, supervisor, "   ")
    assert caught.value.key == "storage.reason_required"
    assert queue.record_reprint(db, done.suket_id, supervisor, "kertas robek") == 1
    assert queue.record_reprint(db, done.suket_id, supervisor, "hilang") == 2
    assert queue.get_suket(db, done.suket_id).copies == 2
    reasons = [json.loads(d)["reason"] for (d,) in run(db, 
        "SELECT details FROM audit_events WHERE action = 'suket.reprinted' ORDER BY id")]
    assert reasons == ["kertas robek", "hilang"]

    users.set_active(db, supervisor.name, False, actor="test")
    with pytest.raises(QueueError) as caught:  # the object still says supervisor; the database decides
        queue.record_reprint(db, done.suket_id, supervisor, "hilang lagi")
    assert caught.value.key == "storage.needs_supervisor"
    users.set_active(db, supervisor.name, True, actor="test")

    transitions.void_request(db, done.request_id, supervisor, "dibatalkan pemohon")
    with pytest.raises(QueueError) as caught:
        queue.record_reprint(db, done.suket_id, supervisor, "lagi")
    assert caught.value.key == "storage.suket_superseded"


def test_pdf_path_and_missing_suket(db, clerk):
    done = save(db, clerk)
    queue.set_pdf_path(db, done.suket_id, "slips/471-0001.pdf")
    assert queue.get_suket(db, done.suket_id).pdf_path == "slips/471-0001.pdf"
    with pytest.raises(QueueError) as caught:
        queue.set_pdf_path(db, 999, "x.pdf")
    assert caught.value.key == "storage.suket_not_found" and "999" not in caught.value.message("en")
    assert queue.get_suket(db, 999) is None and queue.get_request(db, 999) is None


def test_reading_the_queue(db, clerk):
    saved = [save(db, clerk, nik=f"73730150019000{i:02d}", name=f"WARGA {i}") for i in range(1, 6)]
    saved.append(save(db, clerk, nik="7373015001900099", station="7373-LKT02"))
    transitions.change_state(db, saved[0].request_id, "sending", actor="sync")
    recent = queue.recent_requests(db, STATION, limit=3)
    assert [r.queue_no for r in recent] == [5, 4, 3]
    assert queue.counts_by_state(db) == {
        "queued": 5, "sending": 1, "synced": 0, "rejected": 0, "conflict": 0, "completed": 0, "void": 0}
    assert [r.nik for r in queue.search_requests(db, "737301500190000")][::-1] == [
        f"73730150019000{i:02d}" for i in range(1, 6)]
    assert [r.name for r in queue.search_requests(db, "warga 3")] == ["WARGA 3"]
    assert queue.find_open(db, "7373015001900001", "data_change") is None


def test_life_cycle_refuses_impossible_moves(db, clerk):
    done = save(db, clerk)
    with pytest.raises(QueueError) as caught:
        transitions.void_request(db, done.request_id, clerk, "salah input")
    assert caught.value.key == "storage.needs_supervisor"
    with pytest.raises(QueueError) as caught:
        transitions.change_state(db, done.request_id, "completed", actor="sync")
    assert caught.value.key == "storage.bad_transition"
    transitions.change_state(db, done.request_id, "sending", actor="sync")
    transitions.change_state(db, done.request_id, "rejected", actor="sync", reason="invalid_nik")
    view = queue.get_request(db, done.request_id)
    assert (view.state, view.last_error) == ("rejected", "invalid_nik")
    assert view.is_open


def test_incomplete_request_is_refused_clearly(db, clerk):
    with pytest.raises(QueueError) as caught:
        queue.enqueue(db, request={"nik": "7373015001900004", "name": "A"}, local={}, warnings=[],
                      clerk=clerk, station_id=STATION, now=NOW, issue=seal)
    assert caught.value.key == "storage.request_incomplete"
    assert "request_type" in caught.value.message("en")


def test_mask_nik():
    assert queue.mask_nik("7373015001900004") == "7373********0004"


def test_idempotency_keys_are_random_version_4_uuids():
    keys = [queue.new_key() for _ in range(2000)]
    assert len(set(keys)) == len(keys)
    for key in keys:
        parsed = uuid.UUID(hex=key)
        assert parsed.hex == key and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # Every other bit is random: over 2,000 keys each of them is seen both set and clear.
    values = [int(key, 16) for key in keys]
    fixed = (0xF000 << 64) | (0xC000 << 48)
    for bit in range(128):
        if not fixed >> bit & 1:
            assert 0 < sum(value >> bit & 1 for value in values) < len(values)
