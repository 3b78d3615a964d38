"""A command line argparse refuses is told in the operator's language, as every other
refusal of the command is."""

from __future__ import annotations

import pytest

from loket.cli.argparse_words import in_words
from loket.i18n import get_language, set_language


@pytest.fixture(autouse=True)
def _restore_language():
    before = get_language()
    yield
    set_language(before)


@pytest.mark.parametrize(("english", "indonesian"), [
    ("the following arguments are required: jws", "argumen berikut wajib diisi: jws"),
    ("unrecognized arguments: --bogus x", "argumen tidak dikenal: --bogus x"),
    ("argument --role: invalid choice: 'king' (choose from 'clerk', 'supervisor')",
     "argumen --role: 'king' bukan salah satu pilihan ('clerk', 'supervisor')"),
    ("argument --role: invalid choice: 'king' (choose from clerk, supervisor)",  # Python 3.12's spelling
     "argumen --role: 'king' bukan salah satu pilihan (clerk, supervisor)"),
    ("argument --validity-months: invalid int value: 'x'", "argumen --validity-months: 'x' bukan bilangan bulat"),
    ("argument --token: expected one argument", "argumen --token perlu satu nilai"),
    ("one of the arguments --a --b is required", "salah satu argumen --a --b wajib diisi"),
])
def test_argparse_refusals_in_indonesian(english, indonesian):
    set_language("id")
    assert in_words(english) == indonesian


def test_argparse_refusals_in_english_and_unknown_ones_passed_on():
    set_language("en")
    assert in_words("argument --validity-months: invalid int value: 'x'") == \
        "argument --validity-months: 'x' is not a whole number"
    set_language("id")
    assert in_words("something argparse says that we do not know") == "something argparse says that we do not know"
    assert in_words("argument --x: a problem of its own") == "argument --x: a problem of its own"


def test_the_command_tells_a_missing_argument_in_the_chosen_language(loket_cli):
    indonesian = loket_cli("verify", env={"LOKET_LANG": "id"})
    assert indonesian.returncode == 2
    assert "loket: argumen berikut wajib diisi: jws" in indonesian.stderr
    english = loket_cli("--lang", "en", "verify", env={"LOKET_LANG": "id"})
    assert english.returncode == 2 and "loket: these arguments are required: jws" in english.stderr
    assert "Traceback" not in indonesian.stderr + english.stderr
