"""The supervisor's desk at 100,000 queued requests: first paint and search keystrokes.

    python bench/bench_desk.py [--n 100000] [--rounds 5]

Seeds a fresh station with ``n`` requests (bench/seed_queue.py), then, headless
(Textual's test driver, 120x40), measures in alternating rounds:

(a) a bare Textual app (a screen of a few Static widgets) from start to its first paint;
(b) the desk, from pushing DeskScreen to the first paint that shows its rows (the
    list posts RowsPainted, stamped with the time, when it draws rows of its
    current query; the clock stops at the refresh after that; the time the rows'
    frame was drawn is printed too);
(c) a keystroke in the search box to the repaint showing the narrowed rows, for
    each key of "7373" (a NIK prefix almost every row matches: the worst case)
    and of a name's first letters.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Footer, Static  # noqa: E402

SIZE = (120, 40)
SUPERVISOR = ("SUPERVISOR", "123456")
KEYSTROKES = ("7", "3", "7", "3", "A", "N")  # typed after clearing: "7373", then "AN"


class BareApp(App):
    """The baseline: what any Textual app costs to show its first screen."""

    def __init__(self, painted: asyncio.Event, **kwargs) -> None:
        super().__init__(**kwargs)
        self.painted = painted
        self.painted_at = 0.0

    def compose(self) -> ComposeResult:
        yield Static("Loket", id="title")
        yield Static("Antrean tertunda")
        yield Static("1–20 dari 100.000")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._done)

    def _done(self) -> None:
        self.painted_at = time.perf_counter()
        self.painted.set()


def make_station(root: Path, n: int) -> None:
    from seed_queue import seed_queue

    from loket.config import Settings
    from loket.setup import setup_station

    settings = Settings(office_code="7373", office_name="Disdukcapil Kota Palopo", station_id="7373-LKT01")
    setup_station(root, settings, *SUPERVISOR)
    started = time.perf_counter()
    seed_queue(root, n)
    print(f"seeded {n:,} requests in {time.perf_counter() - started:.1f} s")


async def bare_first_paint() -> float:
    painted = asyncio.Event()
    started = time.perf_counter()
    app = BareApp(painted)
    async with app.run_test(size=SIZE):
        await asyncio.wait_for(painted.wait(), 30)
        return app.painted_at - started


def measured_desk(supervisor, painted: asyncio.Queue):
    """The desk, noting when its list first paints rows of each query (the screen is
    where the list's messages stop)."""
    from loket.tui.screens.desk import DeskScreen
    from loket.tui.widgets.queue_list import QueueList

    class MeasuredDesk(DeskScreen):
        def on_queue_list_rows_painted(self, message: QueueList.RowsPainted) -> None:
            # Posted while the frame with the rows was drawn; the clock stops at the
            # refresh after it (the figure reported), and the drawing time is kept too.
            drawn = message.at
            self.call_after_refresh(lambda: painted.put_nowait((drawn, time.perf_counter())))

    return MeasuredDesk(supervisor)


async def desk_round(station_dir: Path) -> tuple[tuple[float, float], list[float], int]:
    """(b) and (c) in one app run; also returns the rows the search left."""
    from textual.widgets import Input

    from loket.tui.app import LoketApp

    app = LoketApp(station_dir, language="id")
    painted: asyncio.Queue[float] = asyncio.Queue()
    async with app.run_test(size=SIZE) as pilot:
        app.animation_level = "none"
        deadline = time.monotonic() + 60
        while app.station is None and time.monotonic() < deadline:
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()  # the region table preload: not the desk's cost
        supervisor = app.station.login(*SUPERVISOR)
        app.clerk = supervisor
        started = time.perf_counter()
        app.push_screen(measured_desk(supervisor, painted))
        drawn, refreshed = await asyncio.wait_for(painted.get(), 60)
        first = (drawn - started, refreshed - started)
        await app.workers.wait_for_complete()
        await pilot.pause()
        desk = app.screen
        search = desk.query_one("#desk-search", Input)
        search.focus()
        await pilot.pause()
        keys = []
        for index, key in enumerate(KEYSTROKES):
            if index == 4:  # from a NIK to a name
                search.value = ""
                await app.workers.wait_for_complete()
                await pilot.pause()
                while not painted.empty():
                    painted.get_nowait()
            started = time.perf_counter()
            typing = asyncio.create_task(pilot.press(key.lower()))
            keys.append((await asyncio.wait_for(painted.get(), 30))[1] - started)
            await typing
            await app.workers.wait_for_complete()
            await pilot.pause()
            while not painted.empty():  # a count arriving later repaints: not a new answer
                painted.get_nowait()
        left = len(desk.queue.rows)
    if os.environ.get("BENCH_DESK_VERBOSE"):
        print("keys:", " ".join(f"{k}={v * 1000:.0f}" for k, v in zip(KEYSTROKES, keys)))
    return first, keys, left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        station = Path(tmp) / "station"
        make_station(station, args.n)
        # One warm-up of each: the first run pays for imports and the page cache.
        asyncio.run(bare_first_paint())
        asyncio.run(desk_round(station))
        bare, drawn, desk, keys = [], [], [], []
        for _ in range(args.rounds):
            bare.append(asyncio.run(bare_first_paint()))
            (rows_drawn, first), strokes, left = asyncio.run(desk_round(station))
            drawn.append(rows_drawn)
            desk.append(first)
            keys.extend(strokes)
    bm, dm, km = statistics.median(bare), statistics.median(desk), statistics.median(keys)
    rm = statistics.median(drawn)
    print(f"command: python bench/bench_desk.py --n {args.n} --rounds {args.rounds}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"requests: {args.n:,}; headless {SIZE[0]}x{SIZE[1]}; {args.rounds} rounds, alternating")
    print(f"(a) bare Textual app, first paint:      median {bm * 1000:6.1f} ms  (min {min(bare) * 1000:.1f})")
    print(f"(b) desk pushed to rows painted:        median {dm * 1000:6.1f} ms  (min {min(desk) * 1000:.1f})")
    print(f"    ratio desk / bare: {dm / bm:.2f} (target at most 1.5)")
    print(f"    of which the frame drawing the rows: median {rm * 1000:.1f} ms after the push "
          f"(ratio {rm / bm:.2f})")
    print(f"(c) search keystroke to narrowed paint: median {km * 1000:6.1f} ms, "
          f"p90 {statistics.quantiles(keys, n=10)[-1] * 1000:.1f} ms, max {max(keys) * 1000:.1f} ms "
          f"over {len(keys)} keys (target under 100 ms); rows left after \"AN\": {left}")


if __name__ == "__main__":
    main()
