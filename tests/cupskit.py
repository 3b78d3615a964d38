"""A real CUPS scheduler in a temporary folder, with a network printer played by the test.

``cupsd -f`` runs with its own configuration on a loopback port, so the machine's
own CUPS (if any) is never touched; ``CUPS_SERVER`` points ``lp`` and ``lpstat`` at
it. Its queues print through CUPS' own ``socket://`` backend (the AppSocket/JetDirect
protocol of office laser printers) to a listener in the test, which receives the
exact bytes a printer would, or refuses the connection as a switched-off printer does.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

INSTALL = "apt-get install -y cups"


def cupsd_program() -> str | None:
    return shutil.which("cupsd") or next(
        (p for p in ("/usr/sbin/cupsd", "/usr/local/sbin/cupsd") if os.access(p, os.X_OK)), None)


def require_cups() -> str:
    """The cupsd program, or skip (fail under CI=true) naming the install command."""
    program = cupsd_program()
    missing = program is None or shutil.which("lp") is None or shutil.which("lpstat") is None
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CUPS is missing on this CI machine: {INSTALL}")
        pytest.skip(f"needs CUPS (cupsd, lp, lpstat): {INSTALL}")
    return program


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Printer:
    """A network printer on loopback: records every job's bytes while ``online``."""

    def __init__(self):
        self.port = free_port()
        self.jobs: list[bytes] = []
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def switch_on(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(4)
        self._server = server
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def switch_off(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _serve(self) -> None:
        server = self._server
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                data = bytearray()
                while chunk := connection.recv(65536):
                    data += chunk
                self.jobs.append(bytes(data))


class Cups:
    """``cupsd`` in a temporary folder; ``add_queue`` makes a queue for a ``Printer``."""

    def __init__(self, program: str):
        # Not under pytest's private tmp folder: cupsd's backends run as the lp user and
        # must reach the spool, so the folder is world-traversable (its files are not).
        self.root = Path(tempfile.mkdtemp(prefix="loket-cups-"))
        os.chmod(self.root, 0o755)
        self.port = free_port()
        self.server = f"127.0.0.1:{self.port}"
        for name in ("spool", "cache", "state", "log", "ppd"):
            (self.root / name).mkdir()
        (self.root / "cupsd.conf").write_text(
            f"Listen 127.0.0.1:{self.port}\nLogLevel info\nWebInterface No\nBrowsing No\n"
            "DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
        (self.root / "cups-files.conf").write_text(
            f"ServerRoot {self.root}\nRequestRoot {self.root}/spool\nCacheDir {self.root}/cache\n"
            f"StateDir {self.root}/state\nTempDir {self.root}/spool\nErrorLog {self.root}/log/error_log\n"
            f"AccessLog {self.root}/log/access_log\nPageLog {self.root}/log/page_log\n")
        self.process = subprocess.Popen(
            [program, "-f", "-c", str(self.root / "cupsd.conf"), "-s", str(self.root / "cups-files.conf")],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"cupsd did not start: {self.log()}")
            time.sleep(0.1)

    def answers(self) -> bool:
        """Whether the scheduler takes requests. ``lpstat -r`` exits 0 either way, so its words decide."""
        said = self.lpstat("-r")
        return said.returncode == 0 and said.stdout.strip() == "scheduler is running"

    def env(self) -> dict:
        # The C locale keeps the tools' words fixed, whatever the machine's language.
        return dict(os.environ, CUPS_SERVER=self.server, LC_ALL="C", LANG="C")

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), capture_output=True, text=True, env=self.env(), timeout=30)

    def lpstat(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("lpstat", *args)

    def add_queue(self, name: str, printer: Printer) -> None:
        done = self.run("lpadmin", "-p", name, "-E", "-v", f"socket://127.0.0.1:{printer.port}")
        assert done.returncode == 0, done.stderr

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
