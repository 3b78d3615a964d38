"""The benchmark runner's own pieces: a re-run replaces its failure line, and a bench's
seeding keeps up with central's schema (both broke unnoticed once)."""

from __future__ import annotations

import sys
from pathlib import Path

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
