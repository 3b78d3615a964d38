"""The benchmark runner's own pieces: a re-run replaces its failure line, a bench's
seeding keeps up with central's schema (both broke unnoticed once), and the save's
baseline is timed in the same state as the save."""

from __future__ import annotations

import sys
import sqlite3
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))


def test_a_rerun_benchmark_replaces_its_failure_line_and_keeps_the_others():
    from run_all import BEGIN, END, kept_rows

    doc = "\n".join([BEGIN, "| benchmark | figure |", "| --- | --- |", "| desk | first frame |",
                     "| central: failed (exit 1): table items has 11 columns | |",
                     "| intake (one core): failed (exit 1): boom | |", "| central | a batch |", END])
    assert kept_rows(doc, {"central"}) == ["| desk | first frame |", "| intake (one core): failed (exit 1): boom | |"]
    assert kept_rows(doc, {"central", "intake"}) == ["| desk | first frame |"]


def test_the_central_scale_bench_seeds_the_current_central_schema(tmp_path):
    from bench_central_scale import STATION_ID, fill

    store = fill(tmp_path / "central.db", 3)
    try:
        assert len(store.statuses(STATION_ID, [f"C7373-{n:08d}" for n in (1, 2, 3)])) == 3
    finally:
        store.close()


def test_the_table_says_how_much_cpu_the_host_took(tmp_path):
    """A virtual machine at a load average of 0 can still lose a quarter of its CPU to the
    host's other guests: the table's heading says so, read from /proc/stat's steal column."""
    from benchkit import conditions, cpu_times, stolen_share
    from run_all import table

    stat = tmp_path / "stat"
    stat.write_text("cpu  100 0 50 800 10 0 0 40 0 0\ncpu0 50 0 25 400 5 0 0 20 0 0\n")
    before = cpu_times(stat)
    assert before == (40, 1000)
    stat.write_text("cpu  200 0 100 1400 10 0 0 290 7 0\n")
    after = cpu_times(stat)
    assert stolen_share(before, after) == 250 / 1000
    assert stolen_share(after, before) is None  # a counter that went back: not a share
    stat.write_text("intr 1 2 3\n")
    assert cpu_times(stat) is None
    assert cpu_times(tmp_path / "missing") is None
    said = conditions(0.02, stolen_share(before, after))
    assert said == "load average 0.02 at the start; 25% of the CPU time taken by the host's other guests during the run"
    assert conditions(None, None) == "load not known on this system"
    assert "Conditions: " + said + "." in table([], [], "python bench/run_all.py", said)


def _bare_commits(path: Path, autocheckpoint: int):
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA wal_autocheckpoint={autocheckpoint}")
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")

    def commit() -> None:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO items (body) VALUES (?)", ("x" * 1200,))
        conn.execute("COMMIT")
    return conn, commit


def test_the_bare_commit_is_timed_once_its_wal_has_begun_again(tmp_path):
    """A growing WAL file makes each commit dearer (about 1.5 times here): the bare
    baseline of the save was once timed in its first 300 commits, against a station whose
    WAL had long been reused. The warm-up now commits until the WAL restarts."""
    from bench_intake_tx import _wal_begun_again

    conn, commit = _bare_commits(tmp_path / "bare.db", autocheckpoint=100)
    wal = tmp_path / "bare.db-wal"
    calls = _wal_begun_again(commit, wal, limit=5_000)
    assert calls > 10  # a hundred pages, a couple a commit: it did not stop at once
    size = wal.stat().st_size
    for _ in range(3 * calls):
        commit()
    assert wal.stat().st_size == size  # from here on, commits write over the old frames
    conn.close()


def test_a_wal_that_never_begins_again_stops_the_bench_in_words(tmp_path):
    from bench_intake_tx import _wal_begun_again

    conn, commit = _bare_commits(tmp_path / "bare.db", autocheckpoint=0)
    with pytest.raises(SystemExit, match="was not begun again after 50 commits"):
        _wal_begun_again(commit, tmp_path / "bare.db-wal", limit=50)
    conn.close()
