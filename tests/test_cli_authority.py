"""The command line trusts nobody by default: commands that change who can do what, or
carry the station's data away, need a supervisor's name and PIN.

Before, any OS user could ``loket user add MALLORY --role supervisor`` with no PIN,
and the audit log named the actor ``cli``.
"""

from __future__ import annotations

import getpass
import sqlite3

import pytest

from conftest import CLERK, SUPERVISOR

AS_SUPERVISOR = ("--as", SUPERVISOR[0], "--pin-stdin")


def _users(station_dir) -> dict[str, tuple[str, int]]:
    with sqlite3.connect(station_dir / "loket.db") as db:
        return {name: (role, active) for name, role, active in db.execute("SELECT name, role, active FROM users")}


def _events(station_dir, action: str) -> list[tuple[str, str]]:
    with sqlite3.connect(station_dir / "loket.db") as db:
        return db.execute("SELECT actor, subject FROM audit_events WHERE action = ? ORDER BY id", (action,)).fetchall()


GUARDED = [
    (["user", "add", "mallory", "--role", "supervisor"], "112233\n"),
    (["user", "set-pin", SUPERVISOR[0]], "112233\n"),
    (["user", "disable", SUPERVISOR[0]], ""),
    (["user", "enable", CLERK[0]], ""),
    (["export", "--bundle", "OUT/b.jsonl"], ""),
    (["backup", "--out", "OUT"], ""),
    (["setup", "--paper", "F4"], ""),
]


@pytest.mark.parametrize("argv, stdin", GUARDED, ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_without_a_supervisor_nothing_happens(loket_cli, station_dir, tmp_path, argv, stdin):
    argv = [arg.replace("OUT", str(tmp_path / "out")) for arg in argv]
    before = (_users(station_dir), (station_dir / "loket.toml").read_text())
    result = loket_cli(*argv, "--pin-stdin", stdin=stdin)
    assert result.returncode == 2 and "--as NAME" in result.stderr, result.stderr
    assert (_users(station_dir), (station_dir / "loket.toml").read_text()) == before
    assert not (tmp_path / "out").exists()


def test_a_clerk_cannot_make_themselves_supervisor(loket_cli, station_dir):
    for argv in (["user", "add", "mallory", "--role", "supervisor"], ["user", "set-pin", SUPERVISOR[0]]):
        result = loket_cli(*argv, "--as", CLERK[0], "--pin-stdin", stdin=f"{CLERK[1]}\n112233\n")
        assert result.returncode == 1 and "CLERK is not a supervisor" in result.stderr
    assert "MALLORY" not in _users(station_dir)
    assert loket_cli("intake", "--help").returncode == 0  # unguarded commands still need no supervisor


def test_wrong_pins_count_toward_the_supervisors_lockout(loket_cli, station_dir):
    for _ in range(5):
        wrong = loket_cli("user", "disable", CLERK[0], *AS_SUPERVISOR, stdin="999999\n")
        assert wrong.returncode == 1 and "Not authorized" in wrong.stderr
    locked = loket_cli("user", "disable", CLERK[0], *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    assert locked.returncode == 1 and "locked" in locked.stderr.lower()
    assert _users(station_dir)[CLERK[0]] == ("clerk", 1)
    assert len(_events(station_dir, "login.failed")) == 5 and _events(station_dir, "login.locked")


def test_the_issue_example_and_the_audit_names_supervisor_and_os_account(loket_cli, station_dir):
    add_kabid = loket_cli("user", "add", "kabid", "--role", "supervisor", *AS_SUPERVISOR,
                          stdin=f"{SUPERVISOR[1]}\n2468\n")
    assert add_kabid.returncode == 0, add_kabid.stderr
    result = loket_cli("user", "add", "ani", "--role", "clerk", "--as", "kabid", "--pin-stdin", stdin="2468\n1357\n")
    assert result.returncode == 0, result.stderr
    assert _users(station_dir)["ANI"] == ("clerk", 1)
    me = getpass.getuser()
    assert _events(station_dir, "user.added")[-2:] == [(f"SUPERVISOR (cli, {me})", "KABID"), (f"KABID (cli, {me})", "ANI")]
    assert "cli" not in [actor for actor, _ in _events(station_dir, "user.added")]
    assert loket_cli("audit", "verify").returncode == 0


def test_backup_and_setup_are_audited_with_the_supervisor(loket_cli, station_dir, tmp_path):
    me = getpass.getuser()
    backup = loket_cli("backup", "--out", str(tmp_path / "usb"), *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    assert backup.returncode == 0, backup.stderr
    assert _events(station_dir, "station.backup") == [(f"SUPERVISOR (cli, {me})", str(tmp_path / "usb"))]
    again = loket_cli("setup", "--paper", "F4", *AS_SUPERVISOR, stdin=SUPERVISOR[1] + "\n")
    assert again.returncode == 0, again.stderr
    assert _events(station_dir, "station.setup")[-1][0] == f"SUPERVISOR (cli, {me})"


def test_setup_on_a_set_up_station_adds_a_supervisor_only_with_authority(loket_cli, station_dir):
    refused = loket_cli("setup", "--supervisor", "mallory", "--pin-stdin", stdin="112233\n")
    assert refused.returncode == 2 and "MALLORY" not in _users(station_dir)
    ok = loket_cli("setup", "--supervisor", "rina", *AS_SUPERVISOR, stdin=f"{SUPERVISOR[1]}\n112233\n112233\n")
    assert ok.returncode == 0, ok.stderr
    assert _users(station_dir)["RINA"] == ("supervisor", 1)


def test_without_a_terminal_or_pin_stdin_the_pin_cannot_be_asked(loket_cli):
    result = loket_cli("user", "disable", CLERK[0], "--as", SUPERVISOR[0])
    assert result.returncode == 2 and "terminal" in result.stderr
