"""The outage numbers (loket.storage.stats) against a real station database.

Requests are taken through the real station (validated, numbered, sealed), moved
through their states with the real transitions, and the link's history is written
with the real link log; every expected number is read back from the tables with
plain SQL, so the tests check the counting, not a copy of it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dbkit import run, station_rows  # noqa: F401

from linkkit import seed
from loket.storage import alerts, stats
from loket.storage.linklog import record_link_change
from loket.storage.transitions import change_state

pytestmark = pytest.mark.both_backends

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")

def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.timezone.utc)


def take(station, days_ago: int, count: int, seed_no: int, **kwargs) -> list:
    """``count`` requests a minute apart: ``days_ago`` days back at 10:00, or today just now
    (never before midnight, so "today" holds them whenever the test runs)."""
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    midnight = now.replace(hour=0, minute=0, second=0)
    if days_ago:
        start = midnight - dt.timedelta(days=days_ago) + dt.timedelta(hours=10)
    else:
        start = max(now - dt.timedelta(minutes=count + 1), midnight)
    return seed(station, count, seed=seed_no, start=start, **kwargs)


@pytest.fixture
def busy(station):
    """Two days ago: 4 requests; today: 5 (an urgent one, a receipt); some moved on."""
    old = take(station, 2, 4, seed_no=31, purposes={0: "election_candidate"})
    new = take(station, 0, 5, seed_no=32, purposes={1: "university_admission", 3: "election_candidate"},
               receipts={2})
    db = station.db
    change_state(db, old[1].request_id, "sending", actor="test")
    change_state(db, old[1].request_id, "rejected", actor="test", reason="NIK tidak ditemukan")
    change_state(db, old[2].request_id, "sending", actor="test")
    change_state(db, old[2].request_id, "synced", actor="test")
    change_state(db, old[2].request_id, "completed", actor="test")
    change_state(db, new[4].request_id, "void", actor="test")
    return old, new


def sql_counts(db, sql: str, *params) -> dict:
    return dict(run(db, sql, params).fetchall())


def test_outages_merge_states_name_the_worst_and_stay_open_while_down(station):
    db = station.db
    record_link_change(db, utc(2018, 7, 9, 0, 0), "unknown", "online")
    record_link_change(db, utc(2018, 7, 10, 15, 0), "online", "offline", "timeout")
    record_link_change(db, utc(2018, 7, 10, 18, 0), "offline", "revoked", "Audit data oleh Kemendagri")
    record_link_change(db, utc(2018, 7, 10, 20, 0), "revoked", "offline", "refused")
    record_link_change(db, utc(2018, 7, 11, 1, 0), "offline", "online")
    record_link_change(db, utc(2018, 7, 12, 2, 0), "online", "degraded", "http_503")
    now = utc(2018, 7, 13, 4, 0)

    periods = stats.outage_periods(db, now=now)
    assert periods == [
        stats.Outage(utc(2018, 7, 10, 15, 0), utc(2018, 7, 11, 1, 0), "revoked", "Audit data oleh Kemendagri",
                     ("network", "revoked"), "Audit data oleh Kemendagri", None, "timeout"),
        stats.Outage(utc(2018, 7, 12, 2, 0), None, "degraded", "http_503", ("network",), network_reason="http_503"),
    ]
    # The first went through a revocation and a network fault: both; the second, the network only.
    assert [period.cause for period in periods] == ["both", "network"]
    assert periods[1].ongoing and periods[1].length(now) == dt.timedelta(days=1, hours=2)
    # An outage already under way at the period's start is found whole.
    assert stats.outage_periods(db, utc(2018, 7, 10, 19, 0), now) == periods
    assert stats.outage_periods(db, utc(2018, 7, 11, 12, 0), now) == periods[1:]
    assert stats.current_outage(db, now) == periods[1]
    assert stats.current_outage(db, utc(2018, 7, 11, 12, 0)) is None
    # In WITA the first outage runs from 10 July 23:00 to 11 July 09:00; the second
    # from 12 July 10:00 until now (13 July 12:00): four local days in all.
    assert stats.days_offline(periods, None, now, WITA) == 4
    assert stats.days_offline(periods, utc(2018, 7, 12, 12, 0), now, WITA) == 2
    assert stats.default_since(db, now, WITA) == dt.date(2018, 7, 12)


def test_a_revocation_keeps_centrals_words_and_when_it_revoked(station):
    """The report names a revocation as such, with central's reason as the monitor recorded it."""
    db = station.db
    record_link_change(db, utc(2018, 7, 9, 0, 0), "unknown", "online")
    record_link_change(db, utc(2018, 7, 10, 15, 0), "online", "revoked", "Audit data", utc(2018, 7, 10, 14, 0))
    record_link_change(db, utc(2018, 7, 10, 16, 0), "revoked", "revoked", "Audit data oleh Kemendagri",
                       utc(2018, 7, 10, 14, 0))
    record_link_change(db, utc(2018, 7, 11, 1, 0), "revoked", "online")
    record_link_change(db, utc(2018, 7, 12, 1, 0), "online", "unauthorized", "invalid_token")
    now = utc(2018, 7, 13, 4, 0)
    first, second = stats.outage_periods(db, now=now)
    assert (first.cause, first.revoked_reason, first.revoked_at) == (
        "revoked", "Audit data oleh Kemendagri", utc(2018, 7, 10, 14, 0))
    assert (second.cause, second.revoked_reason) == ("unauthorized", None)
    numbers = stats.station_numbers(db, dt.date(2018, 7, 1), now)
    assert numbers.cause == "revoked"  # the revocation names the period, over the token refusal
    assert stats.station_numbers(db, dt.date(2018, 7, 12), now).cause == "unauthorized"


def test_a_station_that_never_lost_its_link_has_no_outage(station):
    record_link_change(station.db, utc(2018, 7, 9, 0, 0), "unknown", "online")
    assert stats.outage_periods(station.db) == []
    assert stats.default_since(station.db) is None
    assert stats.station_numbers(station.db).days_offline == 0
    assert stats.station_numbers(station.db).cause is None


def test_numbers_agree_with_the_tables(station, busy):
    old, new = busy
    db = station.db
    numbers = stats.station_numbers(db)
    assert numbers.by_state == {**dict.fromkeys(numbers.by_state, 0),
                                **sql_counts(db, "SELECT state, COUNT(*) FROM requests GROUP BY state")}
    assert numbers.by_state["queued"] == 6 and numbers.by_state["rejected"] == 1
    assert numbers.by_state["completed"] == numbers.by_state["void"] == 1
    assert numbers.taken_by_state == numbers.by_state and numbers.taken == 9
    issued = sql_counts(db, "SELECT kind, COUNT(*) FROM sukets GROUP BY kind")
    assert (numbers.sukets_issued, numbers.receipts_issued) == (issued["suket"], issued["receipt"]) == (8, 1)
    assert sum(day.sukets for day in numbers.per_day) == 8
    assert [day.day for day in numbers.per_day] == sorted({day.day for day in numbers.per_day})
    (urgent,) = run(db, 
        "SELECT COUNT(*) FROM requests WHERE state = 'queued' AND purpose IN "
        "('election_candidate', 'university_admission', 'civil_service_application')").fetchone()
    assert numbers.urgent_waiting == urgent >= 3
    purposes = {p.purpose: p for p in numbers.by_purpose}
    expected = sql_counts(db, "SELECT purpose, COUNT(*) FROM requests GROUP BY purpose")
    assert {name: p.total for name, p in purposes.items()} == expected
    waiting = sql_counts(db, "SELECT purpose, COUNT(*) FROM requests WHERE state = 'queued' GROUP BY purpose")
    assert {name: p.waiting for name, p in purposes.items() if p.waiting} == waiting
    still_open = sql_counts(db, "SELECT purpose, COUNT(*) FROM requests WHERE state NOT IN ('completed', 'void') "
                                "GROUP BY purpose")
    assert {name: p.open for name, p in purposes.items() if p.open} == still_open
    assert sum(p.waiting for p in numbers.by_purpose) == numbers.waiting == 6
    # Most waiting first.
    assert [p.waiting for p in numbers.by_purpose] == sorted((p.waiting for p in numbers.by_purpose), reverse=True)
    (oldest,) = run(db, "SELECT MIN(created_at) FROM requests WHERE state = 'queued'").fetchone()
    assert numbers.oldest_waiting.strftime("%Y-%m-%dT%H:%M:%S") == oldest[:19]
    assert dt.timedelta(days=1, hours=13) < numbers.oldest_age < dt.timedelta(days=2, hours=15)


def test_a_period_counts_only_what_it_holds(station, busy):
    old, new = busy
    today = dt.datetime.now().astimezone().date()
    numbers = stats.station_numbers(station.db, since=today)
    # Everything open still counts in the queue; the period holds only today's five.
    assert numbers.by_state["queued"] == 6
    assert numbers.taken == 5 and numbers.taken_by_state["void"] == 1 and numbers.taken_by_state["rejected"] == 0
    assert (numbers.sukets_issued, numbers.receipts_issued) == (4, 1)
    assert [(day.day, day.sukets, day.receipts) for day in numbers.per_day] == [(today, 4, 1)]
    shown = numbers.last_days(14)
    assert [day.day for day in shown] == [today]  # the chart does not reach before the period
    # Per-day detail only for the days asked; totals keep the whole period.
    three = stats.station_numbers(station.db, days=3)
    assert [(day.sukets, day.receipts) for day in three.last_days(3)] == [(4, 0), (0, 0), (4, 1)]
    two = stats.station_numbers(station.db, days=2)
    assert [day.day for day in two.per_day] == [today] and two.sukets_issued == 8


def test_warnings_name_what_needs_doing(station, busy, tmp_path):
    old, new = busy
    db = station.db
    today = dt.datetime.now().astimezone().date()
    # The rejected request waits for a supervisor: that is a warning, with its age.
    found = alerts.warnings(db, tmp_path, limits=alerts.WarningLimits(min_free_bytes=0))
    assert [w.code for w in found] == ["needs_action"]
    (oldest,) = run(db, "SELECT MIN(created_at) FROM requests WHERE state IN ('rejected', 'conflict')").fetchone()
    taken = stats.parse_utc_text(oldest)
    age = (dt.datetime.now(dt.timezone.utc) - taken).days
    assert found[0].params["count"] == 1 and found[0].params["days"] in (age, age + 1) and age >= 1
    assert found[0].params["since"] == taken.astimezone().strftime("%d-%m-%Y %H:%M")
    change_state(db, old[1].request_id, "void", actor="test", reason="duplikat")
    assert alerts.warnings(db, tmp_path, limits=alerts.WarningLimits(min_free_bytes=0)) == []

    # A waiting resident's Suket running out soon, another already expired, and one of
    # a completed request (no longer waiting: no warning for it).
    for request_id, until in ((old[0].request_id, today + dt.timedelta(days=5)),
                              (old[3].request_id, today - dt.timedelta(days=1)),
                              (old[2].request_id, today + dt.timedelta(days=2))):
        run(db, "UPDATE sukets SET valid_until = ? WHERE request_id = ?", (until.isoformat(), request_id))
    limits = alerts.WarningLimits(waiting_too_long=dt.timedelta(days=1), min_free_bytes=1 << 62)
    found = {w.code: w for w in alerts.warnings(db, tmp_path, limits=limits)}
    assert set(found) == {"sukets_expired", "sukets_expiring", "waiting_too_long", "low_disk"}
    assert found["sukets_expired"].params == {"count": 1}
    assert found["sukets_expiring"].params["count"] == 1
    assert found["sukets_expiring"].params["date"] == (today + dt.timedelta(days=5)).strftime("%d-%m-%Y")
    oldest = stats.station_numbers(db).oldest_age
    assert found["waiting_too_long"].params["days"] == oldest.days >= 1
    assert found["waiting_too_long"].params["limit"] == 1
    from loket.i18n import set_language

    set_language("id")
    assert "1 Suket warga yang masih menunggu" in found["sukets_expiring"].message
    set_language("en")
    assert found["low_disk"].message.startswith("Only ")


def test_the_queue_limit_comes_from_the_settings(station, busy, tmp_path):
    from loket.config import SettingsError

    settings = station.settings
    assert settings.queue_warning_days == 3  # the default
    limits = alerts.WarningLimits.from_settings(settings)
    found = {w.code for w in alerts.warnings(station.db, tmp_path, limits=limits)}
    assert "waiting_too_long" not in found  # two days old: under three
    settings.queue_warning_days = 1
    limits = alerts.WarningLimits.from_settings(settings)
    found = {w.code: w for w in alerts.warnings(station.db, tmp_path, limits=limits)}
    assert found["waiting_too_long"].params["limit"] == 1
    for bad in (0, 366, "3"):
        settings.queue_warning_days = bad
        with pytest.raises(SettingsError) as raised:
            settings.check()
        assert raised.value.key == "dash.bad_queue_warning_days"


def test_a_disk_that_cannot_be_read_is_a_warning_not_silence(station, tmp_path):
    found = alerts.warnings(station.db, tmp_path / "no-such-folder")
    assert [w.code for w in found] == ["disk_unknown"]


def test_the_chart_covers_the_last_days_whatever_the_period(station, busy):
    today = dt.datetime.now().astimezone().date()
    numbers = stats.station_numbers(station.db, since=today, days=14)
    assert len(numbers.last_days(14)) == 1  # the period is one day...
    chart = stats.last_days(station.db, 14)
    assert [day.day for day in chart] == [today - dt.timedelta(days=13 - n) for n in range(14)]
    assert [(day.sukets, day.receipts) for day in chart[-3:]] == [(4, 0), (0, 0), (4, 1)]  # ...the chart is not


def test_until_ends_the_period(station, busy):
    today = dt.datetime.now().astimezone().date()
    numbers = stats.station_numbers(station.db, since=today - dt.timedelta(days=5), until=today - dt.timedelta(days=1))
    assert numbers.taken == 4 and numbers.sukets_issued == 4 and numbers.receipts_issued == 0
    assert numbers.now.astimezone().date() == today - dt.timedelta(days=1)
    assert numbers.by_state["queued"] == 6  # states are always those of now


def test_the_periods_totals_are_summed_without_sorting_every_suket(station, busy, monkeypatch):
    """Only the chart's days are grouped (a sort of their rows); the period's totals are one
    pass of sums. Grouped together, every Suket of the period was sorted: 0.6 s at 1,000,000."""
    from dbkit import is_postgres

    db = station.db
    if is_postgres(db):
        pytest.skip("the temporary b-tree is SQLite's plan")
    statements = []
    real = db.execute_sql

    def noted(sql, params=None, *args, **kwargs):
        statements.append((sql, list(params or ())))
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", noted)
    numbers = stats.station_numbers(db, days=3)  # the period: everything; the chart: three days
    monkeypatch.undo()
    assert (numbers.sukets_issued, numbers.receipts_issued) == (8, 1)
    over_sukets = [(sql, params) for sql, params in statements if 'FROM "sukets"' in sql]
    plans = {sql: [row[3] for row in run(db, f"EXPLAIN QUERY PLAN {sql}", params).fetchall()]
             for sql, params in over_sukets}
    whole_period = [sql for sql, params in over_sukets if "" in params]  # from the first Suket on
    assert whole_period and all(not any("TEMP B-TREE" in step for step in plans[sql]) for sql in whole_period), plans
