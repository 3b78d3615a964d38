"""Acting on many requests: the reason filter's codes, walking a filter in pages, the marked
rows' states now, the change probe, and one bulk run through the station's own path.

On both databases (a SQLite file and a real PostgreSQL server): every chunked read
and the run go through peewee's query builder.
"""

from __future__ import annotations

import pytest

from conftest import SUPERVISOR
from linkkit import seed
from loket import bulk as bulk_run
from loket.storage import bulk, desk
from loket.storage.transitions import change_state

pytestmark = pytest.mark.both_backends


def reject(station, request_id, reason):
    change_state(station.db, request_id, "sending", actor="sync")
    change_state(station.db, request_id, "rejected", actor="sync", reason=reason)


def test_reason_codes_count_what_central_said_and_the_filter_takes_one(station):
    saved = seed(station, 6)
    for index, code in ((0, "unknown_region"), (1, "unknown_region"), (2, "invalid_nik")):
        reject(station, saved[index].request_id, code)
    assert bulk.reason_codes(station.db) == [("unknown_region", 2), ("invalid_nik", 1)]
    flt = desk.DeskFilter(reason="unknown_region")
    assert desk.count(station.db, flt) == 2
    rows = desk.page(station.db, flt)
    assert sorted(r.id for r in rows) == sorted(s.request_id for s in saved[:2])
    assert desk.page(station.db, desk.DeskFilter(reason="unknown_region"), "last_error")  # its own sort too


def test_reason_codes_sum_each_state_and_put_the_most_frequent_first(station):
    saved = seed(station, 7)
    for index, code in ((0, "invalid_nik"), (1, "unknown_region"), (2, "unknown_region")):
        reject(station, saved[index].request_id, code)
    for index, code in ((3, "invalid_nik"), (4, "request.name")):  # the same codes in conflict
        change_state(station.db, saved[index].request_id, "sending", actor="sync")
        change_state(station.db, saved[index].request_id, "conflict", actor="sync", reason=code)
    reject(station, saved[5].request_id, "request.name")
    change_state(station.db, saved[5].request_id, "void", actor="supervisor", reason="Salah input")
    # Summed over rejected and conflict, ties in the codes' order; a voided request is not shown.
    assert bulk.reason_codes(station.db) == [("invalid_nik", 2), ("unknown_region", 2), ("request.name", 1)]
    assert bulk.reason_codes(station.db, ("conflict",)) == [("invalid_nik", 1), ("request.name", 1)]
    # Every state: the voided request keeps central's code, counted with the others.
    assert bulk.reason_codes(station.db, ()) == [("invalid_nik", 2), ("request.name", 2), ("unknown_region", 2)]


def test_reason_codes_read_each_state_grouped_in_its_index(station):
    """Grouped across states at once, SQLite sorted every row holding a code (a temporary
    b-tree): a desk's live look read 240,000 of them at 1,000,000 requests."""
    from dbkit import is_postgres, run

    if is_postgres(station.db):
        pytest.skip("the temporary b-tree is SQLite's plan")
    for states in (bulk.NEEDS_ATTENTION, (), ("rejected", "conflict")):
        sql, params = bulk.reason_query(states).sql()
        plan = [row[3] for row in run(station.db, f"EXPLAIN QUERY PLAN {sql}", params).fetchall()]
        assert not any("TEMP B-TREE" in step for step in plan), plan
        assert all("requests_desk_error" in step for step in plan if step.startswith(("SEARCH", "SCAN"))), plan


def test_filter_rows_walks_every_row_in_pages(station):
    saved = seed(station, 7)
    pages = list(bulk.filter_rows(station.db, desk.DeskFilter(), limit=3))
    assert [len(p) for p in pages] == [3, 3, 1]
    assert sorted(r.id for p in pages for r in p) == sorted(s.request_id for s in saved)


def test_marked_rows_states_and_names_in_chunks(station, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 2)  # several IN lists for five ids
    saved = seed(station, 5)
    ids = [s.request_id for s in saved]
    reject(station, ids[1], "invalid_nik")
    assert bulk.current_states(station.db, ids + [999999]) == {
        **{i: "queued" for i in ids}, ids[1]: "rejected"}
    names = bulk.people(station.db, ids)
    assert names[ids[0]] == (saved[0].number, saved[0].record.name)


def test_change_mark_moves_on_intake_action_and_answer(station):
    first = bulk.change_mark(station.db)
    assert bulk.change_mark(station.db) == first  # nothing happened: the same
    saved = seed(station, 1)
    second = bulk.change_mark(station.db)
    assert second != first
    supervisor = station.login(*SUPERVISOR)
    station.void([saved[0].request_id], supervisor, "salah input")
    assert bulk.change_mark(station.db) != second


def test_a_bulk_run_names_refusals_by_number_and_person_and_stops_between_chunks(station):
    saved = seed(station, 6)
    ids = [s.request_id for s in saved]
    for request_id in ids[:4]:
        reject(station, request_id, "unknown_region")
    supervisor = station.login(*SUPERVISOR)
    seen = []
    outcome = bulk_run.run(station, "requeue", ids, supervisor, "kode wilayah diperbarui",
                           on_progress=lambda o: seen.append(o.done + len(o.refused)), chunk=4)
    assert (outcome.done, len(outcome.refused), outcome.untouched) == (4, 2, 0)
    assert seen == [4, 6]
    (group, refusals), = outcome.groups()
    assert group == ("resolve.cannot_requeue", "queued")
    assert {(r.number, r.name) for r in refusals} == {(s.number, s.record.name) for s in saved[4:]}

    # Stopped after the first chunk: that chunk stays done, the rest is untouched.
    asked = iter([False, True])
    outcome = bulk_run.run(station, "void", ids, supervisor, "dibatalkan", should_stop=lambda: next(asked),
                           chunk=2)
    assert (outcome.done, outcome.cancelled, outcome.untouched) == (2, True, 4)
    states = bulk.current_states(station.db, ids)
    assert [states[i] for i in ids] == ["void", "void", "queued", "queued", "queued", "queued"]


def test_confirming_the_region_of_a_set(station):
    saved = seed(station, 3)
    ids = [s.request_id for s in saved]
    supervisor = station.login(*SUPERVISOR)
    station.void([ids[2]], supervisor, "batal")
    outcome = bulk_run.run(station, "override", ids, supervisor, "kode wilayah baru")
    warned = {s.request_id for s in saved if "region_unknown" in s.warnings}
    assert outcome.done == len(warned - {ids[2]})
    assert {r.request_id for r in outcome.refused} == set(ids) - (warned - {ids[2]})
    assert all(r.code for r in outcome.refused)


def test_a_one_row_action_is_told_by_the_requests_suket_number_and_name(station):
    from loket.i18n import set_language

    set_language("id")
    saved = seed(station, 2, receipts={1})
    supervisor = station.login(*SUPERVISOR)
    station.db.execute_sql("UPDATE requests SET warnings = '[\"region_unknown\"]'")
    done = bulk_run.run(station, "override", [saved[0].request_id], supervisor, "kode wilayah baru")
    assert done.first_message.startswith(f"Wilayah permohonan Suket {saved[0].number} atas nama "
                                         f"{saved[0].record.name} dikonfirmasi")
    refused = bulk_run.run(station, "requeue", [saved[1].request_id], supervisor, "kirim lagi")
    assert refused.first_message.startswith(f"Permohonan tanda terima {saved[1].number} atas nama "
                                            f"{saved[1].record.name} berstatus")
    assert f"#{saved[1].request_id}" not in refused.first_message
