"""The desk's read side: keyset pages in every order, filters, search, counts, history, query plans.

One seeded station (real SQLite file) serves the read-only tests: two seedings,
one spread over three days and one crammed into three minutes, so many requests
share a created_at second and page edges fall inside runs of ties. Every
expectation is computed in Python from the raw table, independently of desk.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from loket.intake.record import URGENT_PURPOSES
from loket.storage import desk, migrations
from loket.storage.db import open_database
from loket.storage.desk import DeskFilter
from loket.storage.models import parse_utc_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
END = dt.datetime(2026, 3, 10, 12, 0, tzinfo=WITA)
OTHER_STATION = "7373-LKT02"
ALL_STATES = ("queued", "sending", "synced", "rejected", "conflict", "completed", "void")
MIX = {"queued": 6, "sending": 1, "synced": 1, "rejected": 2, "conflict": 1, "completed": 1, "void": 1}


@pytest.fixture(scope="module")
def db(_station_template, tmp_path_factory):
    from seed_queue import seed_queue

    root = tmp_path_factory.mktemp("desk") / "station"
    shutil.copytree(_station_template, root)
    seed_queue(root, 260, seed=1, states=MIX, now=END, span=dt.timedelta(days=3))
    seed_queue(root, 240, seed=2, states=MIX, now=END, span=dt.timedelta(minutes=3))
    opened = open_database(root / "loket.db")
    # A second counter's requests in the same file, for the station filter.
    opened.execute_sql("UPDATE requests SET station_id = ? WHERE id % 7 = 0", (OTHER_STATION,))
    yield opened
    opened.close()


def _all(db) -> list[desk.DeskRow]:
    rows = db.execute_sql("SELECT id FROM requests ORDER BY id").fetchall()
    return [desk.get_row(db, request_id) for (request_id,) in rows]


def _nulls_first(value):
    return (0, "") if value is None else (1, value)


SORT_KEYS = {
    "urgency": lambda r: (0 if r.purpose in URGENT_PURPOSES else 1, r.created_at, r.id),
    "age": lambda r: (r.created_at, r.id),
    "number": lambda r: (_nulls_first(r.number), r.id),
    "nik": lambda r: (r.nik, r.id),
    "name": lambda r: (r.name, r.id),
    "request_type": lambda r: (r.request_type, r.id),
    # By the stored state: a request being sent is a claimed queued one (storage.claims),
    # shown as "sending" among the queued; within a state, the oldest first.
    "state": lambda r: ("queued" if r.state == "sending" else r.state, r.created_at, r.id),
    "attempts": lambda r: (r.attempts, r.id),
    "last_error": lambda r: (_nulls_first(r.last_error), r.id),
}


def _expected(rows, key, descending=False, keep=lambda r: r.state in desk.PENDING_STATES):
    return sorted((r for r in rows if keep(r)), key=key, reverse=descending)


def _walk_forward(db, flt, sort, descending, limit):
    seen, rows = [], desk.page(db, flt, sort, descending, limit=limit)
    while rows:
        assert len(rows) <= limit
        seen += rows
        rows = desk.page(db, flt, sort, descending, after=rows[-1], limit=limit)
    return seen


def _walk_backward(db, flt, sort, descending, limit):
    seen, rows = [], desk.last_page(db, flt, sort, descending, limit=limit)
    while rows:
        seen = rows + seen
        rows = desk.page(db, flt, sort, descending, before=rows[0], limit=limit)
    return seen


def test_the_seeded_data_has_ties_and_every_state(db):
    rows = _all(db)
    assert len(rows) == 500
    assert {r.state for r in rows} == set(ALL_STATES)
    pending = [r.created_at for r in rows if r.state in desk.PENDING_STATES]
    assert len(pending) - len(set(pending)) > 50  # many requests share their second
    assert any(r.urgent for r in rows) and not all(r.urgent for r in rows)
    assert {r.kind for r in rows} == {"suket", "receipt"}
    assert any(r.warnings for r in rows)
    assert any(r.last_error for r in rows if r.state == "rejected")


@pytest.mark.parametrize("sort", desk.SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_pages_forward_and_back_through_ties(db, sort, descending):
    expected = [r.id for r in _expected(_all(db), SORT_KEYS[sort], descending)]
    flt = DeskFilter()
    first = desk.page(db, flt, sort, descending, limit=9)
    assert [r.id for r in first] == expected[:9]
    assert [r.id for r in _walk_forward(db, flt, sort, descending, 9)] == expected
    assert [r.id for r in _walk_backward(db, flt, sort, descending, 9)] == expected
    last = desk.last_page(db, flt, sort, descending, limit=9)
    assert [r.id for r in last] == expected[-9:]
    # A page before the 20th row: the 9 rows just above it, in display order.
    middle = desk.get_row(db, expected[20])
    assert [r.id for r in desk.page(db, flt, sort, descending, before=middle, limit=9)] == expected[11:20]


def test_urgency_order_is_urgent_first_then_oldest(db):
    rows = desk.page(db, DeskFilter(), "urgency", limit=1000)
    flags = [r.urgent for r in rows]
    assert flags == sorted(flags, reverse=True)
    urgent = [r for r in rows if r.urgent]
    assert [(r.created_at, r.id) for r in urgent] == sorted((r.created_at, r.id) for r in urgent)


@pytest.mark.parametrize("flt, keep", [
    (DeskFilter(states=("rejected",)), lambda r: r.state == "rejected"),
    (DeskFilter(states=()), lambda r: True),
    (DeskFilter(states=("conflict", "void")), lambda r: r.state in ("conflict", "void")),
    (DeskFilter(purpose="election_candidate"), lambda r: r.purpose == "election_candidate"
        and r.state in desk.PENDING_STATES),
    (DeskFilter(purpose="general"), lambda r: r.purpose == "general" and r.state in desk.PENDING_STATES),
    (DeskFilter(station_id=OTHER_STATION), lambda r: r.station_id == OTHER_STATION
        and r.state in desk.PENDING_STATES),
])
@pytest.mark.parametrize("sort", ["urgency", "name", "state"])
def test_filters_page_and_count(db, flt, keep, sort):
    expected = [r.id for r in _expected(_all(db), SORT_KEYS[sort], keep=keep)]
    assert expected  # the filter matches something
    assert [r.id for r in _walk_forward(db, flt, sort, False, 13)] == expected
    assert [r.id for r in _walk_backward(db, flt, sort, True, 13)] == expected[::-1]
    assert desk.count(db, flt) == len(expected)


def test_a_cursor_outside_the_purpose_filter_still_marks_the_place(db):
    rows = _all(db)
    flt = DeskFilter(purpose="general")
    expected = [r.id for r in _expected(rows, SORT_KEYS["urgency"], keep=lambda r: r.purpose == "general"
                                        and r.state in desk.PENDING_STATES)]
    urgent = next(r for r in rows if r.urgent)
    assert [r.id for r in desk.page(db, flt, "urgency", after=urgent, limit=5)] == expected[:5]
    assert desk.page(db, flt, "urgency", before=urgent, limit=5) == []


def test_date_range_is_in_local_calendar_days(db):
    rows = _all(db)
    day = END.date() - dt.timedelta(days=1)
    flt = DeskFilter(states=(), created_from=day, created_to=day, tz=WITA)
    on_day = lambda r: r.created_at.astimezone(WITA).date() == day  # noqa: E731
    expected = [r.id for r in _expected(rows, SORT_KEYS["age"], keep=on_day)]
    assert 30 < len(expected) < 400
    assert [r.id for r in _walk_forward(db, flt, "age", False, 17)] == expected
    assert desk.count(db, flt) == len(expected)
    # Midnight in Palopo is 16:00 UTC the day before: the UTC calendar would cut elsewhere.
    utc = DeskFilter(states=(), created_from=day, created_to=day, tz=dt.timezone.utc)
    assert desk.count(db, utc) != len(expected)
    two_days = DeskFilter(states=(), created_from=day - dt.timedelta(days=1), created_to=day, tz=WITA)
    assert desk.count(db, two_days) == len(
        [r for r in rows if day - dt.timedelta(days=1) <= r.created_at.astimezone(WITA).date() <= day]
    )
    ranked = [r.id for r in _expected(rows, SORT_KEYS["nik"], keep=on_day)]
    assert [r.id for r in _walk_forward(db, flt, "nik", False, 17)] == ranked


def test_search_kinds():
    assert desk.search_kind("") is None and desk.search_kind("   ") is None
    assert desk.search_kind(" 7373 0101 ") == ("nik", "73730101")
    assert desk.search_kind("471/00") == ("number", "471/00")
    assert desk.search_kind("tt/0012") == ("number", "TT/0012")
    assert desk.search_kind("  siti   nur ") == ("name", "SITI NUR")
    assert desk.search_kind("٣٤") == ("name", "٣٤")  # non-ASCII digits are no NIK
    # Parts of a number: digits starting with 0 (no NIK does), letters mixed with digits.
    assert desk.search_kind("0012") == ("number", "0012")
    assert desk.search_kind("lkt01") == ("number", "LKT01")


def _search_cases(rows):
    """(typed, order, match): prefixes of the btree indexes order by their column, a
    search of the text index (any part of a number, any word of a name) by id."""
    sample = rows[123]
    last_word = sample.name.split()[-1]
    return [
        ("7", "nik", lambda r: r.nik.startswith("7")),
        (sample.nik[:8], "nik", lambda r: r.nik.startswith(sample.nik[:8])),
        (sample.nik, "nik", lambda r: r.nik == sample.nik),
        ("/0", "number", lambda r: (r.number or "").startswith("/0")),
        ("471/", "id", lambda r: "471/" in (r.number or "")),
        ("tt/", "id", lambda r: "TT/" in (r.number or "")),
        ("/00", "id", lambda r: "/00" in (r.number or "")),
        (sample.number.lower(), "id", lambda r: r.number == sample.number),
        (" " + last_word.lower() + " ", "id", lambda r: last_word in r.name),
        (sample.name[:2], "name", lambda r: r.name.startswith(sample.name[:2])),
        ("zzz", "id", lambda r: False),
    ]


def test_each_search_kind_pages_by_its_column_and_counts(db):
    rows = _all(db)
    column = {"nik": lambda r: (r.nik, r.id), "number": lambda r: (_nulls_first(r.number), r.id),
              "name": lambda r: (r.name, r.id), "id": lambda r: r.id}
    for text, kind, match in _search_cases(rows):
        keep = lambda r, match=match: match(r) and r.state in desk.PENDING_STATES  # noqa: E731
        expected = [r.id for r in _expected(rows, column[kind], keep=keep)]
        flt = DeskFilter(search=text)
        # The sort is ignored while searching.
        for sort in ("urgency", "attempts"):
            assert [r.id for r in _walk_forward(db, flt, sort, False, 11)] == expected, text
        assert [r.id for r in _walk_backward(db, flt, "urgency", False, 11)] == expected, text
        assert [r.id for r in _walk_forward(db, flt, "urgency", True, 11)] == expected[::-1], text
        assert desk.count(db, flt) == len(expected), text
    assert desk.count(db, DeskFilter(search="7")) == desk.count(db, DeskFilter())


def test_search_combines_with_filters(db):
    rows = _all(db)
    flt = DeskFilter(states=("rejected", "conflict"), purpose="general", search="7")
    keep = lambda r: r.state in ("rejected", "conflict") and r.purpose == "general"  # noqa: E731
    expected = [r.id for r in _expected(rows, lambda r: (r.nik, r.id), keep=keep)]
    assert expected and [r.id for r in _walk_forward(db, flt, "age", False, 4)] == expected
    assert desk.count(db, flt) == len(expected)


def test_rows_carry_what_the_columns_show(db):
    raw = db.execute_sql(
        "SELECT r.id, r.created_at, r.nik, r.name, CASE WHEN r.state = 'queued' AND r.claimed_by IS NOT NULL "
        "THEN 'sending' ELSE r.state END, r.warnings, s.number, s.kind FROM requests r "
        "JOIN sukets s ON s.request_id = r.id ORDER BY r.id LIMIT 40"
    ).fetchall()
    for rid, created, nik, name, state, warnings, number, kind in raw:
        row = desk.get_row(db, rid)
        assert (row.nik, row.name, row.state, row.number, row.kind) == (nik, name, state, number, kind)
        assert row.created_at == parse_utc_text(created) and row.created_at.tzinfo is not None
        assert isinstance(row.warnings, tuple) and list(row.warnings) == json.loads(warnings)
    assert desk.get_row(db, 10**9) is None


def _plan_is_indexed(lines: list[str], may_be_empty: bool = False) -> None:
    """Every table access is an index search, and nothing is sorted in a temporary B-tree.

    ``may_be_empty``: a cursor can leave nothing to read (the filter's one urgency
    segment lies wholly before it), and then no query runs at all.
    """
    searches = [line for line in lines if line.startswith(("SEARCH", "SCAN"))]
    assert searches or (may_be_empty and not lines), lines
    indexed = (r"SEARCH (requests|t\d+) USING .*INDEX", r"SCAN t\d+ VIRTUAL TABLE INDEX \d+:M",
               r"SEARCH t\d+ USING INTEGER PRIMARY KEY \(rowid=\?\)",  # the text index, then its rows
               r"SEARCH t\d+ USING INTEGER PRIMARY KEY \(rowid>\?")  # the rows above its mark (search_backlog)
    assert all(any(re.match(pattern, line) for pattern in indexed) for line in searches), lines
    assert not any("TEMP B-TREE" in line for line in lines), "\n".join(lines)


@pytest.mark.parametrize("sort", desk.SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_walks_an_index_without_sorting(db, sort, descending):
    rows = desk.page(db, DeskFilter(), sort, descending, limit=200)
    cursors = [rows[0], rows[100], rows[-1]]
    # Cursors whose sort keys hold NULL (no error, no number) take other ranges.
    cursors += [r for r in _all(db) if r.last_error is None][:1] + [r for r in _all(db) if r.last_error][:1]
    for flt in (DeskFilter(), DeskFilter(states=()), DeskFilter(purpose="other", station_id=OTHER_STATION)):
        _plan_is_indexed(desk.query_plan(db, flt, sort, descending))
        for cursor in cursors:
            _plan_is_indexed(desk.query_plan(db, flt, sort, descending, after=cursor), may_be_empty=True)
            _plan_is_indexed(desk.query_plan(db, flt, sort, descending, before=cursor), may_be_empty=True)


@pytest.mark.parametrize("text", ["7", "7373", "471/", "TT/", "MUH", "SITI", "SI", "0012", "LKT01"])
def test_every_search_kind_walks_an_index_without_sorting(db, text):
    cursor = desk.page(db, DeskFilter(search=text), limit=3)[-1]
    for flt in (DeskFilter(search=text), DeskFilter(states=(), search=text)):
        for descending in (False, True):
            _plan_is_indexed(desk.query_plan(db, flt, "urgency", descending))
            _plan_is_indexed(desk.query_plan(db, flt, "urgency", descending, after=cursor))
            _plan_is_indexed(desk.query_plan(db, flt, "urgency", descending, before=cursor))


@pytest.mark.parametrize("sort", ["urgency", "age"])
def test_a_date_range_on_the_created_sorts_walks_an_index_without_sorting(db, sort):
    day = END.date() - dt.timedelta(days=1)
    flt = DeskFilter(created_from=day, created_to=day, tz=WITA)
    rows = desk.page(db, flt, sort, limit=30)
    outside = desk.page(db, DeskFilter(), "age", limit=1)[0]  # before the range
    for descending in (False, True):
        _plan_is_indexed(desk.query_plan(db, flt, sort, descending))
        for cursor in (rows[0], rows[-1], outside):
            _plan_is_indexed(desk.query_plan(db, flt, sort, descending, after=cursor), may_be_empty=True)
            _plan_is_indexed(desk.query_plan(db, flt, sort, descending, before=cursor), may_be_empty=True)


def test_history_lookup_walks_an_index(db):
    for sql in ("SELECT id FROM audit_events WHERE subject IN (?, ?)",
                "SELECT id FROM sync_attempts WHERE request_id = ?"):
        plan = [row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, ("1", "2")[: sql.count("?")])]
        assert all("INDEX" in line for line in plan if line.startswith(("SEARCH", "SCAN"))), plan


def test_bad_arguments_are_named(db):
    with pytest.raises(ValueError, match="unknown sort 'size'"):
        desk.page(db, DeskFilter(), "size")
    with pytest.raises(ValueError, match="unknown request state 'lost'"):
        desk.count(db, DeskFilter(states=("lost",)))
    with pytest.raises(ValueError, match="at least 1"):
        desk.page(db, DeskFilter(), limit=0)
    row = desk.page(db, DeskFilter(), limit=1)[0]
    with pytest.raises(ValueError, match="either after= or before="):
        desk.page(db, DeskFilter(), after=row, before=row)


# -- the number copy on the request, and history (each on a fresh station) ---------------


def test_the_newest_number_is_kept_on_the_request_and_backfilled_by_the_migration(tmp_path):
    import peewee

    from loket.storage import queue, users

    path = tmp_path / "loket.db"
    old = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    old.connect()
    migrations.migrate(old, upto=3)
    # A station as version 3 left it: one request with its receipt, written as that version did.
    stamp = "2026-03-10T01:00:00.000000Z"
    old.execute_sql("INSERT INTO users (id, name, role, pin_hash, created_at) VALUES (1, 'ANI', 'clerk', 'x', ?)",
                    (stamp,))
    old.execute_sql(
        "INSERT INTO requests (id, idempotency_key, station_id, clerk_id, nik, request_type, purpose, name, state, "
        "payload, local, warnings, queue_year, queue_no, created_at, updated_at) VALUES "
        "(1, 'k1', '7373-LKT01', 1, '7373015705900001', 'new_recording', 'general', 'SITI', 'queued', '{}', "
        "'{}', '[]', 2026, 1, ?, ?)", (stamp, stamp))
    old.execute_sql(
        "INSERT INTO sukets (request_id, kind, number, station_id, year, seq, issued_at) "
        "VALUES (1, 'receipt', 'TT/0001/7373-LKT01/2026', '7373-LKT01', 2026, 1, ?)", (stamp,))
    old.execute_sql("INSERT INTO counters VALUES ('7373-LKT01', 2026, 'queue', 1), ('7373-LKT01', 2026, 'receipt', 1)")
    old.close()
    request = {"nik": "7373015705900001", "name": "SITI", "request_type": "new_recording",
               "purpose": "general", "biometrics_recorded": False}
    now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=WITA)

    db = open_database(path)
    try:
        assert migrations.current_version(db) == migrations.LATEST
        row = desk.get_row(db, 1)
        assert (row.number, row.kind) == ("TT/0001/7373-LKT01/2026", "receipt")
        clerk = users.find_user(db, "ANI")
        after = queue.enqueue(db, request={**request, "nik": "7373015705900002"}, local={}, warnings=["x"],
                              clerk=clerk, station_id="7373-LKT01", now=now, issue=lambda ctx: (None, None))
        assert desk.get_row(db, after.request_id).number == after.number
        # A second document for the same request (issued after a correction) replaces the shown one.
        db.execute_sql(
            "INSERT INTO sukets (request_id, kind, number, station_id, year, seq, issued_at) "
            "VALUES (?, 'suket', '471/0009/7373-LKT01/III/2026', '7373-LKT01', 2026, 9, ?)",
            (after.request_id, "2026-03-10T02:00:00.000000Z"),
        )
        assert (desk.get_row(db, after.request_id).number, desk.get_row(db, after.request_id).kind) == (
            "471/0009/7373-LKT01/III/2026", "suket")
        assert desk.page(db, DeskFilter(search="471/0009"))[0].id == after.request_id
    finally:
        db.close()


def test_history_merges_audit_events_and_sync_attempts_in_time_order(station_dir):
    from linkkit import seed
    from loket.station import Station
    from loket.storage import linklog, outbox, queue, transitions, users
    from loket.storage.audit import verify_chain

    station = Station.open(station_dir)
    try:
        db = station.db
        start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=5)
        saved = seed(station, 2, start=start)[0]
        t1 = start + dt.timedelta(hours=1)
        run = linklog.start_run(db, "run-a", t1)
        items = [i for i in outbox.claim_batch(db, "run-a", 500, t1) if i.request_id == saved.request_id]
        outbox.apply_results(db, "run-a", run, [(items[0], "rejected", None, "Foto buram")], t1)
        t2 = start + dt.timedelta(hours=2)
        supervisor = users.find_user(db, "SUPERVISOR")
        transitions.change_state(db, saved.request_id, "queued", actor=supervisor.name, now=t2, reason="foto baru")
        queue.record_reprint(db, saved.suket_id, supervisor, "kertas rusak", now=t2 + dt.timedelta(minutes=5))
        t3 = start + dt.timedelta(hours=3)
        run2 = linklog.start_run(db, "run-b", t3)
        items = [i for i in outbox.claim_batch(db, "run-b", 500, t3) if i.request_id == saved.request_id]
        outbox.release(db, "run-b", run2, items, "no_answer", "timeout", t3)

        entries = desk.history(db, saved.request_id)
        assert [(e.source, e.action) for e in entries] == [
            ("audit", "intake.saved"),
            ("sync", "rejected"),  # central's answer, then the state change it caused
            ("audit", "request.rejected"),
            ("audit", "request.queued"),
            ("audit", "suket.reprinted"),
            ("sync", "no_answer"),
        ]
        assert [e.at for e in entries] == sorted(e.at for e in entries)
        assert all(e.at.tzinfo is not None for e in entries)
        assert entries[1].actor == "sync" and entries[1].details == {"reason": "Foto buram", "run_id": run}
        assert entries[2].details["reason"] == "Foto buram" and entries[3].actor == "SUPERVISOR"
        assert entries[4].details == {"copy": 1, "reason": "kertas rusak"}
        assert entries[0].details["number"] == saved.number
        assert desk.history(db, 10**9) == []
        assert verify_chain(db).ok
    finally:
        station.close()


def test_seeded_station_keeps_its_counters_and_audit_chain(station_dir):
    from seed_queue import seed_queue

    from loket.station import Station
    from loket.storage.audit import verify_chain

    seed_queue(station_dir, 40, seed=3, now=END, span=dt.timedelta(hours=2))
    station = Station.open(station_dir)
    try:
        db = station.db
        assert verify_chain(db).ok
        numbers = [n for (n,) in db.execute_sql("SELECT number FROM sukets")]
        assert len(numbers) == len(set(numbers)) == 40
        kinds = dict(db.execute_sql("SELECT kind, MAX(value) FROM counters GROUP BY kind").fetchall())
        assert kinds["queue"] == 40
        # The next real request continues the seeded numbers instead of clashing with them.
        from linkkit import seed

        saved = seed(station, 1, seed=99, start=END.replace(hour=13))[0]
        assert saved.queue_no == 41 and verify_chain(db).ok
        assert desk.get_row(db, saved.request_id).number == saved.number
    finally:
        station.close()
    with pytest.raises(ValueError, match="states must name request states"):
        seed_queue(station_dir, 1, states=("lost",))
