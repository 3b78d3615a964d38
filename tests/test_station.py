"""One request end to end through the station: validate, store, seal, print, reprint."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest
import zxingcpp
from joserfc import jws as jose_jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import OKPKey

from conftest import CLERK, SUPERVISOR
from dbkit import station_rows
from loket.intake.samples import sample_record
from loket.station import SubmitRefused

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]

def _qr_text(pdf_path) -> str:
    page = pdfium.PdfDocument(str(pdf_path))[0]
    image = page.render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "exactly one QR on the slip"
    return found[0].text


def _rows(station_dir, sql):
    return station_rows(station_dir, sql)


def test_saved_suket_prints_a_qr_that_an_independent_jose_library_verifies(station, station_dir, printed_dir, loket_cli):
    clerk = station.login(*CLERK)
    saved = station.submit(sample_record(), clerk)
    assert saved.kind == "suket" and saved.number.startswith("471/0001/7373-LKT01/")
    outcome = station.print_slip(saved)
    assert outcome.printed and outcome.pdf_path.is_file()
    assert (printed_dir / outcome.pdf_path.name).read_bytes() == outcome.pdf_path.read_bytes()

    token = _qr_text(outcome.pdf_path)
    assert token == saved.jws
    jwk = json.loads(loket_cli("keys", "export").stdout)
    key = OKPKey.import_key(jwk)
    verified = jose_jws.deserialize_compact(token, key, algorithms=["EdDSA"])
    claims = json.loads(verified.payload)
    assert claims["no"] == saved.number and claims["nik"] == saved.record.nik
    assert claims["st"] == "7373-LKT01" and claims["off"] == "7373"

    head, payload, signature = token.split(".")
    for forged in (f"{head}.{payload[:-1]}{'A' if payload[-1] != 'A' else 'B'}.{signature}",
                   f"{head}.{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"):
        with pytest.raises(BadSignatureError):
            jose_jws.deserialize_compact(forged, key, algorithms=["EdDSA"])

    (state, pdf_path), = _rows(station_dir, "select r.state, s.pdf_path from requests r join sukets s on s.request_id = r.id")
    assert state == "queued" and pdf_path == str(outcome.pdf_path)


def test_no_biometrics_means_a_receipt_and_no_suket(station, station_dir):
    clerk = station.login(*CLERK)
    saved = station.submit(sample_record(biometrics_recorded=False), clerk)
    assert saved.kind == "receipt" and saved.jws is None
    assert saved.valid_until is None  # a receipt stands in for nothing, so it has no term
    outcome = station.print_slip(saved)
    text = pdfium.PdfDocument(str(outcome.pdf_path))[0].get_textpage().get_text_range()
    assert "TANDA TERIMA" in text.upper() and str(saved.queue_no) in text
    page = pdfium.PdfDocument(str(outcome.pdf_path))[0]
    assert zxingcpp.read_barcodes(page.render(scale=3).to_pil()) == []
    assert _rows(station_dir, "select kind, jws, valid_until from sukets") == [("receipt", None, None)]


def test_refused_record_writes_nothing(station, station_dir):
    clerk = station.login(*CLERK)
    before = _rows(station_dir, "select count(*) from audit_events")[0][0]
    with pytest.raises(SubmitRefused) as refused:
        station.submit(sample_record(nik="7373013002900001"), clerk)
    assert any(p.field == "nik" for p in refused.value.problems)
    assert _rows(station_dir, "select count(*) from requests") == [(0,)]
    assert _rows(station_dir, "select count(*) from audit_events")[0][0] == before


def test_one_open_request_per_nik_and_type(station):
    from loket.storage.errors import DuplicateOpenRequest

    clerk = station.login(*CLERK)
    first = station.submit(sample_record(), clerk)
    with pytest.raises(DuplicateOpenRequest) as duplicate:
        station.submit(sample_record(), clerk)
    assert first.number in duplicate.value.message()
    other_type = station.submit(sample_record(request_type="reprint_lost"), clerk)
    assert other_type.number != first.number


def test_reprint_needs_a_supervisor_is_marked_and_audited(station, station_dir):
    from loket.storage.errors import StorageError

    clerk = station.login(*CLERK)
    saved = station.submit(sample_record(), clerk)
    original = station.print_slip(saved)
    with pytest.raises(StorageError):
        station.reprint(saved.request_id, clerk, "resident lost the slip")
    supervisor = station.login(*SUPERVISOR)
    copy_number, outcome = station.reprint(saved.request_id, supervisor, "resident lost the slip")
    assert copy_number == 1 and outcome.pdf_path != original.pdf_path
    text = pdfium.PdfDocument(str(outcome.pdf_path))[0].get_textpage().get_text_range()
    assert "SALINAN" in text.upper()
    assert _qr_text(outcome.pdf_path) == saved.jws
    actions = [row[0] for row in _rows(station_dir, "select action from audit_events order by id")]
    assert actions[-1] == "suket.reprinted"
    from loket.storage.audit import verify_chain

    assert verify_chain(station.db).ok
