"""Valid intake records of Palopo residents, for tests, demos and benchmarks.

``sample_record()`` is one fixed, fully valid record; ``sample_records(n, seed)``
makes ``n`` distinct valid records (distinct NIKs, both sexes, villages across
all of Kota Palopo), the same ones for the same seed. Names, streets and numbers
are made up; region names are the real current ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from loket.intake.record import (
    ADDRESS_FIELDS,
    BLOOD_TYPES,
    MARITAL_STATUSES,
    PURPOSES,
    REQUEST_TYPES,
    Address,
    IntakeRecord,
)

PALOPO_REGENCY_CODE = "7373"

_MALE_NAMES = ("MUHAMMAD", "ANDI", "AHMAD", "RAHMAT", "SYAMSUL", "IRWAN", "HASAN", "BAHTIAR",
               "FIRMAN", "ARIFIN", "YUSUF", "DARWIS", "HERMAN", "SUPARMAN")
_FEMALE_NAMES = ("SITI", "NURHAYATI", "HASNAH", "RAHMAWATI", "ANDI", "NURUL", "ASTUTI",
                 "MARLINA", "SRI", "FATIMAH", "HASMAWATI", "MURNI", "YULIANA", "RISMA")
_FAMILY_NAMES = ("SAPUTRA", "HAMZAH", "LATIF", "RAUF", "MAKKASAU", "PATANDUNG", "RANTE", "DJALIL",
                 "BASO", "TANDI", "PARUMPA", "MUSTAFA", "DG. MATTOLA", "TO'DJAJA")
_STREETS = ("JL. ANDI DJEMMA", "JL. SAMIRAN", "JL. RAMBUTAN", "JL. ANDI KAMBO", "JL. DR. RATULANGI",
            "JL. SUNGAI PAREMAN", "JL. MERDEKA", "JL. BUNGA MAWAR", "JL. TANDIPAU", "JL. JENDERAL SUDIRMAN")
_OCCUPATIONS = ("WIRASWASTA", "PEGAWAI NEGERI SIPIL", "MENGURUS RUMAH TANGGA", "KARYAWAN SWASTA",
                "PETANI/PEKEBUN", "NELAYAN/PERIKANAN", "GURU", "PELAJAR/MAHASISWA", "PEDAGANG")
_RELIGIONS = ("ISLAM",) * 8 + ("KRISTEN", "KATOLIK", "HINDU", "BUDDHA")
_REQUEST_TYPES = (REQUEST_TYPES[0],) * 5 + REQUEST_TYPES[1:]
_PURPOSES = (PURPOSES[0],) * 4 + PURPOSES[1:]
_BORN_FROM = dt.date(1950, 1, 1)
_BORN_UNTIL = dt.date(2000, 12, 31)  # adults on any date this software runs
_KK_FROM = dt.date(2005, 1, 1)
_KK_UNTIL = dt.date(2020, 12, 31)


def nik_for(district_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """The NIK a resident born on ``birth_date`` would get in ``district_code``."""
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{district_code}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def kk_for(district_code: str, recorded_on: dt.date, serial: int) -> str:
    return f"{district_code}{recorded_on.strftime('%d%m%y')}{serial:04d}"


def sample_record(**overrides: object) -> IntakeRecord:
    """A valid record (a man of Boting, Wara, Kota Palopo, born 1990).

    Keyword arguments replace record fields, or address fields by their own name
    (``village="AMASANGAN"``).
    """
    record = IntakeRecord(
        nik=nik_for("737301", dt.date(1990, 5, 17), "L", 1),
        kk=kk_for("737301", dt.date(2012, 3, 15), 4),
        name="MUHAMMAD ARIF SETIAWAN",
        birth_place="PALOPO",
        birth_date=dt.date(1990, 5, 17),
        sex="L",
        blood_type="O",
        address=Address(
            street="JL. ANDI DJEMMA NO. 12",
            rt="002",
            rw="004",
            village="BOTING",
            district="WARA",
            regency="KOTA PALOPO",
            province="SULAWESI SELATAN",
        ),
        religion="ISLAM",
        marital_status="KAWIN",
        occupation="WIRASWASTA",
        nationality="WNI",
        request_type="new_recording",
        purpose="general",
        biometrics_recorded=True,
    )
    return _apply(record, overrides)


def _apply(record: IntakeRecord, overrides: dict[str, object]) -> IntakeRecord:
    record_fields = {f.name for f in dataclasses.fields(IntakeRecord)}
    for name, value in overrides.items():
        if name in ADDRESS_FIELDS:
            setattr(record.address, name, value)
        elif name in record_fields:
            setattr(record, name, value)
        else:
            raise TypeError(f"sample_record() has no field {name!r}")
    return record


def _palopo_villages() -> list[tuple[str, str, str]]:
    """``(district code, district name, village name)`` for every current Palopo village."""
    from loket.intake import regions

    return [
        (district_code, district_name, village_name)
        for district_code, district_name in regions.children(PALOPO_REGENCY_CODE)
        for _, village_name in regions.children(district_code)
    ]


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def sample_records(n: int, seed: int = 0) -> list[IntakeRecord]:
    """``n`` distinct valid records, the same for the same ``seed``; sexes alternate."""
    from loket.intake import regions

    rng = random.Random(seed)
    villages = _palopo_villages()
    regency = regions.name_of(PALOPO_REGENCY_CODE).upper()
    province = regions.name_of(PALOPO_REGENCY_CODE[:2]).upper()
    seen: set[str] = set()
    records = []
    for index in range(n):
        sex = "L" if index % 2 == 0 else "P"
        district_code, district, village = rng.choice(villages)
        born = _random_date(rng, _BORN_FROM, _BORN_UNTIL)
        nik = nik_for(district_code, born, sex, rng.randint(1, 9999))
        while nik in seen:
            nik = nik_for(district_code, born, sex, rng.randint(1, 9999))
        seen.add(nik)
        kk = kk_for(district_code, _random_date(rng, _KK_FROM, _KK_UNTIL), rng.randint(1, 9999))
        given = _MALE_NAMES if sex == "L" else _FEMALE_NAMES
        name = " ".join((rng.choice(given), rng.choice(given + _FAMILY_NAMES), rng.choice(_FAMILY_NAMES)))
        records.append(
            IntakeRecord(
                nik=nik,
                kk=kk,
                name=name,
                birth_place=rng.choice(("PALOPO", "PALOPO", "MAKASSAR", "MASAMBA", "BELOPA", "RANTEPAO")),
                birth_date=born,
                sex=sex,
                blood_type=rng.choice(BLOOD_TYPES),
                address=Address(
                    street=f"{rng.choice(_STREETS)} NO. {rng.randint(1, 250)}",
                    rt=f"{rng.randint(1, 12):03d}",
                    rw=f"{rng.randint(1, 6):03d}",
                    village=village.upper(),
                    district=district.upper(),
                    regency=regency,
                    province=province,
                ),
                religion=rng.choice(_RELIGIONS),
                marital_status=rng.choice(MARITAL_STATUSES),
                occupation=rng.choice(_OCCUPATIONS),
                nationality="WNI",
                request_type=rng.choice(_REQUEST_TYPES),
                purpose=rng.choice(_PURPOSES),
                biometrics_recorded=True,
            )
        )
    return records
