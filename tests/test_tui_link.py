"""The link to central as the clerk sees it: the header, the queue strip, F7, notifications.

Every app test runs the real counter app with the pilot against a real station
(``station_dir``) linked to a real reference central on loopback, and waits on
state by polling with a deadline.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from linkkit import connect, seed, until
from loket.i18n import get_language, set_language
from loket.sync.engine import SyncResult
from loket.sync.states import LinkReading
from loket.tui import link_words
from loket.tui.app import LoketApp
from loket.tui.commands import LoketCommands
from loket.tui.widgets.station_bar import LinkStatus
from loket.tui.widgets.key_bar import KeyBar
from loket.tui.widgets.sync_status import SyncStatus

STATION_ID = "7373-LKT01"
REASON = "Audit data kependudukan oleh Kementerian Dalam Negeri"


@pytest.fixture(autouse=True)
def _restore_language():
    before = get_language()
    yield
    set_language(before)


@pytest.fixture
def central(tmp_path):
    from loket.central.server import start_background

    server = start_background(tmp_path / "central.db")
    yield server
    server.stop()


def link_up(station_dir, central, probe_interval: float = 0.2) -> None:
    connect(station_dir, central.url, central.store.add_station(STATION_ID), probe_interval=probe_interval)


def make_app(station_dir, **kwargs) -> tuple[LoketApp, list[tuple[str, str]]]:
    """The app in Indonesian, and the list its notifications are copied into."""
    app = LoketApp(station_dir, language="id", **kwargs)
    app.animation_level = "none"
    notes: list[tuple[str, str]] = []
    shown = app.notify

    def notify(message, **kwargs):
        notes.append((str(message), kwargs.get("severity", "information")))
        shown(message, **kwargs)

    app.notify = notify
    return app, notes


def header(app) -> str:
    return str(app.screen.query_one(LinkStatus).render())


def strip(app) -> SyncStatus:
    return app.screen.query_one(SyncStatus)


def footer_keys(app) -> list[str]:
    return [description for _, description, _ in app.screen.query_one(KeyBar).items()]


def state(app) -> str:
    return app.link.state if app.link is not None else ""


def waiting(app) -> int | None:
    counts = app.queue_counts
    return None if counts is None else counts["queued"] + counts["sending"]


def queue_more(station_dir, count: int, seed_no: int) -> None:
    """Requests taken by another process on this station (as `loket intake` would)."""
    from loket.station import Station

    station = Station.open(station_dir)
    try:
        seed(station, count, seed=seed_no)
    finally:
        station.close()


# -- the words ------------------------------------------------------------------------

NOW = dt.datetime(2018, 7, 12, 10, 30, tzinfo=dt.timezone.utc)


def local(moment: dt.datetime, fmt: str) -> str:
    return moment.astimezone().strftime(fmt)


def test_every_state_has_its_own_words_in_both_languages():
    today = NOW - dt.timedelta(minutes=28)
    last_week = NOW - dt.timedelta(days=6)
    readings = {
        "online": LinkReading("online", today),
        "offline": LinkReading("offline", today, "timeout"),
        "degraded": LinkReading("degraded", today, "http_503"),
        "revoked": LinkReading("revoked", today, REASON, last_week),
        "unauthorized": LinkReading("unauthorized", today, "invalid_token"),
        "unset": LinkReading("unset"),
        "unknown": LinkReading("unknown"),
    }
    hhmm, full = local(today, "%H:%M"), local(last_week, "%d-%m-%Y %H:%M")
    set_language("id")
    now = NOW.astimezone()
    assert {state: link_words.describe_link(r, now) for state, r in readings.items()} == {
        "online": "Terhubung ke pusat",
        "offline": f"Terputus sejak {hhmm}",
        "degraded": f"Pusat bermasalah (503) sejak {hhmm}",
        "revoked": f"Otorisasi dicabut sejak {full}: {link_words.shorten(REASON)}",
        "unauthorized": "Stasiun tidak dikenali pusat: periksa token",
        "unset": "Tautan pusat: belum diatur",
        "unknown": "Tautan pusat: tidak diketahui",
    }
    assert link_words.describe_link(readings["revoked"], now, full=True).endswith(REASON)
    assert link_words.describe_link(LinkReading("degraded", today, "rate_limited"), now).startswith(
        "Pusat bermasalah (429)"
    )
    assert link_words.describe_link(LinkReading("offline", today, "http_503"), now) == f"Terputus (503) sejak {hhmm}"
    set_language("en")
    assert link_words.describe_link(readings["revoked"], now).startswith(f"Authorization revoked since {full}: ")
    assert link_words.describe_link(readings["offline"], now) == f"Offline since {hhmm}"
    assert link_words.describe_link(readings["unauthorized"], now) == "Station not recognised by central: check the token"


def test_a_long_reason_is_cut_at_a_word_and_fits_one_line():
    reason = "Pencabutan sementara\nkarena   " + "pemeriksaan berkas " * 10
    flat = " ".join(reason.split())
    short = link_words.shorten(reason)
    assert len(short) <= link_words.REASON_MAX and short.endswith("…") and "\n" not in short
    kept = short[:-1]
    assert flat.startswith(kept) and flat[len(kept)] == " "  # cut between two words
    assert link_words.shorten("Audit singkat") == "Audit singkat"


def test_queue_and_result_lines():
    set_language("id")
    counts = {"queued": 1498, "sending": 2, "synced": 40, "rejected": 1, "conflict": 1, "completed": 3, "void": 0}
    assert link_words.queue_line(counts) == "Antrean: 1.500 menunggu · 2 perlu tindakan"
    assert link_words.queue_line({**counts, "rejected": 0, "conflict": 0}) == "Antrean: 1.500 menunggu"
    finished = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    result = SyncResult("drained", 120, 118, 2, 0, 0, 0, finished, finished)
    assert link_words.result_line(result) == f"Sinkron terakhir {local(finished, '%H:%M')}: 120 terkirim, 0 ditolak, sisa 0"
    down = SyncResult("link_down", 0, 0, 0, 0, 0, 5, finished, finished, "timeout")
    assert link_words.result_line(down).endswith(down.message()) and link_words.result_is_bad(down) is False
    assert link_words.result_is_bad(SyncResult("failed", 0, 0, 0, 0, 0, 5, finished, finished, "bad_reply"))
    set_language("en")
    assert link_words.queue_line(counts) == "Queue: 1,500 waiting · 2 need action"


# -- the app ---------------------------------------------------------------------------


def test_the_reason_is_cut_to_the_room_the_header_gives_it():
    today, last_week = NOW - dt.timedelta(minutes=5), NOW - dt.timedelta(days=7)
    reading = LinkReading("revoked", today, REASON, last_week)
    now = NOW.astimezone()
    set_language("id")
    since = f"Otorisasi dicabut sejak {local(last_week, '%d-%m-%Y %H:%M')}"
    line = link_words.describe_link(reading, now, room=56)
    assert len(line) <= 56 and line.startswith(f"{since}: ") and line.endswith("…")
    kept = line[len(since) + 2:-1]
    assert REASON.startswith(kept) and REASON[len(kept)] == " "  # cut between two words, not at the edge
    # Too little room for a useful part of the reason: the line says what happened, and when.
    assert link_words.describe_link(reading, now, room=len(since) + 8) == since
    assert link_words.describe_link(reading, now) == f"{since}: {link_words.shorten(REASON)}"


async def test_revoked_then_restored_the_header_says_why_and_the_queue_drains(station_dir, central):
    link_up(station_dir, central)
    app, notes = make_app(station_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        # The queue line is drawn after the counts arrive: wait for it too, not only the counts.
        await until(pilot, lambda: state(app) == "online" and waiting(app) == 0
                    and strip(app).text.startswith("Antrean: 0 menunggu"), "the first probe")
        assert header(app) == "Terhubung ke pusat"
        assert strip(app).display
        assert not notes  # the first answer after start-up is no news

        central.store.revoke(STATION_ID, REASON)
        await until(pilot, lambda: state(app) == "revoked", "the revocation to show")
        revoked_at = dt.datetime.fromisoformat(central.store.station(STATION_ID).revoked_at.replace("Z", "+00:00"))
        # 100 columns: the line may take 70 of them, less its padding; the reason is cut to fit.
        assert header(app) == f"Otorisasi dicabut sejak {local(revoked_at, '%H:%M')}: {link_words.shorten(REASON, 37)}"
        assert app.screen.query_one(LinkStatus).has_class("-revoked")
        assert any(severity == "error" and REASON in text for text, severity in notes)

        # The counter carries on; what is taken meanwhile waits on this PC.
        await asyncio.to_thread(queue_more, station_dir, 3, 11)
        await until(pilot, lambda: waiting(app) == 3 and strip(app).text.startswith("Antrean: 3 menunggu"),
                    "the new requests to be counted")
        assert central.store.count_items() == 0

        central.store.restore(STATION_ID)
        await until(pilot, lambda: state(app) == "online", "the link to come back")
        assert ("Tersambung lagi ke pusat. Antrean dikirim otomatis.", "information") in notes
        await until(pilot, lambda: waiting(app) == 0 and not app.sync_running
                    and "3 terkirim, 0 ditolak, sisa 0" in strip(app).text, "the queue to drain")
        assert strip(app).text.startswith("Antrean: 0 menunggu")
    assert central.store.count_items() == 3


async def test_f7_sends_now_says_when_a_run_is_going_and_shows_the_last_result(station_dir, central):
    from loket.central.faults import parse_faults

    link_up(station_dir, central, probe_interval=60)  # one probe at start; nothing automatic after
    app, notes = make_app(station_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        # Coming online (from "unknown" at start) sends at once: nothing yet, but it says so.
        await until(pilot, lambda: state(app) == "online" and app.last_sync is not None and not app.sync_running,
                    "the first run")
        first = app.last_sync.finished_at
        assert strip(app).text == (
            f"Antrean: 0 menunggu   Sinkron terakhir {local(first, '%H:%M')}: 0 terkirim, 0 ditolak, sisa 0"
        )
        assert "Kirim" in footer_keys(app)

        await asyncio.to_thread(queue_more, station_dir, 2, 21)
        central.faults.set(parse_faults({"latency_ms": 500}))  # a slow central: the run takes a while
        await pilot.press("f7")
        await pilot.pause()
        assert app.sync_running and "Mengirim" in strip(app).text
        await pilot.press("f7")
        await pilot.pause()
        assert ("Pengiriman ke pusat sedang berjalan; tunggu sampai selesai.", "information") in notes

        await until(pilot, lambda: not app.sync_running, "the run to end", timeout=30)
        finished = app.last_sync.finished_at
        assert strip(app).text == (
            f"Antrean: 0 menunggu   Sinkron terakhir {local(finished, '%H:%M')}: 2 terkirim, 0 ditolak, sisa 0"
        )
        assert app.last_sync.message() in [text for text, _ in notes]  # F7 reports its result

        # The same, from the command palette.
        provider = LoketCommands(app.screen)
        hits = [h async for h in provider.search("kirim antrean")]
        assert [str(h.text) for h in hits] == ["Kirim antrean ke pusat sekarang"]
        previous = app.last_sync
        await hits[0].command()
        await until(pilot, lambda: app.last_sync is not previous and not app.sync_running, "the palette's run")
    assert central.store.count_items() == 2


async def settle_all_but_the_link(app, pilot, rounds: int = 3) -> None:
    """Like test_tui_save's settle, but not waiting for the link watch: it never ends."""
    for _ in range(rounds):
        others = [w for w in app.workers if w.group != "link"]
        if others:  # (an empty list would mean "every worker")
            await app.workers.wait_for_complete(others)
        await pilot.pause()


async def test_a_save_refreshes_the_counts_and_sends_at_once_while_online(station_dir, central, monkeypatch):
    import test_tui_save
    from test_tui_save import fill_quickly, log_in, save_through_confirm

    from loket.intake.samples import sample_record

    monkeypatch.setattr(test_tui_save, "settle", settle_all_but_the_link)
    from loket.tui.screens.saved import SavedScreen

    link_up(station_dir, central, probe_interval=60)  # no probe after the first: the save alone must do it
    app, _notes = make_app(station_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: state(app) == "online" and app.queue_counts is not None, "the first probe")
        await log_in(app, pilot)
        await fill_quickly(app, pilot, sample_record())
        await save_through_confirm(app, pilot)
        assert isinstance(app.screen, SavedScreen)
        await until(pilot, lambda: central.store.count_items() == 1 and not app.sync_running, "the request to arrive")
        await until(pilot, lambda: "1 terkirim" in strip(app).text, "the result line")
        assert strip(app).text.startswith("Antrean: 0 menunggu")


async def test_a_cut_link_warns_and_shows_since_when(station_dir, central):
    from loket.central.faults import parse_faults

    link_up(station_dir, central)
    app, notes = make_app(station_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: state(app) == "online", "the first probe")
        central.faults.set(parse_faults({"drop_rate": 1.0}))
        await until(pilot, lambda: state(app) == "offline", "two lost probes")
        assert header(app) == f"Terputus sejak {local(app.link.since, '%H:%M')}"
        assert app.screen.query_one(LinkStatus).has_class("-offline")
        assert any(severity == "warning" and text.startswith("Sambungan ke pusat terputus") for text, severity in notes)
        central.faults.set(parse_faults({}))
        await until(pilot, lambda: state(app) == "online", "the link to come back")


async def test_without_a_central_there_is_no_strip_and_no_f7(station_dir):
    app, notes = make_app(station_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.link is not None, "the station to open")
        assert header(app) == "Tautan pusat: belum diatur"
        assert not app.screen.query(SyncStatus)  # never mounted: nothing to send anywhere
        await pilot.pause()
        assert "Kirim" not in footer_keys(app) and "Menu demo" not in footer_keys(app)
        assert "English" in footer_keys(app)
        assert app.check_action("sync_now", ()) is False and app.check_action("demo_menu", ()) is False
        await pilot.press("f7", "f12")
        await pilot.pause()
        assert not app.sync_running and notes == []


async def test_requests_from_another_process_are_sent_while_online_without_a_key(station_dir, central):
    link_up(station_dir, central)
    app, _ = make_app(station_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: state(app) == "online" and not app.sync_running, "the first probe")
        await asyncio.to_thread(queue_more, station_dir, 2, 21)  # as `loket intake` would
        await until(pilot, lambda: central.store.count_items() == 2, "the probe to count and send them")
        await until(pilot, lambda: waiting(app) == 0 and not app.sync_running, "the strip to follow")
