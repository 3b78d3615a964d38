"""The supervisor's desk at 100,000 queued requests: first paint and search keystrokes.

    python bench/bench_desk.py [--n 100000] [--rounds 5] [--data-dir DIR]

Seeds a fresh station with ``n`` requests (bench/seed_queue.py), then, headless
(Textual's test driver, 120x40), measures in alternating rounds:

(a) a bare Textual app (a screen of a few Static widgets and a footer) from its
    start to the first frame it hands to the terminal;
(b) the desk, pushed over the intake screen of a logged-in supervisor, from the push
    to the first frame handed to the terminal that shows its rows;
(c) a keystroke in the search box to the frame showing the narrowed rows, for
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

    def _display(self, screen, renderable) -> None:
        # The first frame handed to the terminal: the clock stops here.
        if renderable is not None and not self.painted.is_set():
            self.painted_at = time.perf_counter()
            self.painted.set()
        super()._display(screen, renderable)


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


def measured_app(station_dir: Path, painted: asyncio.Queue):
    """The counter app, noting each frame handed to the terminal that shows the desk
    list's rows for a query it has not shown before: (time, query generation)."""
    from loket.tui.app import LoketApp
    from loket.tui.widgets.queue_list import QueueList

    class MeasuredApp(LoketApp):
        shown_generation = 0

        def _display(self, screen, renderable) -> None:
            if renderable is not None:
                lists = screen.query(QueueList) if screen.is_attached else ()
                for queue in lists:
                    if queue.painted_generation > self.shown_generation:
                        self.shown_generation = queue.painted_generation
                        painted.put_nowait(time.perf_counter())
            super()._display(screen, renderable)

    return MeasuredApp(station_dir, language="id")


async def _settle(app) -> None:
    """Wait for the workers that end (not the link and office watches, which never do)."""
    await app.workers.wait_for_complete([w for w in app.workers if w.group not in ("link", "office")])


async def desk_round(station_dir: Path) -> tuple[float, list[float], int]:
    """(b) and (c) in one app run; also returns the rows the search left."""
    from textual.widgets import Input

    from loket.tui.screens.desk import DeskScreen
    from loket.tui.screens.intake import IntakeScreen

    painted: asyncio.Queue[float] = asyncio.Queue()
    app = measured_app(station_dir, painted)
    async with app.run_test(size=SIZE) as pilot:
        app.animation_level = "none"
        deadline = time.monotonic() + 60
        while app.station is None and time.monotonic() < deadline:
            await pilot.pause(0.02)
        supervisor = app.station.login(*SUPERVISOR)
        app.logged_in(supervisor)  # the intake screen, as after a supervisor's login
        while not isinstance(app.screen, IntakeScreen):
            await pilot.pause(0.02)
        await _settle(app)  # the region table and warm-up: not the desk's cost
        await pilot.pause()
        started = time.perf_counter()
        app.push_screen(DeskScreen(supervisor))
        first = await asyncio.wait_for(painted.get(), 60) - started
        await _settle(app)
        await pilot.pause()
        desk = app.screen
        search = desk.query_one("#desk-search", Input)
        search.focus()
        await pilot.pause()
        keys = []
        for index, key in enumerate(KEYSTROKES):
            if index == 4:  # from a NIK to a name
                search.value = ""
                await _settle(app)
                await pilot.pause()
                while not painted.empty():
                    painted.get_nowait()
            started = time.perf_counter()
            typing = asyncio.create_task(pilot.press(key.lower()))
            keys.append(await asyncio.wait_for(painted.get(), 30) - started)
            await typing
            await _settle(app)
            await pilot.pause()
            while not painted.empty():
                painted.get_nowait()
        left = len(desk.queue.rows)
    if os.environ.get("BENCH_DESK_VERBOSE"):
        print("keys:", " ".join(f"{k}={v * 1000:.0f}" for k, v in zip(KEYSTROKES, keys)))
    return first, keys, left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data-dir", help="a station already seeded (skips seeding; --n is then ignored)")
    args = parser.parse_args()
    # An installed package has its bytecode compiled at install time; a source
    # checkout may not. Compile first, so imports cost what they cost at the counter.
    import compileall

    compileall.compile_dir(str(HERE.parent / "loket"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        station = Path(args.data_dir) if args.data_dir else Path(tmp) / "station"
        if not args.data_dir:
            make_station(station, args.n)
        # One warm-up of each: the first run pays for imports and the page cache.
        asyncio.run(bare_first_paint())
        asyncio.run(desk_round(station))
        bare, desk, keys = [], [], []
        for _ in range(args.rounds):
            bare.append(asyncio.run(bare_first_paint()))
            first, strokes, left = asyncio.run(desk_round(station))
            desk.append(first)
            keys.extend(strokes)
    bm, dm, km = statistics.median(bare), statistics.median(desk), statistics.median(keys)
    print(f"command: python bench/bench_desk.py --n {args.n} --rounds {args.rounds}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"requests: {args.n:,}; headless {SIZE[0]}x{SIZE[1]}; {args.rounds} rounds, alternating")
    print(f"(a) bare Textual app, first paint:      median {bm * 1000:6.1f} ms  (min {min(bare) * 1000:.1f})")
    print(f"(b) desk pushed to its rows on screen:  median {dm * 1000:6.1f} ms  (min {min(desk) * 1000:.1f})")
    print(f"    ratio desk / bare: {dm / bm:.2f} (target at most 1.5)")
    print(f"(c) search keystroke to narrowed paint: median {km * 1000:6.1f} ms, "
          f"p90 {statistics.quantiles(keys, n=10)[-1] * 1000:.1f} ms, max {max(keys) * 1000:.1f} ms "
          f"over {len(keys)} keys (target under 100 ms); rows left after \"AN\": {left}")


if __name__ == "__main__":
    main()
