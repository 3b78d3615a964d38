"""Python's garbage collections in the running counter app: how often, how long, where.

    python bench/bench_gc_pauses.py [--n 10000] [--saves 1000] [--pdf-first]

Seeds a station (bench/seed_queue.py), runs the app headless (Textual's test driver,
120x40), logs the supervisor in and waits for the warm-up after login, as
bench_desk.py does. Then it counts the objects the collector tracks, times a full
collection, and with a callback on ``gc.callbacks`` times every collection during
(1) ``--saves`` saves from a worker thread, as the intake form saves, and (2) 16
keystrokes in the desk's search box ("7373" four times). ``--pdf-first`` loads the
PDF and QR libraries before the login, as a clerk's warm-up loads them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_desk as desk_bench  # noqa: E402

collections_seen: list[tuple[int, float]] = []  # (generation, seconds)
_started = [0.0]


def _watch(phase: str, info: dict) -> None:
    if phase == "start":
        _started[0] = time.perf_counter()
    else:
        collections_seen.append((info["generation"], time.perf_counter() - _started[0]))


def _summary(label: str) -> None:
    for generation in (0, 1, 2):
        took = [seconds for gen, seconds in collections_seen if gen == generation]
        if took:
            print(f"  {label}, generation {generation}: {len(took)} collections, median "
                  f"{statistics.median(took) * 1e3:.2f} ms, longest {max(took) * 1e3:.2f} ms")
    collections_seen.clear()


def _spread(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    print(f"{label}: median {statistics.median(ordered) * 1e3:.2f} ms, p99 "
          f"{ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1e3:.2f} ms, "
          f"longest {ordered[-1] * 1e3:.2f} ms")


async def run(station_dir: Path, saves: int, pdf_first: bool) -> None:
    from textual.widgets import Input

    from bench_intake_tx import fresh_records
    from loket.tui.screens.desk import DeskScreen
    from loket.tui.screens.intake import IntakeScreen

    painted: asyncio.Queue[float] = asyncio.Queue()
    app = desk_bench.measured_app(station_dir, painted)
    async with app.run_test(size=desk_bench.SIZE) as pilot:
        app.animation_level = "none"
        while app.station is None:
            await pilot.pause(0.02)
        supervisor = app.station.login(*desk_bench.SUPERVISOR)
        if pdf_first:
            app.station.warm_up()
        app.logged_in(supervisor)
        while not isinstance(app.screen, IntakeScreen):
            await pilot.pause(0.02)
        await desk_bench._settle(app)
        await pilot.pause()
        tracked, frozen = len(gc.get_objects()), gc.get_freeze_count()
        full = []
        for _ in range(3):
            started = time.perf_counter()
            gc.collect()
            full.append(time.perf_counter() - started)
        print(f"after login and the warm-up: {tracked:,} objects tracked, {frozen:,} frozen; a full "
              f"collection {min(full) * 1e3:.1f} to {max(full) * 1e3:.1f} ms")
        records = fresh_records(app.station, saves)
        now = dt.datetime.now().astimezone().replace(microsecond=0)
        timed: list[float] = []

        def burst() -> None:
            for record in records:
                started = time.perf_counter()
                app.station.submit(record, supervisor, now=now)
                timed.append(time.perf_counter() - started)

        gc.callbacks.append(_watch)
        try:
            await asyncio.get_running_loop().run_in_executor(None, burst)
            _spread(f"{len(timed)} saves", timed)
            _summary("during the saves")
            app.push_screen(DeskScreen(supervisor))
            await asyncio.wait_for(painted.get(), 60)
            await desk_bench._settle(app)
            await pilot.pause()
            collections_seen.clear()
            search = app.screen.query_one("#desk-search", Input)
            search.focus()
            await pilot.pause()
            keys: list[float] = []
            for _ in range(4):
                for key in "7373":
                    started = time.perf_counter()
                    typing = asyncio.create_task(pilot.press(key))
                    await asyncio.wait_for(painted.get(), 30)
                    keys.append(time.perf_counter() - started)
                    await typing
                    await desk_bench._settle(app)
                    await pilot.pause()
                    while not painted.empty():
                        painted.get_nowait()
                search.value = ""
                await desk_bench._settle(app)
                await pilot.pause()
                while not painted.empty():
                    painted.get_nowait()
            _spread(f"{len(keys)} desk keystrokes", keys)
            _summary("during the keystrokes and the clearing between them")
        finally:
            gc.callbacks.remove(_watch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="requests seeded (default 10,000)")
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--pdf-first", action="store_true", help="load the PDF and QR libraries before the login")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        station = Path(tmp) / "station"
        desk_bench.make_station(station, args.n)
        asyncio.run(run(station, args.saves, args.pdf_first))


if __name__ == "__main__":
    main()
