"""``loket central``: the server and the operator's tools, as real subprocesses."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from loket.central.server import start_background

STATION_ID = "7373-LKT01"
START_DEADLINE = 30.0


def _env() -> dict:
    env = dict(os.environ, LOKET_LANG="en")
    env.pop("LOKET_DATA_DIR", None)
    return env


def loket(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loket.cli", *args], capture_output=True, text=True,
                          env=_env(), timeout=60)


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


class RunningServer:
    """``loket central`` in the background; ``url`` once its first line says where it listens."""

    def __init__(self, *args: str):
        self.process = subprocess.Popen([sys.executable, "-m", "loket.cli", "central", *args], env=_env(),
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.err: list[str] = []
        self._pumps = [threading.Thread(target=self._pump, args=(self.process.stdout, self.lines.put), daemon=True),
                       threading.Thread(target=self._pump, args=(self.process.stderr, self.err.append), daemon=True)]
        for pump in self._pumps:
            pump.start()
        self.first_line = self._next_line()
        found = re.search(r"http://127\.0\.0\.1:\d+", self.first_line)
        assert found, self.first_line + "".join(self.err)
        self.url = found.group(0)

    @staticmethod
    def _pump(stream, put) -> None:
        for line in stream:
            put(line)

    def _next_line(self) -> str:
        deadline = time.monotonic() + START_DEADLINE
        while time.monotonic() < deadline:
            try:
                return self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    return ""
        self.process.kill()
        pytest.fail("loket central did not say where it listens")

    def interrupt(self) -> tuple[int, str, str]:
        """Ctrl+C, then the exit status and what it wrote after its first line.

        Windows delivers Ctrl+C only to processes sharing a console, which a test run has
        not got: there the server is ended (the release checklist tries Ctrl+C by hand).
        """
        if os.name == "nt":
            self.process.terminate()
        else:
            self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=START_DEADLINE)
        for pump in self._pumps:
            pump.join(START_DEADLINE)
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return status, "".join(rest), "".join(self.err)


def test_add_station_prints_a_token_that_works(tmp_path):
    db = tmp_path / "central.db"
    added = loket("central", "add-station", STATION_ID, "--db", str(db))
    assert added.returncode == 0, added.stderr
    lines = added.stdout.splitlines()
    assert len(lines) == 1 and re.fullmatch(r"[A-Za-z0-9_-]{40,}", lines[0])
    token = lines[0]
    assert STATION_ID in added.stderr and token not in added.stderr
    server = RunningServer("--port", "0", "--db", str(db))
    try:
        assert "central.db" in server.first_line
        reply = httpx.get(f"{server.url}/v1/authorization", trust_env=False,
                          headers={"Authorization": f"Bearer {token}", "X-Station-Id": STATION_ID})
        assert reply.status_code == 200 and reply.json()["station_id"] == STATION_ID
        # Revoked from the command line while the server runs: the very next call is refused.
        revoked = loket("central", "revoke", STATION_ID, "--reason", "Kantor dibekukan", "--db", str(db))
        assert revoked.returncode == 0 and "Kantor dibekukan" in revoked.stdout
        reply = httpx.get(f"{server.url}/v1/authorization", trust_env=False,
                          headers={"Authorization": f"Bearer {token}", "X-Station-Id": STATION_ID})
        assert reply.status_code == 403 and reply.json()["reason"] == "Kantor dibekukan"
    finally:
        status, out, err = server.interrupt()
    if os.name == "posix":
        assert status == 0, err
        assert "stopped" in out
    assert '"GET /v1/authorization HTTP/1.1" 403' in err  # the access log went to stderr...
    assert token not in err and token not in out  # ...without the token
    _no_traceback(subprocess.CompletedProcess([], status, out, err))


@pytest.mark.skipif(os.name == "nt", reason="Windows has no SIGTERM: ending a process there cannot be caught")
def test_sigterm_stops_the_server_cleanly(tmp_path):
    server = RunningServer("--port", "0", "--db", str(tmp_path / "central.db"))
    assert httpx.get(f"{server.url}/v1/health", trust_env=False).status_code == 200
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=START_DEADLINE) == 0
    for pump in server._pumps:
        pump.join(START_DEADLINE)
    assert "Traceback" not in "".join(server.err)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/v1/health", trust_env=False)


def test_operator_tools_on_the_default_database(tmp_path):
    data = tmp_path / "data"
    prefix = ("--data-dir", str(data))
    assert "No station" in loket(*prefix, "central", "stations").stdout
    assert loket(*prefix, "central", "add-station", "7373-LKT02", "--office-code", "7371").returncode == 0
    assert loket(*prefix, "central", "add-station", STATION_ID).returncode == 0
    assert (data / "central.db").is_file()
    assert loket(*prefix, "central", "revoke", "7373-LKT02", "--reason", "PC dicuri").returncode == 0
    listing = loket(*prefix, "central", "stations").stdout.splitlines()
    assert listing[0].split()[:3] == ["STATION", "STATUS", "SINCE"]
    rows = {line.split()[0]: line.split() for line in listing[1:3]}
    assert rows["7373-LKT01"][1] == "active" and rows["7373-LKT02"][1] == "revoked"
    assert "7373-LKT02: reason: PC dicuri" in listing
    assert loket(*prefix, "central", "restore", "7373-LKT02").returncode == 0
    assert "revoked" not in loket(*prefix, "central", "stations").stdout


def test_stations_lists_registered_key_ids(tmp_path, key):
    db = tmp_path / "central.db"
    with start_background(db) as server:
        token = server.store.add_station(STATION_ID)
        reply = httpx.put(f"{server.url}/v1/stations/{STATION_ID}/signing-key", json=key.public_jwk(),
                          headers={"Authorization": f"Bearer {token}", "X-Station-Id": STATION_ID}, trust_env=False)
        assert reply.status_code == 204
    listing = loket("central", "stations", "--db", str(db))
    assert key.kid in listing.stdout


@pytest.mark.parametrize("args, words", [
    (["add-station", "LKT01"], "Station id 'LKT01' is not valid"),
    (["add-station", "7373-LKT01", "--office-code", "73"], "Office code '73' is not valid"),
    (["revoke", "7373-NONE", "--reason", "x"], "not registered"),
    (["restore", "7373-NONE"], "not registered"),
    (["--port", "70000"], "Port 70000 is not valid"),
    (["--host", "198.51.100.77", "--port", "0"], "Cannot listen on address 198.51.100.77"),
])
def test_bad_input_is_one_clear_sentence(tmp_path, args, words):
    result = loket("central", *args, "--db", str(tmp_path / "central.db"))
    assert result.returncode == 1
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    _no_traceback(result)


def test_station_added_twice_keeps_the_first_token(tmp_path):
    db = str(tmp_path / "central.db")
    assert loket("central", "add-station", STATION_ID, "--db", db).returncode == 0
    again = loket("central", "add-station", STATION_ID, "--db", db)
    assert again.returncode == 1 and again.stdout == "" and "already registered" in again.stderr


def test_port_in_use_is_one_clear_sentence(tmp_path):
    with start_background(tmp_path / "taken.db") as taken:
        result = loket("central", "--port", str(taken.port), "--db", str(tmp_path / "central.db"))
    assert result.returncode == 1
    assert f"Port {taken.port} on 127.0.0.1 is already in use" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    _no_traceback(result)


def test_not_a_database_is_refused_clearly(tmp_path):
    bogus = tmp_path / "central.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    result = loket("central", "stations", "--db", str(bogus))
    assert result.returncode == 1 and "Cannot open central database" in result.stderr
    _no_traceback(result)
