"""NIK and KK decoding: every rule, with vectors built digit by digit."""

from __future__ import annotations

import datetime as dt

import pytest

from loket.intake.nik import (
    NikInfo,
    NumberError,
    decode_kk,
    decode_nik,
    describe_nik,
    kk_century_year,
    nik_matches_birth,
    nik_mismatches,
    normalize_number,
)

WARA = "737301"  # Kecamatan Wara, Kota Palopo
TODAY = dt.date(2025, 6, 1)


def nik(day: str, month: str, yy: str, serial: str = "0004", prefix: str = WARA) -> str:
    value = prefix + day + month + yy + serial
    assert len(value) == 16
    return value


def reason_of(text: str) -> str:
    with pytest.raises(NumberError) as caught:
        decode_nik(text)
    assert caught.value.field == "nik"
    return caught.value.reason


def test_palopo_man():
    info = decode_nik("7373011203850004")
    assert info == NikInfo("737301", 12, 3, 85, "L", "0004")
    assert nik_matches_birth(info, dt.date(1985, 3, 12), "L")


def test_palopo_woman_has_day_plus_40():
    info = decode_nik("7373015203850004")
    assert (info.day, info.month, info.yy, info.sex) == (12, 3, 85, "P")
    assert nik_matches_birth(info, dt.date(1985, 3, 12), "P")
    assert nik_mismatches(info, dt.date(1985, 3, 12), "L") == ("sex",)


def test_day_limits_for_both_sexes():
    assert decode_nik(nik("01", "01", "90")).sex == "L"
    assert decode_nik(nik("31", "01", "90")).day == 31
    assert (decode_nik(nik("41", "01", "90")).day, decode_nik(nik("41", "01", "90")).sex) == (1, "P")
    assert decode_nik(nik("71", "01", "90")).day == 31


@pytest.mark.parametrize("day", ["00", "32", "39", "40", "72", "99"])
def test_day_out_of_range(day):
    assert reason_of(nik(day, "03", "85")) == "day"


@pytest.mark.parametrize("month", ["00", "13", "99"])
def test_month_out_of_range(month):
    assert reason_of(nik("12", month, "85")) == "month"


def test_29_february_2000_is_valid_for_both_sexes():
    man = decode_nik(nik("29", "02", "00", "0001"))
    woman = decode_nik(nik("69", "02", "00", "0001"))
    assert (man.day, man.month, man.yy, man.sex) == (29, 2, 0, "L")
    assert (woman.day, woman.sex) == (29, "P")
    assert nik_matches_birth(man, dt.date(2000, 2, 29), "L")


def test_29_february_leap_years_only():
    assert decode_nik(nik("29", "02", "04")).day == 29  # 1904 and 2004 are leap years
    assert reason_of(nik("29", "02", "01")) == "date"  # neither 1901 nor 2001
    assert reason_of(nik("69", "02", "85")) == "date"


@pytest.mark.parametrize(
    "day, month",
    [("30", "02"), ("31", "02"), ("70", "02"), ("31", "04"), ("71", "04"), ("31", "06"), ("31", "09"), ("31", "11")],
)
def test_days_that_no_calendar_has(day, month):
    assert reason_of(nik(day, month, "00")) == "date"


def test_serial_0000_rejected():
    assert reason_of(nik("12", "03", "85", "0000")) == "serial"
    assert decode_nik(nik("12", "03", "85", "0001")).serial == "0001"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("737301120385000", "length"),
        ("73730112038500041", "length"),
        ("7373011203850004 1", "length"),
        ("73730112038500A4", "not_digits"),
        ("NIK7373011203850004", "not_digits"),
        ("7373011203850004/", "not_digits"),
        ("", "empty"),
        ("  . - ", "empty"),
        (None, "empty"),
    ],
)
def test_shape_errors(text, reason):
    assert reason_of(text) == reason


def test_length_error_reports_the_count():
    with pytest.raises(NumberError) as caught:
        decode_nik("737301120385000")
    assert caught.value.params == {"length": 15}


def test_separators_are_stripped():
    for typed in ("7373 0112 0385 0004", "7373.01.120385.0004", "737301-120385-0004", " 7373011203850004\t",
                  "7373\u00a00112\u20130385\u20140004", "\uff17\uff13\uff17\uff13011203850004"):
        assert normalize_number(typed) == "7373011203850004"
        assert decode_nik(typed).district_code == "737301"
    assert normalize_number(7373011203850004) == "7373011203850004"
    assert normalize_number(None) == "" and normalize_number(["7373"]) == ""


def test_arabic_indic_digits_are_not_digits():
    assert reason_of("\u0667" * 16) == "not_digits"


def test_century_comes_from_the_typed_birth_date():
    info = decode_nik(nik("12", "03", "05", "0001"))
    assert nik_matches_birth(info, dt.date(1905, 3, 12), "L")
    assert nik_matches_birth(info, dt.date(2005, 3, 12), "L")
    assert nik_mismatches(info, dt.date(1985, 3, 12), "L") == ("birth_date",)
    assert nik_mismatches(info, dt.date(2005, 3, 13), "P") == ("sex", "birth_date")


def test_kk_valid_and_century():
    info = decode_kk("7373011503120004", today=TODAY)
    assert info.recorded_on == dt.date(2012, 3, 15) and info.district_code == WARA and info.serial == "0004"
    assert decode_kk("7373011503980004", today=TODAY).recorded_on == dt.date(1998, 3, 15)
    # yy above this year's can only be last century.
    assert kk_century_year(26, TODAY) == 1926 and kk_century_year(25, TODAY) == 2025
    assert decode_kk("7373011503260004", today=TODAY).recorded_on == dt.date(1926, 3, 15)


def kk_reason(text: str, **kwargs) -> str:
    with pytest.raises(NumberError) as caught:
        decode_kk(text, today=TODAY, **kwargs)
    assert caught.value.field == "kk"
    return caught.value.reason


def test_kk_recorded_today_is_fine_tomorrow_is_future():
    assert decode_kk(WARA + "010625" + "0001", today=TODAY).recorded_on == TODAY
    assert kk_reason(WARA + "020625" + "0001") == "future"
    assert kk_reason(WARA + "011225" + "0001") == "future"


def test_kk_day_plus_40_rejected():
    assert kk_reason(WARA + "520312" + "0004") == "day"
    assert kk_reason(WARA + "410312" + "0004") == "day"


def test_kk_other_errors():
    assert kk_reason(WARA + "150312" + "0000") == "serial"
    assert kk_reason(WARA + "300213" + "0001") == "date"
    assert kk_reason(WARA + "151312" + "0001") == "month"
    assert kk_reason(WARA + "000312" + "0001") == "day"
    assert kk_reason("737301150312000") == "length"
    assert kk_reason("7373011503120O04") == "not_digits"
    assert kk_reason("") == "empty"


def test_kk_equal_to_nik_rejected():
    number = "7373011203850004"  # a valid NIK that is also KK-shaped (12-03-1985)
    assert decode_kk(number, today=TODAY).recorded_on == dt.date(1985, 3, 12)
    assert kk_reason(number, nik=number) == "same_as_nik"
    assert kk_reason("7373 0112 0385 0004", nik="7373.0112.0385.0004") == "same_as_nik"
    assert decode_kk(number, nik="7373015203850004", today=TODAY).serial == "0004"


@pytest.mark.parametrize(
    "typed",
    ["", "7", "73", "7373", "73730", "737301", "7373015", "73730152", "737301520", "7373015203", "73730152038",
     "737301520385", "7373015203850", "7373015203850004", "73730152038500041", "abc", "7373-01", None, 12, "\x00",
     "7373019", "737301999", "73730112139", "9999"],
)
def test_describe_nik_never_raises_on_partial_input(typed):
    preview = describe_nik(typed)
    assert isinstance(preview.summary("id"), str) and isinstance(preview.summary("en"), str)


def test_describe_nik_reads_what_is_there():
    assert describe_nik("7373").region == "Kota Palopo, Sulawesi Selatan"
    partial = describe_nik("7373 0152 03")
    assert (partial.region, partial.sex, partial.day, partial.month, partial.yy) == (
        "Wara, Kota Palopo, Sulawesi Selatan", "P", 12, 3, None)
    assert not partial.complete and partial.problem is None
    full = describe_nik("7373015203850004")
    assert full.complete and full.date_label() == "12-03-85"
    assert full.summary("en") == "Female \u00b7 12-03-85 \u00b7 Wara, Kota Palopo, Sulawesi Selatan"
    assert full.summary("id").startswith("Perempuan")


def test_describe_nik_flags_problems_early():
    assert describe_nik("73730172").problem == "day"
    assert describe_nik("7373011213").problem == "month"
    assert describe_nik("737301300285").problem == "date"
    assert describe_nik("7373011203850000").problem == "serial"
    assert describe_nik("73730112038500041").problem == "length"
    assert describe_nik("73a").problem == "not_digits"
    unknown = describe_nik("999901")
    assert unknown.region_known is False and "999901" in unknown.summary("en")
