"""``rows.insert_row`` stores a row exactly as peewee's own insert does (values, defaults)."""

from __future__ import annotations

import datetime as dt

import peewee

from test_storage_queue import clerk, db  # noqa: F401 - fixtures

from loket.storage.models import Request, State, use, utc_text
from loket.storage.rows import insert_row

STAMP = utc_text(dt.datetime(2018, 7, 12, 8, 30, tzinfo=dt.timezone.utc))


def _values(clerk, n: int) -> dict:
    return dict(idempotency_key=f"key{n}", station_id="7373-LKT01", clerk=clerk.id, nik=f"737301500190000{n}",
                request_type="new_recording", purpose="general", name="SITI AMINAH", state=State.QUEUED,
                payload='{"a":1}', local={"photo_path": "", "mismatch_reason": "beda"}, warnings=["region_unknown"],
                queue_year=2018, queue_no=n, created_at=STAMP, updated_at=STAMP)


def test_a_row_is_stored_as_peewee_stores_it(db, clerk):
    use(db)
    by_peewee = Request.insert(**_values(clerk, 1)).execute()
    by_hand = insert_row(db, Request, _values(clerk, 2))
    again = insert_row(db, Request, _values(clerk, 3))  # the statement kept from the first time
    assert len({by_peewee, by_hand, again}) == 3
    rows = {row.pop("id"): row for row in Request.select().where(Request.id.in_([by_peewee, by_hand, again])).dicts()}
    for row in rows.values():
        row.pop("idempotency_key"), row.pop("nik"), row.pop("queue_no")
    assert rows[by_hand] == rows[by_peewee] == rows[again]
    assert rows[by_hand]["attempts"] == 0  # the model's default, not given
    assert rows[by_hand]["local"] == {"photo_path": "", "mismatch_reason": "beda"}


def test_each_set_and_order_of_columns_keeps_its_own_statement(db, clerk):
    """The statement and conversions are kept per model and per given columns, in their order:
    a row giving a defaulted field, or its values in another order, is stored as given."""
    use(db)
    plain = insert_row(db, Request, _values(clerk, 4))
    tried = insert_row(db, Request, {**_values(clerk, 5), "attempts": 3})
    backwards = insert_row(db, Request, dict(reversed(list(_values(clerk, 6).items()))))
    plain_again = insert_row(db, Request, _values(clerk, 7))
    rows = {row["id"]: row for row in Request.select().where(
        Request.id.in_([plain, tried, backwards, plain_again])).dicts()}
    assert [rows[i]["attempts"] for i in (plain, tried, backwards, plain_again)] == [0, 3, 0, 0]
    assert rows[backwards]["nik"] == "7373015001900006" and rows[backwards]["queue_no"] == 6
    assert rows[backwards]["local"] == rows[plain]["local"] and rows[backwards]["state"] == rows[plain]["state"]


def test_a_callable_default_is_taken_afresh_for_each_row(db):
    given = iter(range(100, 200))

    class Tally(peewee.Model):
        label = peewee.CharField()
        number = peewee.IntegerField(default=lambda: next(given))

        class Meta:
            database = db
            table_name = "test_tally"

    Tally.create_table()
    first = insert_row(db, Tally, {"label": "a"})
    second = insert_row(db, Tally, {"label": "b"})
    chosen = insert_row(db, Tally, {"label": "c", "number": 7})
    numbers = dict(Tally.select(Tally.id, Tally.number).tuples())
    assert (numbers[first], numbers[second], numbers[chosen]) == (100, 101, 7)
