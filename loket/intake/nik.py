"""NIK and KK numbers: normalising, decoding and checking them.

A NIK is ``PPKKCC DDMMYY SSSS``: the district code where it was first issued, the
birth day (plus 40 for women), month and two-digit year, and a serial. A KK
(family card number) has the same shape, but its date is the day the card was
recorded, without the +40.

The two year digits never decide a century: a NIK is checked against the full
birth date the clerk typed (``nik_matches_birth``). The KK date, which is in the
past by definition, takes the latest century that keeps it out of the future.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

NUMBER_LENGTH = 16
# Separators people type inside long numbers; they carry no meaning.
_SEPARATORS = str.maketrans("", "", " .-\u2010\u2011\u2012\u2013\u2014\u2212\u00a0\u202f\t\r\n")
_WOMAN_DAY_OFFSET = 40


class NumberError(ValueError):
    """A NIK or KK that cannot be right; ``reason`` is a short code, ``params`` details.

    Reasons: ``empty``, ``not_digits``, ``length``, ``day``, ``month``, ``date``,
    ``serial``, and for a KK also ``future`` and ``same_as_nik``.
    """

    def __init__(self, field: str, reason: str, **params: object):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class NikInfo:
    """What a NIK says; ``day`` is the real day of month (the +40 already removed)."""

    district_code: str
    day: int
    month: int
    yy: int
    sex: str
    serial: str

    def birth_label(self) -> str:
        return f"{self.day:02d}-{self.month:02d}-{self.yy:02d}"


@dataclass(frozen=True)
class KkInfo:
    district_code: str
    recorded_on: dt.date
    serial: str


def normalize_number(text: object) -> str:
    """Drop spaces, dots and dashes; turn full-width digits into ASCII. Non-text gives ``""``."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_SEPARATORS)


def _split(field: str, text: object) -> str:
    digits = normalize_number(text)
    if not digits:
        raise NumberError(field, "empty")
    if not (digits.isascii() and digits.isdigit()):
        raise NumberError(field, "not_digits")
    if len(digits) != NUMBER_LENGTH:
        raise NumberError(field, "length", length=len(digits))
    return digits


def _real_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _exists_in_some_century(day: int, month: int, yy: int) -> bool:
    # The century is unknown from the digits: the date must exist in 19yy or 20yy
    # (29-02-00 does, because 2000 was a leap year).
    return _real_date(1900 + yy, month, day) is not None or _real_date(2000 + yy, month, day) is not None


def decode_nik(text: object) -> NikInfo:
    """Decode a NIK or raise ``NumberError`` saying what is wrong with it."""
    digits = _split("nik", text)
    raw_day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if 1 <= raw_day <= 31:
        day, sex = raw_day, "L"
    elif 1 + _WOMAN_DAY_OFFSET <= raw_day <= 31 + _WOMAN_DAY_OFFSET:
        day, sex = raw_day - _WOMAN_DAY_OFFSET, "P"
    else:
        raise NumberError("nik", "day", day=f"{raw_day:02d}")
    if not 1 <= month <= 12:
        raise NumberError("nik", "month", month=f"{month:02d}")
    if not _exists_in_some_century(day, month, yy):
        raise NumberError("nik", "date", date=f"{day:02d}-{month:02d}-{yy:02d}")
    if digits[12:] == "0000":
        raise NumberError("nik", "serial")
    return NikInfo(digits[:6], day, month, yy, sex, digits[12:])


def nik_mismatches(info: NikInfo, birth_date: dt.date | None, sex: str | None) -> tuple[str, ...]:
    """Fields (``"sex"``, ``"birth_date"``) whose typed value disagrees with the NIK."""
    wrong = []
    if sex in ("L", "P") and sex != info.sex:
        wrong.append("sex")
    if isinstance(birth_date, dt.date) and (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ) != (info.day, info.month, info.yy):
        wrong.append("birth_date")
    return tuple(wrong)


def nik_matches_birth(info: NikInfo, birth_date: dt.date, sex: str) -> bool:
    """True when the typed birth date (day, month, year mod 100) and sex agree with the NIK."""
    return not nik_mismatches(info, birth_date, sex)


def kk_century_year(yy: int, today: dt.date) -> int:
    """The latest year ending in ``yy`` that is not after this year."""
    return 2000 + yy if yy <= today.year % 100 else 1900 + yy


def decode_kk(text: object, *, nik: object = None, today: dt.date | None = None) -> KkInfo:
    """Decode a KK or raise ``NumberError``; ``nik``, when given, must differ from it."""
    digits = _split("kk", text)
    today = today or dt.date.today()
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if not 1 <= day <= 31:
        raise NumberError("kk", "day", day=f"{day:02d}")
    if not 1 <= month <= 12:
        raise NumberError("kk", "month", month=f"{month:02d}")
    recorded = _real_date(kk_century_year(yy, today), month, day)
    if recorded is None:
        raise NumberError("kk", "date", date=f"{day:02d}-{month:02d}-{yy:02d}")
    if recorded > today:
        raise NumberError("kk", "future", date=recorded.strftime("%d-%m-%Y"))
    if digits[12:] == "0000":
        raise NumberError("kk", "serial")
    if nik is not None and digits == normalize_number(nik):
        raise NumberError("kk", "same_as_nik")
    return KkInfo(digits[:6], recorded, digits[12:])


@dataclass(frozen=True)
class NikPreview:
    """A partial reading of a NIK while it is being typed; every part may be missing.

    ``problem`` is the first ``NumberError`` reason the typed digits already show
    (``length`` only once more than 16 digits are typed).
    """

    digits: str
    complete: bool
    sex: str | None = None
    day: int | None = None
    month: int | None = None
    yy: int | None = None
    region_code: str | None = None
    region: str | None = None
    region_known: bool | None = None
    problem: str | None = None

    def summary(self, language: str | None = None) -> str:
        """One line for beside the field: sex, birth day-month-year, region."""
        from loket.i18n import t
        from loket.i18n.labels import SEX_LABELS, label

        parts = []
        if self.sex:
            parts.append(label(SEX_LABELS, self.sex, language))
        if self.day is not None:
            parts.append(self.date_label() or "")
        if self.region:
            parts.append(self.region)
        elif self.region_known is False:
            parts.append(t("intake.preview.region_unknown", language=language, code=self.region_code))
        return " \u00b7 ".join(parts)

    def date_label(self) -> str | None:
        if self.day is None:
            return None
        parts = [f"{self.day:02d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.yy is not None:
                parts.append(f"{self.yy:02d}")
        return "-".join(parts)


def describe_nik(text: object) -> NikPreview:
    """Read as much as the typed text allows, for display beside the NIK field. Never raises."""
    digits = normalize_number(text)
    if not (digits.isascii() and digits.isdigit()):
        return NikPreview(digits, False, problem="not_digits" if digits else None)
    values: dict = {}
    problem = None
    if len(digits) >= 2:
        # Province after 2 digits, regency after 4, district after 6.
        values.update(_region_preview(digits[: min(6, len(digits) - len(digits) % 2)]))
    if len(digits) >= 8:
        raw_day = int(digits[6:8])
        if 1 <= raw_day <= 31:
            values.update(day=raw_day, sex="L")
        elif 41 <= raw_day <= 71:
            values.update(day=raw_day - _WOMAN_DAY_OFFSET, sex="P")
        else:
            problem = "day"
    if problem is None and len(digits) >= 10:
        month = int(digits[8:10])
        if 1 <= month <= 12:
            values["month"] = month
        else:
            problem = "month"
    if problem is None and len(digits) >= 12:
        values["yy"] = int(digits[10:12])
        if not _exists_in_some_century(values["day"], values["month"], values["yy"]):
            problem = "date"
    if problem is None and len(digits) > NUMBER_LENGTH:
        problem = "length"
    elif problem is None and len(digits) == NUMBER_LENGTH and digits[12:] == "0000":
        problem = "serial"
    return NikPreview(digits, len(digits) == NUMBER_LENGTH and problem is None, problem=problem, **values)


def _region_preview(code: str) -> dict:
    from loket.intake import regions

    try:
        label = regions.region_label(code)
    except regions.RegionDataError:
        return {"region_code": code}
    return {"region_code": code, "region": label, "region_known": label is not None}


def mask_nik(nik: str) -> str:
    """``7373010101010004`` -> ``7373********0004``: enough to tell records apart in a log
    or on a supervisor's screen, without showing the whole number."""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
