"""Start-up stays fast: the app module pulls in no PDF, QR, crypto, HTTP or imaging code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("fpdf", "qrcode", "cryptography", "httpx", "aiohttp", "PIL", "peewee")
ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_app_loads_no_heavy_module():
    probe = (
        "import json, sys\n"
        "import loket.tui.app\n"
        "from loket.tui import run_app\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {list(HEAVY)!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_a_counter_on_sqlite_never_loads_the_postgresql_driver(tmp_path):
    """peewee would import psycopg (about 11 MiB) the moment it is imported; a counter on
    its own SQLite file opens its database, saves and reads without it (loket.lean_imports)."""
    probe = (
        "import json, sys\n"
        "from loket.storage.db import open_database\n"
        "from loket.storage import users\n"
        f"db = open_database({str(tmp_path / 'loket.db')!r})\n"
        "users.add_user(db, 'ANDI', 'supervisor', '135790', actor='test')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'psycopg_binary'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_the_command_and_the_app_leave_importlib_resources_unloaded():
    """A bare Textual app does not import ``importlib.resources``; the peewee finder made
    loket import it (through ``importlib.abc``) before the first paint."""
    probe = (
        "import json, sys\n"
        "import loket.cli, loket.tui.app\n"
        "from loket.tui.screens import login\n"
        "print(json.dumps(sorted(m for m in sys.modules if m in ('importlib.abc', 'importlib.resources'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
