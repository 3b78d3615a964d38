"""The QR of the seal: level M, byte mode, fixed mask, smallest version, version <= 20."""

from __future__ import annotations

import datetime as dt

import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode import util

from loket.printing.keys import generate_keypair
from loket.printing.qr import FIXED_MASK, MAX_VERSION, QRTooLargeError, qr_matrix, qr_version, smallest_version
from loket.printing.seal import make_seal, suket_payload


def longest_seal(key, name: str) -> str:
    payload = suket_payload(
        number="471/9999/7373-ABCDEFGHIJKLMNOP/VIII/2018", nik="7373015207900002", name=name,
        birth_date=dt.date(1990, 7, 12), sex="P", office_code="7373", station_id="7373-ABCDEFGHIJKLMNOP",
        issued=dt.date(2018, 8, 31), valid_until=dt.date(2019, 2, 28),
    )
    return make_seal(key, payload)


def to_image(matrix, scale: int = 4, quiet: int = 4) -> Image.Image:
    size = len(matrix) + 2 * quiet
    image = Image.new("L", (size, size), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.putpixel((x + quiet, y + quiet), 0)
    return image.resize((size * scale, size * scale), Image.Resampling.NEAREST)


def reference(text: str, mask: int | None) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
    code.add_data(util.QRData(text.encode("utf-8"), mode=util.MODE_8BIT_BYTE))
    code.make(fit=True)
    return code


@pytest.mark.parametrize("name", [
    "A" * 60,
    "ANDI MUHAMMAD SYAHRUL RAMADHAN PUTRA PRATAMA WIJAYAKUSUMA AL",
    "É" * 60,  # Latin-1 letters take two bytes each in UTF-8: the true worst case
])
def test_longest_seal_fits_version_20_and_decodes(tmp_path, name):
    assert len(name) == 60
    key = generate_keypair(tmp_path, "7373-LKT01")
    token = longest_seal(key, name)
    version = qr_version(token)
    assert version <= MAX_VERSION
    matrix = qr_matrix(token)
    assert len(matrix) == 4 * version + 17
    assert [result.text for result in zxingcpp.read_barcodes(to_image(matrix))] == [token]


def test_matrix_is_what_qrcode_makes_with_the_fixed_mask():
    text = "eyJhbGciOiJFZERTQSJ9." + "x" * 300 + ".sig"
    ours = qr_matrix(text)
    theirs = reference(text, FIXED_MASK)
    assert ours == [[bool(module) for module in row] for row in theirs.modules]
    # Only the mask is fixed: the version is the one qrcode's own search picks.
    assert len(ours) == len(reference(text, None).modules)


@pytest.mark.parametrize("length", [1, 13, 14, 100, 213, 214, 331, 332, 450, 451, 666])
def test_smallest_version_matches_qrcodes_own_search(length):
    assert smallest_version(length) == reference("a" * length, FIXED_MASK).version


def test_byte_mode_even_for_digits_only():
    # 30 digits fit version 1 in numeric mode; in byte mode they need version 3.
    matrix = qr_matrix("1234567890" * 3)
    assert len(matrix) == 4 * 3 + 17
    assert zxingcpp.read_barcodes(to_image(matrix))[0].text == "1234567890" * 3


def test_too_long_for_version_20_is_a_clear_error():
    with pytest.raises(QRTooLargeError) as caught:
        qr_matrix("x" * 700)
    assert "700" in str(caught.value) and "20" in str(caught.value)
