"""Saving slips durably and sending them to a printer that may fail in every way."""

from __future__ import annotations

import os
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
    """A PATH without ``lp``."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


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


def test_failing_command_is_reported_not_raised(tmp_path, slip_file):
    result = send_to_printer(slip_file, _program(tmp_path, "sys.exit(1)"))
    assert not result.sent and result.how == "command"
    assert str(slip_file) in result.message
    assert slip_file.read_bytes() == PDF  # the slip is still there


def _program(tmp_path, body: str) -> list[str]:
    """A printer program written in Python, so it runs the same on every platform."""
    script = tmp_path / "fake_printer.py"
    script.write_text("import shutil, sys, time\n" + body + "\n")
    return [sys.executable, str(script)]


def test_printer_error_text_reaches_the_clerk(tmp_path, slip_file):
    command = _program(tmp_path, "print('lp: printer COUNTER1 is jammed', file=sys.stderr); sys.exit(2)")
    result = send_to_printer(slip_file, command)
    assert not result.sent
    assert "printer COUNTER1 is jammed" in result.message


def test_command_is_a_list_of_arguments_spaces_and_quotes_kept(tmp_path, slip_file):
    out = tmp_path / "Program Files" / "printed copy.pdf"
    out.parent.mkdir()
    record = tmp_path / "argv.json"
    body = (f"import json; open({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
            "shutil.copyfile(sys.argv[-1], sys.argv[1])")
    printer = 'Printer "Loket" 1 \\ kanan'
    result = send_to_printer(slip_file, _program(tmp_path, body) + [str(out), printer])
    assert result.sent and result.how == "command", result.message
    assert out.read_bytes() == PDF
    import json

    assert json.loads(record.read_text()) == [str(out), printer, str(slip_file)]


def test_a_command_given_as_one_string_is_refused_not_split(slip_file):
    result = send_to_printer(slip_file, "lp -d 'COUNTER1")
    assert not result.sent and result.how == "command" and str(slip_file) in result.message


def test_missing_program(slip_file):
    missing = send_to_printer(slip_file, ["no-such-printer-program-7373", "-d", "COUNTER1"])
    assert not missing.sent and "no-such-printer-program-7373" in missing.message


def test_hanging_printer_times_out(tmp_path, slip_file):
    started = time.monotonic()
    result = send_to_printer(slip_file, _program(tmp_path, "time.sleep(30)"), timeout=0.3)
    assert time.monotonic() - started < 10
    assert not result.sent and "0.3" in result.message


@posix_only
def test_a_shell_wrapper_and_its_child_are_both_ended(slip_file):
    started = time.monotonic()
    result = send_to_printer(slip_file, ["sh", "-c", "sleep 30; true"], timeout=0.3)
    assert time.monotonic() - started < 5
    assert not result.sent


def test_no_printer_at_all_keeps_the_slip_saved(slip_file, no_printer, monkeypatch):
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.delenv("ProgramFiles", raising=False)
    monkeypatch.delenv("ProgramFiles(x86)", raising=False)
    result = send_to_printer(slip_file, None)
    assert not result.sent and result.how == "saved"
    assert str(slip_file) in result.message


@pytest.mark.skipif(os.name != "nt", reason="the Windows spooler path runs in the Windows lane")
def test_windows_prints_through_sumatra_to_the_chosen_printer(tmp_path, slip_file, monkeypatch):
    # A stand-in for SumatraPDF.exe (the real one needs a real printer; the by-hand release
    # checklist covers that): a program that records the arguments Windows hands it, in a
    # folder with a space, and exits non-zero as SumatraPDF does when the printer is missing.
    record = tmp_path / "args.txt"
    folder = tmp_path / "Program Files" / "SumatraPDF"
    folder.mkdir(parents=True)
    launcher = sys.executable
    script = folder / "sumatra.py"
    script.write_text(f"import json, sys\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
                      "sys.exit(1 if 'Missing Printer' in sys.argv else 0)\n")
    from loket.printing import printer as printing

    monkeypatch.setattr(printing, "sumatra_program", lambda: str(launcher))
    monkeypatch.setattr(printing, "_run", lambda args, timeout, real=printing._run: real(
        [args[0], str(script), *args[1:]], timeout))
    result = send_to_printer(slip_file, None, printer="Printer Loket 1")
    assert result.sent and result.how == "windows", result.message
    import json

    assert json.loads(record.read_text()) == ["-print-to", "Printer Loket 1", "-silent", str(slip_file)]
    failed = send_to_printer(slip_file, None, printer="Missing Printer")
    assert not failed.sent and failed.how == "windows" and str(slip_file) in failed.message


def test_missing_file_is_reported(tmp_path):
    result = send_to_printer(tmp_path / "gone.pdf", ["true"])
    assert not result.sent and "gone.pdf" in result.message


def test_settings_keep_the_printer_command_as_a_list_and_refuse_a_string(tmp_path):
    from conftest import make_settings
    from loket.config import DataPaths, SettingsError, load_settings, save_settings
    from loket.i18n import set_language

    set_language("en")
    paths = DataPaths(tmp_path / "station")
    settings = make_settings([r"C:\Program Files\SumatraPDF\SumatraPDF.exe", "-print-to", "Printer 'Loket' 1"])
    settings.printer = "Printer Loket 1"
    save_settings(paths, settings)
    loaded = load_settings(paths)
    assert loaded.printer_command == settings.printer_command and loaded.printer == "Printer Loket 1"
    text = paths.settings.read_text(encoding="utf-8").replace(
        "printer_command = [", 'printer_command = "lp -d COUNTER1"\n# [')
    paths.settings.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(paths)
    assert "list of arguments" in caught.value.message() and "printer_command = ['lp', '-d'" in caught.value.message()
