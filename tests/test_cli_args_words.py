"""A command line argparse refuses is told in the operator's language, as every other
refusal of the command is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
    # The argument named in the operator's language; its problem as the check worded it.
    assert in_words("argument --x: harus bilangan bulat") == "argumen --x: harus bilangan bulat"


def test_the_command_tells_a_missing_argument_in_the_chosen_language(loket_cli):
    indonesian = loket_cli("verify", env={"LOKET_LANG": "id"})
    assert indonesian.returncode == 2
    assert "loket: argumen berikut wajib diisi: jws" in indonesian.stderr
    english = loket_cli("--lang", "en", "verify", env={"LOKET_LANG": "id"})
    assert english.returncode == 2 and "loket: these arguments are required: jws" in english.stderr
    assert "Traceback" not in indonesian.stderr + english.stderr


def test_help_is_written_in_the_chosen_language(loket_cli):
    indonesian = loket_cli("user", "add", "--help", env={"LOKET_LANG": "id"})
    assert indonesian.returncode == 0
    text = indonesian.stdout
    assert text.startswith("cara pakai: loket user add")
    assert "\nargumen posisi:\n" in text and "\nopsi:\n" in text
    assert "tampilkan bantuan ini lalu keluar" in text and "folder data stasiun" in text
    assert "supervisor yang mengizinkan perintah ini" in text
    for english in ("usage:", "options:", "positional arguments:", "show this help", "station data folder"):
        assert english not in text
    english = loket_cli("--lang", "en", "user", "add", "--help", env={"LOKET_LANG": "id"})
    assert english.stdout.startswith("usage: loket user add") and "\noptions:\n" in english.stdout
    assert "the supervisor who authorizes this command" in english.stdout


def test_every_command_has_its_help_in_both_languages():
    """Each option's words are looked up when the parser is built: none is left untranslated."""
    from loket.cli import build_parser

    for language in ("id", "en"):
        set_language(language)
        parser = build_parser()
        stack = [parser]
        while stack:
            current = stack.pop()
            for action in current._actions:  # argparse keeps no public list of its actions
                if action.help is not None:
                    assert not action.help.startswith("cli."), (current.prog, action.help)
                if isinstance(action.choices, dict):  # a command's subcommands
                    stack.extend(action.choices.values())
            assert not (current.description or "").startswith("cli."), current.prog


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is a console event on Windows, not a signal a test can send")
def test_ctrl_c_is_told_in_the_chosen_language(station_dir):
    """A command stopped with Ctrl+C (here: waiting for a PIN on its standard input)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "loket.cli", "--data-dir", str(station_dir), "user", "set-pin", "CLERK",
         "--as", "SUPERVISOR", "--pin-stdin"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, LOKET_LANG="id"))
    try:
        _until_it_reads_its_input(child.pid)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 130 and "loket: dihentikan (Ctrl+C)" in err and "Traceback" not in err


def _until_it_reads_its_input(pid: int) -> None:
    """Wait until the process waits in read(): Ctrl+C earlier would stop Python still importing.
    Where the kernel does not say where a process sleeps, ten seconds are taken as enough."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            waiting_in = Path(f"/proc/{pid}/wchan").read_text()  # the kernel function it sleeps in
        except OSError:
            waiting_in = ""
        if "pipe" in waiting_in:
            time.sleep(0.2)
            return
        time.sleep(0.05)


def test_an_unknown_option_is_told_with_the_usage_of_the_command_it_was_given_to(loket_cli):
    """`loket report --from ...`: the operator needs the report's options (--since), not the
    list of commands the top-level usage line shows."""
    report = loket_cli("report", "--from", "01-12-2026", "--out", "r.pdf", env={"LOKET_LANG": "id"})
    assert report.returncode == 2
    assert report.stderr.startswith("cara pakai: loket report ")
    assert "--since DD-MM-YYYY" in report.stderr
    assert "loket: argumen tidak dikenal: --from 01-12-2026" in report.stderr
    nested = loket_cli("user", "add", "SITI", "--role", "clerk", "--bogus")
    assert nested.returncode == 2
    assert nested.stderr.startswith("usage: loket user add ")
    assert "loket: unrecognized arguments: --bogus" in nested.stderr
    assert "Traceback" not in report.stderr + nested.stderr
