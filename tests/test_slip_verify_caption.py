"""The line under the Suket's QR tells a receiver how to check it: the Cek Suket page, or the office."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pypdfium2 as pdfium
import pytest

from loket.config import Settings, SettingsError
from loket.printing.office import office_from_settings
from loket.printing.slip import SlipData, render_suket, verify_caption
from sealkit import payload

from conftest import make_settings


def _text(pdf: bytes) -> str:
    return " ".join(pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range().split())


def _slip(key, settings) -> SlipData:
    from loket.intake.samples import sample_record
    from loket.printing.seal import make_seal

    made = payload()
    return SlipData(office_from_settings(settings), made["no"], sample_record(), dt.date.fromisoformat(made["iat"]),
                    dt.date.fromisoformat(made["exp"]), make_seal(key, made))


def test_the_page_address_from_settings_is_printed_under_the_qr(key):
    settings = dataclasses.replace(make_settings(), verify_url="https://disdukcapil.example.go.id/cek")
    text = _text(render_suket(_slip(key, settings), "A4"))
    assert "https://disdukcapil.example.go.id/cek" in text
    assert "Cek Suket" in text and "tanpa internet" in text
    assert "loket verify" not in text


def test_until_a_page_exists_the_office_address_and_phone_are_printed(key):
    settings = dataclasses.replace(make_settings(), office_phone="(0471) 21234")
    text = _text(render_suket(_slip(key, settings), "A4"))
    assert ("Cek keaslian surat ini pada Dinas Kependudukan dan Pencatatan Sipil Kota Palopo: "
            "Jl. Andi Djemma No. 1, Palopo, telp. (0471) 21234.") in text
    assert "loket verify" not in text and "http" not in text


def test_no_placeholder_when_address_or_phone_is_missing():
    settings = dataclasses.replace(make_settings(), office_address="", office_phone="")
    assert verify_caption(office_from_settings(settings)) == (
        "Cek keaslian surat ini pada Dinas Kependudukan dan Pencatatan Sipil Kota Palopo.")
    settings = dataclasses.replace(make_settings(), office_phone="")
    assert verify_caption(office_from_settings(settings)).endswith("Jl. Andi Djemma No. 1, Palopo.")


@pytest.mark.parametrize("bad", ["disdukcapil.go.id", "ftp://x.go.id", "https:// x"])
def test_a_page_address_that_is_not_a_web_address_is_refused(bad):
    settings = dataclasses.replace(make_settings(), verify_url=bad)
    with pytest.raises(SettingsError) as caught:
        settings.check()
    assert "verify_url" in caught.value.message(language="en") and bad in caught.value.message(language="en")
    assert Settings().verify_url == ""
