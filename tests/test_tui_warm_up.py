"""What the warm-up after login loads: a clerk gets the PDF libraries for the first Suket,
a supervisor the desk (the PDF library alone holds about 30 MiB; it loads with a
supervisor's first slip). Each case runs in its own process, so ``sys.modules`` is its own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import CLERK, SUPERVISOR

SCRIPT = """
import asyncio, sys
from pathlib import Path
from loket.tui.app import LoketApp

async def main(path, name, pin):
    app = LoketApp(Path(path), language="id")
    async with app.run_test(size=(80, 24)) as pilot:
        while app.station is None:
            await pilot.pause(0.02)
        app.logged_in(app.station.login(name, pin))
        for _ in range(3):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
        print("fpdf" in sys.modules, "loket.storage.desk" in sys.modules, app.station._key is not None)

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.mark.parametrize(("who", "expected"), [(CLERK, "True False True"), (SUPERVISOR, "False True True")])
def test_the_warm_up_loads_what_the_role_needs_first(station_dir, who, expected):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(station_dir), *who], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-3:] == expected.split()


HEAP = """
import asyncio, gc, sys, weakref
from pathlib import Path
from loket.tui.app import LoketApp

class Node:
    pass

async def main(path, name, pin):
    held = [Node()]
    held[0].me = held[0]  # a cycle: only the collector frees it
    node = weakref.ref(held[0])
    app = LoketApp(Path(path), language="id")
    async with app.run_test(size=(80, 24)) as pilot:
        while app.station is None:
            await pilot.pause(0.02)
        before = gc.get_freeze_count()
        app.logged_in(app.station.login(name, pin))
        for _ in range(3):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
        kept = gc.get_freeze_count()
        held.clear()  # dropped during the session
        gc.collect()
        while_kept = node() is None
        app._log_out()
        await pilot.pause(0.1)
        released = gc.get_freeze_count()
        gc.collect()
        print(before, kept, released, while_kept, node() is None)

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.mark.parametrize("who", [CLERK, SUPERVISOR])
def test_the_sessions_objects_leave_the_full_collections_after_the_warm_up_until_logout(station_dir, who):
    done = subprocess.run([sys.executable, "-c", HEAP, str(station_dir), *who], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    before, kept, released, while_kept, after = done.stdout.split()[-5:]
    # Textual, the screens, the warm-up's libraries (some Pythons start with a few frozen already)
    assert int(kept) > int(before) + 10_000
    # Garbage from the session's objects waits for the logout, and is collected then.
    assert (while_kept, int(released), after) == ("False", 0, "True")
