"""The checkpoint every ``EVERY_EVENTS`` intake events, made beside the save, not inside it.

A checkpoint (loket/audit_seal.py) costs about one save's time: the chain since the
last one followed and re-hashed, a signature, one committed row, and the file beside
the data written and synced. Made on the saving thread, one save in twenty paid it,
and with it the save's p99. So the save returns once its request is committed, and
the checkpoint due after it is made right after on the station's own thread:

- one at a time and in order: a single thread, and ``lock`` held around every
  checkpoint the station makes (the CLI's sync, report and close ones too);
- nothing lost at a clean exit: ``Station.close`` waits for a pending one before it
  makes its "close" checkpoint. A crash before it is written only means the next
  one covers those events, exactly as a crash between a save's commit and its
  checkpoint did when both ran on the saving thread;
- a failure (a full disk, the office database gone) loses no save: it is logged in
  words and the next save asks again;
- it never touches the user interface: only the database and the file.

The same thread then indexes the requests saved since the last time for the desk's
text search (``storage.search_backlog``), many in one transaction.
"""

from __future__ import annotations

import logging
import threading

from loket.audit_seal import EVERY_EVENTS, Checkpoint, try_seal

log = logging.getLogger("loket.audit")
log.addHandler(logging.NullHandler())  # a counter's screen never shows a log line by itself
# How long a close waits for a checkpoint under way (each step has its own database timeout).
CLOSE_WAIT_SECONDS = 60


class EventSealer:
    """A station's checkpoints after every ``EVERY_EVENTS`` events, on a thread of its own.

    It remembers the seq of the newest checkpoint of the database in use. That only
    grows (another process's checkpoint makes it larger, never smaller), so while the
    event a save just wrote is fewer than ``EVERY_EVENTS`` past the remembered one, no
    checkpoint can be due and nothing is asked of the database.
    """

    def __init__(self, station) -> None:
        self.station = station
        self.db, self.seq = None, 0  # the database the newest known checkpoint is of, and its seq
        self.trusted: Checkpoint | None = None  # the newest checkpoint this sealer made, of ``db``
        self.lock = threading.RLock()  # held while any checkpoint of the station is made
        self.problem: str | None = None  # the last background failure, in words (None once one succeeds)
        self.made = 0  # newer checkpoints the thread made or found
        self._state = threading.Condition()
        self._asked: tuple | None = None  # (db, head seq) of the newest save that asked
        self._busy = False
        self._thread: threading.Thread | None = None
        self._stopping = False

    # -- the saving thread ---------------------------------------------------------

    def after_save(self, station, head_seq: int) -> bool | None:
        """Called after each save's commit; asks the thread for a checkpoint when one may be
        due. True when one is known due and none was asked for already, else None."""
        db = station.db
        known = db is self.db and bool(head_seq)
        if known and head_seq - self.seq < EVERY_EVENTS:
            return None
        with self._state:
            if self._stopping:
                return None
            # While one is under way, saves go on asking (the newest ask replaces an older
            # one): only once it is made does ``seq`` say whether they still need one.
            fresh = self._asked is None and not self._busy
            self._asked = (db, head_seq if known else 0)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="loket-audit-checkpoint", daemon=True)
                self._thread.start()
            self._state.notify_all()
        return True if known and fresh else None

    @property
    def under_way(self) -> bool:
        """A checkpoint is asked for or being made right now."""
        return self._asked is not None or self._busy

    def wait(self, timeout: float | None = CLOSE_WAIT_SECONDS) -> bool:
        """Until no checkpoint is asked for or under way; False when ``timeout`` ran out."""
        with self._state:
            return self._state.wait_for(lambda: self._asked is None and not self._busy, timeout)

    def stop(self, timeout: float = CLOSE_WAIT_SECONDS) -> None:
        """Make what is pending, then end the thread (``Station.close``)."""
        with self._state:
            self._stopping = True
            self._state.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.warning("The audit checkpoint under way did not finish within %d s; the next one "
                            "will cover its events.", timeout)

    # -- the checkpoint thread -----------------------------------------------------

    def _run(self) -> None:
        used = []  # the databases this thread opened a connection to
        try:
            while True:
                with self._state:
                    self._state.wait_for(lambda: self._asked is not None or self._stopping)
                    if self._asked is None:
                        return
                    (db, head_seq), self._asked = self._asked, None
                    self._busy = True
                try:
                    if not any(d is db for d in used):
                        used.append(db)
                    self._make(db, head_seq)
                except Exception as error:  # noqa: BLE001 - never the end of the thread, nor of a save
                    self._failed(f"{type(error).__name__}: {error}")
                try:
                    _index_saved(db)
                except Exception as error:  # noqa: BLE001 - the search reads unindexed rows directly
                    log.warning("The search index was not brought up to date after the last saves (%s: %s); "
                                "the search still finds them, and the next checkpoint tries again.",
                                type(error).__name__, error)
                finally:
                    if self.station.office_link is not None and not _is_office(db):
                        _close_quietly(db)  # this PC's file while the office is down: it may be set aside
                    with self._state:
                        self._busy = False
                        self._state.notify_all()
        finally:
            for db in used:  # this thread's own connections; the station's are closed by it
                _close_quietly(db)

    def _make(self, db, head_seq: int) -> None:
        if db is not self.station.db:
            return  # the office database came or went since that save: the next save asks again
        with self.lock:
            if db is self.db and head_seq and head_seq - self.seq < EVERY_EVENTS:
                return  # one made meanwhile covers enough of that save's events
            sealed, problem = try_seal(self.station, "events", known_due=db is self.db and bool(head_seq),
                                       trusted=self.trusted if db is self.db else None)
            if problem is not None:
                self._failed(problem)
                return
            self.problem = None
            if sealed is not None:
                if db is not self.db or sealed.seq > self.seq:
                    self.made += 1
                self._remember(db, sealed.seq)
                self.trusted = sealed  # signed here: its signature need not be checked again
                return
            self._remember_newest(db)

    def _remember(self, db, seq: int) -> None:
        if db is not self.db:
            self.db, self.seq, self.trusted = db, seq, None
        elif seq > self.seq:
            self.seq = seq

    def _remember_newest(self, db) -> None:
        """Not due after all (a first save after opening): note the newest checkpoint's seq."""
        from loket.storage import checkpoints
        from loket.storage.audit import chain_of

        newest = checkpoints.latest(db, chain_of(db))
        self._remember(db, newest.seq if newest else 0)

    def _failed(self, problem: str) -> None:
        self.problem = problem  # ``seq`` stays as it was, so the next save asks again
        log.warning("The audit checkpoint after the last save was not made (%s); the save itself is kept, "
                    "and the next save tries again.", problem)

    # -- checkpoints made by the caller (sync, report, close) ------------------------

    def made_now(self, db, sealed: Checkpoint | None) -> None:
        """A checkpoint made outside the thread: the thread need not make one for those events."""
        if sealed is not None and sealed.reason != "events":
            with self.lock:
                self._remember(db, sealed.seq)


def _index_saved(db) -> None:
    """The desk's text index, brought up to the newest rows in one go (search_backlog):
    the saves since the last checkpoint, off their own path."""
    from loket.storage.search_backlog import catch_up

    catch_up(db)


def _is_office(db) -> bool:
    from loket.storage import backend

    return backend.is_postgres(db)


def _close_quietly(db) -> None:
    try:
        if not db.is_closed():
            db.close()
    except Exception:  # noqa: BLE001 - a connection already broken (the office server gone)
        pass
