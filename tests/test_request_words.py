"""Every message a person reads about one request names it by its Suket (or receipt) number
and the resident's name, or by its queue number while it has none; never by the row id.

Real databases (SQLite and PostgreSQL); seals are plain strings (storage never signs).
"""

from __future__ import annotations

import datetime as dt

import pytest

from loket.i18n import set_language, t
from loket.i18n.notice import RequestName
from loket.storage import fate, queue, resolve, transitions, users
from loket.storage.db import open_database
from loket.storage.errors import QueueError

UTC = dt.timezone.utc
NOW = dt.datetime(2018, 7, 12, 8, 30, tzinfo=UTC)
STATION = "7373-LKT01"
NAMES = ("SITI AMINAH", "BUDI SANTOSO", "RINA WATI", "AGUS SALIM")


@pytest.fixture
def db(db_target):
    database = open_database(db_target)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def indonesian():
    set_language("id")
    yield
    set_language("id")


def seal(ctx):
    return f"seal-of-{ctx.number}", ctx.now.date() + dt.timedelta(days=180)


def _take(db, clerk, serial: int, *, biometrics=True, warnings=()):
    request = {
        "nik": f"7373015001900{serial:03d}", "kk": "7373010101010001", "name": NAMES[serial % len(NAMES)],
        "birth_date": "1990-01-10", "sex": "P", "request_type": "new_recording", "purpose": "general",
        "biometrics_recorded": biometrics,
    }
    return queue.enqueue(db, request=request, local={"photo_path": "", "mismatch_reason": ""},
                         warnings=list(warnings), clerk=clerk, station_id=STATION, now=NOW, issue=seal)


def _move(db, request_id, *states):
    for state in states:
        transitions.change_state(db, request_id, state, actor="sync", now=NOW, reason="invalid_field:religion",
                                 central_ref="C7373-00000001" if state == "synced" else None)


def _names_it(text: str, saved, name: str) -> bool:
    return saved.number in text and name in text and "#" not in text and f" {saved.request_id} " not in text


@pytest.fixture
def people(db):
    clerk = users.add_user(db, "siti", "clerk", "1234", actor="test")
    supervisor = users.add_user(db, "kepala", "supervisor", "5678", actor="test")
    return clerk, supervisor


def test_requeue_and_void_name_each_request_by_suket_and_name_done_or_refused(db, people):
    clerk, supervisor = people
    saved = [_take(db, clerk, serial) for serial in range(1, 5)]
    _move(db, saved[0].request_id, "sending", "rejected")
    _move(db, saved[2].request_id, "sending")

    done, refused = resolve.requeue(db, [saved[0].request_id, saved[1].request_id], supervisor, "alasan")
    assert done.ok and _names_it(done.message, saved[0], NAMES[1])
    assert done.message.startswith(f"Permohonan Suket {saved[0].number} atas nama {NAMES[1]} masuk antrean")
    assert not refused.ok and _names_it(refused.message, saved[1], NAMES[2]) and "menunggu dikirim" in refused.message

    voided, cannot = resolve.void_many(db, [saved[1].request_id, saved[2].request_id], supervisor, "ganda")
    assert voided.ok and _names_it(voided.message, saved[1], NAMES[2]) and "dibatalkan" in voided.message
    assert not cannot.ok and _names_it(cannot.message, saved[2], NAMES[3])


def test_a_void_central_holds_and_its_pending_refusal_name_the_request(db, people):
    clerk, supervisor = people
    saved = _take(db, clerk, 1)
    _move(db, saved.request_id, "sending", "synced")
    (asked,) = resolve.void_many(db, [saved.request_id], supervisor, "ganda")
    assert asked.code == "withdrawal_asked" and _names_it(asked.message, saved, NAMES[1])
    assert fate.is_pending(db, saved.request_id)
    (pending,) = resolve.void_many(db, [saved.request_id], supervisor, "ganda lagi")
    assert pending.code == "withdrawal_pending" and _names_it(pending.message, saved, NAMES[1])
    (holds,) = resolve.requeue(db, [saved.request_id], supervisor, "kirim ulang")
    assert holds.code in ("central_holds", "withdrawal_pending") and _names_it(holds.message, saved, NAMES[1])


def test_override_and_correction_refusals_name_the_request_in_the_language_shown(db, people):
    clerk, supervisor = people
    saved = _take(db, clerk, 1, warnings=("region_unknown",))
    with pytest.raises(QueueError) as no_warning:
        resolve.override_warning(db, saved.request_id, "nik_mismatch", supervisor, "cek")
    assert _names_it(no_warning.value.message(), saved, NAMES[1])

    view = queue.get_request(db, saved.request_id)

    def correct(**kwargs):
        options = dict(expected_key=view.idempotency_key, request={**view.payload, "occupation": "PETANI"},
                       local=view.local, warnings=[], changed=("occupation",), new_document=False,
                       supervisor=supervisor, reason="Salah ketik", station_id=STATION, now=NOW, issue=seal)
        return resolve.correct_request(db, saved.request_id, **{**options, **kwargs})

    with pytest.raises(resolve.StateRefused) as queued:
        correct()
    assert queued.value.key == "resolve.cannot_correct"
    assert _names_it(queued.value.message(), saved, NAMES[1])
    # Raised while the desk spoke Indonesian, read after F9: the whole sentence is English.
    english = queued.value.message("en")
    assert english.startswith(f"Request Suket {saved.number} ({NAMES[1]}) is") and "atas nama" not in english
    _move(db, saved.request_id, "sending", "rejected")
    with pytest.raises(QueueError) as stale:
        correct(expected_key="0" * 32)
    assert stale.value.key == "resolve.changed_meanwhile" and _names_it(stale.value.message(), saved, NAMES[1])
    with pytest.raises(QueueError) as empty:
        correct(changed=())
    assert empty.value.key == "resolve.nothing_changed" and _names_it(empty.value.message(), saved, NAMES[1])

    resolve.void_many(db, [saved.request_id], supervisor, "ganda")
    with pytest.raises(resolve.StateRefused) as closed:
        resolve.override_warning(db, saved.request_id, "region_unknown", supervisor, "cek")
    assert _names_it(closed.value.message(), saved, NAMES[1])
    with pytest.raises(QueueError) as moved:
        transitions.change_state(db, saved.request_id, "synced", actor="sync", now=NOW)
    assert moved.value.key == "storage.bad_transition" and _names_it(moved.value.message(), saved, NAMES[1])


def test_a_receipt_is_named_as_a_receipt_and_a_request_without_a_document_by_its_queue_number(db, people):
    clerk, supervisor = people
    saved = _take(db, clerk, 2, biometrics=False)
    (done,) = resolve.void_many(db, [saved.request_id], supervisor, "ganda")
    assert f"tanda terima {saved.number} atas nama {NAMES[2]}" in done.message and "Suket" not in done.message.split(";")[0]
    assert t("resolve.voided", request=RequestName("RINA", 17)).startswith("Permohonan nomor antrean 17 atas nama RINA ")
    assert t("resolve.voided", language="en", request=RequestName("RINA", 17)).startswith("Request queue no. 17 (RINA) ")


def test_a_request_no_longer_there_is_said_without_an_internal_id(db, people):
    _, supervisor = people
    (gone,) = resolve.void_many(db, [193], supervisor, "ganda")
    assert not gone.ok and gone.code == "not_found" and "193" not in gone.message and "#" not in gone.message
