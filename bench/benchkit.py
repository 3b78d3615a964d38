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


def cpu_times(stat: Path = Path("/proc/stat")) -> tuple[int, int] | None:
    """(stolen, all) CPU time of every core so far, in clock ticks, from Linux's ``/proc/stat``;
    None where there is no such file. "Stolen" is the time the host gave to its other guests
    while this machine wanted the CPU: a virtual machine can be busy there at a load average
    of 0, and then every timing is slowed without the load showing it."""
    try:
        first = stat.read_text(encoding="ascii").splitlines()[0].split()
    except (OSError, IndexError):
        return None
    if not first or first[0] != "cpu" or len(first) < 9:
        return None
    # user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is
    # already counted in user and nice, so the total is the first eight.
    ticks = [int(value) for value in first[1:9]]
    return ticks[7], sum(ticks)


def stolen_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """The share of the CPU time between two ``cpu_times()`` that the host took (0 to 1)."""
    if before is None or after is None or after[1] <= before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def conditions(load_at_start: float | None, stolen: float | None) -> str:
    """How quiet the machine was, for a table's heading: load average and stolen time."""
    parts = []
    if load_at_start is not None:
        parts.append(f"load average {load_at_start:.2f} at the start")
    if stolen is not None:
        parts.append(f"{stolen:.0%} of the CPU time taken by the host's other guests during the run")
    return "; ".join(parts) if parts else "load not known on this system"


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
