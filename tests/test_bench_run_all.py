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
