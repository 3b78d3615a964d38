"""``rows.insert_row`` stores a row exactly as peewee's own insert does (values, defaults)."""

from __future__ import annotations

import datetime as dt

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
