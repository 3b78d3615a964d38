"""The intake transaction in an office database, sent in two round trips (storage/office_save).

The same guarantees as statement by statement: numbers gapless after a refused or
failed save, a duplicate open NIK refused by the database, the audit chain whole,
and the connection left with no transaction open, whatever went wrong.
"""

from __future__ import annotations

import threading

import pytest
from dbkit import table_counts
from test_storage_queue import clerk, db, save  # noqa: F401 - fixtures

from loket.storage import office_save, queue
from loket.storage.audit import verify_chain
from loket.storage.backend import is_postgres
from loket.storage.db import open_database
from loket.storage.errors import DuplicateOpenRequest, QueueError


def _idle(db) -> bool:
    if not is_postgres(db):
        return not db.in_transaction()
    import psycopg

    return db.connection().info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_the_office_save_is_pipelined_and_the_file_is_not(db, clerk):
    assert office_save.usable(db) is is_postgres(db)
    with db.atomic():  # inside a caller's transaction: statement by statement, joining it
        assert not office_save.usable(db)


def test_failures_leave_no_gap_and_no_open_transaction(db, clerk):
    first = save(db, clerk, nik="7373015001900001")

    def broken_signer(ctx):
        raise RuntimeError("signing key unreadable")

    before = table_counts(db)
    with pytest.raises(RuntimeError):
        save(db, clerk, nik="7373015001900002", issue=broken_signer)
    assert _idle(db) and table_counts(db) == before
    with pytest.raises(QueueError):
        save(db, clerk, nik="7373015001900002", issue=lambda ctx: (None, None))  # a Suket needs a seal
    assert _idle(db) and table_counts(db) == before
    with pytest.raises(DuplicateOpenRequest) as caught:
        save(db, clerk, nik="7373015001900001")
    assert caught.value.request_id == first.request_id
    assert _idle(db) and table_counts(db) == before

    second = save(db, clerk, nik="7373015001900002")
    assert (second.queue_no, second.seq, second.number) == (2, 2, "471/0002/7373-LKT01/VII/2018")
    assert second.audit_seq == first.audit_seq + 1
    assert queue.get_request(db, second.request_id).suket.id == second.suket_id
    assert db.execute_sql(f"SELECT doc_number FROM requests WHERE id = {second.request_id}").fetchone()[0] == second.number
    assert verify_chain(db).ok


def test_two_connections_of_one_station_saving_at_once(db, clerk, db_target):
    """Two writers of one station's series and chain: every number once, no gap, chain whole."""
    results, errors = [], []

    def writer(offset: int) -> None:
        mine = open_database(db_target)
        try:
            for i in range(15):
                nik = f"73730150019{offset + i:05d}"
                results.append(save(mine, clerk, nik=nik))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            mine.close()

    threads = [threading.Thread(target=writer, args=(n * 100,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.queue_no for r in results) == list(range(1, 31))
    assert sorted(r.seq for r in results) == list(range(1, 31))
    assert len({r.request_id for r in results}) == 30
    assert verify_chain(open_database(db_target)).ok
