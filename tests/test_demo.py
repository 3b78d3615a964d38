"""`loket demo`: the prepared station and central, and the demo menu's outages.

The full-screen run itself is not driven here; its parts are: ``prepare_demo``
(real setup, real central on loopback), ``control`` (real HTTP to the control
routes) and the demo menu in the real app under the pilot.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from linkkit import until

from loket.central.faults import Faults
from loket.config import DataPaths, load_settings
from loket.demo import (
    DEFAULT_REVOKE_REASON,
    DEMO_MARKER,
    DEMO_STATION_ID,
    DemoError,
    control,
    prepare_demo,
)
from loket.i18n import get_language, set_language


@pytest.fixture(autouse=True)
def _indonesian():
    before = get_language()
    set_language("id")
    yield
    set_language(before)


@pytest.fixture
def demo(tmp_path):
    run = prepare_demo(tmp_path / "demo", samples=2)
    yield run
    run.stop()


def test_prepare_sets_up_users_central_token_and_a_queue(demo, tmp_path):
    from loket.station import Station

    assert demo.created and demo.seeded == 2
    assert (demo.root / DEMO_MARKER).is_file() and demo.station_dir == demo.root / "station"
    settings = load_settings(DataPaths(demo.station_dir))
    assert settings.office_code == "7373" and settings.station_id == DEMO_STATION_ID
    assert settings.central_url == demo.central_url and demo.central_url.startswith("http://127.0.0.1:")
    assert demo.central.store.authenticate(DEMO_STATION_ID, settings.central_token) is not None
    assert (demo.root / "central.db").is_file()

    station = Station.open(demo.station_dir)
    try:
        assert station.login("SUPERVISOR", "123456").role == "supervisor"
        assert station.login("PETUGAS", "111111").role == "clerk"
        assert station.queue_counts()["queued"] == 2
    finally:
        station.close()


def test_the_samples_have_their_slips_so_the_first_opening_recovers_none(demo):
    from loket.station import Station
    from loket.storage import queue

    station = Station.open(demo.station_dir)
    try:
        views = queue.recent_requests(station.db, station.settings.station_id)
        assert len(views) == 2
        for view in views:
            assert view.suket.pdf_path and Path(view.suket.pdf_path).is_file()
        assert station.recover_slips().messages() == []
    finally:
        station.close()


def test_a_second_start_keeps_the_station_and_fresh_starts_anew(tmp_path):
    root = tmp_path / "demo"
    first = prepare_demo(root, samples=1)
    token = load_settings(DataPaths(first.station_dir)).central_token
    first.stop()

    again = prepare_demo(root, samples=1)
    try:
        assert not again.created and again.seeded == 0
        settings = load_settings(DataPaths(again.station_dir))
        assert settings.central_token == token and settings.central_url == again.central_url
        assert again.central.store.authenticate(DEMO_STATION_ID, token) is not None
    finally:
        again.stop()

    fresh = prepare_demo(root, fresh=True, samples=0)
    try:
        assert fresh.created and fresh.seeded == 0
        assert load_settings(DataPaths(fresh.station_dir)).central_token != token
    finally:
        fresh.stop()


def test_fresh_never_deletes_a_folder_that_is_not_a_demo(tmp_path):
    precious = tmp_path / "station"
    precious.mkdir()
    (precious / "loket.db").write_bytes(b"real data")
    with pytest.raises(DemoError) as refused:
        prepare_demo(precious, fresh=True)
    assert str(precious) in refused.value.message() and "bukan folder demo" in refused.value.message()
    assert (precious / "loket.db").read_bytes() == b"real data"


def test_every_control_action_changes_central(demo):
    url, central = demo.central_url, demo.central
    said = control(url, "revoke", DEMO_STATION_ID, "Audit data oleh Kemendagri")
    station = central.store.station(DEMO_STATION_ID)
    assert station.status == "revoked" and station.revoke_reason == "Audit data oleh Kemendagri"
    assert "Audit data oleh Kemendagri" in said
    control(url, "restore", DEMO_STATION_ID)
    assert central.store.station(DEMO_STATION_ID).status == "active"
    control(url, "revoke", DEMO_STATION_ID, "   ")  # an empty reason gets the default one
    assert central.store.station(DEMO_STATION_ID).revoke_reason == DEFAULT_REVOKE_REASON
    control(url, "cut", DEMO_STATION_ID)
    assert central.faults.current.drop_rate == 1.0
    control(url, "errors", DEMO_STATION_ID)
    assert central.faults.current.status == 503 and central.faults.current.drop_rate == 0.0
    control(url, "rate_limit", DEMO_STATION_ID)
    assert central.faults.current.status == 429 and central.faults.current.retry_after == 5
    assert control(url, "heal", DEMO_STATION_ID) == "Sambungan pulih: semua gangguan dihapus."
    assert central.faults.current == Faults()


def test_control_says_plainly_when_central_refuses_or_cannot_be_reached(demo):
    with pytest.raises(DemoError) as refused:
        control(demo.central_url, "restore", "7373-NOPE")
    assert refused.value.message().startswith("Pusat demo menolak perintah (")
    demo.stop()
    with pytest.raises(DemoError) as unreachable:
        control(demo.central_url, "cut", DEMO_STATION_ID)
    assert demo.central_url in unreachable.value.message()


def test_the_demo_command_refuses_a_bad_port_in_one_sentence(loket_cli, tmp_path):
    done = loket_cli("demo", "--data-dir", str(tmp_path / "demo"), "--port", "70000")
    assert done.returncode == 2 and "70000" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "demo").exists()


async def choose(app, pilot, action: str, reason: str | None = None) -> None:
    """F12, then pick ``action`` in the list (after typing a reason, if given) with Enter."""
    from loket.tui.screens.demo_menu import MENU_ACTIONS, DemoMenu

    await pilot.press("f12")
    await until(pilot, lambda: isinstance(app.screen, DemoMenu) and app.screen.query("#demo-actions"), "the demo menu")
    if reason is not None:
        app.screen.query_one("#demo-reason", Input).value = reason
    options = app.screen.query_one("#demo-actions", OptionList)
    options.focus()
    options.highlighted = MENU_ACTIONS.index(action)
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, DemoMenu), "the menu to close")


async def test_the_demo_menu_plays_an_outage_the_header_follows(demo):
    from loket.config import save_settings
    from loket.tui.app import LoketApp
    from loket.tui.commands import LoketCommands
    from loket.tui.widgets.station_bar import LinkStatus

    paths = DataPaths(demo.station_dir)
    settings = load_settings(paths)
    settings.probe_interval = 0.2
    save_settings(paths, settings)
    central = demo.central
    app = LoketApp(demo.station_dir, language="id", demo=True)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.link is not None and app.link.state == "online", "the link")
        await until(pilot, lambda: central.store.count_items() == 2, "the sample requests to be sent")
        provider = LoketCommands(app.screen)
        assert "Menu demo: mainkan gangguan pusat" in [str(h.display) async for h in provider.discover()]

        await choose(app, pilot, "revoke", "Pemeriksaan keamanan")
        await until(pilot, lambda: central.store.station(DEMO_STATION_ID).status == "revoked", "the revocation")
        assert central.store.station(DEMO_STATION_ID).revoke_reason == "Pemeriksaan keamanan"
        await until(pilot, lambda: app.link.state == "revoked", "the header")
        assert str(app.screen.query_one(LinkStatus).render()).endswith(": Pemeriksaan keamanan")

        await choose(app, pilot, "restore")
        await until(pilot, lambda: app.link.state == "online", "the restored link")

        await choose(app, pilot, "cut")
        await until(pilot, lambda: central.faults.current.drop_rate == 1.0, "the cut")
        await until(pilot, lambda: app.link.state == "offline", "the header to say offline")
        await choose(app, pilot, "heal")
        await until(pilot, lambda: app.link.state == "online", "the link to come back")
        assert central.faults.current == Faults()


async def test_the_demo_menu_exists_only_in_demo_mode(demo):
    from loket.tui.app import LoketApp
    from loket.tui.screens.demo_menu import DemoMenu

    app = LoketApp(demo.station_dir, language="id")
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.link is not None, "the station to open")
        assert app.check_action("demo_menu", ()) is False
        await pilot.press("f12")
        await pilot.pause()
        assert not isinstance(app.screen, DemoMenu)
