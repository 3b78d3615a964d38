"""Saving slips durably and sending them to a printer that may fail in every way."""

from __future__ import annotations

import os
import shlex
import stat
import sys
import time

import pytest

from loket.printing.printer import SlipSaveError, save_slip, send_to_printer, slip_file_stem

PDF = b"%PDF-1.3\n% a slip\n%%EOF\n"
posix_only = pytest.mark.skipif(os.name != "posix", reason="uses sh and POSIX file modes")


@pytest.fixture
def slip_file(tmp_path):
    return save_slip(PDF, tmp_path / "slips", "471/0007/7373-LKT01/VII/2018", "suket")


@pytest.fixture
def no_printer(tmp_path, monkeypatch):
    """A PATH without ``lp`` and no Windows print verb."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delattr(os, "startfile", raising=False)


def test_save_slip_names_writes_and_protects(tmp_path, slip_file):
    assert slip_file.name == "suket-471-0007-7373-LKT01-VII-2018.pdf"
    assert slip_file.parent == tmp_path / "slips"
    assert slip_file.read_bytes() == PDF
    if os.name == "posix":
        assert stat.S_IMODE(slip_file.stat().st_mode) == 0o600
    assert [p.name for p in slip_file.parent.iterdir()] == [slip_file.name]  # no temp file left


def test_save_slip_never_overwrites(tmp_path, slip_file):
    second = save_slip(b"%PDF copy", tmp_path / "slips", "471/0007/7373-LKT01/VII/2018", "suket")
    third = save_slip(b"%PDF copy 2", tmp_path / "slips", "471/0007/7373-LKT01/VII/2018", "suket")
    assert second.name == "suket-471-0007-7373-LKT01-VII-2018-2.pdf"
    assert third.name == "suket-471-0007-7373-LKT01-VII-2018-3.pdf"
    assert slip_file.read_bytes() == PDF
    assert second.read_bytes() == b"%PDF copy"


def test_hostile_numbers_stay_inside_the_folder(tmp_path):
    path = save_slip(PDF, tmp_path / "slips", "../../etc/passwd\\..\x00 ", "../receipt")
    assert path.parent == tmp_path / "slips"
    assert path.name.endswith(".pdf") and not path.name.startswith(".")
    assert slip_file_stem("", "suket") == "suket-slip"


def test_save_failure_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(SlipSaveError) as caught:
        save_slip(PDF, blocker, "471/0007", "suket")
    assert "471/0007" in caught.value.message and str(blocker) in caught.value.message


@posix_only
def test_failing_command_is_reported_not_raised(slip_file):
    result = send_to_printer(slip_file, "false")
    assert not result.sent and result.how == "command"
    assert str(slip_file) in result.message
    assert slip_file.read_bytes() == PDF  # the slip is still there


@posix_only
def test_printer_error_text_reaches_the_clerk(slip_file):
    result = send_to_printer(slip_file, "sh -c 'echo \"lp: printer COUNTER1 is jammed\" >&2; exit 2'")
    assert not result.sent
    assert "printer COUNTER1 is jammed" in result.message


@posix_only
def test_working_command_gets_the_file(tmp_path, slip_file):
    out = tmp_path / "printed.pdf"
    # The slip path is appended as $1; $0 is the output file.
    command = f"sh -c 'cat \"$1\" > \"$0\"' {shlex.quote(str(out))}"
    result = send_to_printer(slip_file, command)
    assert result.sent and result.how == "command"
    assert out.read_bytes() == PDF


def test_python_script_as_printer_command(tmp_path, slip_file):
    out = tmp_path / "printed.pdf"
    script = tmp_path / "fake_printer.py"
    script.write_text("import shutil, sys\nshutil.copyfile(sys.argv[2], sys.argv[1])\n")
    command = " ".join(shlex.quote(part) for part in (sys.executable, str(script), str(out)))
    result = send_to_printer(slip_file, command)
    assert result.sent, result.message
    assert out.read_bytes() == PDF


def test_missing_program_and_bad_quoting(slip_file):
    missing = send_to_printer(slip_file, "no-such-printer-program-7373 -d COUNTER1")
    assert not missing.sent and "no-such-printer-program-7373" in missing.message
    unbalanced = send_to_printer(slip_file, "lp -d 'COUNTER1")
    assert not unbalanced.sent and unbalanced.how == "command" and str(slip_file) in unbalanced.message


@posix_only
def test_hanging_printer_times_out(slip_file):
    # A shell wrapper whose child hangs: both are ended, and the call returns promptly.
    started = time.monotonic()
    result = send_to_printer(slip_file, "sh -c 'sleep 30; true'", timeout=0.3)
    assert time.monotonic() - started < 5
    assert not result.sent and "0.3" in result.message


@posix_only
def test_cups_lp_is_used_when_no_command_is_set(tmp_path, slip_file, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    received = tmp_path / "lp-args"
    lp = bin_dir / "lp"
    lp.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {shlex.quote(str(received))}\necho "request id is P-1"\n')
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    result = send_to_printer(slip_file, None)
    assert result.sent and result.how == "lp"
    assert received.read_text().split("\n")[0] == str(slip_file)
    # A blank command in settings means "no command" too.
    assert send_to_printer(slip_file, "   ").how == "lp"


def test_no_printer_at_all_keeps_the_slip_saved(slip_file, no_printer):
    result = send_to_printer(slip_file, None)
    assert not result.sent and result.how == "saved"
    assert str(slip_file) in result.message


def test_windows_print_verb(slip_file, no_printer, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "startfile", lambda path, verb: calls.append((path, verb)), raising=False)
    result = send_to_printer(slip_file, None)
    assert result.sent and result.how == "windows"
    assert calls == [(str(slip_file), "print")]

    def refuse(path, verb):
        raise OSError(1155, "No application is associated with the specified file")

    monkeypatch.setattr(os, "startfile", refuse, raising=False)
    result = send_to_printer(slip_file, None)
    assert not result.sent and result.how == "windows" and "No application" in result.message


def test_missing_file_is_reported(tmp_path):
    result = send_to_printer(tmp_path / "gone.pdf", "true")
    assert not result.sent and "gone.pdf" in result.message
