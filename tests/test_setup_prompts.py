"""``loket setup`` at a real terminal: each answer checked as typed, nothing half-made.

The command runs in a pseudo-terminal (POSIX only: Windows has no pty to drive;
the prompting there is the same Python code).
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _own_terminal() -> None:
    import fcntl
    import termios

    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """The ``loket`` command on a pty, answered prompt by prompt."""

    def __init__(self, data_dir, *args: str):
        import pty

        self.master, slave = pty.openpty()
        env = dict(os.environ, LOKET_LANG="en")
        env.pop("LOKET_DATA_DIR", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "loket.cli", "--data-dir", str(data_dir), "setup", *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
            preexec_fn=_own_terminal,  # so Ctrl+C on it interrupts the command, as at a console
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never came; the terminal shows:\n{self.seen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096).decode(errors="replace")
                except OSError:
                    chunk = ""
                if not chunk:
                    raise AssertionError(f"{text!r} never came; the command ended:\n{self.seen}")
                self.seen += chunk
        before, _, self.seen = self.seen.partition(text)
        return before

    def send(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def send_raw(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        rest = ""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None or select.select([self.master], [], [], 0)[0]:
            if time.monotonic() > deadline:
                self.proc.kill()
                raise AssertionError("setup did not end")
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    chunk = os.read(self.master, 4096).decode(errors="replace")
                except OSError:
                    break
                if not chunk:
                    break
                rest += chunk
        os.close(self.master)
        return self.proc.wait(), self.seen + rest


def test_every_answer_is_checked_as_typed_and_the_station_is_made(tmp_path):
    data = tmp_path / "station"
    term = Terminal(data)
    term.expect("Office region code: ")
    term.send("73")
    term.expect("4-digit")  # explained at once, and asked again
    term.expect("Office region code: ")
    term.send("7373")
    term.expect("Kota Palopo")
    term.expect("Office name: [Dinas Kependudukan dan Pencatatan Sipil Kota Palopo] ")
    term.send("")  # derived from the region code: Enter takes it
    prompt = term.expect("Office address: ")
    assert "[" not in prompt  # no invented address to take with Enter
    term.send("")
    term.expect("required")
    term.expect("Office address: ")
    term.send("Jl. Andi Djemma No. 1, Palopo")
    term.expect("Head of office's name: ")
    term.send("Drs. ANDI MUHAMMAD, M.Si")
    term.expect("NIP (18 digits): ")
    term.send("12345")
    term.expect("18 digits, not '12345'")
    term.expect("NIP (18 digits): ")
    term.send("196801011990031005")
    term.expect("Station id (this counter): [7373-LKT01] ")
    term.send("")
    term.expect("first supervisor: ")
    term.send("Andi")
    term.expect("PIN for ANDI: ")
    term.send("12")
    term.expect("4 to 12 digits")
    term.expect("PIN for ANDI: ")
    term.send("135790")
    term.expect("PIN again: ")
    term.send("135791")
    term.expect("differ")
    term.expect("PIN for ANDI: ")
    term.send("135790")
    term.expect("PIN again: ")
    term.send("135790")
    term.expect("first counter clerk now? (y/n) [y] ")
    term.send("")
    term.expect("Name of the counter clerk: ")
    term.send("andi")
    term.expect("already exists")
    term.expect("Name of the counter clerk: ")
    term.send("Budi")
    term.expect("PIN for BUDI: ")
    term.send("246810")
    term.expect("PIN again: ")
    term.send("246810")
    status, shown = term.finish()
    assert status == 0, shown
    assert "Counter clerk BUDI added" in shown and "loket user add" in shown
    settings = (data / "loket.toml").read_text()
    assert 'office_address = "Jl. Andi Djemma No. 1, Palopo"' in settings
    assert 'head_nip = "196801011990031005"' in settings

    from loket.storage import users
    from loket.storage.db import open_database

    db = open_database(data / "loket.db")
    try:
        assert users.find_user(db, "BUDI").role == "clerk"
        assert users.find_user(db, "ANDI").role == "supervisor"
    finally:
        db.close()


@pytest.mark.parametrize("how", ["ctrl+c", "eof"])
def test_an_abort_leaves_no_half_made_station(tmp_path, how):
    data = tmp_path / "station"
    term = Terminal(data)
    for prompt, answer in [
        ("Office region code: ", "7373"), ("Office name: ", ""), ("Office address: ", "Jl. Merdeka 1"),
        ("Head of office's name: ", "ANDI"), ("NIP (18 digits): ", "196801011990031005"),
        ("Station id (this counter): ", ""), ("first supervisor: ", "ANDI"),
    ]:
        term.expect(prompt)
        term.send(answer)
    term.expect("PIN for ANDI: ")
    term.send_raw(b"\x03" if how == "ctrl+c" else b"\x04")
    status, shown = term.finish()
    assert status == 130, shown
    assert "nothing was saved" in shown and "Traceback" not in shown
    assert not data.exists()


def test_a_failure_while_writing_removes_the_new_station(tmp_path):
    from conftest import make_settings
    from loket.setup import setup_station
    from loket.storage.errors import UserError

    data = tmp_path / "station"
    with pytest.raises(UserError):
        setup_station(data, make_settings(), "ANDI", "12")  # a PIN too short reaches the database
    assert not data.exists()
