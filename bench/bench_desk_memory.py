"""Resident memory with the supervisor's desk open at 100,000 requests, next to a bare pushed list.

    python bench/bench_desk_memory.py [--n 100000] [--rounds 5] [--idle 2]

Seeds a station with ``--n`` requests (bench/seed_queue.py). Each measurement is
its own process (headless, 120x40, Textual's test driver): either the counter app,
logged in as the supervisor, with the desk pushed over the intake screen, or
bench_desk.py's bare app with its bare line-API list of the same database pushed.
``--idle`` seconds after the first frame with rows, the resident set size is
read from /proc (Linux). Rounds interleave the two; the goal (issue 13) is the
desk at most 2 times the bare pushed list.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchkit import check_rounds, machine, ratios, report  # noqa: E402


def resident_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS line in /proc")


async def desk_resident(station_dir: Path, idle: float) -> int:
    import bench_desk as b

    from loket.tui.screens.desk import DeskScreen
    from loket.tui.screens.intake import IntakeScreen

    painted: asyncio.Queue[float] = asyncio.Queue()
    app = b.measured_app(station_dir, painted)
    async with app.run_test(size=b.SIZE) as pilot:
        while app.station is None:
            await pilot.pause(0.02)
        supervisor = app.station.login(*b.SUPERVISOR)
        app.logged_in(supervisor)
        while not isinstance(app.screen, IntakeScreen):
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        app.push_screen(DeskScreen(supervisor))
        await asyncio.wait_for(painted.get(), 60)
        await app.workers.wait_for_complete()
        await pilot.pause(idle)
        return resident_kib()


async def bare_resident(station_dir: Path, idle: float) -> int:
    import bench_desk as b

    painted = asyncio.Event()
    app = b.BareApp(painted)
    async with app.run_test(size=b.SIZE) as pilot:
        await pilot.pause()
        app.push_screen(b.BareListScreen(station_dir / "loket.db"))
        await asyncio.wait_for(painted.wait(), 30)
        await pilot.pause(idle)
        return resident_kib()


def measure(which: str, station_dir: Path, idle: float) -> int:
    out = subprocess.run([sys.executable, __file__, "--child", which, "--data-dir", str(station_dir),
                          "--idle", str(idle)], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise SystemExit(f"{which} run failed: {out.stderr[-800:]}")
    return int(out.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle", type=float, default=2.0)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("desk", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not os.path.exists("/proc/self/status"):
        print("bench_desk_memory reads /proc: run it on Linux", file=sys.stderr)
        return 2
    if args.child:
        run = desk_resident if args.child == "desk" else bare_resident
        print(asyncio.run(run(Path(args.data_dir), args.idle)))
        return 0
    check_rounds(parser, args.rounds)
    import bench_desk

    with tempfile.TemporaryDirectory() as tmp:
        station = Path(tmp) / "station"
        started = time.perf_counter()
        bench_desk.make_station(station, args.n)
        desk, bare = [], []
        for index in range(args.rounds):  # interleaved, alternating which goes first
            pair = [("desk", desk), ("bare", bare)]
            for which, into in (pair if index % 2 == 0 else pair[::-1]):
                into.append(measure(which, station, args.idle))
    print(f"machine: {machine()}; {args.n:,} requests; {time.perf_counter() - started:.0f} s in all")
    print(f"bare pushed list: median {statistics.median(bare) / 1024:.1f} MiB; "
          f"desk: median {statistics.median(desk) / 1024:.1f} MiB")
    report("desk", f"desk at {args.n:,}: resident memory / bare pushed list", ratios(desk, bare), target="<= 2",
           loket=desk, bare=bare,
           note=f"desk {statistics.median(desk) / 1024:.0f} MiB, bare {statistics.median(bare) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
