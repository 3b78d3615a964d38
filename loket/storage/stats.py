"""The outage numbers: how many wait and since when, who is urgent, what central refused,
how many Sukets went out, and when the link to central was down.

Pure read-only queries over the station database (every counter's, in an office
database), shared by the dashboard screen and ``loket report``. Every count is one
GROUP BY over an indexed column (the requests table is read only through its
``(state, purpose, created_at)`` and ``(state, created_at)`` indexes), so the cost
stays small at 100,000 requests.

Local days are the station's own calendar days: ``tz`` defaults to the station's
local time zone, and stored times are UTC text (see models.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee

from loket.storage import backend
from loket.storage.linklog import CAUSE_OF_STATE, cause_of
from loket.storage.models import LinkEvent, Request, Suket, parse_utc_text, use, utc_text
from loket.storage.claims import being_sent, split_counts
from loket.storage.states import OPEN_STATES, PENDING_SEND, STATES, State

# A link in one of these states is an outage; "unknown" and "unset" are not.
OUTAGE_STATES = ("offline", "degraded", "revoked", "unauthorized")
# When one outage passes through several states, it is named by the most serious.
_SERIOUSNESS = {"degraded": 0, "offline": 1, "unauthorized": 2, "revoked": 3}
# Not sent yet: what an outage holds back.
WAITING_STATES = PENDING_SEND


def local_tz() -> dt.tzinfo:
    """The station's local time zone (a fixed offset, e.g. WITA = UTC+8)."""
    return dt.datetime.now().astimezone().tzinfo


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.timezone.utc)


def day_start(day: dt.date, tz: dt.tzinfo | None = None) -> dt.datetime:
    """Midnight at the start of local ``day``, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(), tzinfo=tz or local_tz())


def _offset(tz: dt.tzinfo, at: dt.datetime) -> dt.timedelta:
    """The zone's offset from UTC at ``at`` (WITA: +8 hours)."""
    return at.astimezone(tz).utcoffset() or dt.timedelta()


def _sum_where(condition: peewee.Expression) -> peewee.Function:
    """How many rows meet ``condition`` (a SUM of 1s that both databases read the same)."""
    return peewee.fn.SUM(peewee.Case(None, [(condition, 1)], 0))


# -- outages -------------------------------------------------------------------------


@dataclass(frozen=True)
class Outage:
    start: dt.datetime  # aware UTC: the link stopped being online
    end: dt.datetime | None  # aware UTC: online again; None while it lasts
    state: str  # the most serious state it passed through
    reason: str | None  # that state's last reason (central's text when revoked)
    # Every cause it passed through (linklog.CAUSE_OF_STATE's values), first seen first.
    kinds: tuple[str, ...] = ()
    # Central's words for the revocation, as the link monitor recorded them (the last
    # ones given), and when central says it revoked; None when it was not revoked.
    revoked_reason: str | None = None
    revoked_at: dt.datetime | None = None
    network_reason: str | None = None  # the first network cause code (timeout, http_503, ...)

    @property
    def ongoing(self) -> bool:
        return self.end is None

    @property
    def cause(self) -> str:
        """revoked | both | unauthorized | unauthorized_network | network (see linklog.cause_of)."""
        return cause_of(self.kinds) or CAUSE_OF_STATE[self.state]

    def length(self, now: dt.datetime) -> dt.timedelta:
        return (self.end or now) - self.start


def _events_from(db: peewee.Database, since: dt.datetime | None) -> list[tuple]:
    """Link events from the start of the state in force at ``since`` (all when None)."""
    use(db)
    # A counter's own link (in an office database every counter records its own).
    mine = LinkEvent.station_id == backend.speaker(db)
    events = (LinkEvent.select(LinkEvent.id, LinkEvent.at, LinkEvent.to_state, LinkEvent.reason, LinkEvent.revoked_at)
              .where(mine).order_by(LinkEvent.id))
    if since is None:
        return list(events.tuples())
    first = LinkEvent.select(peewee.fn.MIN(LinkEvent.id)).where(mine & (LinkEvent.at >= utc_text(since))).scalar()
    if first is None:
        first = (LinkEvent.select(peewee.fn.MAX(LinkEvent.id)).scalar() or -1) + 1
    # An outage already under way at ``since`` began after the last event that was not one.
    calm = (LinkEvent.select(peewee.fn.MAX(LinkEvent.id))
            .where(mine & (LinkEvent.id < first) & LinkEvent.to_state.not_in(OUTAGE_STATES)).scalar())
    return list(events.where(LinkEvent.id > (calm if calm is not None else -1)).tuples())


def outage_periods(db: peewee.Database, since: dt.datetime | None = None,
                   now: dt.datetime | None = None) -> list[Outage]:
    """Periods when the link was not online, oldest first, that last into ``since`` or later.

    Consecutive outage states (offline, then revoked) make one period: for the
    residents waiting it is one interruption.
    """
    now = _now(now)
    periods: list[Outage] = []
    start = None
    for _id, at_text, to_state, to_reason, revoked_text in _events_from(db, since):
        at = parse_utc_text(at_text)
        if at > now:
            break
        if to_state in OUTAGE_STATES:
            if start is None:
                start, state, reason, kinds, facts = at, to_state, to_reason, [], {}
            elif _SERIOUSNESS[to_state] >= _SERIOUSNESS[state]:
                state, reason = to_state, to_reason
            kind = CAUSE_OF_STATE[to_state]
            if kind not in kinds:
                kinds.append(kind)
            if to_state == "revoked":
                facts["revoked_reason"] = to_reason
                facts["revoked_at"] = parse_utc_text(revoked_text) if revoked_text else None
            elif kind == "network":
                facts.setdefault("network_reason", to_reason)
        elif start is not None:
            periods.append(Outage(start, at, state, reason, tuple(kinds), **facts))
            start = None
    if start is not None:
        periods.append(Outage(start, None, state, reason, tuple(kinds), **facts))
    if since is not None:
        periods = [p for p in periods if p.end is None or p.end >= since]
    return periods


def current_outage(db: peewee.Database, now: dt.datetime | None = None) -> Outage | None:
    periods = outage_periods(db, _now(now), now)
    return periods[-1] if periods and periods[-1].ongoing else None


def default_since(db: peewee.Database, now: dt.datetime | None = None,
                  tz: dt.tzinfo | None = None) -> dt.date | None:
    """The period a report covers when none is asked for: from the local day the latest
    outage began (ongoing or not); None (everything) when the link never went down."""
    use(db)
    row = (LinkEvent.select(LinkEvent.at)
           .where(LinkEvent.to_state.in_(OUTAGE_STATES) & (LinkEvent.station_id == backend.speaker(db)))
           .order_by(LinkEvent.id.desc()).limit(1).tuples().first())
    if row is None:
        return None
    last = outage_periods(db, parse_utc_text(row[0]), now)
    return last[-1].start.astimezone(tz or local_tz()).date() if last else None


def days_offline(periods: list[Outage], start: dt.datetime | None, now: dt.datetime,
                 tz: dt.tzinfo | None = None) -> int:
    """Local calendar days touched by an outage, within ``start`` .. ``now``."""
    tz = tz or local_tz()
    days: set[dt.date] = set()
    for period in periods:
        first = max(period.start, start) if start is not None else period.start
        last = min(period.end or now, now)
        if last < first:
            continue
        day, end_day = first.astimezone(tz).date(), last.astimezone(tz).date()
        while day <= end_day:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


# -- the numbers ---------------------------------------------------------------------


@dataclass(frozen=True)
class PurposeCount:
    purpose: str
    waiting: int  # not sent yet (queued or being sent)
    open: int  # not completed nor cancelled: still waiting for the card
    taken: int  # taken in the period
    total: int  # taken ever


@dataclass(frozen=True)
class DayCount:
    day: dt.date  # local day
    sukets: int
    receipts: int


@dataclass(frozen=True)
class Numbers:
    now: dt.datetime
    since: dt.date | None  # first local day of the period; None: everything recorded
    period_start: dt.datetime | None  # its first moment (aware)
    by_state: dict[str, int]  # every request, by its state now (every state present)
    taken_by_state: dict[str, int]  # requests taken in the period, by their state now
    by_purpose: tuple[PurposeCount, ...]  # most waiting first
    urgent_waiting: int  # not sent yet, for a purpose with a deadline
    sukets_issued: int  # in the period
    receipts_issued: int  # in the period
    per_day: tuple[DayCount, ...]  # local days with a document, oldest first (see ``days``)
    oldest_waiting: dt.datetime | None  # when the longest-waiting unsent request was taken
    outages: tuple[Outage, ...] = ()
    days_offline: int = 0
    tz: dt.tzinfo = field(default=dt.timezone.utc)

    @property
    def taken(self) -> int:
        return sum(self.taken_by_state.values())

    @property
    def waiting(self) -> int:
        return sum(self.by_state[state] for state in WAITING_STATES)

    @property
    def oldest_age(self) -> dt.timedelta | None:
        return None if self.oldest_waiting is None else self.now - self.oldest_waiting

    @property
    def current_outage(self) -> Outage | None:
        return self.outages[-1] if self.outages and self.outages[-1].ongoing else None

    @property
    def cause(self) -> str | None:
        """What the period's outages were caused by, taken together (linklog.cause_of)."""
        return cause_of(kind for outage in self.outages for kind in outage.kinds)

    def last_days(self, count: int) -> list[DayCount]:
        """The last ``count`` local days up to today (or up to the period's start), zeros included."""
        today = self.now.astimezone(self.tz).date()
        first = today - dt.timedelta(days=max(1, count) - 1)
        if self.since is not None and self.since > first:
            first = min(self.since, today)
        known = {day.day: day for day in self.per_day}
        span = (today - first).days + 1
        days = (first + dt.timedelta(days=n) for n in range(span))
        return [known.get(day, DayCount(day, 0, 0)) for day in days]


def _within(column, start: str, end: str) -> peewee.Expression:
    """``start <= column`` (and ``column < end`` when the period has an end)."""
    return (column >= start) & (column < end) if end else column >= start


def _purposes(db: peewee.Database, start: str, end: str = "") -> tuple[dict[str, int], dict[str, int], dict, int]:
    """One pass over the (state, purpose, created_at) index: every count by state and purpose."""
    from loket.intake.record import URGENT_PURPOSES

    by_state = dict.fromkeys(STATES, 0)
    taken_by_state = dict.fromkeys(STATES, 0)
    purposes: dict[str, list[int]] = {}
    urgent = 0
    rows = (Request.select(Request.state, Request.purpose, peewee.fn.COUNT(Request.id),
                           _sum_where(_within(Request.created_at, start, end)))
            .group_by(Request.state, Request.purpose).tuples())
    for state, purpose, count, taken in rows:
        state = State(state)
        taken = int(taken or 0)
        by_state[state] = by_state.get(state, 0) + count
        taken_by_state[state] = taken_by_state.get(state, 0) + taken
        waiting, still_open, in_period, total = purposes.setdefault(purpose, [0, 0, 0, 0])
        purposes[purpose] = [
            waiting + (count if state in WAITING_STATES else 0),
            still_open + (count if state in OPEN_STATES else 0),
            in_period + taken,
            total + count,
        ]
        if state in WAITING_STATES and purpose in URGENT_PURPOSES:
            urgent += count
    # Rows being sent are counted above as queued (``storage.claims``): the claims'
    # own small index tells how many, in all and taken in the period.
    claimed, claimed_taken = (Request.select(peewee.fn.COUNT(Request.id),
                                             _sum_where(_within(Request.created_at, start, end)))
                              .where(being_sent(db)).tuples().first())
    split_counts(by_state, claimed)
    split_counts(taken_by_state, int(claimed_taken or 0))
    return by_state, taken_by_state, purposes, urgent


def _issued(db: peewee.Database, start: str, detail_from: str,
            offset: dt.timedelta, end: str = "") -> tuple[int, int, list[DayCount]]:
    """Sukets and receipts issued since ``start``, and per local day from ``detail_from``.

    The rows in the detail window are grouped by their UTC hour (by minute in a zone
    whose offset is not whole hours), and the hours are folded into local days here, so
    both databases run the same plain query. When the period starts before the window,
    its totals are one pass of sums with no grouping: grouped with the rest, every Suket
    of the period went through a sort (0.6 s of the dashboard's 0.8 s at 1,000,000).
    """
    width = 13 if offset % dt.timedelta(hours=1) == dt.timedelta() else 16
    stamp = peewee.fn.SUBSTR(Suket.issued_at, 1, width)
    window = max(start, detail_from)
    rows = (Suket.select(stamp.alias("stamp"), _sum_where(Suket.kind == "suket"), _sum_where(Suket.kind == "receipt"))
            .where(_within(Suket.issued_at, window, end)).group_by(peewee.SQL("stamp")).tuples())
    sukets = receipts = 0
    per_day: dict[dt.date, list[int]] = {}
    for stamp_text, suket_count, receipt_count in rows:
        sukets += int(suket_count or 0)
        receipts += int(receipt_count or 0)
        at = dt.datetime.fromisoformat(stamp_text + (":00" if width == 13 else "")).replace(tzinfo=dt.timezone.utc)
        counts = per_day.setdefault((at + offset).date(), [0, 0])
        counts[0] += int(suket_count or 0)
        counts[1] += int(receipt_count or 0)
    if window > start:
        totals = (Suket.select(_sum_where(Suket.kind == "suket"), _sum_where(Suket.kind == "receipt"))
                  .where(_within(Suket.issued_at, start, end)).tuples().first())
        sukets, receipts = (int(value or 0) for value in totals)
    days = [DayCount(day, *counts) for day, counts in sorted(per_day.items())]
    return sukets, receipts, days


def last_days(db: peewee.Database, count: int, now: dt.datetime | None = None,
              tz: dt.tzinfo | None = None) -> list[DayCount]:
    """Documents per local day for the last ``count`` days up to today, zeros included,
    whatever period the rest of the numbers cover (the dashboard's chart)."""
    now = _now(now)
    tz = tz or local_tz()
    today = now.astimezone(tz).date()
    first = today - dt.timedelta(days=max(1, count) - 1)
    start = utc_text(day_start(first, tz))
    use(db)
    _sukets, _receipts, per_day = _issued(db, start, start, _offset(tz, now))
    known = {day.day: day for day in per_day}
    days = (first + dt.timedelta(days=n) for n in range((today - first).days + 1))
    return [known.get(day, DayCount(day, 0, 0)) for day in days]


def station_numbers(db: peewee.Database, since: dt.date | None = None, now: dt.datetime | None = None,
                    tz: dt.tzinfo | None = None, days: int | None = None,
                    until: dt.date | None = None) -> Numbers:
    """Everything the dashboard shows and the report prints, for the period from local day
    ``since`` (None: everything recorded) to ``now``, or to the end of local day ``until``
    when that is earlier (the states are always those of now).

    ``days``: documents per day only for the last ``days`` local days (a chart's worth),
    None: for every day of the period. Totals always cover the whole period.
    """
    now = _now(now)
    tz = tz or local_tz()
    period_start = day_start(since, tz) if since is not None else None
    start = utc_text(period_start) if period_start is not None else ""
    end = ""
    if until is not None and day_start(until + dt.timedelta(days=1), tz) <= now:
        period_end = day_start(until + dt.timedelta(days=1), tz)
        end, now = utc_text(period_end), period_end - dt.timedelta(microseconds=1)
    detail_from = start
    if days is not None:
        first_day = now.astimezone(tz).date() - dt.timedelta(days=max(1, days) - 1)
        detail_from = max(start, utc_text(day_start(first_day, tz)))
    use(db)
    with db.atomic():  # one read snapshot: the counts agree with each other
        by_state, taken_by_state, purposes, urgent = _purposes(db, start, end)
        sukets, receipts, per_day = _issued(db, start, detail_from, _offset(tz, now), end)
        oldest = _oldest_waiting(db)
        outages = outage_periods(db, period_start, now)
    ordered = sorted(purposes.items(), key=lambda item: (-item[1][0], -item[1][3], item[0]))
    return Numbers(
        now=now,
        since=since,
        period_start=period_start,
        by_state=by_state,
        taken_by_state=taken_by_state,
        by_purpose=tuple(PurposeCount(purpose, *counts) for purpose, counts in ordered),
        urgent_waiting=urgent,
        sukets_issued=sukets,
        receipts_issued=receipts,
        per_day=tuple(per_day),
        oldest_waiting=oldest,
        outages=tuple(outages),
        days_offline=days_offline(outages, period_start, now, tz),
        tz=tz,
    )


# -- the oldest of a state ------------------------------------------------------------


def oldest_taken(db: peewee.Database, states) -> dt.datetime | None:
    """When the oldest request now in one of ``states`` was taken (the (state, created_at) index)."""
    use(db)
    text = (Request.select(peewee.fn.MIN(Request.created_at).coerce(False))
            .where(Request.state.in_(states)).scalar())
    return parse_utc_text(text) if text else None


def _oldest_waiting(db: peewee.Database) -> dt.datetime | None:
    return oldest_taken(db, WAITING_STATES)

