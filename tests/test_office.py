"""One office, many counters, one PostgreSQL database: joining, sharing, racing.

Every test here runs against a real PostgreSQL server started for the session
(see pgkit.py), through the real ``loket`` command or the Station API in separate
processes, as counters of one office would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLERK, OFFICE_NAME, SUPERVISOR

HERE = Path(__file__).parent
OFFICE_FLAGS = [
    "--office-code", "7373", "--office-name", OFFICE_NAME, "--office-address", "Jl. Andi Djemma No. 1, Palopo",
    "--head-name", "Drs. ANDI MUHAMMAD, M.Si", "--head-nip", "196801011990031005",
]


def loket(data_dir: Path, *args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, LOKET_LANG="en")
    full_env.pop("LOKET_DATA_DIR", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "loket.cli", "--data-dir", str(data_dir), *args],
                          input=stdin, capture_output=True, text=True, env=full_env, timeout=180)


@pytest.fixture
def office_url(pg_server) -> str:
    """An empty office database on the test server."""
    return pg_server.url(pg_server.new_database())


def first_counter(tmp_path: Path, url: str) -> Path:
    root = tmp_path / "counter1"
    done = loket(root, "setup", "--database", url, *OFFICE_FLAGS, "--station-id", "7373-LKT01",
                 "--supervisor", SUPERVISOR[0], "--pin-stdin", stdin=SUPERVISOR[1] + "\n")
    assert done.returncode == 0, done.stderr
    added = loket(root, "user", "add", CLERK[0], "--role", "clerk", "--as", SUPERVISOR[0], "--pin-stdin",
                  stdin=SUPERVISOR[1] + "\n" + CLERK[1] + "\n")
    assert added.returncode == 0, added.stderr
    return root


def join(tmp_path: Path, url: str, station_id: str) -> Path:
    root = tmp_path / station_id
    done = loket(root, "setup", "--database", url, "--station-id", station_id)
    assert done.returncode == 0, done.stderr
    assert f"Joined the office {OFFICE_NAME} as counter {station_id}" in done.stdout
    return root


def test_the_first_counter_makes_the_office_and_the_next_joins_it(tmp_path, office_url):
    from loket.config import DataPaths, load_settings
    from loket.station import Station
    from loket.storage import office, users

    one = first_counter(tmp_path, office_url)
    two = join(tmp_path, office_url, "7373-LKT02")
    settings = load_settings(DataPaths(two))
    # Not asked for the office: its letterhead comes from the office database.
    assert (settings.office_name, settings.head_nip, settings.database) == (
        OFFICE_NAME, "196801011990031005", office_url)
    keys = {loket(root, "keys", "export").stdout for root in (one, two)}
    assert len(keys) == 2  # a key of its own
    station = Station.open(two)
    try:
        clerk = users.authenticate(station.db, *CLERK)  # the office's users log in on any counter
        assert clerk.role == "clerk"
        assert [s.station_id for s in office.stations(station.db)] == ["7373-LKT01", "7373-LKT02"]
    finally:
        station.close()
    listed = loket(two, "user", "list")
    assert CLERK[0] in listed.stdout and SUPERVISOR[0] in listed.stdout


def test_numbers_are_per_counter_and_one_open_request_per_nik_holds_office_wide(tmp_path, office_url):
    from loket.intake.samples import sample_record
    from loket.station import Station
    from loket.storage import desk, users
    from loket.storage.errors import DuplicateOpenRequest

    one = Station.open(first_counter(tmp_path, office_url))
    one.close()
    two_dir = join(tmp_path, office_url, "7373-LKT02")
    numbers = []
    for root, nik in ((tmp_path / "counter1", "7373011705900001"), (two_dir, "7373011705900002")):
        station = Station.open(root)
        try:
            clerk = users.authenticate(station.db, *CLERK)
            numbers.append(station.submit(sample_record(nik=nik), clerk).number)
            if root == two_dir:
                with pytest.raises(DuplicateOpenRequest):
                    station.submit(sample_record(nik="7373011705900001"), clerk)  # open at counter 1
                rows = desk.page(station.db, desk.DeskFilter(), sort="age")
                assert {row.station_id for row in rows} == {"7373-LKT01", "7373-LKT02"}
        finally:
            station.close()
    today = dt.date.today()
    assert numbers[0].startswith("471/0001/7373-LKT01/") and numbers[1].startswith("471/0001/7373-LKT02/")
    assert numbers[0].endswith(str(today.year))


def test_a_counter_id_another_counter_holds_is_refused(tmp_path, office_url):
    first_counter(tmp_path, office_url)
    other = loket(tmp_path / "thief", "setup", "--database", office_url, "--station-id", "7373-LKT01")
    assert other.returncode == 2
    assert "already registered with the office under another key" in other.stderr
    assert "Traceback" not in other.stderr


def test_a_password_given_once_is_kept_the_libpq_way_never_in_the_settings(tmp_path, pg_server, office_url):
    import pgkit

    passfile = tmp_path / "pgpass"
    env = {"PGPASSFILE": str(passfile)}
    with_password = office_url.replace("@", f":{pgkit.PASSWORD}@", 1).replace(
        f"{pgkit.SUPERUSER}:", f"{pgkit.SUPERUSER}:", 1)
    root = tmp_path / "counter1"
    done = loket(root, "setup", "--database", with_password, *OFFICE_FLAGS, "--station-id", "7373-LKT01",
                 "--supervisor", SUPERVISOR[0], "--pin-stdin", stdin=SUPERVISOR[1] + "\n", env=env)
    assert done.returncode == 0, done.stderr
    assert pgkit.PASSWORD not in (root / "loket.toml").read_text()
    assert pgkit.PASSWORD in passfile.read_text()
    if os.name == "posix":
        assert passfile.stat().st_mode & 0o077 == 0
    # The next command finds the password where libpq looks for it.
    assert loket(root, "user", "list", env=env).returncode == 0
    # Without it, the counter says what is missing, in words.
    passfile.unlink()
    refused = loket(root, "user", "list", env=env)
    assert refused.returncode != 0 and "asks for a password" in refused.stderr and "Traceback" not in refused.stderr


def test_an_unreachable_office_server_is_named_in_words(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    done = loket(tmp_path / "c", "setup", "--database", f"postgresql://loket@127.0.0.1:{port}/kantor",
                 *OFFICE_FLAGS, "--supervisor", "KABID", "--pin-stdin", stdin="123456\n")
    assert done.returncode == 2
    assert f"127.0.0.1:{port}/kantor cannot be reached" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "c" / "loket.toml").exists()


def test_four_counters_and_a_sync_at_once_lose_nothing_and_send_nothing_twice(tmp_path, office_url):
    """Four counter processes each take PER_COUNTER intakes into one office database while a
    sync of each counter runs against the reference central; then every count must agree."""
    from linkkit import Central, connect
    from loket.station import Station
    from loket.storage import audit
    from loket.storage.db import check_integrity

    per_counter = int(os.environ.get("LOKET_OFFICE_INTAKES", "250"))
    central = Central(tmp_path / "central.db")
    try:
        roots = [first_counter(tmp_path, office_url)]
        roots += [join(tmp_path, office_url, f"7373-LKT0{n}") for n in (2, 3, 4)]
        for n, root in enumerate(roots, start=1):
            connect(root, central.url, central.server.store.add_station(f"7373-LKT0{n}"))
        contested = [f"73730117059{9000 + n:05d}"[-16:] for n in range(20)]
        workers = [
            subprocess.Popen([sys.executable, str(HERE / "office_worker.py"), str(root), str(per_counter),
                              str(1000 * n), *contested], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n, root in enumerate(roots, start=1)
        ]
        # Syncs run while the counters save: each counter sends its own station's items.
        while any(worker.poll() is None for worker in workers):
            for root in roots:
                assert loket(root, "sync").returncode in (0, 2)
        reports = []
        for worker in workers:
            out, err = worker.communicate(timeout=300)
            assert worker.returncode == 0, err
            reports.append(json.loads(out.strip().splitlines()[-1]))
        for root in roots:  # drain what was saved after the last pass
            assert loket(root, "sync").returncode == 0

        station = Station.open(roots[0])
        try:
            db = station.db
            from dbkit import run

            (total,) = run(db, "SELECT COUNT(*) FROM requests").fetchone()
            won = [nik for report in reports for nik in report["won"]]
            assert total == 4 * per_counter + len(won)  # 0 lost
            assert sorted(won) == sorted(set(won)) == sorted(contested)  # each contested NIK once
            numbers = [row[0] for row in run(db, "SELECT number FROM sukets").fetchall()]
            assert len(numbers) == len(set(numbers)) == total  # 0 duplicate numbers
            for station_id, count, first, last in run(
                    db, "SELECT station_id, COUNT(*), MIN(queue_no), MAX(queue_no) FROM requests GROUP BY station_id"):
                assert (first, last) == (1, count), station_id  # gapless per counter
            for report in reports:
                saved_ids = {item["id"] for item in report["saved"]}
                found = {row[0] for row in run(db, "SELECT id FROM requests WHERE station_id = ?", (report["station"],))}
                assert saved_ids <= found  # every reported save is there
            assert audit.verify_chain(db).ok
            assert check_integrity(db) == []
            states = dict(run(db, "SELECT state, COUNT(*) FROM requests GROUP BY state").fetchall())
            assert states == {"synced": total}
        finally:
            station.close()
        items = central.items()
        keys = [item["idempotency_key"] for item in items]
        assert len(keys) == len(set(keys)) == total  # 0 items sent twice
    finally:
        central.stop()


def test_a_station_of_the_previous_release_moves_into_an_office_database(tmp_path, office_url):
    import shutil

    root = tmp_path / "old"
    shutil.copytree(HERE / "data" / "station-v4", root)
    refused = loket(root, "migrate-to", office_url)
    assert refused.returncode == 2 and "--as" in refused.stderr  # a supervisor's decision
    moved = loket(root, "migrate-to", office_url, "--as", "SUPERVISOR", "--pin-stdin", stdin="123456\n")
    assert moved.returncode == 0, moved.stderr
    assert "6 requests, 6 documents, 17 audit events" in moved.stdout  # 16, and the approving login
    assert "intact" in loket(root, "audit", "verify").stdout
    assert list(root.glob("loket-moved-*.db"))  # the old file, kept; loket.db is now the holding queue
    listed = loket(root, "user", "list")
    assert "CLERK" in listed.stdout and "SUPERVISOR" in listed.stdout
    # A counter joining afterwards continues its own numbers; the moved one continues its own.
    from loket.intake.samples import sample_record
    from loket.station import Station
    from loket.storage import users

    station = Station.open(root)
    try:
        saved = station.submit(sample_record(), users.authenticate(station.db, "CLERK", "246810"),
                               now=dt.datetime(2026, 3, 11, 1, 0, tzinfo=dt.timezone.utc))
        assert (saved.queue_no, saved.number) == (7, "471/0006/7373-LKT01/III/2026")
    finally:
        station.close()
    # The same station moved twice would be two stations signing as one: refused, nothing written.
    shutil.copytree(HERE / "data" / "station-v4", tmp_path / "copy")
    again = loket(tmp_path / "copy", "migrate-to", office_url, "--as", "SUPERVISOR", "--pin-stdin", stdin="123456\n")
    assert again.returncode == 2 and "already in that office database" in again.stderr
    assert "Traceback" not in again.stderr and (tmp_path / "copy" / "loket.db").exists()


def test_moved_requests_are_never_sent_to_central_twice(tmp_path, station_dir, office_url):
    from linkkit import STATION_ID, Central, connect, seed
    from loket.station import Station

    central = Central(tmp_path / "central.db")
    try:
        connect(station_dir, central.url, central.server.store.add_station(STATION_ID))
        station = Station.open(station_dir)
        seed(station, 5)
        station.close()
        assert loket(station_dir, "sync").returncode == 0
        station = Station.open(station_dir)
        seed(station, 3, seed=9)
        station.close()
        moved = loket(station_dir, "migrate-to", office_url, "--as", SUPERVISOR[0], "--pin-stdin",
                      stdin=SUPERVISOR[1] + "\n")
        assert moved.returncode == 0, moved.stderr
        synced = loket(station_dir, "sync", "--json")
        assert synced.returncode == 0, synced.stderr
        summary = json.loads(synced.stdout)
        assert (summary["sent"], summary["accepted"], summary["left"]) == (3, 3, 0)
        keys = [item["idempotency_key"] for item in central.items()]
        assert len(keys) == len(set(keys)) == 8
    finally:
        central.stop()


def _office_rows(pg_server, url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Straight from the server (not through the proxy), as an operator in psql would look."""
    import psycopg

    import pgkit

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(host="127.0.0.1", port=pg_server.port, user=pgkit.SUPERUSER, password=pgkit.PASSWORD,
                         dbname=name) as con:
        return [tuple(row) for row in con.execute(sql, params).fetchall()]


def test_a_counter_keeps_serving_while_the_office_database_is_down_and_each_request_arrives_once(
        tmp_path, pg_server, office_url):
    from loket.intake.samples import nik_for, sample_record
    from loket.station import Station
    from tcpcut import CuttingProxy

    proxy = CuttingProxy(pg_server.port)
    via = office_url.replace(f":{pg_server.port}/", f":{proxy.port}/")
    born = dt.date(1990, 5, 17)

    def record(serial: int):
        return sample_record(nik=nik_for("737301", born, "L", serial))

    try:
        first_counter(tmp_path, via)
        two = join(tmp_path, via, "7373-LKT02")
        station = Station.open(two)
        clerk = station.login(*CLERK)
        numbers = [station.submit(record(1), clerk).number]
        # The cable is pulled with the app open: the next saves are held on this PC.
        proxy.down = True
        proxy.cut_all()
        numbers += [station.submit(record(n), clerk).number for n in (2, 3)]
        state = station.office_link.state()
        assert (state.reachable, state.held) == (False, 2) and "tidak dapat dihubungi" in state.problem
        assert station.login(*CLERK).name == CLERK[0]  # the office's people still log in
        station.close()
        # A counter started while the server is down opens on its own file.
        station = Station.open(two)
        assert station.office_link.holding
        numbers.append(station.submit(record(4), station.login(*CLERK)).number)
        assert [n.split("/")[1] for n in numbers] == ["0001", "0002", "0003", "0004"]
        # The cable comes back but is cut again at many points of the move: the office
        # database holds either none of the held requests or all of them, never a part.
        proxy.down = False
        for cut in (2_000, 5_000, 9_000, 14_000, 20_000, 30_000, 45_000, None):
            proxy.cut_after = cut
            station.office_link.reach_office()
            (count,) = _office_rows(pg_server, office_url,
                                    "SELECT COUNT(*) FROM requests WHERE station_id = '7373-LKT02'")[0]
            assert count in (1, 4), cut
            if not station.office_link.holding:
                break
        assert not station.office_link.holding and station.office_link.state().held == 0
        # Saves cut mid-transaction, at many points: each lands once, at the office or held.
        for serial, cut in enumerate((300, 1_000, 2_500, 4_000, 6_000, 9_000), start=10):
            proxy.cut_after = cut
            station.submit(record(serial), station.login(*CLERK))
        proxy.cut_after = None
        station.office_link.reach_office()
        assert not station.office_link.holding
        station.close()
    finally:
        proxy.close()
    rows = _office_rows(pg_server, office_url,
                        "SELECT nik, COUNT(*) FROM requests WHERE station_id = '7373-LKT02' GROUP BY nik")
    assert len(rows) == 10 and all(count == 1 for _, count in rows)
    (numbers_seen, distinct) = _office_rows(
        pg_server, office_url, "SELECT COUNT(number), COUNT(DISTINCT number) FROM sukets WHERE station_id = '7373-LKT02'")[0]
    assert numbers_seen == distinct == 10
    assert "intact" in loket(two, "audit", "verify").stdout


def test_status_names_the_office_database_and_keeps_working_while_it_is_down(tmp_path, pg_server, office_url):
    from tcpcut import CuttingProxy

    proxy = CuttingProxy(pg_server.port)
    try:
        via = office_url.replace(f":{pg_server.port}/", f":{proxy.port}/")
        first_counter(tmp_path, via)
        root = join(tmp_path, via, "7373-LKT02")
        up = loket(root, "status", "--no-probe")
        assert up.returncode == 0 and "Office database: connected" in up.stdout
        proxy.down = True
        down = loket(root, "status", "--no-probe", "--json")
        assert down.returncode == 0, down.stderr
        office = json.loads(down.stdout)["office_database"]
        assert office["reachable"] is False and office["held_on_this_pc"] == 0
        words = loket(root, "status", "--no-probe")
        assert "Office database: unreachable since" in words.stdout and "Traceback" not in words.stderr
    finally:
        proxy.close()
