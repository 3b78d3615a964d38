"""The desk's first page is an index walk on both databases, NIK prefixes above all.

On PostgreSQL a btree orders equal keys by where the rows lie on disk, not by id, and
it does not merge the arms of a ``UNION ALL`` by itself: a NIK prefix such as "73"
(nearly every row of an office) or the default list sorted every match for its first
page, seconds at a million requests. These tests read the plans (what the database
will do), never a time. With a handful of rows PostgreSQL would rightly read the table;
sequential and bitmap scans are therefore priced out here, so the plan shows whether
a walk of an index in the page's order, stopped after one page, exists at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from conftest import CLERK
from dbkit import is_postgres, run
from loket.intake.samples import sample_records
from loket.station import Station
from loket.storage import desk, desk_ranges
from loket.storage.desk import DeskFilter

pytestmark = pytest.mark.both_backends

NAMES = ("ABDUL MUSTAFA", "ABU BAKAR", "SITI AMINAH", "ABDI RAHMAN", "NUR AISYAH", "ANDI LATIF", "ABRAR", "WAODE")
PLANNER_OFF = ("enable_seqscan", "enable_incremental_sort", "enable_bitmapscan")


@pytest.fixture
def station(station_dir):
    opened = Station.open(station_dir)
    clerk = opened.login(*CLERK)
    start = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(hours=1)
    for index, (name, record) in enumerate(zip(NAMES, sample_records(len(NAMES), seed=9))):
        opened.submit(dataclasses.replace(record, name=name), clerk, now=start + dt.timedelta(minutes=index))
    yield opened
    opened.close()


def _plans(db, flt: DeskFilter, sort: str = "urgency") -> list[list[str]]:
    cursor = desk.page(db, flt, sort, limit=2)[-1]
    return [desk.query_plan(db, flt, sort, descending, **kwargs)
            for descending in (False, True) for kwargs in ({}, {"after": cursor}, {"before": cursor})]


def _assert_index_walk(db, plan: list[str]) -> None:
    text = "\n".join(plan)
    if is_postgres(db):
        # Each state's arm is a walk of an index in the page's order, stopped by its own
        # LIMIT; what is merged (or sorted) above them is at most a page per state.
        nodes = [line.strip().removeprefix("->").strip() for line in plan if "(cost=" in line]
        assert not any(re.match(r"Incremental Sort|Seq Scan|Bitmap", node) for node in nodes), text
        scans = [index for index, node in enumerate(nodes) if re.match(r"Index (Only )?Scan", node)]
        assert scans and all(index > 0 and nodes[index - 1].startswith("Limit") for index in scans), text
    else:
        assert "TEMP B-TREE" not in text and not re.search(r"^SCAN requests\b", text, re.M), text
        assert re.search(r"SEARCH \w+ USING (COVERING )?INDEX", text), text


@pytest.mark.parametrize("search", ["7", "73", "7373", "AB", ""])
def test_the_first_page_and_its_neighbours_walk_an_index_in_order(station, search):
    db = station.db
    states = [(), desk.PENDING_STATES]
    if is_postgres(db):
        for setting in PLANNER_OFF:
            run(db, f"SET {setting} = off")
    try:
        for chosen in states:
            for sort in (("urgency", "nik", "age", "name") if not search else ("urgency",)):
                for plan in _plans(db, DeskFilter(states=chosen, search=search), sort):
                    _assert_index_walk(db, plan)
    finally:
        if is_postgres(db):
            for setting in PLANNER_OFF:
                run(db, f"RESET {setting}")


def test_a_prefix_is_one_range_up_to_the_next_prefix():
    assert desk_ranges.prefix_end("73") == "74"
    assert desk_ranges.prefix_end("7399") == "74"  # digits: "7399..." ends before "74"
    assert desk_ranges.prefix_end("AN") == "AO"
    assert desk_ranges.prefix_end("999") is None and desk_ranges.prefix_end("\U0010ffff") is None  # no upper end
    assert desk_ranges.prefix_end("A\ud7ff") == "A\ue000"  # never a lone surrogate


def test_a_nik_prefix_ending_in_nine_finds_its_rows(station):
    db = station.db
    niks = sorted(nik for (nik,) in run(db, "SELECT nik FROM requests").fetchall())
    for nik in niks[:3]:
        prefix = nik[:13] + "9"
        run(db, "UPDATE requests SET nik = ? WHERE nik = ?", (prefix + nik[14:], nik))
        found = [row.nik for row in desk.page(db, DeskFilter(states=(), search=prefix))]
        assert found == [prefix + nik[14:]]
