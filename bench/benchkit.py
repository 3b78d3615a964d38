"""What every benchmark shares: interleaved rounds, ratio summaries, results for the table.

A benchmark measures Loket and its bare baseline in the same run, alternating
(round 1: Loket then bare, round 2: bare then Loket, ...), so a machine that
gets busier half way hurts both alike. It reports the ratio of each round and
their median, min and max; ``report`` also appends one JSON line per figure to
the file named by ``BENCH_RESULTS`` (``run_all.py`` builds its table from them).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIN_ROUNDS = 5


def interleaved(rounds: int, loket: Callable[[], float], bare: Callable[[], float]) -> tuple[list[float], list[float]]:
    """``rounds`` measurements of each, alternating which goes first; lists in round order."""
    ours, theirs = [], []
    for index in range(rounds):
        if index % 2 == 0:
            ours.append(loket())
            theirs.append(bare())
        else:
            theirs.append(bare())
            ours.append(loket())
    return ours, theirs


def ratios(ours: list[float], theirs: list[float]) -> list[float]:
    return [a / b for a, b in zip(ours, theirs)]


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f}, min {min(values):.2f}, max {max(values):.2f}"


def machine() -> str:
    pinned = ""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
        if cores != os.cpu_count():
            pinned = f", pinned to {cores} of them"
    return (f"{os.cpu_count()} cores{pinned}, {platform.machine()}, {platform.system()}, "
            f"Python {platform.python_version()}")


def report(bench: str, figure: str, values: list[float], *, target: str = "", unit: str = "x",
           loket: list[float] | None = None, bare: list[float] | None = None, note: str = "") -> None:
    """Print one figure's spread and hand it to ``run_all.py``'s table."""
    print(f"{figure}: {spread(values)}{' ' + unit if unit != 'x' else ''}"
          f"{f'  (target {target})' if target else ''}  over {len(values)} rounds")
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    row = {"bench": bench, "figure": figure, "unit": unit, "rounds": len(values),
           "median": statistics.median(values), "min": min(values), "max": max(values), "target": target,
           "note": note, "machine": machine(), "argv": " ".join(sys.argv[1:])}
    if loket:
        row["loket_median"] = statistics.median(loket)
    if bare:
        row["bare_median"] = statistics.median(bare)
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


def check_rounds(parser, rounds: int) -> None:
    if rounds < 1:
        parser.error("--rounds must be at least 1")
    if rounds < MIN_ROUNDS:
        print(f"note: {rounds} rounds; the published figures use at least {MIN_ROUNDS}", file=sys.stderr)
