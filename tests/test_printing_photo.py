"""The resident's photo: kept by the station, printed on the Suket, covered by the seal (``ph``)."""

from __future__ import annotations

import dataclasses
import hashlib

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from loket.intake.samples import sample_record
from loket.printing.keys import b64url
from loket.printing.photo import photo_hash, photo_matches
from loket.printing.seal import peek_payload, verify_seal

RED = (200, 20, 20)


def photo(path, colour=RED, size=(300, 400)) -> str:
    Image.new("RGB", size, colour).save(path, format="JPEG", quality=95)
    return str(path)


def submit(station, **changes):
    record = dataclasses.replace(sample_record(), **{"biometrics_recorded": True, **changes})
    return station.submit(record, station.login("CLERK", "246810"))


def public_keys(station) -> list[dict]:
    return [station.key().public_jwk()]


def test_the_station_keeps_a_copy_and_the_seal_covers_its_hash(station, tmp_path):
    source = tmp_path / "webcam" / "shot.jpg"
    source.parent.mkdir()
    photo(source)
    saved = submit(station, photo_path=str(source))
    kept = station.paths.root / "photos" / (hashlib.sha256(source.read_bytes()).hexdigest() + ".jpg")
    assert kept.read_bytes() == source.read_bytes()
    assert saved.record.photo_path == str(kept)

    payload = peek_payload(saved.jws)
    assert payload["ph"] == b64url(hashlib.sha256(kept.read_bytes()).digest())
    assert len(payload["ph"]) == 43 and "=" not in payload["ph"]
    check = verify_seal(saved.jws, public_keys(station))
    assert check.genuine and check.payload["ph"] == payload["ph"]
    assert photo_matches(check.payload, kept.read_bytes()) is True

    # Another face on the same Suket: the seal no longer matches the photo.
    swapped = photo(tmp_path / "other.jpg", colour=(20, 20, 200))
    assert photo_matches(check.payload, open(swapped, "rb").read()) is False
    # The webcam overwrites its shot: the station's copy, and so the seal, stay right.
    photo(source, colour=(20, 200, 20))
    assert photo_matches(check.payload, kept.read_bytes()) is True


def test_a_suket_without_photo_has_no_photo_claim_and_still_verifies(station):
    saved = submit(station, photo_path="")
    check = verify_seal(saved.jws, public_keys(station))
    assert check.genuine and "ph" not in check.payload
    assert photo_matches(check.payload, b"anything") is None
    assert photo_hash(b"") == "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"


def render(station, saved) -> tuple[str, Image.Image]:
    outcome = station.print_slip(saved, send=False)
    page = pdfium.PdfDocument(outcome.pdf_path.read_bytes())[0]
    return page.get_textpage().get_text_range(), page.render(scale=2).to_pil().convert("RGB")


def test_the_slip_prints_the_photo_beside_the_data_and_the_qr_still_reads(station, tmp_path):
    saved = submit(station, photo_path=photo(tmp_path / "face.jpg"))
    text, image = render(station, saved)
    assert "TANPA FOTO" not in text
    width, height = image.size
    # The photo sits at the right edge of the text column, in the upper half of the page.
    reds = [
        (x, y) for y in range(0, height // 2, 4) for x in range(width // 2, width, 4)
        if _near(image.getpixel((x, y)), RED)
    ]
    assert reds, "no photo printed"
    xs, ys = [x for x, _y in reds], [y for _x, y in reds]
    box_w, box_h = (max(xs) - min(xs)) / width, (max(ys) - min(ys)) / height
    assert 0.10 < box_w < 0.16 and 0.09 < box_h < 0.14  # 30 x 40 mm on A4
    assert max(xs) > width * 0.8
    codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == [saved.jws]


def test_a_slip_without_photo_says_so(station):
    saved = submit(station, photo_path="")
    text, _image = render(station, saved)
    assert "TANPA FOTO" in text and "Foto belum direkam" in text


def _near(pixel, colour, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def test_slip_files_are_named_in_bahasa_indonesia(station):
    receipt = submit(station, photo_path="", biometrics_recorded=False)
    outcome = station.print_slip(receipt, send=False)
    assert outcome.pdf_path.name.startswith("tanda-terima-") and outcome.pdf_path.suffix == ".pdf"
    suket = submit(station, photo_path="", request_type="reprint_lost")
    assert station.print_slip(suket, send=False).pdf_path.name.startswith("suket-")
    copy = station.print_slip(suket, copy_number=1, send=False)
    assert copy.pdf_path.name.startswith("suket-salinan-")
