"""The desk's search through the real app: any word of a name, and the list naming the
matches its filters hide, with the key that shows them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from textual.widgets import Input, Select

from conftest import CLERK
from loket.intake.samples import sample_records
from test_tui_desk import make_app, open_desk, open_station, settle

NAMES = ("ABDUL MUSTAFA", "MUSTAFA KAMAL", "SITI AMINAH", "ANDI MUSTAFAR LATIF")


def _seed(station_dir) -> list:
    station = open_station(station_dir)
    try:
        clerk = station.login(*CLERK)
        start = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(hours=1)
        saved = [station.submit(dataclasses.replace(record, name=name), clerk, now=start + dt.timedelta(minutes=i))
                 for i, (name, record) in enumerate(zip(NAMES, sample_records(len(NAMES), seed=5)))]
        # Two of them are settled: the desk's default filter (needs action) leaves them out.
        station.db.execute_sql("UPDATE requests SET state = 'void' WHERE id IN (?, ?)",
                               (saved[0].request_id, saved[1].request_id))
    finally:
        station.close()
    return saved


async def test_a_search_says_how_many_matches_other_states_hold_and_f10_shows_them(station_dir):
    _seed(station_dir)
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        await pilot.press("slash")
        search = desk.query_one("#desk-search", Input)
        for key in "mustafa":
            await pilot.press(key)
        await settle(app, pilot)
        # Found inside the name, not only at its start; the voided two are named, not lost.
        assert [row.name for row in desk.queue.rows] == ["ANDI MUSTAFAR LATIF"]
        assert desk.queue.position_text() == (
            "1–1 dari 1 · 2 cocok di status lain: tekan F10 untuk semua status")
        # F10 from the search box: every state, the hint gone, the search kept.
        assert app.focused is search
        await pilot.press("f10")
        await settle(app, pilot)
        assert desk.query_one("#filter-state", Select).value == "all"
        assert [row.name for row in desk.queue.rows] == ["ABDUL MUSTAFA", "MUSTAFA KAMAL", "ANDI MUSTAFAR LATIF"]
        assert desk.queue.position_text() == "1–3 dari 3"
        assert search.value == "mustafa"
        # Again: the state filter chosen before.
        await pilot.press("f10")
        await settle(app, pilot)
        assert desk.query_one("#filter-state", Select).value == "pending"
        assert [row.name for row in desk.queue.rows] == ["ANDI MUSTAFAR LATIF"]
        # Nothing on the list at all, yet matches elsewhere: still said.
        search.value = "kamal"
        await settle(app, pilot)
        assert desk.queue.rows == []
        assert desk.queue.position_text() == (
            "1 cocok di status lain: tekan F10 untuk semua status")
        search.value = "zzz"
        await settle(app, pilot)
        assert desk.queue.position_text() == "Tidak ada permohonan yang cocok."


async def test_the_hint_speaks_the_chosen_language(station_dir):
    _seed(station_dir)
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        desk.query_one("#desk-search", Input).value = "mustafa"
        await settle(app, pilot)
        await pilot.press("f9")
        await settle(app, pilot)
        assert desk.queue.position_text() == "1–1 of 1 · 2 matches in other states: press F10 for all states"


async def test_a_search_of_one_or_two_letters_says_it_looks_at_the_start_of_names_only(station_dir):
    _seed(station_dir)
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        search = desk.query_one("#desk-search", Input)
        await pilot.press("slash", "f10")
        search.value = "mu"
        await settle(app, pilot)
        # Two letters are too few for the text index: MUSTAFA KAMAL, not ABDUL MUSTAFA, and the list says why.
        assert [row.name for row in desk.queue.rows] == ["MUSTAFA KAMAL"]
        assert desk.queue.position_text() == "1–1 dari 1 · kurang dari 3 huruf: hanya awal nama"
        search.value = "mus"
        await settle(app, pilot)
        assert len(desk.queue.rows) == 3
        assert desk.queue.position_text() == "1–3 dari 3"
        search.value = "zz"
        await settle(app, pilot)
        assert desk.queue.position_text() == "Tidak ada permohonan yang cocok. · kurang dari 3 huruf: hanya awal nama"
        await pilot.press("f9")
        await settle(app, pilot)
        assert desk.queue.position_text() == "No request matches. · under 3 letters: start of names only"


async def test_a_keystroke_counts_its_matches_only_after_its_rows_are_on_screen(station_dir, monkeypatch):
    """A count of every match ran beside the page a keystroke waits for, and on two cores
    it delayed the frame with the narrowed rows; it now starts once they are painted."""
    from loket.storage import search

    _seed(station_dir)
    app = make_app(station_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        desk = await open_desk(app, pilot)
        queue = desk.queue
        seen: list[tuple[int, int]] = []  # (the query's generation, the generation painted) as a count starts
        tally = search.tally

        def noting_tally(db, flt):
            seen.append((queue.generation, queue.painted_generation))
            return tally(db, flt)

        monkeypatch.setattr(search, "tally", noting_tally)
        await pilot.press("slash")
        for key in "mus":
            await pilot.press(key)
            await settle(app, pilot)
        assert [row.name for row in queue.rows] == ["ANDI MUSTAFAR LATIF"]
        assert queue.position_text() == "1–1 dari 1 · 2 cocok di status lain: tekan F10 untuk semua status"
        assert len(seen) == 3
        assert all(painted == generation for generation, painted in seen), seen
