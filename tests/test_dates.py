"""One date format for every date a person types: DD-MM-YYYY (ISO accepted), worded for
what the date is: a birth date on the form, the filter's date on the desk."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.app import App
from textual.widgets import Input, Static

from loket.dates import TypedDayError, format_moment, parse_day
from loket.i18n import set_language
from loket.tui.typed_date import TypedDateError, parse_typed_date
from loket.tui.widgets.desk_filters import DeskFilters


@pytest.mark.parametrize("typed", ["16-11-2026", "16/11/2026", "16.11.2026", "16112026", " 16 - 11 - 2026 ",
                                   "2026-11-16"])
def test_every_way_of_typing_a_day_reads_the_same_day(typed):
    assert parse_day(typed) == dt.date(2026, 11, 16)


@pytest.mark.parametrize("typed, problem", [("kemarin", "format"), ("16-11-26", "year"), ("31-02-2026", "no_such_day"),
                                            ("2026-02-31", "no_such_day"), ("2026/11/16", "format")])
def test_a_wrong_day_names_its_problem(typed, problem):
    with pytest.raises(TypedDayError) as raised:
        parse_day(typed)
    assert raised.value.problem == problem


def test_a_birth_date_is_worded_as_a_birth_date_and_other_dates_are_not():
    set_language("id")
    with pytest.raises(TypedDateError) as birth:
        parse_typed_date("31-02-1990")
    assert birth.value.message() == "Tanggal lahir itu tidak ada di kalender."
    assert parse_typed_date("1990-05-07") == dt.date(1990, 5, 7)  # ISO on the form too
    with pytest.raises(TypedDayError) as other:
        parse_day("31-02-2026")
    assert other.value.message() == "Tanggal itu tidak ada di kalender."
    set_language("en")
    with pytest.raises(TypedDayError) as other:
        parse_day("16-11-26")
    assert other.value.message() == "The year '26' has only 2 digits: type all 4 (e.g. 2026)."


class FilterApp(App):
    def compose(self):
        yield DeskFilters(["7373-LKT01"])


async def test_the_desk_filter_speaks_of_its_own_date_and_takes_iso():
    set_language("id")
    app = FilterApp()
    async with app.run_test(size=(120, 10)) as pilot:
        filters = app.query_one(DeskFilters)
        app.query_one("#filter-from", Input).value = "31-02-2025"
        await pilot.pause()
        problem = str(app.query_one("#filter-problem", Static).render())
        assert problem == 'Tanggal "dari": Tanggal itu tidak ada di kalender.'
        assert "lahir" not in problem and filters.read() is None
        app.query_one("#filter-from", Input).value = "2025-02-03"
        app.query_one("#filter-to", Input).value = "28-02-2025"
        await pilot.pause()
        parts = filters.read()
        assert (parts["created_from"], parts["created_to"]) == (dt.date(2025, 2, 3), dt.date(2025, 2, 28))


def test_a_stored_moment_is_shown_in_local_time_as_days_are(monkeypatch):
    moment = dt.datetime(2018, 7, 12, 2, 30, tzinfo=dt.timezone.utc)
    local = moment.astimezone().strftime("%d-%m-%Y %H:%M")
    assert format_moment(moment) == local
    assert format_moment("2018-07-12T02:30:00Z") == local  # as the database keeps it
    assert format_moment(moment.replace(tzinfo=None)) == local  # naive: stored UTC
    assert format_moment(None) == "" and format_moment("not a time") == "not a time"
