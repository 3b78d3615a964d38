"""The office watch's thread ends when its worker ends, however it ends.

Textual cancels a thread worker's task when a caller waiting on the worker gives
up (``asyncio.wait_for`` around ``worker.wait()``, or waiting for every worker),
without asking the thread to stop: a watch that only listened for
``Worker.cancel`` then looped for ever, and the process could not exit (its
thread pool waits for it). The desk bench on an office database hung there.
"""

from __future__ import annotations

import asyncio
import sys
import time

from linkkit import until
from loket.tui.app import LoketApp
from test_office import first_counter


def watching_threads() -> int:
    return sum(1 for frame in sys._current_frames().values()
               if any(f.f_code.co_name == "_keep_watching_office" for f in _stack(frame)))


def _stack(frame):
    while frame is not None:
        yield frame
        frame = frame.f_back


async def test_the_office_watch_stops_when_a_waiter_gives_up_on_it(tmp_path, pg_server):
    root = first_counter(tmp_path, pg_server.url(pg_server.new_database()))
    app = LoketApp(data_dir=root)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.station is not None and app.office is not None, "the station open")
        (watch,) = [w for w in app.workers if w.group == "office"]
        assert watching_threads() == 1
        try:
            await asyncio.wait_for(watch.wait(), 0.5)  # a caller that gives up waiting
        except (asyncio.TimeoutError, Exception):
            pass
        deadline = time.monotonic() + 15  # the watch looks every 3 s
        while watching_threads() and time.monotonic() < deadline:
            await pilot.pause(0.2)
        assert watching_threads() == 0, "the office watch's thread runs on after its worker ended"
