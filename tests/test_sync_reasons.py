"""Central's codes and a run's causes in words, with anything unknown kept as said."""

from __future__ import annotations

import pytest

from loket.i18n import set_language
from loket.sync.reasons import reason_words


@pytest.mark.parametrize(
    ("code", "state", "id_words", "en_words"),
    [
        ("invalid_field:religion", "rejected", "Pusat menolak isian Agama", "Central refused the Religion field"),
        ("invalid_nik", "rejected", "Pusat menolak NIK ini", "Central refused this NIK"),
        ("request.birth_date", "conflict", "Data berbeda di pusat: Tanggal lahir", "Central holds a different Date of birth"),
        ("timeout", "queued", "Tidak ada jawaban pusat: waktu tunggu habis", "No answer from central: timed out"),
        ("http_503", "queued", "Pusat menjawab galat 503", "Central answered with error 503"),
        ("something_new", "rejected", "something_new", "something_new"),
        ("invalid_field:not_a_field", "rejected", "Pusat menolak isian not_a_field",
         "Central refused the not_a_field field"),
    ],
)
def test_codes_read_as_sentences_in_both_languages(code, state, id_words, en_words):
    set_language("id")
    assert reason_words(code, state) == id_words
    set_language("en")
    assert reason_words(code, state) == en_words


def test_nothing_said_is_nothing_shown():
    assert reason_words(None) == "" and reason_words("") == ""
