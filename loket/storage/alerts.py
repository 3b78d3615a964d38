"""What a supervisor should act on: the dashboard's warnings.

Each warning is a code and its numbers, worded when read (so F9 re-words it):
requests central refused that wait for a supervisor, Sukets of waiting residents
that have run out or soon will, a send queue older than the office's limit
(``queue_warning_days`` in the settings), and a disk running out of room (or one
whose free space cannot be read: silence there would say "all is well").
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import peewee

from loket.i18n.os_errors import os_reason
from loket.storage.models import Request, Suket, use
from loket.storage.states import OPEN_STATES, REFUSED
from loket.storage.stats import Numbers, local_tz, oldest_taken, _now, _oldest_waiting, _sum_where

DEFAULT_QUEUE_WARNING_DAYS = 3


@dataclass(frozen=True)
class WarningLimits:
    waiting_too_long: dt.timedelta = dt.timedelta(days=DEFAULT_QUEUE_WARNING_DAYS)
    min_free_bytes: int = 1024 ** 3  # 1 GiB: a day of slips and the database's growth, many times over
    expiry_days: int = 14  # a waiting resident's Suket running out this soon needs a new one

    @classmethod
    def from_settings(cls, settings) -> "WarningLimits":
        days = getattr(settings, "queue_warning_days", DEFAULT_QUEUE_WARNING_DAYS)
        return cls(waiting_too_long=dt.timedelta(days=days))


# Each warning's message (one key per code, never built from pieces).
WARNING_MESSAGES = {
    "needs_action": "dash.warning.needs_action",
    "sukets_expired": "report.warning.sukets_expired",
    "sukets_expiring": "report.warning.sukets_expiring",
    "waiting_too_long": "report.warning.waiting_too_long",
    "low_disk": "report.warning.low_disk",
    "disk_unknown": "dash.warning.disk_unknown",
}


@dataclass(frozen=True)
class StationWarning:
    code: str  # a key of WARNING_MESSAGES
    params: dict

    @property
    def message(self) -> str:
        """The warning in the current language (worded when read, so F9 re-words it)."""
        from loket.i18n import get_language, t

        def shown(value):
            if isinstance(value, bool) or not isinstance(value, int):
                return value
            grouped = f"{value:,}"
            return grouped.replace(",", ".") if get_language() == "id" else grouped

        return t(WARNING_MESSAGES[self.code], **{k: shown(v) for k, v in self.params.items()})


def expiring_sukets(db: peewee.Database, today: dt.date, within_days: int) -> tuple[int, int, dt.date | None]:
    """Current Sukets of residents still waiting that run out by ``today + within_days``:
    ``(already expired, expiring soon, the earliest date of those expiring soon)``."""
    use(db)
    first, last = today, today + dt.timedelta(days=within_days)
    # A CROSS JOIN keeps sukets outside (SQLite never reorders one): few rows pass the
    # date test, and only those are looked up, instead of every waiting request's Suket.
    expired, soon, earliest = (
        Suket.select(_sum_where(Suket.valid_until < first), _sum_where(Suket.valid_until >= first),
                     peewee.fn.MIN(peewee.Case(None, [(Suket.valid_until >= first, Suket.valid_until)])))
        .join(Request, peewee.JOIN.CROSS)
        .where((Request.id == Suket.request) & (Suket.kind == "suket") & (Suket.superseded == False) & (Suket.valid_until <= last)  # noqa: E712
               & Request.state.in_(OPEN_STATES))
        .tuples().first()
    )
    if isinstance(earliest, str):
        earliest = dt.date.fromisoformat(earliest)
    return int(expired or 0), int(soon or 0), earliest


def _needs_action(db: peewee.Database, numbers: Numbers | None) -> int:
    if numbers is not None:
        return sum(numbers.by_state.get(state, 0) for state in REFUSED)
    use(db)
    return Request.select().where(Request.state.in_(REFUSED)).count()


def warnings(db: peewee.Database, data_dir: str | Path, now: dt.datetime | None = None,
             limits: WarningLimits = WarningLimits(), numbers: Numbers | None = None,
             tz: dt.tzinfo | None = None) -> list[StationWarning]:
    """What a supervisor should act on, most urgent first. ``numbers`` saves a query when
    the caller already has them."""
    now = _now(now)
    tz = tz or local_tz()
    found: list[StationWarning] = []
    today = now.astimezone(tz).date()

    def local(moment: dt.datetime) -> str:
        return moment.astimezone(tz).strftime("%d-%m-%Y %H:%M")

    refused = _needs_action(db, numbers)
    oldest_refused = oldest_taken(db, REFUSED) if refused else None
    if refused and oldest_refused is not None:
        found.append(StationWarning("needs_action", {
            "count": refused, "days": max(0, (now - oldest_refused).days), "since": local(oldest_refused)}))
    expired, soon, earliest = expiring_sukets(db, today, limits.expiry_days)
    if expired:
        found.append(StationWarning("sukets_expired", {"count": expired}))
    if soon:
        found.append(StationWarning("sukets_expiring", {
            "count": soon, "days": limits.expiry_days, "date": earliest.strftime("%d-%m-%Y")}))
    oldest = numbers.oldest_waiting if numbers is not None else _oldest_waiting(db)
    if oldest is not None and now - oldest > limits.waiting_too_long:
        found.append(StationWarning("waiting_too_long", {
            "days": (now - oldest).days, "limit": limits.waiting_too_long.days, "since": local(oldest)}))
    try:
        free = shutil.disk_usage(Path(data_dir)).free
    except OSError as exc:
        found.append(StationWarning("disk_unknown", {"path": str(data_dir), "error": os_reason(exc)}))
    else:
        if free < limits.min_free_bytes:
            found.append(StationWarning("low_disk", {"free_mb": free // (1024 * 1024), "path": str(data_dir)}))
    return found
