"""After a crash: the slip a saved request never got, leftover temporary slip files, and an
``intake --json`` file that holds bad lines or was saved before.

Before: 45 of 66 requests saved just before a crash had no PDF and nothing flagged them
(only a reprint marked SALINAN was left); hidden ``.suket-*.tmp`` files with personal
data stayed forever; one deeply nested line aborted a whole import with "unexpected
error (RecursionError)"; re-running an imported file reported every line as failed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import CLERK
from loket.intake.samples import sample_record, sample_records
from loket.station import Station

pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")


def _saved_without_slip(station_dir, count: int = 1, minutes_ago: int = 5) -> list:
    """Requests committed as a crash would leave them: in the database, no PDF made."""
    station = Station.open(station_dir)
    try:
        clerk = station.login(*CLERK)
        now = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(minutes=minutes_ago)
        return [station.submit(record, clerk, now=now) for record in sample_records(count, seed=11)]
    finally:
        station.close()


def _pdf_paths(station_dir) -> dict[str, str | None]:
    with sqlite3.connect(station_dir / "loket.db") as db:
        return dict(db.execute("SELECT number, pdf_path FROM sukets").fetchall())


def _events(station_dir, action: str) -> list[tuple[str, str]]:
    with sqlite3.connect(station_dir / "loket.db") as db:
        return db.execute("SELECT subject, details FROM audit_events WHERE action = ?", (action,)).fetchall()


def _pdf_text(path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_opening_the_station_renders_the_original_slip_a_crash_left_unmade(station_dir, loket_cli):
    saved = _saved_without_slip(station_dir, count=2)
    assert set(_pdf_paths(station_dir).values()) == {None}
    result = loket_cli("status")  # any command that writes opens the station this way
    assert result.returncode == 0
    paths = _pdf_paths(station_dir)
    for item in saved:
        assert item.number in result.stderr  # the operator is told which
        path = paths[item.number]
        assert path and os.path.isabs(path) and os.path.isfile(path)
        text = _pdf_text(path)
        assert item.record.name in text and "SALINAN" not in text  # the original, not a copy
    assert sorted(subject for subject, _ in _events(station_dir, "slip.recovered")) == sorted(s.number for s in saved)
    again = loket_cli("status")
    assert "slip" not in again.stderr.lower()  # once made, nothing more to say
    assert len(list((station_dir / "slips").glob("*.pdf"))) == 2


def test_many_recovered_slips_name_the_first_few_and_count_the_rest(station_dir, loket_cli):
    saved = _saved_without_slip(station_dir, count=9)
    result = loket_cli("status")
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if "slip" in line.lower()]
    assert len(lines) == 4  # not one line per slip: a restored station may have hundreds
    assert [item.number in result.stderr for item in saved] == [True] * 3 + [False] * 6
    assert "6 more slips that were not saved were made too" in lines[-1]
    assert str(station_dir / "slips") in lines[-1]
    assert all(_pdf_paths(station_dir).values())  # every one made all the same
    assert len(_events(station_dir, "slip.recovered")) == 9


def test_four_recovered_slips_are_all_named_not_three_and_one_more(station_dir, loket_cli):
    saved = _saved_without_slip(station_dir, count=4)
    result = loket_cli("status")
    assert all(item.number in result.stderr for item in saved)
    assert "more slip" not in result.stderr


def test_read_only_commands_leave_recovery_to_the_next_that_writes(station_dir, loket_cli):
    _saved_without_slip(station_dir)
    assert loket_cli("user", "list").returncode == 0
    assert set(_pdf_paths(station_dir).values()) == {None}


def test_a_slip_being_saved_right_now_by_another_program_is_left_to_it(station_dir):
    _saved_without_slip(station_dir, minutes_ago=0)
    station = Station.open(station_dir)
    try:
        assert station.recover_slips().slips == []
    finally:
        station.close()


def test_a_pdf_saved_before_its_path_was_stored_is_found_not_made_twice(station_dir):
    (saved,) = _saved_without_slip(station_dir)
    station = Station.open(station_dir)
    try:
        from loket.printing import printer, slip

        pdf = slip.render_for(saved, station.settings, copy_number=0, received=saved.issued_on)
        on_disk = printer.save_slip(pdf, station.paths.slips, saved.number, saved.kind)
        recovery = station.recover_slips()
    finally:
        station.close()
    assert [(s.number, s.found) for s in recovery.slips] == [(saved.number, True)]
    assert _pdf_paths(station_dir)[saved.number] == str(on_disk.absolute())
    assert list((station_dir / "slips").glob("*.pdf")) == [on_disk]


def test_leftover_temporary_slip_files_are_removed_young_ones_kept(station_dir, loket_cli):
    slips = station_dir / "slips"
    slips.mkdir(exist_ok=True)
    old = slips / ".suket-471-0001-7373-LKT01-V-2026.0a1b2c3d.tmp"
    old_copy = slips / ".receipt-copy-472-0002.deadbeef.tmp"
    young = slips / ".suket-471-0009-7373-LKT01-V-2026.01234567.tmp"
    stranger = slips / ".notes.tmp"
    for path in (old, old_copy, young, stranger):
        path.write_bytes(b"%PDF- NIK 7373...")
    an_hour_ago = time.time() - 3600
    for path in (old, old_copy, stranger):
        os.utime(path, (an_hour_ago, an_hour_ago))
    result = loket_cli("status")
    assert result.returncode == 0 and "2 temporary slip files" in result.stderr
    assert not old.exists() and not old_copy.exists()
    assert young.exists() and stranger.exists()
    assert json.loads(_events(station_dir, "slip.temp_removed")[0][1]) == {"count": 2}


async def test_the_app_tells_the_clerk_which_slips_were_made(station_dir):
    from test_tui_link import make_app

    (saved,) = _saved_without_slip(station_dir)
    app, notes = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = time.monotonic() + 30
        while not any(saved.number in text for text, _ in notes):
            assert time.monotonic() < deadline, "no notice of the recovered slip"
            await pilot.pause(0.05)
    assert [severity for text, severity in notes if saved.number in text] == ["warning"]
    assert _pdf_paths(station_dir)[saved.number]


# -- intake --json --------------------------------------------------------------------


def _intake(loket_cli, source):
    return loket_cli("intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin", stdin=CLERK[1] + "\n")


def test_bad_lines_of_any_size_or_nesting_are_reported_and_the_rest_go_on(loket_cli, station_dir):
    good = sample_records(3, seed=21)
    source = station_dir.parent / "paper.jsonl"
    with open(source, "wb") as out:
        out.write(json.dumps(good[0].to_request()).encode() + b"\n")
        out.write(b"[" * 100_000 + b"]" * 100_000 + b"\n")  # 100,000 nested lists
        out.write(json.dumps({"name": [[[[[[[[[["x"]]]]]]]]]]}).encode() + b"\n")
        out.write(b'{"name": "' + b"A" * 3_000_000 + b'"}\n')  # 3 MB on one line
        out.write(b'{"name": "\xff\xfe"}\n')  # not UTF-8
        out.write(json.dumps(good[1].to_request()).encode() + b"\n")
        out.write(b"[" * 2_000_000)  # a last line, no newline, too long and too deep
        out.write(b"\n" + json.dumps(good[2].to_request()).encode())
    result = _intake(loket_cli, source)
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert result.returncode == 1
    for line in (2, 3, 4, 5, 7):
        assert f"line {line}:" in result.stderr
    assert "nested too deeply" in result.stderr and "longer than" in result.stderr and "UTF-8" in result.stderr
    assert result.stdout.splitlines()[-1] == "3 requests saved now, 0 saved before, 5 refused."


def test_a_file_saved_before_is_reported_saved_before_and_exits_0(loket_cli, station_dir):
    records = sample_records(4, seed=22)
    source = station_dir.parent / "paper.jsonl"
    source.write_text("".join(json.dumps(r.to_request()) + "\n" for r in records[:2]))
    assert _intake(loket_cli, source).returncode == 0
    source.write_text("".join(json.dumps(r.to_request()) + "\n" for r in records))  # two more lines added
    again = _intake(loket_cli, source)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already saved before") == 2
    assert again.stdout.splitlines()[-1] == "2 requests saved now, 2 saved before, 0 refused."
    with sqlite3.connect(station_dir / "loket.db") as db:
        assert db.execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 4


def test_another_record_for_a_nik_already_open_is_refused_not_called_saved(loket_cli, station_dir):
    record = sample_record()
    source = station_dir.parent / "paper.jsonl"
    source.write_text(json.dumps(record.to_request()) + "\n")
    assert _intake(loket_cli, source).returncode == 0
    other = record.to_request() | {"occupation": "PETANI" if record.occupation != "PETANI" else "NELAYAN"}
    source.write_text(json.dumps(other) + "\n")
    result = _intake(loket_cli, source)
    assert result.returncode == 1 and "already saved" not in result.stdout
    assert result.stdout.splitlines()[-1] == "0 requests saved now, 0 saved before, 1 refused."


def test_pdf_paths_are_stored_absolute_whatever_the_working_folder(station_dir, tmp_path):
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps(sample_record().to_request()) + "\n")
    env = dict(os.environ, LOKET_LANG="en")
    env.pop("LOKET_DATA_DIR", None)
    result = subprocess.run([sys.executable, "-m", "loket.cli", "--data-dir", station_dir.name, "intake",
                             "--json", str(source), "--clerk", CLERK[0], "--pin-stdin"],
                            input=CLERK[1] + "\n", capture_output=True, text=True, env=env, cwd=station_dir.parent,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    (path,) = _pdf_paths(station_dir).values()
    assert os.path.isabs(path) and os.path.isfile(path)
