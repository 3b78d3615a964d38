"""The checkpoint every EVERY_EVENTS intake events is made beside the saves, not inside one.

A save returns once its request is committed; the checkpoint it made due is then made on
the station's own thread (loket/event_sealer.py). These tests hold that thread back with
the lock every checkpoint of the station is made under, so what they check does not
depend on timing. Runs on a SQLite file and on an office database.
"""

from __future__ import annotations

import logging
import threading

import pytest
from conftest import CLERK

from loket import audit_seal
from loket.station import Station
from loket.storage import audit, checkpoints

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]


def seed(station, count: int, seed: int = 0) -> list:
    """``count`` intakes by the clerk logged in once (a login is an audit event of its own)."""
    import datetime as dt

    from loket.intake.samples import sample_records

    if not hasattr(station, "_test_records"):
        station._test_records = iter(sample_records(300, seed=7))
        station._test_clerk = station.login(*CLERK)
    now = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(days=1)
    return [station.submit(next(station._test_records), station._test_clerk, now=now) for _ in range(count)]


def _fill_to_one_short(station) -> int:
    """Save until the next save makes a checkpoint due; returns the newest checkpoint's seq."""
    chain = audit.chain_of(station.db)
    seed(station, 1, seed=90)  # the first save after opening: the sealer learns the newest checkpoint
    assert station.event_sealer.wait()
    newest = checkpoints.latest(station.db, chain)
    start = newest.seq if newest else 0
    short = audit_seal.EVERY_EVENTS - 1 - (checkpoints.head(station.db, chain)[0] - start)
    if short > 0:
        seed(station, short, seed=91)
    assert station.event_sealer.wait()
    assert checkpoints.head(station.db, chain)[0] - start == audit_seal.EVERY_EVENTS - 1
    return start


def test_a_save_that_makes_a_checkpoint_due_returns_before_it_is_written(station):
    chain = audit.chain_of(station.db)
    start = _fill_to_one_short(station)
    with station.event_sealer.lock:  # the checkpoint thread waits here
        (saved,) = seed(station, 1, seed=92)
        # The save is committed and returned; its checkpoint is not written yet.
        head = checkpoints.head(station.db, chain)[0]
        assert head - start == audit_seal.EVERY_EVENTS
        assert saved.request_id and (checkpoints.latest(station.db, chain) or _none()).seq == start
    assert station.event_sealer.wait()
    newest = checkpoints.latest(station.db, chain)
    assert (newest.seq, newest.reason) == (head, "events")
    held = audit_seal.read(audit_seal.read_file(station.paths.root)[0][chain])
    assert held.seq == head  # the copy beside the data too


def test_close_waits_for_a_checkpoint_still_pending(station_dir):
    station = Station.open(station_dir)
    chain = audit.chain_of(station.db)
    _fill_to_one_short(station)
    closed = threading.Event()

    def close():
        station.close()
        closed.set()

    with station.event_sealer.lock:
        seed(station, 1, seed=92)
        head = checkpoints.head(station.db, chain)[0]
        closing = threading.Thread(target=close)
        closing.start()
        assert not closed.wait(0.5)  # held back by the checkpoint it waits for
    closing.join(60)
    assert closed.is_set()
    reopened = Station.open(station_dir, for_reading=True)
    try:
        made = [c for c in checkpoints.every_checkpoint(reopened.db) if c.chain == chain]
    finally:
        reopened.close()
    # Made before the close's own, which then had nothing newer to sign.
    assert [(c.reason, c.seq) for c in made][-1] == ("events", head)
    assert audit_seal.read(audit_seal.read_file(station_dir)[0][chain]).seq == head


def test_a_failed_background_checkpoint_loses_no_save_and_is_tried_again(station, caplog):
    chain = audit.chain_of(station.db)
    start = _fill_to_one_short(station)
    blocker = audit_seal.file_path(station.paths.root)
    blocker.unlink(missing_ok=True)
    blocker.mkdir()  # the copy beside the data cannot be written: a real OSError
    with caplog.at_level(logging.WARNING, logger="loket.audit"):
        (saved,) = seed(station, 1, seed=92)
        assert station.event_sealer.wait()
    assert station.event_sealer.problem is not None
    messages = [r.getMessage() for r in caplog.records if r.name == "loket.audit"]
    assert messages and "not made" in messages[0] and "the save itself is kept" in messages[0]
    assert all(r.exc_info is None for r in caplog.records)  # words, no traceback
    from loket.storage import queue

    assert queue.get_request(station.db, saved.request_id) is not None
    blocker.rmdir()
    seed(station, audit_seal.EVERY_EVENTS, seed=93)  # the next one is due: made this time
    assert station.event_sealer.wait()
    assert station.event_sealer.problem is None
    head = checkpoints.head(station.db, chain)[0]
    newest = checkpoints.latest(station.db, chain)
    assert newest.reason == "events" and start + audit_seal.EVERY_EVENTS < newest.seq <= head
    held = audit_seal.read(audit_seal.read_file(station.paths.root)[0][chain])
    assert held.seq == newest.seq


def test_audit_verify_passes_after_many_saves(station_dir, loket_cli):
    station = Station.open(station_dir)
    chain = audit.chain_of(station.db)
    seed(station, 3 * audit_seal.EVERY_EVENTS + 5, seed=94)
    assert station.event_sealer.wait()
    made = [c for c in checkpoints.every_checkpoint(station.db) if c.chain == chain and c.reason == "events"]
    head = checkpoints.head(station.db, chain)[0]
    station.close()
    # One at a time, in order, none twice; a busy thread may let one checkpoint cover two
    # twenties, never fewer events than are left uncovered now.
    assert made and [c.seq for c in made] == sorted({c.seq for c in made})
    assert head - made[-1].seq < audit_seal.EVERY_EVENTS
    verified = loket_cli("audit", "verify")
    assert verified.returncode == 0, verified.stdout
    assert "Traceback" not in verified.stderr


def _none():
    class Nothing:
        seq = 0

    return Nothing()
