"""The desk's search through the database's text index, on a SQLite file and an office database.

Requests are taken through the station (validated, numbered, sealed), so the index
is kept in step by what a counter really does: an intake, a new Suket number, a
supervisor's correction. Expectations are computed from the rows themselves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import CLERK, SUPERVISOR
from dbkit import is_postgres, run
from loket.intake.samples import sample_records
from loket.station import Station
from loket.storage import desk, search
from loket.storage.desk import DeskFilter

pytestmark = pytest.mark.both_backends

NAMES = ("ABDUL MUSTAFA", "MUSTAFA KAMAL", "SITI AMINAH", "ANDI MUSTAFAR LATIF", "NUR AISYAH", "AB RAHMAN")


@pytest.fixture
def station(station_dir):
    opened = Station.open(station_dir)
    clerk = opened.login(*CLERK)
    start = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(hours=1)
    if start.date() != (start + dt.timedelta(minutes=len(NAMES))).date():
        # All on one calendar day: the date filter is checked by days (in the first hour
        # after midnight some rows fell on the day before and the test failed).
        start -= dt.timedelta(minutes=len(NAMES))
    opened.saved = [
        opened.submit(dataclasses.replace(record, name=name), clerk, now=start + dt.timedelta(minutes=index))
        for index, (name, record) in enumerate(zip(NAMES, sample_records(len(NAMES), seed=12)))
    ]
    yield opened
    opened.close()


def _names(db, flt, **kwargs) -> list[str]:
    return [row.name for row in desk.page(db, flt, **kwargs)]


def _set_state(station, index: int, state: str) -> None:
    run(station.db, "UPDATE requests SET state = ? WHERE id = ?", (state, station.saved[index].request_id))


def test_any_word_of_a_name_is_found_not_only_its_start(station):
    db = station.db
    # On the prefix search of the previous release "MUSTAFA" found MUSTAFA KAMAL only.
    assert _names(db, DeskFilter(search="mustafa")) == ["ABDUL MUSTAFA", "MUSTAFA KAMAL", "ANDI MUSTAFAR LATIF"]
    assert _names(db, DeskFilter(search="aminah")) == ["SITI AMINAH"]
    # Every word must be there, in any order; a short word is checked on the rows found.
    assert _names(db, DeskFilter(search="latif mustafa")) == ["ANDI MUSTAFAR LATIF"]
    assert _names(db, DeskFilter(search="mustafa ab")) == ["ABDUL MUSTAFA"]
    assert desk.count(db, DeskFilter(search="mustafa")) == 3
    assert desk.count(db, DeskFilter(search="kamal siti")) == 0


def test_short_texts_are_the_start_of_a_name(station):
    db = station.db
    # One or two letters cannot be looked up by trigrams: they are a name's start, as before.
    assert _names(db, DeskFilter(search="ab")) == ["AB RAHMAN", "ABDUL MUSTAFA"]
    assert _names(db, DeskFilter(search="n")) == ["NUR AISYAH"]
    assert desk.count(db, DeskFilter(search="ab")) == 2


def test_any_part_of_a_suket_number_is_found(station):
    db = station.db
    third = station.saved[2].number  # e.g. 471/0003/7373-LKT01/XI/2026
    office_part, sequence = third.split("/")[0], third.split("/")[1]
    assert sequence.startswith("0")
    for typed in (third, sequence, f"{sequence}/", f"/{sequence}/", third[-12:].lower()):
        found = [row.number for row in desk.page(db, DeskFilter(search=typed))]
        assert third in found and all(typed.upper().strip("/") in n for n in found), typed
    assert [row.number for row in desk.page(db, DeskFilter(search=sequence))] == [third]
    # The station id and the year are in every number: every request is found.
    assert desk.count(db, DeskFilter(search="lkt01")) == len(NAMES)
    assert desk.count(db, DeskFilter(search=f"{office_part}/")) == len(NAMES)


def test_nik_prefixes(station):
    db = station.db
    nik = station.saved[4].record.nik
    assert [row.name for row in desk.page(db, DeskFilter(search=nik[:12]))] == ["NUR AISYAH"]
    assert desk.count(db, DeskFilter(search=nik[:2])) == len(NAMES)  # every sample is of Palopo
    assert desk.search_kind(nik[:6]) == ("nik", nik[:6])
    assert desk.search_kind("0012") == ("number", "0012")  # no NIK starts with 0


def test_like_wildcards_typed_are_only_characters(station):
    for typed in ("%%%", "___", "a%b_c/"):
        assert desk.page(station.db, DeskFilter(states=(), search=typed)) == []


def test_matches_in_other_states_are_counted_by_the_filter_that_hides_them(station):
    db = station.db
    _set_state(station, 0, "void")  # ABDUL MUSTAFA
    _set_state(station, 1, "completed")  # MUSTAFA KAMAL
    flt = DeskFilter(search="mustafa")  # the desk's default filter: the states that need action
    assert _names(db, flt) == ["ANDI MUSTAFAR LATIF"]
    assert search.tally(db, flt) == search.Tally(1, {"state": 2})
    # Across every state on request.
    everywhere = dataclasses.replace(flt, states=())
    assert _names(db, everywhere) == ["ABDUL MUSTAFA", "MUSTAFA KAMAL", "ANDI MUSTAFAR LATIF"]
    assert search.tally(db, everywhere) == search.Tally(3, {})
    # Each filter names the matches only it hides; a row hidden by two is named by neither.
    purpose = station.saved[3].record.purpose
    other = "general" if purpose != "general" else "election_candidate"
    narrowed = DeskFilter(states=("queued", "completed"), purpose=other, search="mustafa")
    assert search.tally(db, narrowed) == search.Tally(0, {"purpose": 2} if other != station.saved[1].record.purpose
                                                      else {"purpose": 1})
    day = station.saved[0].issued_on
    later = DeskFilter(states=(), search="mustafa", created_from=day + dt.timedelta(days=1))
    assert search.tally(db, later) == search.Tally(0, {"dates": 3})
    prefix = DeskFilter(search="ab")
    _set_state(station, 5, "void")
    assert search.tally(db, prefix) == search.Tally(0, {"state": 2})
    assert search.tally(db, DeskFilter()) is None


def test_the_index_follows_corrections_and_new_numbers(station):
    db = station.db
    first = station.saved[0]
    supervisor = station.login(*SUPERVISOR)
    _set_state(station, 0, "rejected")
    corrected = station.correct(first.request_id, dataclasses.replace(first.record, name="ABDUL MUSTOFA"),
                                supervisor, "ejaan nama salah")
    assert corrected.saved is not None and corrected.saved.number != first.number
    assert _names(db, DeskFilter(search="mustafa")) == ["MUSTAFA KAMAL", "ANDI MUSTAFAR LATIF"]
    assert _names(db, DeskFilter(search="mustofa")) == ["ABDUL MUSTOFA"]
    # The request is found by its new number, no longer by its old one.
    assert [row.id for row in desk.page(db, DeskFilter(states=(), search=corrected.saved.number))] == [
        first.request_id]
    assert desk.page(db, DeskFilter(states=(), search=first.number)) == []


def test_text_search_pages_by_request_id_both_ways(station):
    db = station.db
    flt = DeskFilter(states=(), search="lkt01")
    ids = [saved.request_id for saved in station.saved]
    assert [row.id for row in desk.page(db, flt)] == ids
    assert [row.id for row in desk.page(db, flt, descending=True)] == ids[::-1]
    rows = desk.page(db, flt, limit=2)
    assert [row.id for row in desk.page(db, flt, after=rows[-1], limit=2)] == ids[2:4]
    assert [row.id for row in desk.page(db, flt, before=desk.get_row(db, ids[4]), limit=2)] == ids[2:4]
    assert [row.id for row in desk.last_page(db, flt, limit=2)] == ids[-2:]
    assert desk.search_order(flt) == "age" and desk.search_order(DeskFilter(search="ab")) == "name"


def test_a_text_search_reads_the_text_index(station):
    db = station.db
    flt = DeskFilter(search="mustafa")
    cursor = desk.page(db, flt, limit=1)[0]
    if not is_postgres(db):
        for kwargs in ({}, {"after": cursor}, {"before": cursor}):
            for descending in (False, True):
                plan = desk.query_plan(db, flt, descending=descending, **kwargs)
                assert any("VIRTUAL TABLE INDEX" in line for line in plan), plan
                assert not any("TEMP B-TREE" in line or line.startswith("SCAN t1") for line in plan), plan
        return
    # A few rows: PostgreSQL would rightly read the table, or walk the key; with
    # neither allowed, the search must be able to use its trigram index.
    run(db, "SET enable_seqscan = off")
    run(db, "SET enable_indexscan = off")
    try:
        for text, index in (("mustafa", "requests_search_name"), ("0001/", "requests_search_number")):
            plan = "\n".join(desk.query_plan(db, DeskFilter(states=(), search=text)))
            assert f"Bitmap Index Scan on {index}" in plan, plan
    finally:
        run(db, "RESET enable_seqscan")
        run(db, "RESET enable_indexscan")
