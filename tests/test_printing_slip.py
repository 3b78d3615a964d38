"""The Suket and the receipt as real PDFs: rasterised, QR decoded, seal checked independently."""

from __future__ import annotations

import datetime as dt
import json

import pypdfium2 as pdfium
import pytest
import zxingcpp
from joserfc import jws as jose_jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import OKPKey

from loket.intake.record import Address, IntakeRecord
from loket.printing.keys import PUBLIC_JWK_FILE, generate_keypair
from loket.printing.office import OfficeInfo, format_nip, office_from_settings, place_of_issue
from loket.printing.qr import qr_matrix
from loket.printing.seal import make_seal, suket_payload, valid_until, verify_seal
from loket.printing.slip import ReceiptData, SlipData, render_for, render_receipt, render_suket

pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")

ISSUED = dt.date(2018, 7, 12)
RENDER_SCALE = 3  # pixels per PDF point
MM_PER_POINT = 25.4 / 72
OFFICE = OfficeInfo(
    province="Sulawesi Selatan", regency="Kota Palopo",
    name="Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
    address="Jl. Andi Djemma No. 1, Palopo", city="Palopo",
    head_name="Drs. ANDI MUHAMMAD, M.Si", head_nip="19680101 199003 1 005", code="7373",
)


def resident(name: str = "Andi Baso Tenri Ampa") -> IntakeRecord:
    return IntakeRecord(
        nik="7373015207900002", kk="7373010101900001", name=name, birth_place="Palopo",
        birth_date=dt.date(1990, 7, 12), sex="P",
        address=Address("JL. ANDI DJEMMA NO. 12", "001", "002", "AMASANGAN", "WARA", "KOTA PALOPO",
                        "SULAWESI SELATAN"),
        religion="ISLAM", marital_status="KAWIN", occupation="GURU", nationality="WNI",
        biometrics_recorded=True,
    )


def sealed(key, person: IntakeRecord, number: str = "471/0007/7373-LKT01/VII/2018") -> SlipData:
    until = valid_until(ISSUED, 6)
    payload = suket_payload(number, person.nik, person.name, person.birth_date, person.sex, "7373",
                            "7373-LKT01", ISSUED, until)
    return SlipData(OFFICE, number, person, ISSUED, until, make_seal(key, payload))


@pytest.fixture(scope="module")
def slip(key):
    return sealed(key, resident())


def page_text(pdf: bytes) -> str:
    page = pdfium.PdfDocument(pdf)[0]
    return page.get_textpage().get_text_range()


def page_count_and_size_mm(pdf: bytes) -> tuple[int, float, float]:
    document = pdfium.PdfDocument(pdf)
    width, height = document[0].get_size()
    return len(document), width * MM_PER_POINT, height * MM_PER_POINT


def scan(pdf: bytes) -> list:
    page = pdfium.PdfDocument(pdf)[0]
    return zxingcpp.read_barcodes(page.render(scale=RENDER_SCALE).to_pil())


def tamper(token: str, part: int) -> str:
    parts = token.split(".")
    middle = len(parts[part]) // 2
    parts[part] = parts[part][:middle] + ("B" if parts[part][middle] != "B" else "C") + parts[part][middle + 1:]
    return ".".join(parts)


def test_printed_qr_decodes_to_the_seal_and_verifies_independently(slip, key_dir):
    pdf = render_suket(slip, "F4")
    results = scan(pdf)
    assert [result.format for result in results] == [zxingcpp.BarcodeFormat.QRCode]
    token = results[0].text
    assert token == slip.jws

    # Verify with an independent JOSE library and the exported public JWK file.
    published = json.loads((key_dir / PUBLIC_JWK_FILE).read_text(encoding="utf-8"))
    public = OKPKey.import_key(published)
    verified = jose_jws.deserialize_compact(token, public, algorithms=["EdDSA"])
    claims = json.loads(verified.payload)
    assert claims["nm"] == "ANDI BASO TENRI AMPA" and claims["exp"] == "2019-01-12"
    assert verify_seal(token, [published], today=ISSUED).genuine

    for part in (1, 2):
        forged = tamper(token, part)
        with pytest.raises(BadSignatureError):
            jose_jws.deserialize_compact(forged, public, algorithms=["EdDSA"])
        assert verify_seal(forged, [published], today=ISSUED).reason == "bad_signature"


def test_printed_qr_is_at_least_45_mm_wide(slip):
    corners = scan(render_suket(slip, "A4"))[0].position  # outer corners of the symbol
    width_mm = (corners.top_right.x - corners.top_left.x) / RENDER_SCALE * MM_PER_POINT
    height_mm = (corners.bottom_left.y - corners.top_left.y) / RENDER_SCALE * MM_PER_POINT
    assert width_mm >= 45 and height_mm >= 45
    assert width_mm / len(qr_matrix(slip.jws)) >= 0.4


@pytest.mark.parametrize("paper, width, height", [("F4", 215, 330), ("A4", 210, 297)])
def test_paper_sizes(slip, paper, width, height):
    pages, page_width, page_height = page_count_and_size_mm(render_suket(slip, paper))
    assert pages == 1
    assert page_width == pytest.approx(width, abs=0.3)
    assert page_height == pytest.approx(height, abs=0.3)


def test_unknown_paper_is_a_clear_error(slip):
    with pytest.raises(ValueError) as caught:
        render_suket(slip, "Letter")
    assert "Letter" in str(caught.value) and "A4" in str(caught.value) and "F4" in str(caught.value)


def test_suket_text_in_bahasa_indonesia(slip):
    text = " ".join(page_text(render_suket(slip, "A4")).split())
    for expected in (
        "PEMERINTAH KOTA PALOPO", "PROVINSI SULAWESI SELATAN", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
        "Jl. Andi Djemma No. 1, Palopo", "SURAT KETERANGAN", "Pengganti KTP Elektronik",
        "Nomor: 471/0007/7373-LKT01/VII/2018", "7373015207900002", "ANDI BASO TENRI AMPA",
        "PALOPO, 12 Juli 1990", "PEREMPUAN", "JL. ANDI DJEMMA NO. 12", "001/002", "AMASANGAN", "WARA",
        "ISLAM", "KAWIN", "GURU", "WNI", "sedang dalam proses pencetakan", "berlaku sampai 12 Januari 2019",
        "Palopo, 12 Juli 2018", "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
        "Drs. ANDI MUHAMMAD, M.Si", "NIP. 19680101 199003 1 005", "Cek keaslian surat ini pada",
    ):
        assert expected in text, expected
    assert "SALINAN" not in text


def test_reprint_says_so_and_carries_the_same_seal(slip):
    pdf = render_suket(slip, "F4", copy_number=2)
    assert "SALINAN KE-2" in page_text(pdf)
    assert scan(pdf)[0].text == slip.jws
    with pytest.raises(ValueError):
        render_suket(slip, "F4", copy_number=-1)


def test_names_outside_latin1_print_and_match_the_seal(key):
    person = resident("Łukasz Şahin Nguyễn 王")
    data = sealed(key, person)
    pdf = render_suket(data, "A4")
    text = page_text(pdf)
    assert "LUKASZ SAHIN NGUYEN ?" in text
    check = verify_seal(scan(pdf)[0].text, [key.public_jwk()], today=ISSUED)
    assert check.genuine and check.payload["nm"] == "LUKASZ SAHIN NGUYEN ?"


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_every_field_at_its_length_limit_stays_on_one_page(key, paper):
    words = "MAWAR MELATI MERPATI KENANGA " * 5
    person = resident("ANDI MUHAMMAD SYAHRUL RAMADHAN PUTRA PRATAMA WIJAYAKUSUMA AL")
    person.birth_place = person.occupation = words[:60]
    person.address.street = (words * 2)[:120]
    for level in ("village", "district", "regency", "province"):
        setattr(person.address, level, words[:100])  # the validator's limits
    person.religion = "KEPERCAYAAN TERHADAP TUHAN YME"
    data = sealed(key, person, number="471/9999/7373-ABCDEFGHIJKLMNOP/VIII/2018")
    pdf = render_suket(data, paper)
    assert page_count_and_size_mm(pdf)[0] == 1
    assert scan(pdf)[0].text == data.jws
    text = " ".join(page_text(pdf).split())
    assert "WIJAYAKUSUMA AL" in text and "NIP. 19680101 199003 1 005" in text


def test_receipt_has_no_seal_and_says_when_the_suket_comes():
    receipt = ReceiptData(OFFICE, "17", "Andi Baso", "7373015207900002", "reprint_lost", ISSUED,
                          number="472/0003/7373-LKT01/VII/2018")
    pdf = render_receipt(receipt, "F4")
    text = " ".join(page_text(pdf).split())
    for expected in ("TANDA TERIMA", "Nomor antrean", "17", "ANDI BASO", "7373015207900002",
                     "Cetak ulang (hilang)", "12 Juli 2018", "perekaman biometrik", "472/0003/7373-LKT01/VII/2018"):
        assert expected in text, expected
    assert scan(pdf) == []
    assert page_count_and_size_mm(pdf)[1:] == pytest.approx((215, 330), abs=0.3)
    english = " ".join(page_text(render_receipt(receipt, "A4", language="en")).split())
    assert "RECEIPT" in english and "Reprint (lost)" in english and "12 July 2018" in english
    assert "SALINAN KE-1" in page_text(render_receipt(receipt, "A4", copy_number=1))


def test_render_for_uses_settings_and_the_seal_dates(key):
    from loket.config import Settings
    from loket.station import Saved

    settings = Settings(
        office_code="7373", office_name="Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
        office_address="Jl. Andi Djemma No. 1, Palopo", province="Sulawesi Selatan", city="Kota Palopo",
        head_name="Drs. ANDI MUHAMMAD, M.Si", head_nip="196801011990031005", station_id="7373-LKT01", paper="F4",
    )
    data = sealed(key, resident())
    saved = Saved(request_id=1, queue_no=7, kind="suket", number=data.number, suket_id=1, jws=data.jws,
                  valid_until=data.valid_until, warnings=[], record=data.resident, issued_on=ISSUED)
    pdf = render_for(saved, settings, copy_number=1)
    text = " ".join(page_text(pdf).split())
    assert "Palopo, 12 Juli 2018" in text and "berlaku sampai 12 Januari 2019" in text
    assert "NIP. 19680101 199003 1 005" in text and "SALINAN KE-1" in text
    assert page_count_and_size_mm(pdf)[1:] == pytest.approx((215, 330), abs=0.3)

    receipt = Saved(request_id=2, queue_no=8, kind="receipt", number="472/0001/7373-LKT01/VII/2018",
                    suket_id=2, jws=None, valid_until=None, warnings=[], record=resident(), issued_on=ISSUED)
    text = " ".join(page_text(render_for(receipt, settings, received=ISSUED)).split())
    assert "TANDA TERIMA" in text and "12 Juli 2018" in text and "8" in text


def test_office_helpers():
    assert place_of_issue("Kota Palopo") == "Palopo"
    assert place_of_issue("KABUPATEN  LUWU UTARA") == "LUWU UTARA"
    assert format_nip("196801011990031005") == "19680101 199003 1 005"
    assert format_nip("12345") == "12345"

    class FromSettings:
        office_code, office_name, office_address = "7371", "Disdukcapil Kota Makassar", "Jl. Ahmad Yani"
        province, city, head_name, head_nip = "Sulawesi Selatan", "Kota Makassar", "H. BASO", ""

    office = office_from_settings(FromSettings)
    assert office.regency == "Kota Makassar" and office.city == "Makassar" and office.code == "7371"
