"""Validation of one intake record: every rule of the spec, every problem named.

``validate`` never raises: whatever is in the record (None, numbers where text
belongs, megabyte strings, any script) comes back as ``Problem`` objects. It
also returns the record in its normal form, which is what gets stored.

"One open request per NIK and request type" is not checked here: only the
queue can see other requests, so storage enforces it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from loket.intake import fields
from loket.intake.nik import NumberError, decode_kk, decode_nik, nik_mismatches, normalize_number
from loket.intake.problems import Problem, Term, shown
from loket.intake.record import (
    ADDRESS_FIELDS,
    BLOOD_TYPES,
    EVER_MARRIED,
    MARITAL_STATUSES,
    NATIONALITIES,
    PURPOSES,
    RELIGIONS,
    REQUEST_TYPES,
    SEXES,
    Address,
    IntakeRecord,
)

__all__ = ["Problem", "ValidationResult", "validate"]

NAME_MAX = 60  # the Suket QR must still fit (see the QR contract)
BIRTH_PLACE_MAX = 60
OCCUPATION_MAX = 60
STREET_MAX = 120
REGION_NAME_MAX = 100
MISMATCH_REASON_MAX = 200
ADULT_AGE = 17
REGION_LEVELS = ("province", "regency", "district", "village")

# Spellings seen on paper forms and in old data, mapped to the stored value.
SEX_ALIASES = {"LAKI-LAKI": "L", "LAKI LAKI": "L", "PRIA": "L", "MALE": "L", "M": "L",
               "PEREMPUAN": "P", "WANITA": "P", "FEMALE": "P", "F": "P"}
BLOOD_ALIASES = {"0": "O", "TIDAK TAHU": "-", "TIDAK DIKETAHUI": "-"}
RELIGION_ALIASES = {
    "PROTESTAN": "KRISTEN", "KRISTEN PROTESTAN": "KRISTEN", "KATHOLIK": "KATOLIK",
    "BUDHA": "BUDDHA", "KONGHUCU": "KHONGHUCU", "KONG HU CU": "KHONGHUCU", "KHONG HU CU": "KHONGHUCU",
    "KEPERCAYAAN": "KEPERCAYAAN TERHADAP TUHAN YME",
    "KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA": "KEPERCAYAAN TERHADAP TUHAN YME",
}
MARITAL_ALIASES = {"BELUM MENIKAH": "BELUM KAWIN", "MENIKAH": "KAWIN", "CERAI": "CERAI HIDUP"}


@dataclass
class ValidationResult:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    normalized: IntakeRecord = field(default_factory=IntakeRecord)

    @property
    def ok(self) -> bool:
        return not self.errors

    def for_field(self, name: str) -> list[Problem]:
        """Errors then warnings about one field (for showing beside it)."""
        return [p for p in self.errors + self.warnings if p.field == name]


def validate(record: IntakeRecord, *, today: dt.date | None = None) -> ValidationResult:
    """Check every rule; ``today`` defaults to the station's date."""
    if not isinstance(today, dt.date):
        today = dt.date.today()
    elif isinstance(today, dt.datetime):
        today = today.date()
    if not isinstance(record, IntakeRecord):
        return ValidationResult(errors=[Problem("record", "not_record")])
    check = _Check(record, today)
    check.run()
    return ValidationResult(check.errors, check.warnings, check.out)


class _Check:
    def __init__(self, record: IntakeRecord, today: dt.date):
        self.record = record
        self.today = today
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        # A shallow copy, as copy.copy makes it, without going through the pickle protocol
        # (slow for one small object); nearly every field is replaced below by its normal form.
        self.out = object.__new__(type(record))
        self.out.__dict__.update(record.__dict__)
        self.out.address = Address()

    def take(self, name: str, result: tuple[object, list[Problem]], target: object = None) -> object:
        value, problems = result
        setattr(target if target is not None else self.out, name, value)
        self.errors.extend(problems)
        return value

    def raw(self, name: str) -> object:
        return getattr(self.record, name, None)

    def run(self) -> None:
        nik_info = self.check_numbers()
        self.take("name", fields.person_text("name", self.raw("name"), NAME_MAX))
        self.take("birth_place", fields.person_text("birth_place", self.raw("birth_place"), BIRTH_PLACE_MAX))
        born = self.take("birth_date", fields.birth_date(self.raw("birth_date")))
        sex = self.take("sex", fields.choice("sex", self.raw("sex"), SEXES, SEX_ALIASES))
        self.take("blood_type", fields.choice("blood_type", self.raw("blood_type"), BLOOD_TYPES,
                                              BLOOD_ALIASES, empty_means="-"))
        self.check_address()
        self.take("religion", fields.choice("religion", self.raw("religion"), RELIGIONS, RELIGION_ALIASES))
        marital = self.take("marital_status", fields.choice(
            "marital_status", self.raw("marital_status"), MARITAL_STATUSES, MARITAL_ALIASES))
        self.take("occupation", fields.free_text("occupation", self.raw("occupation"), OCCUPATION_MAX))
        self.take("nationality", fields.choice("nationality", self.raw("nationality"), NATIONALITIES))
        self.take("request_type", fields.choice("request_type", self.raw("request_type"), REQUEST_TYPES,
                                                lower=True))
        self.take("purpose", fields.choice("purpose", self.raw("purpose"), PURPOSES, lower=True))
        biometrics = self.raw("biometrics_recorded")
        if not isinstance(biometrics, bool):
            self.errors.append(Problem("biometrics_recorded", "not_bool"))
            self.out.biometrics_recorded = False
        self.take("photo_path", fields.photo_path(self.raw("photo_path")))
        reason = self.take("mismatch_reason", fields.free_text(
            "mismatch_reason", self.raw("mismatch_reason"), MISMATCH_REASON_MAX, required=False, upper=False))
        if isinstance(born, dt.date):
            self.check_birth_date(born, marital)
        if nik_info is not None:
            self.check_against_nik(nik_info, born, sex, reason)

    def check_numbers(self):
        """NIK and KK: digits only, every part plausible, known district prefix."""
        nik, kk = self.number("nik"), self.number("kk")
        info = kk_info = None
        if nik is not None:
            info = self.decoded("nik", decode_nik, nik)
        if kk is not None:
            kk_info = self.decoded("kk", lambda text: decode_kk(text, nik=nik or None, today=self.today), kk)
        self.warn_unknown_prefix("nik", info)
        self.warn_unknown_prefix("kk", kk_info)
        return info

    def number(self, name: str) -> str | None:
        """The typed number, digits only; None (and a problem) when it is not text."""
        raw = self.raw(name)
        if raw is None:
            raw = ""
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            self.errors.append(Problem(name, "not_text"))
            setattr(self.out, name, "")
            return None
        digits = normalize_number(raw)
        setattr(self.out, name, digits)
        return digits

    def decoded(self, name: str, decode, digits: str):
        try:
            return decode(digits)
        except NumberError as exc:
            code = "required" if exc.reason == "empty" else exc.reason
            self.errors.append(Problem(name, code, dict(exc.params)))
            return None

    def warn_unknown_prefix(self, name: str, info) -> None:
        """A district code no decree year knows is suspicious, but never blocks the request."""
        from loket.intake import regions

        if info is None:
            return
        try:
            known = regions.is_known_district_prefix(info.district_code)
        except regions.RegionDataError:
            return  # reported once, by the address check
        if not known:
            self.warnings.append(Problem(name, "region_unknown", {"prefix": info.district_code}))

    def check_birth_date(self, born: dt.date, marital: str) -> None:
        if born > self.today:
            self.errors.append(Problem("birth_date", "future", {"value": born.strftime("%d-%m-%Y")}))
            return
        age = fields.age_on(born, self.today)
        if age < ADULT_AGE and marital not in EVER_MARRIED:
            self.errors.append(Problem("birth_date", "too_young", {"age": age, "adult_age": ADULT_AGE}))

    def check_against_nik(self, info, born, sex: str, reason: str) -> None:
        """Sex and birth date must agree with the NIK, unless the clerk recorded why not."""
        born = born if isinstance(born, dt.date) else None
        sex = sex if sex in SEXES else None
        for name in nik_mismatches(info, born, sex):
            if name == "sex":
                from loket.i18n.labels import SEX_LABELS

                params = {"value": Term(SEX_LABELS[sex]), "expected": Term(SEX_LABELS[info.sex])}
            else:
                params = {"value": born.strftime("%d-%m-%Y"), "expected": info.birth_label()}
            if reason:
                self.warnings.append(Problem(name, "nik_mismatch_accepted", {**params, "reason": shown(reason, 80)}))
            else:
                self.errors.append(Problem(name, "nik_mismatch", params))

    def check_address(self) -> None:
        address = self.raw("address")
        if isinstance(address, dict):
            address = Address(**{k: address.get(k) for k in ADDRESS_FIELDS})
        elif not isinstance(address, Address):
            self.errors.append(Problem("address", "not_object"))
            return
        out = self.out.address
        self.take("street", fields.free_text("street", address.street, STREET_MAX), out)
        self.take("rt", fields.rt_rw("rt", address.rt), out)
        self.take("rw", fields.rt_rw("rw", address.rw), out)
        usable = {}
        for level in REGION_LEVELS:
            value, problems = fields.free_text(level, getattr(address, level, None), REGION_NAME_MAX)
            setattr(out, level, value)
            self.errors.extend(problems)
            if not problems:
                usable[level] = value
        if usable:
            self.check_regions(usable)

    def check_regions(self, typed: dict[str, str]) -> None:
        """Each level must exist (any decree year) and sit inside the level above."""
        from loket.intake import regions

        try:
            match = regions.find_address(*(typed.get(level, "") for level in REGION_LEVELS))
        except regions.RegionDataError:
            self.errors.append(Problem("province", "region_data"))
            return
        level = match.failed_level
        if match.ok or level not in typed:
            return  # a missing level is already reported as required
        params: dict[str, object] = {"value": shown(typed[level])}
        if match.reason == "not_in_parent":
            parent = REGION_LEVELS[REGION_LEVELS.index(level) - 1]
            from loket.i18n.labels import FIELD_LABELS

            params.update(parent_field=Term(FIELD_LABELS[parent]), parent=shown(typed[parent]),
                          elsewhere=match.elsewhere or "")
            self.errors.append(Problem(level, "not_in_parent", params))
        else:
            self.errors.append(Problem(level, "not_found", params))

