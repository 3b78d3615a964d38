"""The counter app on an office database that goes away and comes back.

A real PostgreSQL server behind a proxy that plays the cable: the header must say
the office server is down (in words of its own, not central's), saving must go on,
and when the cable is back the held requests must move and the clerk be told.
"""

from __future__ import annotations

import pytest

from conftest import CLERK
from linkkit import until
from loket.intake.samples import sample_record
from loket.tui.app import LoketApp
from tcpcut import CuttingProxy
from test_office import first_counter, join
from textual.widgets import Input


@pytest.fixture
def proxied_counter(tmp_path, pg_server):
    proxy = CuttingProxy(pg_server.port)
    url = pg_server.url(pg_server.new_database()).replace(f":{pg_server.port}/", f":{proxy.port}/")
    first_counter(tmp_path, url)
    yield join(tmp_path, url, "7373-LKT02"), proxy
    proxy.close()


async def test_the_header_says_the_office_server_is_down_and_held_requests_move_back(proxied_counter):
    root, proxy = proxied_counter
    app = LoketApp(data_dir=root)
    async with app.run_test(size=(120, 40)) as pilot:
        # Logged in without waiting for every worker: the office watch never ends.
        await until(pilot, lambda: app.station is not None and app.office is not None, "the station open")
        app.screen.query_one("#login-name", Input).value = CLERK[0]
        app.screen.query_one("#login-pin", Input).value = CLERK[1]
        app.screen.query_one("#login-pin", Input).focus()
        await pilot.press("enter")
        # The counter's screen is mounted a moment after the login: wait for its line too.
        await until(pilot, lambda: getattr(app, "clerk", None) is not None and app.screen.query("#office-line"),
                    "the clerk logged in")
        office_line = app.screen.query_one("#office-line")
        assert not office_line.display
        proxy.down = True
        proxy.cut_all()
        await until(pilot, lambda: app.office is not None and not app.office.reachable
                    and app.screen.query_one("#office-line").display, "the office seen down")
        text = str(app.screen.query_one("#office-line").render())
        assert "Server kantor terputus" in text
        saved = app.station.submit(sample_record(), app.clerk)  # the save path the form uses
        assert saved.number.startswith("471/0001/7373-LKT02/")
        await until(pilot, lambda: app.office.held == 1, "the held request counted")
        proxy.down = False
        await until(pilot, lambda: app.office.reachable and not app.screen.query_one("#office-line").display,
                    "the office back")
        await until(pilot, lambda: any("sudah dipindahkan" in str(n.message) for n in app._notifications),
                    "the held request moved back")
