"""Stored times: ``utc_text`` and ``parse_utc_text`` read back exactly what was written, nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.storage.models import parse_utc_text, utc_text

UTC = dt.timezone.utc


@pytest.mark.parametrize("moment", [
    dt.datetime(2018, 7, 12, 8, 30, tzinfo=UTC),
    dt.datetime(2026, 11, 30, 23, 59, 59, 999999, tzinfo=UTC),
    dt.datetime(2026, 1, 1, 7, 0, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))),  # WITA
])
def test_a_stored_time_reads_back_as_the_same_moment_in_utc(moment):
    back = parse_utc_text(utc_text(moment))
    assert back == moment and back.tzinfo is UTC


@pytest.mark.parametrize("text", [
    "2018-07-12T08:30:00.000000",  # no zone
    "2018-07-12 08:30:00.000000Z",  # a space, not T
    "2018-07-12T08:30:00Z",  # no microseconds
    "2018-07-12T08:30:00.000000+00:00",
    "2018-13-12T08:30:00.000000Z",  # month 13
    "2018-07-12T08:30:00,000000Z",
    "",
])
def test_any_other_form_is_refused(text):
    with pytest.raises(ValueError):
        parse_utc_text(text)
