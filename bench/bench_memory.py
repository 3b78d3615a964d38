"""Resident memory of `loket` idle at its login screen, next to a bare Textual app.

    python bench/bench_memory.py [--rounds 5] [--idle 2]

Both run in a real 80x24 pseudo-terminal; ``--idle`` seconds after the first
screen appears (the login screen's PIN label; the bare app's table cell) the
resident set size is read from /proc (Linux). Loket by then has opened its
station and the region table in a worker, as a counter does while the clerk
types the PIN. The baseline is bench/bare_app.py (an Input and a DataTable).
Rounds interleave the two; the goal (issue 13) is at most 1.5 times the bare app.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_startup import BARE_MARKER, LOKET_MARKER, make_station  # noqa: E402
from benchkit import check_rounds, interleaved, machine, ratios, report  # noqa: E402
from ptyrun import resident_after_text  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle", type=float, default=2.0, help="seconds after the first screen (default 2)")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if not os.path.exists("/proc/self/status"):
        print("bench_memory reads /proc: run it on Linux", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        station = Path(tmp) / "station"
        make_station(station)
        env = dict(os.environ, LOKET_LANG="id")
        loket_argv = [sys.executable, "-m", "loket.cli", "--data-dir", str(station)]
        bare_argv = [sys.executable, str(HERE / "bare_app.py")]
        loket, bare = interleaved(args.rounds, lambda: resident_after_text(loket_argv, LOKET_MARKER, env, args.idle),
                                  lambda: resident_after_text(bare_argv, BARE_MARKER, env, args.idle))
    mib = [k / 1024 for k in loket]
    print(f"machine: {machine()}; {args.rounds} interleaved rounds, {args.idle:g} s after the first screen")
    print(f"bare Textual app: median {statistics.median(bare) / 1024:.1f} MiB")
    print(f"loket, login:     median {statistics.median(loket) / 1024:.1f} MiB")
    report("memory", "resident memory at the idle login screen: loket / bare Textual app", ratios(loket, bare),
           target="<= 1.5", loket=loket, bare=bare,
           note=f"loket {statistics.median(mib):.0f} MiB, bare {statistics.median(bare) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
