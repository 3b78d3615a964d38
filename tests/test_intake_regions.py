"""Region codes: the packaged table, its lookups and the tool that builds it."""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from loket.intake import regions

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "loket" / "intake" / "data"


def _meta(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT name, value FROM meta"))
    finally:
        conn.close()


def test_packaged_files_are_small_and_carry_the_licence():
    table = DATA / "regions.sqlite"
    assert table.stat().st_size < 6_000_000
    assert not (DATA / "regions.json.gz").exists()  # one table, queried where it lies
    notice = (DATA / "LICENSE-wilayah").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Cahya DSN" in notice and "regions.sqlite" in notice
    meta = _meta(table)
    assert "cahyadsn/wilayah" in meta["about"] and "LICENSE-wilayah" in meta["about"]
    assert int(meta["current_year"]) == max(int(year) for year in meta["years"].split(","))


def test_nothing_is_loaded_at_import_and_opening_reads_almost_nothing():
    code = (
        "import loket.intake.regions as r, loket.intake.validate, loket.intake.nik, loket.intake.samples\n"
        "try:\n"
        "    import resource\n"
        "    def peak(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "except ImportError:  # Windows: no resource module\n"
        "    def peak(): return 0\n"
        "assert r._table is None, 'loaded at import'\n"
        "before = peak()\n"
        "seconds = r.preload()\n"
        "assert r.find_address('SULAWESI SELATAN', 'KOTA PALOPO', 'WARA', 'BOTING').ok\n"
        "print(seconds, peak() - before)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    _seconds, grown_kib = result.stdout.split()  # the time is a benchmark's business (bench_memory)
    # Parsing the table into dicts grew the process by about 25 MiB; a lookup in the file, by a few pages.
    assert int(grown_kib) < 5 * 1024


def _copy_with(tmp_path: Path, name: str, change) -> Path:
    path = tmp_path / name
    path.write_bytes((DATA / "regions.sqlite").read_bytes())
    change(path)
    return path


def _sql(statement: str):
    def run(path: Path) -> None:
        conn = sqlite3.connect(path)
        with conn:
            conn.execute(statement)
        conn.close()
    return run


def test_damaged_table_raises_region_data_error(tmp_path):
    good = regions._open_table(DATA / "regions.sqlite")
    assert good.names("73") == ("Sulawesi Selatan",)
    whole = (DATA / "regions.sqlite").read_bytes()
    cases = {
        "missing.sqlite": None,
        "plain.sqlite": b"not a database at all",
        "cut.sqlite": whole[:4096],
        "flipped.sqlite": whole[:100] + bytes(b ^ 0xFF for b in whole[100:9000]) + whole[9000:],
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(regions.RegionDataError, match=name):
            regions._open_table(path).names("73")
    for name, statement in [("nometa.sqlite", "DELETE FROM meta"), ("empty.sqlite", "DELETE FROM regions"),
                            ("nokeys.sqlite", "DROP TABLE name_keys")]:
        with pytest.raises(regions.RegionDataError, match=name):
            regions._open_table(_copy_with(tmp_path, name, _sql(statement)))


def test_the_stored_keys_are_the_keys_the_lookups_compute():
    conn = sqlite3.connect(DATA / "regions.sqlite")
    stored: dict[str, set[str]] = {}
    for key, code in conn.execute("SELECT key, code FROM name_keys WHERE code % 23 = 0 OR code < 100"):
        stored.setdefault(str(code), set()).add(key)
    rows = conn.execute("SELECT code, names FROM regions WHERE code % 23 = 0 OR code < 100").fetchall()
    conn.close()
    assert len(rows) > 3000
    for code, names in rows:
        assert stored.get(str(code), set()) == regions.code_keys(str(code), names.split("|")), code


def test_village_other_spellings_are_found():
    assert regions.spellings(["7373011003", "73.73.01.1002", "9999"]) == {
        "7373011003": ("Ammasangan", "Amasangan"), "7373011002": ("Boting",)}
    assert regions._get().codes_named("village", "AMASANGAN") == ["7373011003"]


def test_province_choices():
    provinces = regions.province_choices()
    assert len(provinces) == 38
    assert ("73", "Sulawesi Selatan") in provinces
    names = [name.casefold() for _, name in provinces]
    assert names == sorted(names)


def test_children_walk_down_to_villages():
    assert ("7373", "Kota Palopo") in regions.children("73")
    palopo = regions.children("73.73")
    assert [code for code, _ in sorted(palopo)] == [f"7373{n:02d}" for n in range(1, 10)]
    assert ("737301", "Wara") in palopo
    villages = dict(regions.children("737301"))
    assert villages["7373011002"] == "Boting"
    assert regions.children("7373011002") == [] and regions.children("99") == [] and regions.children("x") == []


def test_children_show_only_the_current_hierarchy():
    papua = [code for code, _ in regions.children("91")]
    assert "9101" not in papua  # Merauke moved to Papua Selatan (93.01)
    assert ("9301", "Kabupaten Merauke") in regions.children("93")


def test_name_of_accepts_dotted_and_plain_codes():
    assert regions.name_of("73.73") == regions.name_of("7373") == "Kota Palopo"
    assert regions.name_of("9101") == "KAB. MERAUKE"  # last seen in an older decree
    assert regions.name_of("9999") is None and regions.name_of("") is None and regions.name_of(None) is None


def test_district_prefixes_cover_every_year():
    assert regions.is_known_district_prefix("737301")
    assert regions.is_known_district_prefix("73.73.01")
    assert regions.is_known_district_prefix("910101") and not regions.is_current("910101")
    for wrong in ("999901", "7373", "73730a", "7373011002", "", None):
        assert not regions.is_known_district_prefix(wrong)


def test_district_label():
    assert regions.district_label("737301") == "Wara, Kota Palopo, Sulawesi Selatan"
    assert regions.district_label("910101") == "Merauke, Kab. Merauke, Papua"
    assert regions.district_label("999901") is None and regions.district_label("7373") is None


def test_dotted_and_levels():
    assert regions.dotted("7373011002") == "73.73.01.1002"
    assert regions.level_of("73.73.01") == "district" and regions.level_of("123") is None


def test_find_address_accepts_spelling_variants():
    match = regions.find_address(" sulawesi  selatan", "KOTA PALOPO", "wara", "BOTING")
    assert match.ok and match.codes == {"province": "73", "regency": "7373", "district": "737301",
                                        "village": "7373011002"}
    assert regions.find_address("Sulawesi Selatan", "Palopo", "Wara", "Boting").ok
    # An older decree's spelling of the same village.
    assert regions.find_address("SULAWESI SELATAN", "KOTA PALOPO", "WARA", "AMASANGAN").codes["village"] == "7373011003"
    assert regions.find_address("ACEH", "KABUPATEN ACEH SELATAN", "BAKONGAN", "KEUDE BAKONGAN").ok
    assert regions.find_address("ACEH", "KAB. ACEH SELATAN", "BAKONGAN", "KEUDE BAKONGAN").ok
    assert regions.find_address("DKI JAKARTA", "KOTA ADM. JAKARTA PUSAT", "GAMBIR", "GAMBIR").ok
    assert regions.find_address("Daerah Khusus Ibukota Jakarta", "Kota Administrasi Jakarta Pusat", "Gambir", "Gambir").ok


def test_find_address_old_papua_numbering():
    village = regions.name_of("9101012001")
    old = regions.find_address("PAPUA", "KAB. MERAUKE", "MERAUKE", village)
    new = regions.find_address("PAPUA SELATAN", "KABUPATEN MERAUKE", "MERAUKE", village)
    assert old.ok and old.codes["district"] == "910101"
    assert new.ok and new.codes["district"] == "930101"


def test_find_address_names_the_level_that_does_not_fit():
    wrong_village = regions.find_address("SULAWESI SELATAN", "KOTA PALOPO", "WARA UTARA", "BOTING")
    assert (wrong_village.failed_level, wrong_village.reason) == ("village", "not_in_parent")
    assert wrong_village.elsewhere == "Wara, Kota Palopo, Sulawesi Selatan"
    assert wrong_village.codes == {"province": "73", "regency": "7373", "district": "737302"}

    wrong_district = regions.find_address("SULAWESI SELATAN", "KOTA MAKASSAR", "WARA", "BOTING")
    assert (wrong_district.failed_level, wrong_district.reason) == ("district", "not_in_parent")
    assert wrong_district.elsewhere == "Kota Palopo, Sulawesi Selatan"

    wrong_regency = regions.find_address("JAWA BARAT", "KOTA PALOPO", "WARA", "BOTING")
    assert (wrong_regency.failed_level, wrong_regency.reason) == ("regency", "not_in_parent")

    unknown = regions.find_address("SULAWESI SELATAN", "KOTA PALOPO", "WARA", "ATLANTIS")
    assert (unknown.failed_level, unknown.reason) == ("village", "unknown")
    assert regions.find_address("NARNIA", "KOTA PALOPO", "WARA", "BOTING").failed_level == "province"
    assert regions.find_address("SULAWESI SELATAN", "", "WARA", "BOTING").reason == "missing"


# Short ids: pytest puts the test's id in an environment variable (PYTEST_CURRENT_TEST), and
# Windows refuses one longer than 32,767 characters, as the 100,000-character value would make it.
@pytest.mark.parametrize("junk", [None, 5, "", "   ", "???", "x" * 100_000, "\x00", "\U0001f600", ["a"]],
                         ids=["none", "int", "empty", "blank", "marks", "100k-chars", "nul", "emoji", "list"])
def test_find_address_never_raises(junk):
    for position in range(4):
        typed = ["SULAWESI SELATAN", "KOTA PALOPO", "WARA", "BOTING"]
        typed[position] = junk
        match = regions.find_address(*typed)
        assert match.failed_level == regions.LEVELS[position]


# -- the build tool -----------------------------------------------------------------


def _tool():
    spec = importlib.util.spec_from_file_location("build_regions", REPO / "tools" / "build_regions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OLD_DUMP = '''DROP TABLE IF EXISTS wilayah;
CREATE TABLE IF NOT EXISTS wilayah(
kode VARCHAR(13) PRIMARY KEY,
nama VARCHAR(100)
) ENGINE=MyISAM;
INSERT INTO wilayah(kode,nama) VALUES
("73","SULAWESI SELATAN"),
("73.73","KOTA PALOPO"),
("73.73.01","Wara"),
("73.73.01.1003","Amasangan"),
("73.73.01.1009","Pu\\'uk"),
("91","P A P U A"),
("91.01","KAB. MERAUKE"),
("91.01.01","Merauke");
'''

NEW_DUMP = '''-- Provinsi SULAWESI SELATAN (the (73) province)
INSERT INTO wilayah (kode, nama) VALUES
('73', 'Sulawesi Selatan'),
('73.73', 'Kota  Palopo'),
('73.73.01', 'Wara'),
('73.73.01.1003', 'Ammasangan'),
('73.73.01.1009', 'Pu''uk'),
('91', 'Papua'),
('93', 'Papua Selatan'),
('93.01', 'Kabupaten Merauke'),
('93.01.01', 'Merauke');
'''


def test_build_tool_parses_both_dump_styles(tmp_path):
    source = tmp_path / "wilayah"
    source.mkdir()
    (source / "wilayah_2016.sql").write_text(OLD_DUMP, encoding="utf-8")
    (source / "wilayah_2025.sql").write_text(NEW_DUMP.replace("\n", "\r\n"), encoding="utf-8")
    (source / "LICENSE").write_text("MIT License\n\nCopyright (c) 2017-2025 Cahya DSN\n", encoding="utf-8")
    out = tmp_path / "out"
    tool = _tool()
    # Parsing demands at least 1000 rows for a real dump; the small fixture goes through the parts.
    years = {2016: tool.parse_dump(OLD_DUMP), 2025: tool.parse_dump(NEW_DUMP)}
    assert years[2016]["7373011009"] == "Pu'uk" and years[2025]["7373011009"] == "Pu'uk"
    assert years[2025]["7373"] == "Kota Palopo"  # spaces collapsed
    rows = {code: (year, names) for code, year, names in tool.merge_years(years)}
    assert rows["7373011003"] == (2025, ["Ammasangan", "Amasangan"])
    assert rows["7373"] == (2025, ["Kota Palopo"])  # differs only by case from the old spelling
    assert rows["9101"] == (2016, ["KAB. MERAUKE"])
    assert tool.main([str(source), "--output-dir", str(out)]) == 1  # too few rows for a real dump
    assert not (out / "regions.sqlite").exists()

    assert tool.main([str(source), "--output-dir", str(out), "--min-rows", "1"]) == 0
    built = regions._open_table(out / "regions.sqlite")
    assert built.current_year == 2025 and _meta(out / "regions.sqlite")["years"] == "2016,2025"
    assert built.names("7373011003") == ("Ammasangan", "Amasangan")
    assert built.is_current("9301") and not built.is_current("9101") and built.exists("9101")
    assert built.current_children("91") == [] and built.current_children("93") == [("9301", "Kabupaten Merauke")]
    assert built.children_named("737301", "AMASANGAN") == ("7373011003",)
    assert built.children_named("", "SULAWESISELATAN") == ("73",)
    assert built.children_named("73", "PALOPO") == ("7373",)  # a regency without its kind
    built.close()  # Windows cannot replace a file that is open
    notice = (out / "LICENSE-wilayah").read_text(encoding="utf-8")
    assert notice.startswith("MIT License") and "wilayah_2016.sql, wilayah_2025.sql" in notice
    first = (out / "regions.sqlite").read_bytes()
    assert tool.main([str(source), "--output-dir", str(out), "--min-rows", "1"]) == 0
    assert (out / "regions.sqlite").read_bytes() == first  # reproducible bytes


def test_build_tool_refuses_a_folder_without_licence(tmp_path, capsys):
    (tmp_path / "wilayah_2025.sql").write_text(NEW_DUMP, encoding="utf-8")
    assert _tool().main([str(tmp_path), "--output-dir", str(tmp_path / "out")]) == 1
    assert "LICENSE" in capsys.readouterr().err


def test_a_kept_address_answer_is_the_same_each_time_and_cannot_be_changed_by_a_caller():
    typed = ("Sulawesi Selatan", "Kota Palopo", "Wara", "Boting")
    first = regions.find_address(*typed)
    assert first.ok and first.codes["village"] == "7373011002"
    first.codes["village"] = "changed"
    again = regions.find_address(*typed)
    assert again == regions._find_address(regions._get(), *typed)
    assert again.codes["village"] == "7373011002"
    wrong = regions.find_address("Sulawesi Selatan", "Kota Palopo", "Wara", "Tidak Ada")
    assert not wrong.ok and wrong.failed_level == "village"
    assert regions.find_address(*typed[:3], ["Boting"]).reason == "missing"  # not text: not kept, still answered
