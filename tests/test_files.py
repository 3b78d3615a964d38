"""The one atomic-write helper and the one place that decides how a file is protected."""

from __future__ import annotations

import os
import stat

import pytest

from loket import files
from loket.storage.db import open_database

POSIX_MODES = pytest.mark.skipif(os.name == "nt", reason="Windows has no permission bits; the folder's ACL holds")


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".part")))


def test_write_file_replaces_whole_and_leaves_no_temp(tmp_path):
    target = tmp_path / "settings.toml"
    files.write_file(target, b"old")
    files.write_file(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert _leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the old report")
    with pytest.raises(RuntimeError):
        with files.writing(target) as handle:
            handle.write(b"half a rep")
            raise RuntimeError("power cut")
    assert target.read_bytes() == b"the old report"
    assert _leftovers(tmp_path) == []


def test_without_overwrite_an_existing_file_is_kept(tmp_path):
    target = tmp_path / "signing-key.pem"
    target.write_bytes(b"the key everyone trusts")
    with pytest.raises(FileExistsError):
        files.write_file(target, b"another key", overwrite=False)
    assert target.read_bytes() == b"the key everyone trusts"
    assert _leftovers(tmp_path) == []


def test_write_new_file_takes_the_first_free_name(tmp_path):
    names = [tmp_path / "slip.pdf", tmp_path / "slip-2.pdf", tmp_path / "slip-3.pdf"]
    assert files.write_new_file(names, b"one") == names[0]
    assert files.write_new_file(names, b"two") == names[1]
    assert names[0].read_bytes() == b"one" and names[1].read_bytes() == b"two"
    names[2].write_bytes(b"taken")
    with pytest.raises(FileExistsError):
        files.write_new_file(names, b"four")
    assert names[2].read_bytes() == b"taken" and _leftovers(tmp_path) == []


def test_a_named_temp_left_by_a_power_cut_is_not_overwritten(tmp_path):
    partial = tmp_path / "bundle.jsonl.part"
    partial.write_bytes(b"cut off")
    with pytest.raises(FileExistsError):
        with files.writing(tmp_path / "bundle.jsonl", temp=partial) as handle:
            handle.write(b"new")
    assert partial.read_bytes() == b"cut off" and not (tmp_path / "bundle.jsonl").exists()


@POSIX_MODES
def test_private_files_and_folders_are_owner_only_on_posix(tmp_path):
    folder = tmp_path / "keys"
    files.private_folder(folder)
    secret = files.write_file(folder / "token", b"secret", private=True)
    public = files.write_file(folder / "key.jwk", b"{}")
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(public).st_mode) & 0o077 == 0o044


def test_open_database_without_fchmod_as_on_windows_python_before_3_13(tmp_path, monkeypatch):
    # Windows' Python 3.10-3.12 has no os.fchmod and reports every writable file as 0o666;
    # opening the database used to raise AttributeError there, so the counter could not start.
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.setattr(files, "WINDOWS", True)
    monkeypatch.setattr(files, "_restrict_folder_acl", lambda path: True)
    path = tmp_path / "loket.db"
    path.touch()
    os.chmod(path, 0o666)  # what Windows reports for any writable file
    db = open_database(path)
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_a_private_folder_on_windows_gets_an_access_list_from_icacls(tmp_path, monkeypatch):
    # Windows itself is not here (Wine's icacls is a stub): this checks what Loket asks of it.
    calls = []

    class Done:
        returncode = 0

    def run(args, **options):
        calls.append((args, options.get("shell", False)))
        return Done()

    monkeypatch.setattr(files, "WINDOWS", True)
    monkeypatch.setattr(files.subprocess, "run", run)
    monkeypatch.setattr(files, "_ACL_DONE", set())
    monkeypatch.setenv("USERNAME", "loket1")
    monkeypatch.setenv("USERDOMAIN", "KANTOR")
    folder = tmp_path / "data"
    files.private_folder(folder)
    files.private_folder(folder)  # once per folder and process: slips are saved all day
    assert folder.is_dir()
    assert calls == [(["icacls", str(folder), "/inheritance:r", "/grant:r", "KANTOR\\loket1:(OI)(CI)F",
                       "/grant:r", "*S-1-5-18:(OI)(CI)F"], False)]
