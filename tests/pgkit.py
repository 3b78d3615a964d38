"""A real PostgreSQL server for the tests, started in a temporary folder.

One server per test session (initdb + pg_ctl, on a free loopback port, password
authentication over TCP as an office server would have). Each test that needs an
office database gets its own database, cloned from a template so the clone is
cheap. Without PostgreSQL's binaries the tests that need it skip, naming the
package to install; under ``CI=true`` they fail instead, so CI never passes by
skipping them.

initdb and the server refuse to run as root: when the tests run as root the
server runs as the ``postgres`` account, in a folder handed to it.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

INSTALL_HINT = "PostgreSQL is not installed: apt-get install postgresql (or set LOKET_PG_BINDIR)"
SUPERUSER = "loket_admin"
PASSWORD = "kantor-rahasia"
_names = itertools.count(1)


def find_bindir() -> Path | None:
    candidates = [os.environ.get("LOKET_PG_BINDIR", "")]
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            candidates.append(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip())
        except OSError:
            pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def unavailable(reason: str):
    """Skip, or fail under CI, where the real server is part of the bar.

    The Windows lane runs the suite on Windows' Python under Wine, where no PostgreSQL
    server runs: there the office database's tests skip (the office server is tested
    on Linux; the counter's own side of it runs in the lane's other tests).
    """
    if os.name == "nt":
        pytest.skip("no PostgreSQL server in the Windows lane: the office database is tested on Linux")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + " (CI=true: PostgreSQL tests must run)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    run_as: str | None

    def url(self, database: str, user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def _cmd(self, *args: str) -> list[str]:
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *args]
        return list(args)

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        data = self.root / "data"
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self.run_as:
            shutil.chown(self.root, self.run_as)
            shutil.chown(pwfile, self.run_as)
        subprocess.run(
            self._cmd(str(self.bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--pwfile", str(pwfile),
                      "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"),
            check=True, capture_output=True, text=True,
        )
        # Durable like a real office server, but without the settings only a tuned
        # server needs; fsync stays on (the crash tests rely on it).
        options = f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.root} " \
                  "-c max_connections=200 -c shared_buffers=64MB"
        subprocess.run(
            self._cmd(str(self.bindir / "pg_ctl"), "-D", str(data), "-l", str(self.root / "log"), "-w",
                      "-t", "60", "-o", options, "start"),
            check=True, capture_output=True, text=True,
        )

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", mode, "-w", "stop"),
            capture_output=True, text=True,
        )

    def restart(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.root} " \
                  "-c max_connections=200 -c shared_buffers=64MB"
        subprocess.run(
            self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-l", str(self.root / "log"),
                      "-w", "-t", "60", "-o", options, "start"),
            check=True, capture_output=True, text=True,
        )

    def admin(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, password=PASSWORD,
                             dbname=database, autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, template: str | None = None) -> str:
        name = f"office_{os.getpid()}_{next(_names)}"
        clause = f" TEMPLATE {template}" if template else ""
        self.admin(f"CREATE DATABASE {name}{clause}")
        return name


def start_server() -> PgServer:
    if os.name == "nt":
        unavailable("no PostgreSQL server in the Windows lane")
    bindir = find_bindir()
    if bindir is None:
        unavailable(INSTALL_HINT)
    run_as = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="loket-pg-"))
    os.chmod(root, 0o755)
    server = PgServer(bindir, root / "server", _free_port(), run_as)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        unavailable(f"PostgreSQL did not start: {exc.stderr or exc.stdout}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            server.admin("SELECT 1")
            break
        except Exception:  # noqa: BLE001 - still starting
            time.sleep(0.2)
    return server


def drop_tree(server: PgServer) -> None:
    server.stop("immediate")
    shutil.rmtree(server.root.parent, ignore_errors=True)
