"""The ``loket`` command as an operator uses it: real subprocesses, real files."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from dbkit import station_rows

from conftest import CLERK, SUPERVISOR

pytestmark = pytest.mark.both_backends

AS_SUPERVISOR = ("--as", SUPERVISOR[0], "--pin-stdin")


def _lines(records) -> str:
    return "".join(json.dumps(r.to_request()) + "\n" for r in records)


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_setup_creates_station_without_prompts(loket_cli, tmp_path):
    data = tmp_path / "new-station"
    result = loket_cli(
        "setup", "--office-code", "7373", "--office-name", "Disdukcapil Kota Palopo",
        "--station-id", "7373-LKT02", "--central-url", "http://127.0.0.1:8765", "--token", "s3cret",
        "--supervisor", "Andi", "--pin-stdin", stdin="135790\n", data_dir=data,
    )
    assert result.returncode == 0, result.stderr
    if os.name == "posix":  # on Windows the folder's access list protects them (docs/security.md)
        assert (data / "loket.toml").stat().st_mode & 0o777 == 0o600
        assert (data / "loket.db").stat().st_mode & 0o777 == 0o600
        assert data.stat().st_mode & 0o777 == 0o700
    settings = (data / "loket.toml").read_text()
    assert 'station_id = "7373-LKT02"' in settings and 'city = "Kota Palopo"' in settings
    assert 'validity_months = 6' in settings
    users = loket_cli("user", "list", data_dir=data)
    assert "ANDI" in users.stdout and "supervisor" in users.stdout


def test_second_setup_keeps_data_key_and_users(loket_cli, station_dir):
    record_file = station_dir.parent / "one.jsonl"
    from loket.intake.samples import sample_record

    record_file.write_text(_lines([sample_record()]))
    assert loket_cli("intake", "--json", str(record_file), "--clerk", CLERK[0], "--pin-stdin", stdin=CLERK[1] + "\n").returncode == 0
    key_before = loket_cli("keys", "export").stdout
    again = loket_cli("setup", "--paper", "F4", *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    assert again.returncode == 0, again.stderr
    assert loket_cli("keys", "export").stdout == key_before
    assert 'paper = "F4"' in (station_dir / "loket.toml").read_text()
    assert station_rows(station_dir, "select count(*) from requests")[0][0] == 1
    assert "CLERK" in loket_cli("user", "list").stdout


@pytest.mark.parametrize(
    "flags, words",
    [
        (["--office-code", "73"], "office code"),
        (["--office-code", "9999", "--station-id", "9999-LKT01"], "9999"),
        (["--station-id", "LKT01"], "station id"),
        (["--validity-months", "0"], "validity"),
        (["--central-url", "ftp://x"], "central URL"),
        (["--head-nip", "12"], "NIP"),
        (["--number-pattern", "471/{year}"], "seq"),
    ],
)
def test_setup_rejects_bad_values_clearly(loket_cli, tmp_path, flags, words):
    base = {"--office-code": "7373", "--office-name": "Disdukcapil", "--station-id": "7373-LKT01"}
    for flag, value in zip(flags[::2], flags[1::2]):
        base[flag] = value
    argv = [item for pair in base.items() for item in pair]
    result = loket_cli("setup", *argv, "--supervisor", "ANDI", "--pin-stdin", stdin="135790\n", data_dir=tmp_path / "s")
    assert result.returncode == 2
    assert words.lower() in result.stderr.lower()
    _no_traceback(result)


def test_setup_without_supervisor_is_refused(loket_cli, tmp_path):
    result = loket_cli("setup", "--office-code", "7373", "--office-name", "X", "--pin-stdin", data_dir=tmp_path / "s")
    assert result.returncode == 2 and "supervisor" in result.stderr
    _no_traceback(result)


def test_user_add_rules(loket_cli):
    ok = loket_cli("user", "add", "budi", "--role", "clerk", *AS_SUPERVISOR, stdin=f"{SUPERVISOR[1]}\n112233\n")
    assert ok.returncode == 0, ok.stderr
    for args, stdin, word in [
        (["user", "add", "budi", "--role", "clerk"], "445566\n", "BUDI"),
        (["user", "add", "citra", "--role", "clerk"], "12\n", "PIN"),
        (["user", "add", "citra", "--role", "clerk"], "abcdef\n", "PIN"),
        (["user", "add", "citra", "--role", "boss"], "445566\n", "role"),
        (["user", "add", "citra", "--role", "clerk"], "", "PIN"),
    ]:
        result = loket_cli(*args, *AS_SUPERVISOR, stdin=f"{SUPERVISOR[1]}\n{stdin}")
        assert result.returncode != 0, args
        assert word.lower() in result.stderr.lower(), result.stderr
        _no_traceback(result)


def test_intake_import_reports_each_bad_line_and_saves_good_ones(loket_cli, station_dir, printed_dir):
    from loket.intake.samples import sample_records

    good = sample_records(3, seed=7)
    bad_nik = good[0].to_request() | {"nik": "7373013002900001"}  # 30 February
    lines = [
        json.dumps(good[0].to_request()),
        "{not json",
        json.dumps(bad_nik),
        json.dumps(good[1].to_request() | {"birth_date": 19900101}),
        json.dumps(good[1].to_request()),
        "",
        json.dumps(good[2].to_request() | {"received_at": "2018-07-12T08:30:00Z", "station_id": "EVIL"}),
    ]
    source = station_dir.parent / "paper.jsonl"
    source.write_text("\n".join(lines) + "\n")
    result = loket_cli("intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin", "--print", stdin=CLERK[1] + "\n")
    _no_traceback(result)
    assert result.returncode == 1
    assert "line 2: not valid JSON (wrong at column 2)." in result.stderr  # not json's own English
    assert "line 3:" in result.stderr and "NIK" in result.stderr
    assert "line 4:" in result.stderr and "Date of birth" in result.stderr
    assert "3 requests saved now, 0 saved before, 3 refused" in result.stdout
    assert len(list(printed_dir.iterdir())) == 3
    stations = {row[0] for row in station_rows(station_dir, "select station_id from requests")}
    assert stations == {"7373-LKT01"}

    # The same file again adds nothing: every good line was saved before; the bad ones are still refused.
    again = loket_cli("intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin", stdin=CLERK[1] + "\n")
    assert again.returncode == 1 and "0 requests saved now, 3 saved before, 3 refused" in again.stdout
    assert station_rows(station_dir, "select count(*) from requests")[0][0] == 3


def test_intake_import_bad_invocations(loket_cli, station_dir):
    from loket.intake.samples import sample_record

    source = station_dir.parent / "ok.jsonl"
    source.write_text(_lines([sample_record()]))
    cases = [
        (["intake", "--json", str(station_dir / "missing.jsonl"), "--clerk", CLERK[0], "--pin-stdin"], CLERK[1], "missing.jsonl"),
        (["intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin"], "000000", "PIN"),
        (["intake", "--json", str(source), "--clerk", "NOBODY", "--pin-stdin"], "000000", "PIN"),
        (["intake", "--clerk", CLERK[0]], "", "--json"),
    ]
    for args, pin, word in cases:
        result = loket_cli(*args, stdin=pin + "\n")
        assert result.returncode != 0, args
        assert word.lower() in result.stderr.lower(), result.stderr
        _no_traceback(result)


def test_binary_file_is_reported_not_crashed(loket_cli, station_dir):
    source = station_dir.parent / "binary.jsonl"
    source.write_bytes(b"\xff\xfe\x00garbage\n")
    result = loket_cli("intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin", stdin=CLERK[1] + "\n")
    assert result.returncode == 1 and "UTF-8" in result.stderr
    _no_traceback(result)


def test_keys_export_and_verify(loket_cli, station_dir):
    from loket.intake.samples import sample_record

    source = station_dir.parent / "one.jsonl"
    source.write_text(_lines([sample_record()]))
    assert loket_cli("intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin", stdin=CLERK[1] + "\n").returncode == 0
    jwk = json.loads(loket_cli("keys", "export").stdout)
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and "d" not in jwk
    token = station_rows(station_dir, "select jws from sukets")[0][0]

    genuine = loket_cli("verify", token)
    assert genuine.returncode == 0 and "GENUINE" in genuine.stdout and sample_record().name.upper() in genuine.stdout

    key_file = station_dir.parent / "office.jwk"
    key_file.write_text(json.dumps(jwk))
    elsewhere = loket_cli("verify", token, "--key", str(key_file), data_dir=None)
    assert elsewhere.returncode == 0

    head, payload, signature = token.split(".")
    flipped = payload[:-3] + ("A" if payload[-3] != "A" else "B") + payload[-2:]
    for forged in (f"{head}.{flipped}.{signature}", "hello", ""):
        result = loket_cli("verify", forged)
        assert result.returncode == 1 and "NOT GENUINE" in result.stdout
        _no_traceback(result)

    not_json = station_dir.parent / "bad.jwk"
    not_json.write_text("not a key")
    bad_key = loket_cli("verify", token, "--key", str(not_json))
    assert bad_key.returncode == 2 and "bad.jwk" in bad_key.stderr


def test_audit_verify_and_backup(loket_cli, station_dir, tmp_path, station_backend):
    result = loket_cli("audit", "verify")
    assert result.returncode == 0 and "intact" in result.stdout
    backup = loket_cli("backup", "--out", str(tmp_path / "usb"), *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    assert backup.returncode == 0, backup.stderr
    (copy,) = (tmp_path / "usb").iterdir()
    if station_backend == "postgresql":
        # The office database is backed up on its server; the PC's copy has its settings, key
        # and holding queue (empty while the office database answers).
        assert "pg_dump" in backup.stdout and (copy / "keys").is_dir()
        with sqlite3.connect(copy / "loket.db") as db:
            assert db.execute("select count(*) from requests").fetchone()[0] == 0
        return
    with sqlite3.connect(copy / "loket.db") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert db.execute("select count(*) from users").fetchone()[0] == 2


def test_commands_on_a_station_not_set_up(loket_cli, tmp_path):
    for args in (["user", "list"], ["audit", "verify"], ["keys", "export"], []):
        result = loket_cli(*args, data_dir=tmp_path / "nothing")
        assert result.returncode != 0
        assert "loket setup" in result.stderr, result.stderr
        _no_traceback(result)


def test_the_data_folder_may_follow_the_command(loket_cli, station_dir, tmp_path):
    """Operators type `loket status --data-dir D`, as with `report`: every command takes it."""
    for args in (["status"], ["user", "list"], ["audit", "verify"]):
        before = loket_cli("--data-dir", str(station_dir), *args, data_dir=None)
        after = loket_cli(*args, "--data-dir", str(station_dir), data_dir=None)
        assert after.returncode == before.returncode == 0, after.stderr
        assert after.stdout.splitlines()[:3] == before.stdout.splitlines()[:3]
    # Given twice, the one after the command is the one that counts.
    elsewhere = loket_cli("user", "list", "--data-dir", str(tmp_path / "nothing"))
    assert elsewhere.returncode != 0 and "loket setup" in elsewhere.stderr


def test_unknown_flags_and_commands(loket_cli):
    for args in (["frobnicate"], ["setup", "--paper", "A5"], ["--lang", "fr"], ["verify"]):
        result = loket_cli(*args)
        assert result.returncode == 2
        assert "usage" in result.stderr.lower()
        _no_traceback(result)


def test_damaged_key_and_bad_backup_target_are_reported(loket_cli, station_dir, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    backup = loket_cli("backup", "--out", str(blocker), *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    assert backup.returncode == 1 and "not-a-folder" in backup.stderr
    _no_traceback(backup)
    gone = loket_cli("backup", "--out", str(blocker / "usb"), *AS_SUPERVISOR,
                     stdin=SUPERVISOR[1] + "\n", env={"LOKET_LANG": "id"})
    # The system's refusal in the operator's words, not the C library's English.
    assert gone.returncode == 1 and "not-a-folder" in gone.stderr
    # A file where a folder should be: Linux says "not a folder"; Windows, that it is not
    # found or already exists. Each in the operator's words.
    words = ("salah satu bagian jalurnya bukan folder", "folder atau berkas itu tidak ada", "sudah ada")
    assert any(said in gone.stderr for said in words), gone.stderr
    assert "No such file" not in gone.stderr and "Errno" not in gone.stderr

    (station_dir / "keys" / "signing-key.pem").write_text("garbage")
    export = loket_cli("keys", "export")
    assert export.returncode == 1 and "signing-key.pem" in export.stderr
    _no_traceback(export)


def test_damaged_settings_file_is_reported(loket_cli, station_dir):
    (station_dir / "loket.toml").write_text("office_code = [unclosed\n")
    for args in (["user", "list"], ["audit", "verify"]):
        result = loket_cli(*args)
        assert result.returncode == 1 and "loket.toml" in result.stderr
        _no_traceback(result)


def test_an_unreadable_settings_file_is_told_in_the_operators_words(loket_cli, station_dir):
    settings = station_dir / "loket.toml"
    settings.unlink()
    settings.mkdir()  # a folder where the file should be: the system refuses to read it
    result = loket_cli("user", "list", env={"LOKET_LANG": "id"})
    assert result.returncode == 1 and "Berkas pengaturan" in result.stderr and "loket.toml" in result.stderr
    assert "Errno" not in result.stderr and "directory" not in result.stderr.lower()
    _no_traceback(result)


def test_user_pin_reset_lifts_a_lockout_and_disable_stops_logins(loket_cli, station_dir):
    from loket.intake.samples import sample_record

    source = station_dir.parent / "one.jsonl"
    source.write_text(_lines([sample_record()]))

    def import_as_clerk(pin: str):
        return loket_cli("intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin", stdin=pin + "\n")

    for _ in range(5):
        assert import_as_clerk("999999").returncode == 1
    assert "locked" in loket_cli("user", "list").stdout
    locked = import_as_clerk(CLERK[1])
    assert locked.returncode == 1 and "locked" in locked.stderr.lower()

    reset = loket_cli("user", "set-pin", CLERK[0], *AS_SUPERVISOR, stdin=f"{SUPERVISOR[1]}\n135791\n")
    assert reset.returncode == 0, reset.stderr
    assert "locked" not in loket_cli("user", "list").stdout
    assert import_as_clerk("135791").returncode == 0

    assert loket_cli("user", "disable", CLERK[0], *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n").returncode == 0
    assert "disabled" in loket_cli("user", "list").stdout
    assert import_as_clerk("135791").returncode == 1
    assert loket_cli("user", "enable", CLERK[0], *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n").returncode == 0

    for args in (["user", "disable", "NOBODY"], ["user", "set-pin", "NOBODY"]):
        result = loket_cli(*args, *AS_SUPERVISOR, stdin=f"{SUPERVISOR[1]}\n135791\n")
        assert result.returncode == 2 and "NOBODY" in result.stderr
        _no_traceback(result)
    audit = loket_cli("audit", "verify")
    assert audit.returncode == 0
