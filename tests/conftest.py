"""Fixtures shared by the suite: a real, set-up station in a temporary folder.

Setting a station up costs a key generation and two PIN hashes, so one template is
made per test session and copied for each test: every test still gets its own
files, database and key.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

SUPERVISOR = ("SUPERVISOR", "123456")
CLERK = ("CLERK", "246810")
OFFICE_NAME = "Dinas Kependudukan dan Pencatatan Sipil Kota Palopo"


def make_settings(printer_command: list[str] | None = None):
    from loket.config import Settings

    return Settings(
        office_code="7373",
        office_name=OFFICE_NAME,
        office_address="Jl. Andi Djemma No. 1, Palopo",
        province="Sulawesi Selatan",
        city="Kota Palopo",
        head_name="Drs. ANDI MUHAMMAD, M.Si",
        head_nip="196801011990031005",
        station_id="7373-LKT01",
        printer_command=printer_command or [],
    )


def copy_printer(folder: Path) -> list[str]:
    """A printer command that 'prints' by copying the slip into ``folder``, on every platform."""
    copy = "import shutil, sys; shutil.copy(sys.argv[2], sys.argv[1])"
    return [sys.executable, "-c", copy, str(folder)]


@pytest.fixture(autouse=True)
def _language_restored():
    """The message language is process-wide: no test leaves its choice to the next."""
    from loket.i18n import get_language, set_language

    before = get_language()
    yield
    set_language(before)


@pytest.fixture(scope="session")
def _station_template(tmp_path_factory) -> Path:
    from loket.setup import setup_station
    from loket.storage import users
    from loket.storage.db import open_database

    root = tmp_path_factory.mktemp("template") / "station"
    setup_station(root, make_settings(), SUPERVISOR[0], SUPERVISOR[1])
    db = open_database(root / "loket.db")
    users.add_user(db, CLERK[0], "clerk", CLERK[1], actor="test")
    db.close()
    return root


@pytest.fixture
def station_dir(_station_template, tmp_path) -> Path:
    """A set-up station: SUPERVISOR/123456 and CLERK/246810; slips 'print' to tmp_path/printed."""
    from loket.config import DataPaths, load_settings, save_settings

    root = tmp_path / "station"
    shutil.copytree(_station_template, root)
    printed = tmp_path / "printed"
    printed.mkdir()
    paths = DataPaths(root)
    settings = load_settings(paths)
    settings.printer_command = copy_printer(printed)
    save_settings(paths, settings)
    return root


@pytest.fixture
def printed_dir(station_dir) -> Path:
    return station_dir.parent / "printed"


@pytest.fixture
def loket_cli(station_dir):
    """Run the real ``loket`` command in a subprocess against the test station."""
    import subprocess

    def run(*args: str, stdin: str = "", data_dir: Path | None = station_dir, env: dict | None = None):
        full_env = dict(os.environ, LOKET_LANG="en")
        full_env.pop("LOKET_DATA_DIR", None)
        full_env.update(env or {})
        prefix = ["--data-dir", str(data_dir)] if data_dir is not None else []
        return subprocess.run(
            [sys.executable, "-m", "loket.cli", *prefix, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=full_env,
            timeout=120,
        )

    return run


@pytest.fixture(scope="module")
def key_dir(tmp_path_factory):
    """A folder holding a freshly made station key (shared by a test module)."""
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="module")
def key(key_dir):
    from loket.printing.keys import generate_keypair

    return generate_keypair(key_dir, "7373-LKT01")
