"""Opening the database: pragmas, file mode, readable errors, migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import threading

import peewee
import pytest

from loket.storage import migrations, users
from loket.storage.db import check_integrity, open_database, write_tx
from loket.storage.errors import DatabaseUnavailable, SchemaTooNew


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_pragmas_in_force_and_file_is_private(tmp_path):
    path = tmp_path / "nested" / "data" / "loket.db"
    db = open_database(path)
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10000
        with write_tx(db):
            users.add_user(db, "ANI", "clerk", "1234", actor="test")
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        if os.name == "posix":  # Windows has no mode bits: the folder's access list protects the file
            assert _mode(path) == 0o600 and _mode(wal) == 0o600
        assert migrations.current_version(db) == migrations.LATEST
    finally:
        db.close()


def test_worker_threads_get_the_same_pragmas(tmp_path):
    db = open_database(tmp_path / "loket.db")
    seen = {}

    def worker():
        seen["synchronous"] = db.execute_sql("PRAGMA synchronous").fetchone()[0]
        seen["foreign_keys"] = db.execute_sql("PRAGMA foreign_keys").fetchone()[0]
        db.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    db.close()
    assert seen == {"synchronous": 2, "foreign_keys": 1}


@pytest.mark.skipif(os.name == "nt", reason="Windows has no group and other mode bits")
def test_existing_file_loses_group_and_other_access(tmp_path):
    path = tmp_path / "loket.db"
    path.touch()
    os.chmod(path, 0o664)
    open_database(path).close()
    assert _mode(path) == 0o600


def test_text_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "loket.db"
    path.write_text("these are notes, not a database\n" * 20)
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(path)
    assert caught.value.key == "storage.db.not_a_database"
    assert str(path) in caught.value.message("en")
    assert "not a Loket database" in caught.value.message("en")
    assert path.read_text().startswith("these are notes")  # left untouched


def test_damaged_database_is_refused(tmp_path):
    path = tmp_path / "loket.db"
    open_database(path).close()
    data = bytearray(path.read_bytes())
    data[16:100] = os.urandom(84)  # page size, format numbers and counters in the header
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(path)
    assert caught.value.key in ("storage.db.not_a_database", "storage.db.corrupt")


def test_other_programs_database_is_left_alone(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(path)
    assert caught.value.key == "storage.db.foreign"
    con = sqlite3.connect(path)
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert tables == {"recipes"}


def test_directory_in_place_of_the_file(tmp_path):
    (tmp_path / "loket.db").mkdir()
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(tmp_path / "loket.db")
    assert caught.value.key == "storage.db.not_a_database"


def test_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(blocker / "loket.db")
    assert caught.value.key == "storage.db.dir_unusable"
    assert str(blocker) in caught.value.message("en")


def _under_wine() -> bool:
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")


def _make_unwritable(path):
    """chmod for ordinary users; root ignores modes, so use the immutable flag there."""
    if os.name == "nt" and _under_wine():
        pytest.skip("Wine runs as root here, and the read-only attribute does not stop root")
    if os.name == "nt" or os.geteuid() != 0:
        os.chmod(path, 0o500 if path.is_dir() else 0o400)
        return lambda: os.chmod(path, 0o700 if path.is_dir() else 0o600)
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot make a file unwritable here (root without chattr support)")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_database_file(tmp_path):
    path = tmp_path / "loket.db"
    open_database(path).close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    undo = _make_unwritable(path)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            open_database(path)
    finally:
        undo()
    assert caught.value.key == "storage.db.read_only"
    assert "read-only" in caught.value.message("en")


@pytest.mark.skipif(os.name == "nt", reason="a folder's read-only attribute does not stop writing on Windows")
def test_unwritable_folder(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    undo = _make_unwritable(folder)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            open_database(folder / "loket.db")
    finally:
        undo()
    assert caught.value.key == "storage.db.dir_unusable"


def test_write_tx_takes_the_write_lock_at_begin(tmp_path):
    path = tmp_path / "loket.db"
    db = open_database(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with write_tx(db):
            # Nothing written yet, but the lock is already ours.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
        db.close()


def _write_refused_as_busy(db) -> None:
    db.execute_sql("PRAGMA busy_timeout = 50")
    with pytest.raises(DatabaseUnavailable) as caught:
        with write_tx(db):
            pass
    assert caught.value.key == "storage.db.busy"


def test_busy_database_gives_a_readable_error(tmp_path):
    path = tmp_path / "loket.db"
    db = open_database(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        _write_refused_as_busy(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()


def test_threads_of_one_process_write_in_turn_without_sqlites_busy_wait(tmp_path):
    """A second thread's write waits for the first's COMMIT on the process's own lock, and
    goes on at once: SQLite's busy wait (which sleeps and tries again, up to 20 ms late) is
    never met. Shown with the second thread's busy timeout at 0, which made it fail at
    BEGIN while the first held the file."""
    db = open_database(tmp_path / "loket.db")
    first_began, first_may_end = threading.Event(), threading.Event()
    outcome = {}

    def first() -> None:
        with write_tx(db):
            users.add_user(db, "ANI", "clerk", "1234", actor="test")
            first_began.set()
            first_may_end.wait(10)

    def second() -> None:
        db.execute_sql("PRAGMA busy_timeout = 0")  # this thread's own connection
        first_began.wait(10)
        try:
            with write_tx(db):
                outcome["ani_seen"] = users.find_user(db, "ANI") is not None
                users.add_user(db, "BUDI", "clerk", "5678", actor="test")
        except DatabaseUnavailable as exc:
            outcome["refused"] = exc.key

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        for thread in threads:
            thread.start()
        first_began.wait(10)
        first_may_end.set()
        for thread in threads:
            thread.join(10)
        assert outcome == {"ani_seen": True}
        assert {u.name for u in users.list_users(db)} >= {"ANI", "BUDI"}
    finally:
        db.close()


def test_a_thread_that_keeps_the_process_lock_too_long_is_left_to_sqlites_wait(tmp_path, monkeypatch):
    """A write that waits past the process's own wait goes on to SQLite's, whose busy
    timeout then says, in words, that the database is busy: never a thread stuck for good."""
    from loket.storage import backend

    monkeypatch.setattr(backend, "IN_PROCESS_WAIT_SECONDS", 0.05)
    db = open_database(tmp_path / "loket.db")
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with write_tx(db):
            users.add_user(db, "ANI", "clerk", "1234", actor="test")
            holding.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        holding.wait(10)
        _write_refused_as_busy(db)
    finally:
        done.set()
        holder.join(10)
        db.close()


def test_upgrade_from_version_1(tmp_path):
    path = tmp_path / "loket.db"
    old = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal"})
    old.connect()
    assert migrations.migrate(old, upto=1) == 1
    from loket.storage.pinhash import hash_pin

    # A supervisor as version 1 stored one (its code is gone: plain SQL).
    old.execute_sql("INSERT INTO users (name, role, pin_hash, created_at) VALUES ('LAMA', 'supervisor', ?, "
                    "'2018-07-12T08:30:00.000000Z')", (hash_pin("9876"),))
    tables = set(old.get_tables())
    old.close()
    assert "users" in tables and "requests" not in tables

    db = open_database(path)
    try:
        assert migrations.current_version(db) == migrations.LATEST
        assert {"requests", "sukets", "counters"} <= set(db.get_tables())
        versions = [v for (v,) in db.execute_sql("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, migrations.LATEST + 1))
        assert users.authenticate(db, "lama", "9876").role == "supervisor"
        assert check_integrity(db) == []
    finally:
        db.close()


def test_database_newer_than_the_code_is_refused(tmp_path):
    path = tmp_path / "loket.db"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, '2030-01-01T00:00:00Z')",
                (migrations.LATEST + 1,))
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNew) as caught:
        open_database(path)
    text = caught.value.message("en")
    assert f"schema version {migrations.LATEST + 1}" in text and f"up to version {migrations.LATEST}" in text


def test_a_failing_migration_leaves_the_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "loket.db"
    open_database(path).close()

    def broken(db):
        db.execute_sql("CREATE TABLE half_done (id INTEGER)")
        db.execute_sql("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + (broken,))
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST + 1)
    with pytest.raises(DatabaseUnavailable):
        open_database(path)
    monkeypatch.undo()
    db = open_database(path)
    try:
        assert migrations.current_version(db) == migrations.LATEST
        assert "half_done" not in db.get_tables()
    finally:
        db.close()


def test_several_databases_one_after_another(tmp_path):
    first = open_database(tmp_path / "a.db")
    users.add_user(first, "ANI", "clerk", "1234", actor="test")
    second = open_database(tmp_path / "b.db")
    users.add_user(second, "BUDI", "clerk", "1234", actor="test")
    # Each call works on the database it is handed, whichever was opened last.
    assert [u.name for u in users.list_users(first)] == ["ANI"]
    assert [u.name for u in users.list_users(second)] == ["BUDI"]
    first.close()
    second.close()
