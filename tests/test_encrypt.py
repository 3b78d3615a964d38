"""``loket setup --encrypt``: the station's file encrypted at rest (SQLCipher), as an operator runs it.

Real SQLCipher (the ``encrypt`` extra, part of the test extra), real files, the real
command. The operating system's credential store is not reachable here (no Secret
Service on the test machine; Windows Credential Manager needs Windows): one test
stands in a small keyring backend of its own to check that path, and says so.
"""

from __future__ import annotations

import os

import pytest
from conftest import CLERK, SUPERVISOR

from loket.storage import cipher

pytest.importorskip("sqlcipher3", reason="pip install -e '.[encrypt]'")
AS_SUPERVISOR = ("--as", SUPERVISOR[0], "--pin-stdin")
NEW = ("setup", "--office-code", "7373", "--office-name", "Disdukcapil Kota Palopo",
       "--station-id", "7373-LKT02", "--supervisor", "Andi", "--pin-stdin")


def _intake(loket_cli, station_dir, record) -> None:
    import json

    lines = station_dir.parent / "one.jsonl"
    lines.write_text(json.dumps(record.to_request()) + "\n")
    done = loket_cli("intake", "--json", str(lines), "--clerk", CLERK[0], "--pin-stdin", stdin=CLERK[1] + "\n")
    assert done.returncode == 0, done.stderr + done.stdout


def _plain_text_of(folder) -> bytes:
    """Every byte of the database and its -wal, as someone with the disk would read them."""
    return b"".join(path.read_bytes() for path in folder.iterdir() if path.name.startswith("loket.db"))


def test_a_new_station_set_up_encrypted_keeps_no_name_or_nik_in_the_clear(loket_cli, tmp_path):
    from loket.intake.samples import sample_record

    data = tmp_path / "encrypted"
    made = loket_cli(*NEW, "--encrypt", stdin="135790\n", data_dir=data)
    assert made.returncode == 0, made.stderr
    assert "is now encrypted" in made.stdout and cipher.is_encrypted(data / "loket.db")
    # Here no credential store answers, so the key is in the file (on Windows, the Credential Manager).
    in_store = "credential store" in made.stdout
    assert in_store or str(data / "keys" / "database.key") in made.stdout
    if os.name == "posix":
        assert (data / "loket.db").stat().st_mode & 0o777 == 0o600
        assert in_store or (data / "keys" / "database.key").stat().st_mode & 0o777 == 0o600
    add = loket_cli("user", "add", CLERK[0], "--role", "clerk", "--as", "Andi", "--pin-stdin",
                    stdin=f"135790\n{CLERK[1]}\n", data_dir=data)
    assert add.returncode == 0, add.stderr
    record = sample_record()
    _intake(lambda *a, **k: loket_cli(*a, data_dir=data, **k), data, record)
    raw = _plain_text_of(data)
    assert record.nik.encode() not in raw and record.name.upper().encode() not in raw.upper()
    assert b"ANDI" not in raw and b"SQLite format 3" not in raw
    listed = loket_cli("user", "list", data_dir=data)
    assert listed.returncode == 0 and "ANDI" in listed.stdout
    assert loket_cli("audit", "verify", data_dir=data).returncode == 0
    again = loket_cli("setup", "--encrypt", "--as", "Andi", "--pin-stdin", stdin="135790\n", data_dir=data)
    assert again.returncode == 0 and "already encrypted" in again.stdout


def test_an_existing_station_is_encrypted_with_everything_in_it(loket_cli, station_dir):
    from loket.intake.samples import sample_record
    from loket.station import Station

    record = sample_record()
    _intake(loket_cli, station_dir, record)
    assert record.nik.encode() in _plain_text_of(station_dir)  # the finding: plain text at rest
    done = loket_cli("setup", "--encrypt", *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    assert done.returncode == 0, done.stderr
    assert record.nik.encode() not in _plain_text_of(station_dir)
    station = Station.open(station_dir)
    try:
        assert station.queue_counts()["queued"] == 1
        assert station.db.execute_sql("SELECT nik FROM requests").fetchone()[0] == record.nik
    finally:
        station.close()
    assert loket_cli("audit", "verify").returncode == 0


def test_without_its_key_the_file_is_refused_in_words(loket_cli, station_dir):
    assert loket_cli("setup", "--encrypt", *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n").returncode == 0
    key = station_dir / "keys" / "database.key"
    kept = key.read_bytes()
    key.write_text("00" * 32 + "\n")  # the wrong key
    wrong = loket_cli("user", "list")
    assert wrong.returncode != 0 and "is not a Loket database" in wrong.stderr
    key.unlink()
    missing = loket_cli("user", "list")
    assert missing.returncode != 0 and "its key is not on this PC" in missing.stderr
    assert "Traceback" not in missing.stderr + wrong.stderr
    key.write_bytes(kept)
    assert loket_cli("user", "list").returncode == 0


def test_without_the_extra_setup_says_what_to_install(loket_cli, station_dir):
    """A counter installed without ``loket[encrypt]``: sqlcipher3 hidden from the command stands in for its absence."""
    refused = loket_cli("setup", "--encrypt", *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n", without=("sqlcipher3",))
    assert refused.returncode == 2 and 'pip install "loket[encrypt]"' in refused.stderr
    assert not cipher.is_encrypted(station_dir / "loket.db")
    # An encrypted station opened by an install without the extra says the same.
    assert loket_cli("setup", "--encrypt", *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n").returncode == 0
    opened = loket_cli("user", "list", without=("sqlcipher3",))
    assert opened.returncode != 0 and 'pip install "loket[encrypt]"' in opened.stderr
    assert "Traceback" not in opened.stderr


def test_the_key_goes_to_the_credential_store_when_there_is_one(tmp_path, monkeypatch):
    """A stand-in for Windows Credential Manager / Secret Service (neither runs here)."""
    import keyring
    from keyring.backend import KeyringBackend

    class Store(KeyringBackend):
        priority = 1
        kept: dict = {}

        def get_password(self, service, username):
            return self.kept.get((service, username))

        def set_password(self, service, username, password):
            self.kept[(service, username)] = password

        def delete_password(self, service, username):
            self.kept.pop((service, username), None)

    before = keyring.get_keyring()
    keyring.set_keyring(Store())
    try:
        from loket.storage import users
        from loket.storage.db import open_database

        path = tmp_path / "loket.db"
        db = open_database(path)
        users.add_user(db, "ANDI", "supervisor", "135790", actor="test")
        db.close()
        assert cipher.encrypt_file(path) == "credential_store"
        assert not (tmp_path / "keys" / "database.key").exists()
        assert list(Store.kept) == [(cipher.KEYRING_SERVICE, str(path.absolute()))]
        db = open_database(path)
        assert users.find_user(db, "ANDI") is not None
        db.close()
    finally:
        keyring.set_keyring(before)


def test_a_backup_of_an_encrypted_station_is_encrypted_and_opens_with_its_key(loket_cli, station_dir, tmp_path):
    from loket.storage import users
    from loket.storage.db import open_database

    made = loket_cli("setup", "--encrypt", *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    assert made.returncode == 0, made.stderr
    done = loket_cli("backup", "--out", str(tmp_path / "usb"), *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    # What the set-up said, and what lies beside the file, if the backup cannot open it.
    beside = sorted(path.name for path in station_dir.iterdir())
    assert done.returncode == 0, f"{done.stderr}\nset-up said: {made.stdout}\nfiles: {beside}"
    (copy,) = (tmp_path / "usb").iterdir()
    assert cipher.is_encrypted(copy / "loket.db") and (copy / "keys" / "database.key").exists()
    db = open_database(copy / "loket.db")  # its key came along in keys/
    try:
        assert users.find_user(db, CLERK[0]) is not None
    finally:
        db.close()


def test_an_encrypted_copy_that_does_not_open_leaves_the_plain_file_as_it_was(tmp_path, monkeypatch):
    """The copy is opened with its key before it replaces the plain file: a copy damaged on
    the way (here its first page overwritten) is refused and nothing else changes."""
    from loket.storage import users
    from loket.storage.db import open_database
    from loket.storage.errors import DatabaseUnavailable

    path = tmp_path / "loket.db"
    db = open_database(path)
    users.add_user(db, "ANDI", "supervisor", "135790", actor="test")
    db.close()
    before = path.read_bytes()
    real_check = cipher._check_opens

    def damaged(sqlcipher3, target, key):
        with open(target, "r+b") as copy:
            copy.seek(100)
            copy.write(b"\0" * 200)
        real_check(sqlcipher3, target, key)

    monkeypatch.setattr(cipher, "_check_opens", damaged)
    with pytest.raises(DatabaseUnavailable) as refused:
        cipher.encrypt_file(path)
    assert refused.value.key == "encrypt.failed"
    assert path.read_bytes() == before and not cipher.is_encrypted(path)
    assert sorted(p.name for p in tmp_path.iterdir() if "encrypting" in p.name or p.name == "keys") == []


def test_an_encrypted_header_with_a_ctrl_z_byte_is_read_whole(tmp_path):
    """Windows' os.open reads in text mode unless told: its read stopped at a 0x1a byte, so
    about one encrypted station in sixteen (its random salt holding 0x1a or CR LF) was taken
    for a damaged plain file and never opened again. Here the salt holds both."""
    from loket.storage.db import open_database
    from loket.storage.errors import DatabaseUnavailable

    path = tmp_path / "loket.db"
    path.write_bytes(b"\x93\x1a\r\n\x00\xfe" + bytes(range(200, 210)) + bytes(4080))
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(path)  # no key kept for it: what a salt read whole leads to
    assert refused.value.key == "encrypt.key_missing"
