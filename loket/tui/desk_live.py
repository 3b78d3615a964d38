"""The desk follows what other counters, supervisors and the sync do, without F5.

A mixin of DeskScreen. Every ``LIVE_INTERVAL`` seconds a worker reads
``storage.bulk.change_mark`` (three indexed ``MAX(id)``: cheap at any queue
size, on SQLite and PostgreSQL). Only when it moved are the rows on screen, the
count, the open request and the reason filter's choices read again, and the
marks checked against their rows' states now: a mark on a request someone else
has moved on is let go and said.

The mark is first read just before the first page is (``mark_before_first_page``),
not at the first tick: a request another counter saves between the two would
otherwise be taken as already on screen, and the list would miss it until the
next change.
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from loket.tui.reply import Reply

LIVE_INTERVAL = 2.0  # seconds between two looks; the list follows within about this


class DeskLive:
    """Expects from the screen: queue, busy, complete, _reload(), reasons_changed()."""

    _live_mark: tuple | None = None
    _live_looked = False  # the first look brings the reason filter's choices whatever the mark
    _live_asking = False

    class Moved(Reply):
        """The queue changed since the last look; ``states``: the marked rows' states now."""

        def __init__(self, origin, mark: tuple, states: dict[int, str | None], reasons: list | None) -> None:
            super().__init__(origin)
            self.mark = mark
            self.states = states
            self.reasons = reasons

    def mark_before_first_page(self, db) -> None:
        """Where things stand, read in place before the first page: three index steps."""
        from loket.storage import bulk

        try:
            self._live_mark = bulk.change_mark(db)
        except Exception:  # the first page will say what is wrong; the first look tries again
            self._live_mark = None

    def start_live(self, interval: float | None = None) -> None:
        self.set_interval(interval or LIVE_INTERVAL, self.live_look)

    def live_look(self) -> None:
        """One look now (the timer's tick; tests call it to skip the wait)."""
        if self._live_asking or self.busy or not self.is_attached or not self.complete:
            return
        self._live_asking = True
        self._look(self.app.station.db, self._live_mark, dict(self.queue.marked), not self._live_looked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="desk-live")
    def _look(self, db, last: tuple | None, marked: dict[int, str], first: bool) -> None:
        from loket.storage import bulk

        try:
            mark = bulk.change_mark(db)
            if mark == last and not first:
                self.post_message(LiveUnchanged(self))
                return
            now: dict[int, str | None] = dict.fromkeys(marked)
            now.update(bulk.current_states(db, marked))
            reasons = bulk.reason_codes(db)
        except Exception:  # the database away for a moment: the next look tries again
            self.post_message(LiveUnchanged(self))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Moved(self, mark, now, reasons))

    def on_desk_live_moved(self, message: Moved) -> None:
        self._live_asking = False
        self._live_looked = True
        # Without a mark from before the first page, the first look only learns where things stand.
        moved = self._live_mark is not None and message.mark != self._live_mark
        self._live_mark = message.mark
        if message.reasons is not None:
            self.reasons_changed(message.reasons)
        self.queue.follow_states(message.states)  # the list says how many it let go
        if moved and not self.busy:
            self._reload()

    def on_live_unchanged(self, message: "LiveUnchanged") -> None:
        self._live_asking = False


class LiveUnchanged(Reply):
    """Nothing moved since the last look (or the look could not be made)."""
