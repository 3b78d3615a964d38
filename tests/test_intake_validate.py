"""Validation of whole records: every rule, normal forms, messages, and no crash on junk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import time

import pytest

from loket.i18n import has, t
from loket.intake.record import Address, IntakeRecord
from loket.intake.samples import kk_for, nik_for, sample_record, sample_records
from loket.intake.validate import NAME_MAX, Problem, ValidationResult, validate

TODAY = dt.date(2025, 6, 1)


def check(record, today=TODAY) -> ValidationResult:
    return validate(record, today=today)


def codes(result: ValidationResult, which: str = "errors") -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in getattr(result, which)}


def test_sample_record_is_valid_and_already_normal():
    result = check(sample_record())
    assert result.ok and result.errors == [] and result.warnings == []
    assert result.normalized == sample_record()


def test_the_typed_record_is_left_as_typed_and_the_normal_form_is_its_own_object():
    typed = sample_record(name="  siti\taminah ", village="amasangan", photo_path="")
    kept = dataclasses.replace(typed, address=dataclasses.replace(typed.address))
    result = check(typed)
    assert result.ok and typed == kept  # not normalised in place
    normal = result.normalized
    assert normal is not typed and normal.address is not typed.address and type(normal) is IntakeRecord
    assert normal.name == "SITI AMINAH" and normal.address.village == "AMASANGAN"
    normal.name, normal.address.street = "CHANGED", "CHANGED"
    assert typed == kept


def test_sample_records_are_valid_distinct_and_reproducible():
    records = sample_records(60, seed=11)
    assert len({r.nik for r in records}) == 60
    assert {r.sex for r in records} == {"L", "P"}
    assert len({r.address.village for r in records}) > 10
    assert len({r.address.district for r in records}) > 5
    for record in records:
        result = check(record)
        assert result.ok and not result.warnings, [p.message("en") for p in result.errors]
        assert result.normalized == record
    assert sample_records(60, seed=11) == records
    assert sample_records(60, seed=12) != records


def test_sample_record_overrides_reach_address_fields():
    record = sample_record(village="AMASANGAN", name="SITI")
    assert record.address.village == "AMASANGAN" and record.name == "SITI"
    with pytest.raises(TypeError):
        sample_record(colour="red")


def test_normal_forms():
    record = sample_record(
        nik="7373 0117.0590-0001", kk=" 7373011503120004 ", name="  muhammad\tarif  setiawan ",
        birth_place="palopo", sex="l", blood_type="o", religion="islam", marital_status="kawin",
        occupation=" wira  swasta", nationality="wni", request_type="New Recording", purpose="GENERAL",
        street="jl. andi djemma  no. 12", rt="2", rw="04", village="boting", district="  wara",
        regency="kota palopo", province="sulawesi   selatan",
    )
    result = check(record)
    assert result.ok, [p.message("en") for p in result.errors]
    out = result.normalized
    assert (out.nik, out.kk) == ("7373011705900001", "7373011503120004")
    assert (out.name, out.birth_place, out.occupation) == ("MUHAMMAD ARIF SETIAWAN", "PALOPO", "WIRA SWASTA")
    assert (out.sex, out.blood_type, out.religion, out.marital_status) == ("L", "O", "ISLAM", "KAWIN")
    assert (out.nationality, out.request_type, out.purpose) == ("WNI", "new_recording", "general")
    assert out.address == Address("JL. ANDI DJEMMA NO. 12", "002", "004", "BOTING", "WARA", "KOTA PALOPO",
                                  "SULAWESI SELATAN")
    assert record.name == "  muhammad\tarif  setiawan "  # the input is left alone


def test_choice_aliases():
    out = check(sample_record(religion="Kristen Protestan", blood_type="", marital_status="menikah")).normalized
    assert (out.religion, out.blood_type, out.marital_status) == ("KRISTEN", "-", "KAWIN")
    assert check(sample_record(sex="laki-laki")).normalized.sex == "L"


@pytest.mark.parametrize(
    "field, value",
    [("sex", "X"), ("blood_type", "C"), ("religion", "JEDI"), ("marital_status", "SINGLE"),
     ("nationality", "USA"), ("request_type", "renewal"), ("purpose", "fun")],
)
def test_unknown_choices(field, value):
    assert (field, "choice") in codes(check(sample_record(**{field: value})))


@pytest.mark.parametrize("field", ["sex", "religion", "marital_status", "nationality", "request_type", "purpose"])
def test_empty_choices_are_required(field):
    assert (field, "required") in codes(check(sample_record(**{field: ""})))


def test_names_accept_letters_of_any_script():
    for name in ("JOSÉ ÑUÑEZ", "MA\u2019RUF AMIN", "D'ARTAGNAN", "ÇAĞLAR ÖZ", "ΑΛΈΞΗΣ", "AL-FATIH, S.PD.",
                 "E\u0301LODIE"):
        result = check(sample_record(name=name))
        assert result.ok, (name, [p.message("en") for p in result.errors])
    assert check(sample_record(name="ma\u2019ruf")).normalized.name == "MA'RUF"
    assert check(sample_record(name="E\u0301lodie")).normalized.name == "\u00c9LODIE"


@pytest.mark.parametrize("name", ["AGUS 2", "BUDI@", "SITI \U0001f600", "A/B", "ANI\x00", "ZERO\u200bWIDTH"])
def test_names_refuse_other_characters(name):
    assert ("name", "invalid_chars") in codes(check(sample_record(name=name)))


def test_name_rules():
    assert ("name", "required") in codes(check(sample_record(name="   ")))
    assert ("name", "no_letters") in codes(check(sample_record(name=".-'")))
    assert check(sample_record(name="A" * NAME_MAX)).ok
    too_long = check(sample_record(name="A" * (NAME_MAX + 1)))
    assert ("name", "too_long") in codes(too_long)
    assert check(sample_record(name="A" * 30 + " " * 40 + "B" * 29)).ok  # collapsed first
    assert ("birth_place", "required") in codes(check(sample_record(birth_place="")))
    assert ("birth_place", "invalid_chars") in codes(check(sample_record(birth_place="KM 5")))


def test_nik_and_kk_errors_are_reported_by_reason():
    assert ("nik", "date") in codes(check(sample_record(nik="7373013002900001")))
    assert ("nik", "serial") in codes(check(sample_record(nik="7373011705900000")))
    assert ("nik", "required") in codes(check(sample_record(nik="")))
    assert ("nik", "length") in codes(check(sample_record(nik="737301170590001")))
    assert ("kk", "future") in codes(check(sample_record(kk=kk_for("737301", dt.date(2025, 6, 2), 1))))
    assert ("kk", "day") in codes(check(sample_record(kk="7373015503120004")))
    assert ("kk", "serial") in codes(check(sample_record(kk="7373011503120000")))
    assert ("kk", "same_as_nik") in codes(check(sample_record(kk=sample_record().nik)))
    assert ("kk", "required") in codes(check(sample_record(kk=None)))


def test_numbers_given_as_integers_are_read():
    result = check(sample_record(nik=7373011705900001, kk=7373011503120004))
    assert result.ok and result.normalized.nik == "7373011705900001"


def test_unknown_nik_prefix_is_only_a_warning():
    result = check(sample_record(nik=nik_for("999901", dt.date(1990, 5, 17), "L", 1),
                                 kk=kk_for("999901", dt.date(2012, 3, 15), 4)))
    assert result.ok
    assert codes(result, "warnings") == {("nik", "region_unknown"), ("kk", "region_unknown")}
    assert "999901" in result.warnings[0].message("id")


def test_renumbered_papua_prefix_is_accepted():
    from loket.intake import regions

    assert not regions.is_current("910101") and regions.is_known_district_prefix("910101")
    result = check(sample_record(nik=nik_for("910101", dt.date(1990, 5, 17), "L", 7)))
    assert result.ok and result.warnings == []


def test_sex_mismatch_is_an_error_unless_a_reason_is_recorded():
    refused = check(sample_record(sex="P"))
    assert codes(refused) == {("sex", "nik_mismatch")}
    message = refused.errors[0].message("en")
    assert "Sex" in message and "Female" in message and "Male" in message
    accepted = check(sample_record(sex="P", mismatch_reason="NIK issued with wrong sex, correction pending"))
    assert accepted.ok and codes(accepted, "warnings") == {("sex", "nik_mismatch_accepted")}
    assert "correction pending" in accepted.warnings[0].message("id")


def test_birth_date_mismatch_uses_the_full_typed_date():
    assert codes(check(sample_record(birth_date=dt.date(1990, 5, 18)))) == {("birth_date", "nik_mismatch")}
    assert codes(check(sample_record(birth_date=dt.date(1991, 5, 17)))) == {("birth_date", "nik_mismatch")}
    # Same two year digits, other century: the NIK cannot tell, so it agrees.
    old = sample_record(nik=nik_for("737301", dt.date(1905, 3, 12), "L", 1), birth_date=dt.date(1905, 3, 12))
    young = sample_record(nik=nik_for("737301", dt.date(2005, 3, 12), "L", 1), birth_date=dt.date(2005, 3, 12))
    assert check(old).ok and check(young).ok
    reasoned = check(sample_record(birth_date=dt.date(1990, 5, 18), mismatch_reason="akta kelahiran"))
    assert reasoned.ok and codes(reasoned, "warnings") == {("birth_date", "nik_mismatch_accepted")}


def test_29_february_2000():
    born = dt.date(2000, 2, 29)
    for sex in ("L", "P"):
        record = sample_record(nik=nik_for("737301", born, sex, 1), birth_date=born, sex=sex)
        assert record.nik[6:12] == ("290200" if sex == "L" else "690200")
        assert check(record).ok


def _aged(birth: dt.date, marital: str) -> IntakeRecord:
    return sample_record(nik=nik_for("737301", birth, "L", 1), birth_date=birth, marital_status=marital)


def test_age_rule():
    sixteen = dt.date(2009, 1, 10)
    assert codes(check(_aged(sixteen, "BELUM KAWIN"))) == {("birth_date", "too_young")}
    assert check(_aged(sixteen, "KAWIN")).ok
    assert check(_aged(sixteen, "CERAI MATI")).ok
    assert check(_aged(dt.date(2008, 6, 1), "BELUM KAWIN")).ok  # 17 today
    assert not check(_aged(dt.date(2008, 6, 2), "BELUM KAWIN")).ok  # 17 tomorrow
    assert "16" in check(_aged(sixteen, "BELUM KAWIN")).errors[0].message("id")


def test_birth_date_rules():
    tomorrow = dt.date(2025, 6, 2)
    assert ("birth_date", "future") in codes(check(_aged(tomorrow, "KAWIN")))
    assert ("birth_date", "required") in codes(check(sample_record(birth_date=None)))
    assert ("birth_date", "not_date") in codes(check(sample_record(birth_date="17/05/1990")))
    assert check(sample_record(birth_date="1990-05-17")).normalized.birth_date == dt.date(1990, 5, 17)
    assert check(sample_record(birth_date=dt.datetime(1990, 5, 17, 8, 30))).normalized.birth_date == dt.date(1990, 5, 17)


def test_occupation_and_street():
    assert ("occupation", "required") in codes(check(sample_record(occupation=" ")))
    assert ("occupation", "too_long") in codes(check(sample_record(occupation="X" * 61)))
    assert check(sample_record(occupation="PELAJAR/MAHASISWA")).ok
    assert ("street", "required") in codes(check(sample_record(street="")))
    assert check(sample_record(street="J" * 120)).ok
    assert ("street", "too_long") in codes(check(sample_record(street="J" * 121)))
    assert ("street", "control_chars") in codes(check(sample_record(street="JL. A\x07 NO. 1")))


@pytest.mark.parametrize(
    "typed, normal, code",
    [("1", "001", None), ("12", "012", None), ("123", "123", None), (" 7 ", "007", None),
     ("0", None, "rt_rw_zero"), ("000", None, "rt_rw_zero"), ("1234", None, "rt_rw_format"),
     ("A1", None, "rt_rw_format"), ("-1", None, "rt_rw_format"), ("", None, "required"),
     ("\u0661", None, "rt_rw_format")],
)
def test_rt_rw(typed, normal, code):
    for field in ("rt", "rw"):
        result = check(sample_record(**{field: typed}))
        if code is None:
            assert result.ok and getattr(result.normalized.address, field) == normal
        else:
            assert codes(result) == {(field, code)}


def test_address_regions_must_exist_and_nest():
    assert check(sample_record(village="AMASANGAN")).ok  # an older decree's spelling
    assert check(sample_record(regency="PALOPO")).ok
    wrong_village = check(sample_record(district="WARA UTARA"))
    assert codes(wrong_village) == {("village", "not_in_parent")}
    message = wrong_village.errors[0].message("en")
    assert "Village (kelurahan/desa)" in message and "District (kecamatan)" in message and "WARA UTARA" in message
    assert "Wara, Kota Palopo" in message
    assert codes(check(sample_record(regency="KOTA MAKASSAR"))) == {("district", "not_in_parent")}
    assert codes(check(sample_record(province="JAWA BARAT"))) == {("regency", "not_in_parent")}
    assert codes(check(sample_record(province="NARNIA"))) == {("province", "not_found")}
    assert codes(check(sample_record(village="ATLANTIS"))) == {("village", "not_found")}
    assert ("district", "required") in codes(check(sample_record(district="")))


def test_address_shapes():
    record = sample_record()
    record.address = None
    assert codes(check(record)) == {("address", "not_object")}
    record.address = dataclasses.asdict(sample_record().address)
    assert check(record).ok


def _png(path):
    from PIL import Image

    Image.new("RGB", (300, 400), "white").save(path)
    return str(path)


def test_photo_path(tmp_path):
    assert check(sample_record(photo_path=_png(tmp_path / "face.png"))).ok
    jpeg = tmp_path / "face.JPG"
    from PIL import Image

    Image.new("RGB", (300, 400)).save(jpeg, format="JPEG")
    assert check(sample_record(photo_path=str(jpeg))).ok
    # Right first bytes, but not a whole image: a copy cut short, an icon, a huge file.
    (tmp_path / "cut.jpg").write_bytes(jpeg.read_bytes()[:200])
    Image.new("RGB", (16, 16)).save(tmp_path / "icon.png")
    (tmp_path / "huge.jpg").write_bytes(jpeg.read_bytes() + bytes(11 * 1024 * 1024))
    (tmp_path / "face.gif").write_bytes(b"GIF89a")
    (tmp_path / "fake.jpg").write_text("not an image")
    (tmp_path / "folder.png").mkdir()
    for path, code in [
        (tmp_path / "face.gif", "photo_extension"),
        (tmp_path / "missing.jpg", "photo_missing"),
        (tmp_path / "folder.png", "photo_not_file"),
        (tmp_path / "fake.jpg", "photo_not_image"),
        (tmp_path / "cut.jpg", "photo_not_image"),
        (tmp_path / "icon.png", "photo_bad_size"),
        (tmp_path / "huge.jpg", "photo_too_big"),
        ("bad\x00name.png", "photo_missing"),
    ]:
        result = check(sample_record(photo_path=str(path)))
        assert codes(result) == {("photo_path", code)}
        assert "Photo file" in result.errors[0].message("en") and "Berkas foto" in result.errors[0].message("id")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0,
                    reason="a file without permission bits: root reads any file, and Windows has no such bits")
def test_photo_path_unreadable(tmp_path):
    path = _png(tmp_path / "locked.png")
    os.chmod(path, 0)
    assert codes(check(sample_record(photo_path=path))) == {("photo_path", "photo_unreadable")}


def test_biometrics_flag_must_be_boolean():
    assert codes(check(sample_record(biometrics_recorded="yes"))) == {("biometrics_recorded", "not_bool")}
    assert check(sample_record(biometrics_recorded=False)).ok


def test_not_a_record():
    for thing in (None, "record", {"nik": "7373011705900001"}, 42):
        result = validate(thing)
        assert not result.ok and codes(result) == {("record", "not_record")}
        assert isinstance(result.normalized, IntakeRecord)
        for language in ("id", "en"):
            assert t("field.record", language=language) in result.errors[0].message(language)


def test_missing_region_table_is_a_message_not_a_crash(monkeypatch):
    from loket.intake import regions

    def broken():
        raise regions.RegionDataError("region table data/regions.sqlite is missing or damaged")

    monkeypatch.setattr(regions, "_get", broken)
    result = check(sample_record())
    assert codes(result) == {("province", "region_data")}
    assert "Provinsi" in result.errors[0].message("id")


# A record that breaks as many rules as possible at once, for the message checks.
def _everything_wrong() -> list[IntakeRecord]:
    return [
        sample_record(nik="7373017203900001", kk="7373015503120004", name="A1", birth_place="",
                      birth_date="yesterday", sex="X", blood_type="Z", religion="", marital_status="?",
                      occupation="O" * 61, nationality="", request_type="x", purpose="y", street="",
                      rt="0", rw="abcd", village="ATLANTIS", photo_path="a.gif", biometrics_recorded=None),
        sample_record(nik="737301170590000", kk="73730115031200A4", name="\U0001f600", occupation="",
                      birth_place="." * 3, district="WARA UTARA", rt="", photo_path="missing.png"),
        sample_record(nik="7373011713900001", kk=kk_for("737301", dt.date(2025, 6, 2), 1),
                      regency="KOTA MAKASSAR", street="S" * 121, name="N" * 61),
        sample_record(nik="7373010005900001", kk="7373011503120000", province="JAWA BARAT"),
        sample_record(nik="7373013002900001", kk="7373013002120001", province="NARNIA", name=5, occupation="\x07"),
        sample_record(nik="7373011705900000", kk="7373011513120001"),
        sample_record(sex="P", birth_date=dt.date(1990, 5, 18), kk=sample_record().nik),
        sample_record(nik="NIK", kk="737301150312000", birth_date=dt.date(2030, 1, 1)),
        sample_record(nik=["x"], kk="", birth_date=None, mismatch_reason=3),
        sample_record(nik=nik_for("999901", dt.date(1990, 5, 17), "L", 1), kk=kk_for("999901", TODAY, 1),
                      sex="P", mismatch_reason="ok"),
        _aged(dt.date(2009, 1, 10), "BELUM KAWIN"),
        dataclasses.replace(sample_record(), address=None),
    ]


def test_every_message_names_its_field_in_both_languages():
    seen = set()
    for record in _everything_wrong():
        result = check(record)
        for problem in result.errors + result.warnings:
            seen.add((problem.field, problem.code))
            assert has(problem.message_key()), problem
            for language in ("id", "en"):
                label = t(f"field.{problem.field}", language=language)
                message = problem.message(language)
                assert label in message, (language, problem, message)
                assert "{" not in message, message
    assert len(seen) >= 55, sorted(seen)


def test_problem_is_plain_data():
    problem = check(sample_record(sex="P")).errors[0]
    assert problem.as_dict() == {"field": "sex", "code": "nik_mismatch",
                                 "params": {"value": "sex.P", "expected": "sex.L"}}
    assert Problem("name", "required").message("id") == "Nama lengkap wajib diisi."


_JUNK = [
    None, "", " ", 0, -1, 1.5, True, b"7373", [], {}, (), object(), float("nan"), "x" * 5000,
    "\x00", "\ud800", "\U0001f600" * 70, "\u0667" * 16, "7373011705900001", "1990-05-17", "SULAWESI SELATAN",
    "'; DROP TABLE request; --", "{field}", "%s%s", dt.date(1990, 5, 17), dt.datetime(2100, 1, 1), dt.date.min,
]


def _random_text(rng: random.Random) -> str:
    alphabet = "AZaz09 .,'-/\t\n\x00\u00e9\u0301\u200b\u4e2d\U0001f600\ud7ff"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))


def test_never_raises_on_random_records():
    rng = random.Random(2024)
    field_names = [f.name for f in dataclasses.fields(IntakeRecord)]
    address_names = [f.name for f in dataclasses.fields(Address)]
    for _ in range(400):
        record = sample_record()
        for name in rng.sample(field_names, rng.randint(1, 6)):
            setattr(record, name, rng.choice(_JUNK) if rng.random() < 0.6 else _random_text(rng))
        for name in rng.sample(address_names, rng.randint(0, 3)):
            if isinstance(record.address, Address):
                setattr(record.address, name, rng.choice(_JUNK) if rng.random() < 0.6 else _random_text(rng))
        result = validate(record, today=rng.choice([TODAY, None, "today"]))
        assert isinstance(result, ValidationResult) and isinstance(result.normalized, IntakeRecord)
        for problem in result.errors + result.warnings:
            assert problem.message("id") and problem.message("en")


def test_huge_values_are_refused_quickly():
    huge = "A" * 2_000_000
    record = sample_record(name=huge, birth_place=huge, occupation=huge, street=huge, village=huge,
                           nik="7" * 2_000_000, kk=huge, mismatch_reason=huge, photo_path=huge + ".png")
    # Only a liveness bound: a check that backtracks on 2 MB takes minutes, a linear one milliseconds.
    started = time.perf_counter()
    result = check(record)
    assert time.perf_counter() - started < 30
    assert {("name", "too_long"), ("occupation", "too_long"), ("street", "too_long"), ("nik", "length"),
            ("kk", "not_digits")} <= codes(result)
