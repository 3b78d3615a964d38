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


# -- the two database backends ------------------------------------------------------

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the session (skips, or fails under CI, without it)."""
    import pgkit

    server = pgkit.start_server()
    # Counters find the password the way libpq does: here, in a password file.
    passfile = server.root.parent / "pgpass"
    # Any port on loopback: tests also reach the server through a cutting proxy.
    passfile.write_text(f"127.0.0.1:*:*:{pgkit.SUPERUSER}:{pgkit.PASSWORD}\n")
    os.chmod(passfile, 0o600)
    before = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(passfile)
    yield server
    if before is None:
        os.environ.pop("PGPASSFILE", None)
    else:
        os.environ["PGPASSFILE"] = before
    pgkit.drop_tree(server)


@pytest.fixture(scope="session")
def _pg_empty_template(pg_server) -> str:
    """An office database migrated to the latest schema, to clone per test."""
    from loket.storage.db import open_database

    name = pg_server.new_database()
    db = open_database(pg_server.url(name))
    db.close()
    return name


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_target(backend, tmp_path, request):
    """Where a fresh, empty, migrated database lives: a SQLite file or an office database's URL."""
    if backend == "sqlite":
        return tmp_path / "loket.db"
    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("_pg_empty_template")
    return server.url(server.new_database(template))


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


@pytest.fixture(scope="session")
def _office_template(tmp_path_factory, pg_server) -> tuple[Path, str]:
    """A station set up on an office database (the office's first counter), and that database."""
    from loket.setup import setup_station
    from loket.station import Station
    from loket.storage import users

    name = pg_server.new_database()
    root = tmp_path_factory.mktemp("office-template") / "station"
    settings = make_settings()
    settings.database = pg_server.url(name)
    setup_station(root, settings, SUPERVISOR[0], SUPERVISOR[1])
    station = Station.open(root)
    users.add_user(station.db, CLERK[0], "clerk", CLERK[1], actor="test")
    station.close()
    return root, name


@pytest.fixture
def station_backend(request) -> str:
    """Where ``station_dir`` keeps its queue: SQLite, or each database in turn in a module
    marked ``pytestmark = pytest.mark.both_backends`` (see ``pytest_generate_tests``)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def station(station_dir):
    """The station of ``station_dir``, open; closed after the test."""
    from loket.station import Station

    opened = Station.open(station_dir)
    yield opened
    opened.close()


def pytest_generate_tests(metafunc):
    if not metafunc.definition.get_closest_marker("both_backends") or "station_backend" not in metafunc.fixturenames:
        return
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0]
        if "station_backend" in (names.replace(" ", "").split(",") if isinstance(names, str) else names):
            return  # the test names its own database
    metafunc.parametrize("station_backend", BACKENDS, indirect=True)


@pytest.fixture
def station_dir(request, tmp_path, station_backend) -> Path:
    """A set-up station: SUPERVISOR/123456 and CLERK/246810; slips 'print' to tmp_path/printed.

    On its own SQLite file by default; a test module marked ``both_backends`` also runs
    on a station of an office database (a fresh database each test).
    """
    from loket.config import DataPaths, load_settings, save_settings

    backend = station_backend
    root = tmp_path / "station"
    if backend == "sqlite":
        shutil.copytree(request.getfixturevalue("_station_template"), root)
        database = ""
    else:
        template_root, template_db = request.getfixturevalue("_office_template")
        server = request.getfixturevalue("pg_server")
        shutil.copytree(template_root, root)
        database = server.url(server.new_database(template_db))
    printed = tmp_path / "printed"
    printed.mkdir()
    paths = DataPaths(root)
    settings = load_settings(paths)
    settings.printer_command = copy_printer(printed)
    settings.database = database
    save_settings(paths, settings)
    return root


@pytest.fixture
def printed_dir(station_dir) -> Path:
    return station_dir.parent / "printed"


@pytest.fixture
def loket_cli(station_dir):
    """Run the real ``loket`` command in a subprocess against the test station."""

    def run(*args: str, stdin: str = "", data_dir: Path | None = station_dir, env: dict | None = None,
            without: tuple[str, ...] = ()):
        """``without``: modules the command must find missing, as on an install without them.
        They are hidden inside the child itself: Windows' embeddable Python ignores PYTHONPATH."""
        full_env = dict(os.environ, LOKET_LANG="en")
        full_env.pop("LOKET_DATA_DIR", None)
        full_env.update(env or {})
        prefix = ["--data-dir", str(data_dir)] if data_dir is not None else []
        start = ["-m", "loket.cli"]
        if without:
            start = ["-c", f"import runpy, sys; sys.modules.update(dict.fromkeys({list(without)!r})); "
                           "runpy.run_module('loket.cli', run_name='__main__', alter_sys=True)"]
        return run_child([sys.executable, *start, *prefix, *args], input=stdin, capture_output=True,
                         text=True, env=full_env, timeout=120)

    return run


WINE_INTERNAL_ERROR = 1359  # ERROR_INTERNAL_ERROR


def run_child(argv: list[str], **options):
    """``subprocess.run``, started again when Wine could not create the process at all.

    Under Wine (the Windows lane) CreateProcess now and then fails with ERROR_INTERNAL_ERROR
    before the child exists, so nothing ran and starting it again is the same test. Any
    other failure, and a third such one, is raised as it came.
    """
    import subprocess
    import time

    for _ in range(2):
        try:
            return subprocess.run(argv, **options)
        except OSError as error:
            if getattr(error, "winerror", None) != WINE_INTERNAL_ERROR:
                raise
            time.sleep(0.5)
    return subprocess.run(argv, **options)


@pytest.fixture(scope="module")
def key_dir(tmp_path_factory):
    """A folder holding a freshly made station key (shared by a test module)."""
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="module")
def key(key_dir):
    from loket.printing.keys import generate_keypair

    return generate_keypair(key_dir, "7373-LKT01")


def pytest_addoption(parser):
    parser.addoption("--long", action="store_true", default=False,
                     help="the proof suite's long mode: 10,000 kills, 100,000 fuzz cases, more power cuts")


def pytest_configure(config):
    config.addinivalue_line("markers", "both_backends: run each test that uses a station on "
                            "a SQLite file and on an office database")
    if config.getoption("--long"):
        os.environ["LOKET_PROOF_LONG"] = "1"  # read when the fuzz module is imported


@pytest.fixture(scope="session")
def long_mode(request) -> bool:
    return bool(request.config.getoption("--long")) or os.environ.get("LOKET_PROOF_LONG") == "1"
