"""A counter of a many-counter office: the office database, and its own file while that is down.

The counter works in the office database whenever it can reach it. When it cannot
(at start, or in the middle of a save), it says so and keeps serving from its own
SQLite file (``storage.holding``): the same numbers, seals and logins, the same
durability. As soon as the office database answers again, the held requests move
there exactly once and the counter works in the office database again.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from loket.config import DataPaths, Settings


@dataclass(frozen=True)
class OfficeState:
    reachable: bool
    held: int  # requests saved on this PC that wait for the office database
    since: dt.datetime | None  # when the office database was last found down
    problem: str | None  # the reason, in words


class OfficeLink:
    def __init__(self, paths: DataPaths, settings: Settings):
        self.paths, self.settings = paths, settings
        self.office = None  # the office database while reachable
        self.local = None  # this PC's own file: the holding queue
        self.down_since: dt.datetime | None = None
        self.problem: str | None = None
        self.lock = threading.RLock()

    # -- which database -----------------------------------------------------------------

    @property
    def current(self):
        return self.office if self.office is not None else self.local

    @property
    def holding(self) -> bool:
        return self.office is None

    def open(self):
        """Open the file, then try the office (moving anything held); returns the database in use."""
        from loket.storage.db import open_database

        self.local = open_database(self.paths.database)
        self.reach_office()
        return self._in_use()

    def _in_use(self):
        """The database in use, with the models bound to it (other work binds the file for a while)."""
        from loket.storage.models import use

        return use(self.current)

    def reach_office(self) -> int:
        """Use the office database if it answers; returns how many held requests moved there.

        Raises nothing for an unreachable server (the counter goes on holding); other
        problems of the office database (a wrong password, a newer schema) are raised.
        """
        from loket.storage import backend, holding
        from loket.storage.db import is_unreachable, open_database
        from loket.storage.errors import DatabaseUnavailable

        with self.lock:
            if self.office is not None:
                return 0
            try:
                office = open_database(self.settings.database)
                backend.speak_for(office, self.settings.station_id)
                moved = holding.move_back(self.local, office, self.settings.station_id)
                if moved.requests or moved.skipped:
                    self._set_aside_file()
                holding.prepare(office, self.local, self.settings.station_id)
            except DatabaseUnavailable as exc:
                if not is_unreachable(exc):
                    raise
                self._down(exc)
                return 0
            self.office, self.down_since, self.problem = office, None, None
            self._in_use()
            return moved.requests

    def run(self, work):
        """``work(db)`` in the office database; if that stops answering, on this PC's file."""
        from loket.storage.db import is_unreachable, translate_errors
        from loket.storage.errors import DatabaseUnavailable

        with self.lock:
            if not self.holding:
                try:
                    with translate_errors(self.office):
                        return work(self.office)
                except DatabaseUnavailable as exc:
                    if not is_unreachable(exc):
                        raise
                    self.fall_back(exc)
            return work(self.local)

    def probe(self) -> int:
        """Look at the office database: notice it went down, or reach it again (moving what
        was held); returns how many held requests moved."""
        if self.holding:
            return self.reach_office()
        self.run(lambda db: db.execute_sql("SELECT 1").fetchone())
        return 0

    def fall_back(self, exc: BaseException) -> None:
        """The office database stopped answering: hold requests on this PC from now on."""
        with self.lock:
            if self.office is not None:
                try:
                    self.office.close()
                except Exception:  # noqa: BLE001 - the connection is already broken
                    pass
            self.office = None
            self._down(exc)

    def _down(self, exc: BaseException) -> None:
        self.down_since = self.down_since or dt.datetime.now(dt.timezone.utc)
        self.problem = exc.message() if hasattr(exc, "message") else str(exc)

    def state(self) -> OfficeState:
        from loket.storage import holding

        with self.lock:
            held = holding.held_count(self.local) if self.holding else 0
            return OfficeState(not self.holding, held, self.down_since, self.problem)

    # -- saving -------------------------------------------------------------------------

    def save(self, save, clerk, station_id: str):
        """``save(db, clerk, **extra)`` in the office database; while it is down, on this PC's
        file (the same record, once). A save at the office also notes its numbers in the file
        (while the office writes its COMMIT), so requests held later continue the series."""
        from loket.storage import holding, users
        from loket.storage.db import is_unreachable
        from loket.storage.errors import DatabaseUnavailable

        with self.lock:
            if not self.holding:
                noted = []

                def note(year: int, values: dict[str, int]):  # while the office commits
                    noted.append(year)
                    return holding.note_numbers(self.local, station_id, year, values)

                try:
                    done = save(self.office, clerk, note_numbers=note)
                except DatabaseUnavailable as exc:
                    if not is_unreachable(exc):
                        raise
                    self.fall_back(exc)
                else:
                    if not noted:  # a save that could not overlap the note with its COMMIT
                        self.noted(station_id, done)
                    return done
            # The file knows the office's people by name; its rows have ids of their own.
            here = users.find_user(self.local, clerk.name) or clerk
            return save(self.local, here, allocate_id=holding.allocate_id)

    # -- numbers ------------------------------------------------------------------------

    def noted(self, station_id: str, done) -> None:
        """After a save at the office: the file learns the numbers it used."""
        from loket.storage import holding
        from loket.storage.numbering import QUEUE

        holding.note_numbers(self.local, station_id, done.year, {QUEUE: done.queue_no, done.kind: done.seq})

    def _set_aside_file(self) -> None:
        """After a move, the file is kept as a record and a fresh one holds the next outage."""
        from loket.storage.db import open_database, set_aside

        from loket.audit_seal import forget

        self.local.close()
        set_aside(self.paths.database, "held")
        forget(self.paths.root, "")  # the set-aside file's checkpoints go with it
        self.local = open_database(self.paths.database)

    def close(self) -> None:
        for db in (self.office, self.local):
            if db is not None and not db.is_closed():
                db.close()
