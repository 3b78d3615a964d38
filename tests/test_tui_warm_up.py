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
