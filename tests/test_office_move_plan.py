"""A station moved into an office database is claimed from at once the way the queue is
read every day: PostgreSQL plans from its statistics, and rows copied in bulk left them
describing an empty table, so the first sync after a move sorted every queued row."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from dbkit import statements_sent

from loket.storage import outbox
from loket.storage.db import open_database
from loket.storage.move import move_station

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.timezone.utc)


def _claim_queries(db, station_id: str) -> tuple[list, list[tuple[str, tuple]]]:
    with statements_sent() as queries:
        items = outbox.claim_batch(db, "run-a", 500, NOW, station_id=station_id)
    return items, queries


def test_the_first_claim_after_a_move_walks_the_urgency_index(station, pg_server, _pg_empty_template):
    from seed_queue import seed_queue

    station_id = station.settings.station_id
    seed_queue(station, 3000, seed=5, states={"queued": 1}, now=NOW)
    expected = outbox.claim_batch(station.db, "look", 500, NOW, station_id=station_id)
    outbox.release_all(station.db, "look", NOW)
    office = open_database(pg_server.url(pg_server.new_database(_pg_empty_template)))
    try:
        move_station(station.db, office, station_id, None, NOW)
        items, queries = _claim_queries(office, station_id)
        # The same items, in the same order, as the station itself would have sent.
        assert [item.idempotency_key for item in items] == [item.idempotency_key for item in expected]
        order = [(sql, params) for sql, params in queries if sql.startswith("SELECT") and "ORDER BY" in sql]
        assert len(order) == 1, queries
        plan = [row[0] for row in office.execute_sql("EXPLAIN " + order[0][0], order[0][1]).fetchall()]
        assert any("requests_desk_urgency" in step for step in plan), plan
        assert not any("Sort" in step for step in plan), plan
    finally:
        office.close()
