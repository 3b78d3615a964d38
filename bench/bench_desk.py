"""The supervisor's desk at 100,000 queued requests: first paint and search keystrokes.

    python bench/bench_desk.py [--n 100000] [--rounds 5] [--data-dir DIR]
    python bench/bench_desk.py --n 1000000 --make DIR   (seed a station to keep, and stop)

Seeds a fresh station with ``n`` requests (bench/seed_queue.py), then, headless
(Textual's test driver, 120x40), measures in alternating rounds, push against push:

(a) a bare Textual app pushing a bare line-API list (a ScrollView whose lines are
    the first rows of the same database, read with plain sqlite3 when it mounts),
    from the push to the first frame handed to the terminal that shows the list;
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
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from rich.segment import Segment  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.geometry import Size  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.scroll_view import ScrollView  # noqa: E402
from textual.strip import Strip  # noqa: E402
from textual.widgets import Static  # noqa: E402

from benchkit import check_rounds, machine, ratios, report  # noqa: E402

SIZE = (120, 40)
SUPERVISOR = ("SUPERVISOR", "123456")
KEYSTROKES = ("7", "3", "7", "3", "A", "N")  # typed after clearing: "7373", then "AN"


class BareList(ScrollView):
    """The least a list of requests can be: one line of text per row, drawn by the line API."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.rows: list[str] = []

    def on_mount(self) -> None:
        import sqlite3

        conn = sqlite3.connect(self.db_path)
        try:
            (total,) = conn.execute("SELECT COUNT(*) FROM requests").fetchone()
            found = conn.execute("SELECT id, state, created_at, payload FROM requests ORDER BY id DESC LIMIT 60")
            self.rows = [f"{id_:>7} {state:<10} {created[:16]} {payload[:80]}" for id_, state, created, payload in found]
        finally:
            conn.close()
        self.rows.insert(0, f"{total:,} requests")
        self.virtual_size = Size(120, len(self.rows))

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= len(self.rows):
            return Strip.blank(self.size.width)
        return Strip([Segment(self.rows[index][: self.size.width])])


class BareListScreen(Screen):
    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        yield BareList(self.db_path)


class BareApp(App):
    """The baseline: a bare app that pushes a bare list the way Loket pushes the desk."""

    def __init__(self, painted: asyncio.Event, **kwargs) -> None:
        super().__init__(**kwargs)
        self.painted = painted
        self.painted_at = 0.0

    def compose(self) -> ComposeResult:
        yield Static("Loket")

    def _display(self, screen, renderable) -> None:
        # The first frame of the pushed list handed to the terminal: the clock stops here.
        if renderable is not None and isinstance(screen, BareListScreen) and not self.painted.is_set():
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
    # The seeded Sukets have no PDF: each app run would render every one of them when
    # it opens the station (slip recovery), which is not the desk's work. Name a file
    # for each, as if printed before.
    import sqlite3

    conn = sqlite3.connect(root / "loket.db")
    with conn:
        conn.execute("UPDATE sukets SET pdf_path = 'seeded-' || number || '.pdf' WHERE pdf_path IS NULL")
    conn.close()


async def bare_push(station_dir: Path) -> float:
    painted = asyncio.Event()
    app = BareApp(painted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        app.push_screen(BareListScreen(station_dir / "loket.db"))
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
    """Wait for the workers that end (not the link and office watches, which never do).

    Only those: Textual's ``wait_for_complete`` given an empty list waits for *every*
    worker, the never-ending office watch included (the desk rounds on an office
    database hung there). A check replaced by a newer one is cancelled: it has ended too.
    """
    from textual.worker import WorkerCancelled

    while True:
        ending = [w for w in app.workers if w.group not in ("link", "office") and not w.is_finished]
        if not ending:
            return
        try:
            await app.workers.wait_for_complete(ending)
        except WorkerCancelled:
            pass


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
    parser.add_argument("--make", metavar="DIR", help="seed a station of --n requests into DIR (a new folder) and stop")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if args.make:
        make_station(Path(args.make), args.n)
        return
    # An installed package has its bytecode compiled at install time; a source
    # checkout may not. Compile first, so imports cost what they cost at the counter.
    import compileall

    compileall.compile_dir(str(HERE.parent / "loket"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        station = Path(args.data_dir) if args.data_dir else Path(tmp) / "station"
        if not args.data_dir:
            make_station(station, args.n)
        else:  # the figures name the queue measured, not --n
            import sqlite3

            conn = sqlite3.connect(station / "loket.db")
            (args.n,) = conn.execute("SELECT COUNT(*) FROM requests").fetchone()
            conn.close()
        # One warm-up of each: the first run pays for imports and the page cache.
        asyncio.run(bare_push(station))
        asyncio.run(desk_round(station))
        bare, desk, keys = [], [], []
        for index in range(args.rounds):  # interleaved, alternating which goes first
            if index % 2:
                first, strokes, left = asyncio.run(desk_round(station))
                bare.append(asyncio.run(bare_push(station)))
            else:
                bare.append(asyncio.run(bare_push(station)))
                first, strokes, left = asyncio.run(desk_round(station))
            desk.append(first)
            keys.extend(strokes)
    print(f"machine: {machine()}; requests: {args.n:,}; headless {SIZE[0]}x{SIZE[1]}")
    print(f"(a) bare list pushed to its first frame: median {statistics.median(bare) * 1000:6.1f} ms")
    print(f"(b) desk pushed to its rows on screen:   median {statistics.median(desk) * 1000:6.1f} ms")
    report("desk", f"desk at {args.n:,}: first frame after the push / bare pushed list", ratios(desk, bare),
           target="<= 1.3", loket=desk, bare=bare)
    ordered = sorted(keys)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(f"(c) search keystroke to narrowed paint: median {statistics.median(keys) * 1000:.1f} ms, "
          f"p99 {p99 * 1000:.1f} ms over {len(keys)} keys; rows left after \"AN\": {left}")
    report("desk", f"desk at {args.n:,}: search keystroke, ms (p99 {p99 * 1000:.0f} ms; goal 50 median, 100 p99)",
           [k * 1000 for k in keys], unit="ms", target="< 50")


if __name__ == "__main__":
    main()
