"""Indonesian region codes (kode wilayah): pickers, NIK prefixes and address checks.

The table ships as a read-only SQLite file, ``data/regions.sqlite`` (built by
``tools/build_regions.py`` from the cahyadsn/wilayah dumps, MIT licence, see
``data/LICENSE-wilayah``), and is queried where it lies: nothing is parsed into
Python objects, so the counter holds only SQLite's small page cache. It holds
every code of every decree year with the names it has had, newest first, and
each name's comparison key (``name_key``) beside its parent, so a typed address
is found with one indexed lookup per level.

The newest year is the *current* hierarchy shown in pickers; older codes and
spellings still count when checking a NIK prefix or a typed address, because a
NIK keeps the district code it was issued under (Papua's 91.xx regencies were
renumbered in 2022) and residents write the names they know.

Codes are plain digits (``"73"``, ``"7373"``, ``"737301"``, ``"7373011001"``);
every function also accepts the dotted form (``"73.73.01"``). The file is opened
on first use, never at import time.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

LEVELS = ("province", "regency", "district", "village")
_CODE_LENGTHS = {2: "province", 4: "regency", 6: "district", 10: "village"}
_PARENT_LENGTH = {4: 2, 6: 4, 10: 6}
_LEVEL_LENGTH = {level: length for length, level in _CODE_LENGTHS.items()}
_TABLE_FILE = "data/regions.sqlite"

# Words written both in full and abbreviated in the sources and on forms.
_TOKEN_ALIASES = {"KABUPATEN": "KAB", "ADMINISTRASI": "ADM", "KEPULAUAN": "KEP"}
_REGENCY_KIND_TOKENS = {"KAB", "KOTA", "ADM"}
# Everyday names of provinces that no decree year spells this way (baked into the
# table's keys by tools/build_regions.py: rebuild the table after changing them).
_PROVINCE_ALIASES = {
    "31": ("JAKARTA",),
    "34": ("DI YOGYAKARTA", "DIY", "YOGYAKARTA"),
    "52": ("NTB",),
    "53": ("NTT",),
}
# Longer than any region name of any year; longer text is not looked up at all.
_MAX_NAME_LENGTH = 200
_WORD = re.compile(r"[^\W_]+")


class RegionDataError(RuntimeError):
    """The packaged region table is missing or damaged (a broken installation)."""


@dataclass(frozen=True)
class AddressMatch:
    """Outcome of ``find_address``.

    ``failed_level`` is the first level (top down) that does not fit, or None when
    all four do. ``reason`` is ``missing`` (left empty), ``unknown`` (no region of
    that level has this name in any year) or ``not_in_parent`` (the name exists,
    but not under the level above; ``elsewhere`` then labels one place it is in).
    ``codes`` maps each matched level to its code.
    """

    codes: dict[str, str]
    failed_level: str | None = None
    reason: str | None = None
    elsewhere: str | None = None

    @property
    def ok(self) -> bool:
        return self.failed_level is None


def code_keys(code: str, names: list[str] | tuple[str, ...]) -> set[str]:
    """Every comparison key a code is found by: its names of every year, a regency
    without its kind (``PALOPO``), a province's everyday names. The build tool
    stores these, so the lookups and the table agree by construction."""
    keys = {name_key(name) for name in names}
    if len(code) == 4:
        keys |= {_bare_regency_key(name) for name in names}
    keys |= {name_key(alias) for alias in _PROVINCE_ALIASES.get(code, ())}
    keys.discard("")
    return keys


class _Table:
    """The SQLite file, read-only, behind one lock (the app's threads share it)."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        try:
            if not path.is_file():
                raise FileNotFoundError("no such file")
            # immutable: the file never changes under us, so SQLite takes no locks at all.
            self._conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                         check_same_thread=False)
            row = self._conn.execute("SELECT value FROM meta WHERE name = 'current_year'").fetchone()
            if row is None or not str(row[0]).isdigit():
                raise ValueError("no current year")
            self.current_year = int(row[0])
            if self._conn.execute("SELECT 1 FROM regions LIMIT 1").fetchone() is None:
                raise ValueError("no regions")
            self._conn.execute("SELECT 1 FROM name_keys LIMIT 1").fetchone()
        except (OSError, ValueError, sqlite3.Error) as exc:
            raise _damaged(path, exc) from None
        # The file never changes, so answers can be kept: checking a day's addresses
        # asks about the same few districts and villages over and over (central asks
        # for every item it judges). A few thousand small tuples at most.
        self.names = functools.lru_cache(maxsize=4096)(self._names)
        self.exists = functools.lru_cache(maxsize=4096)(self._exists)
        self.is_current = functools.lru_cache(maxsize=4096)(self._is_current)
        self.children_named = functools.lru_cache(maxsize=4096)(self._children_named)
        self.address = functools.lru_cache(maxsize=4096)(functools.partial(_find_address, self))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _damaged(self.path, exc) from None

    def _names(self, code: str) -> tuple[str, ...]:
        """The code's names, newest first; empty for an unknown code."""
        rows = self._rows("SELECT names FROM regions WHERE code = ?", (int(code),)) if code else []
        return tuple(rows[0][0].split("|")) if rows else ()

    def spellings(self, codes: list[str]) -> dict[str, tuple[str, ...]]:
        marks = ",".join("?" * len(codes))
        rows = self._rows(f"SELECT code, names FROM regions WHERE code IN ({marks})",
                          tuple(int(code) for code in codes)) if codes else []
        return {str(code): tuple(names.split("|")) for code, names in rows}

    def _exists(self, code: str) -> bool:
        return bool(code) and bool(self._rows("SELECT 1 FROM regions WHERE code = ?", (int(code),)))

    def _is_current(self, code: str) -> bool:
        rows = self._rows("SELECT last_year FROM regions WHERE code = ?", (int(code),)) if code else []
        return bool(rows) and rows[0][0] == self.current_year

    def current_children(self, code: str) -> list[tuple[str, str]]:
        """``(code, newest name)`` of the current children (provinces for ``""``)."""
        low, high = _child_range(code)
        rows = self._rows("SELECT code, names FROM regions WHERE code BETWEEN ? AND ? AND last_year = ? "
                          "ORDER BY code", (low, high, self.current_year))
        return [(str(child), names.split("|", 1)[0]) for child, names in rows]

    def _children_named(self, parent: str, key: str) -> tuple[str, ...]:
        """Children of ``parent`` (any year) having ``key`` among their names, current first."""
        low, high = _child_range(parent)
        rows = self._rows(
            "SELECT k.code, r.last_year FROM name_keys k JOIN regions r ON r.code = k.code "
            "WHERE k.key = ? AND k.code BETWEEN ? AND ? ORDER BY k.code", (key, low, high))
        return tuple(str(code) for code, year in sorted(rows, key=lambda row: row[1] != self.current_year))

    def codes_named(self, level: str, key: str) -> list[str]:
        """Codes of one level having ``key`` among their names."""
        length = _LEVEL_LENGTH[level]
        rows = self._rows("SELECT code FROM name_keys WHERE key = ? AND code BETWEEN ? AND ? ORDER BY code",
                          (key, 10 ** (length - 1), 10 ** length - 1))
        return [str(code) for (code,) in rows]


def _child_range(code: str) -> tuple[int, int]:
    """The numbers a code's children can have: ``"73"`` -> 7300..7399; ``""`` -> the provinces.
    No children (a village, or anything else): an empty range."""
    if not code:
        return 10, 99
    child_length = {2: 4, 4: 6, 6: 10}.get(len(code))
    if child_length is None:
        return 1, 0
    span = 10 ** (child_length - len(code))
    return int(code) * span, (int(code) + 1) * span - 1


def _damaged(path: Path, exc: BaseException) -> RegionDataError:
    return RegionDataError(f"region table {path.name} is missing or damaged ({exc})")


_table: _Table | None = None
_load_lock = threading.Lock()
_load_seconds: float | None = None


def _get() -> _Table:
    global _table, _load_seconds
    if _table is None:
        with _load_lock:
            if _table is None:
                started = time.perf_counter()
                _table = _open_table()
                _load_seconds = time.perf_counter() - started
    return _table


def _open_table(path: Path | None = None) -> _Table:
    return _Table(path or Path(__file__).resolve().parent / _TABLE_FILE)


def preload() -> float:
    """Open the table now (e.g. from a background worker at startup); returns the
    seconds opening took (milliseconds: nothing is read but its first pages)."""
    _get()
    return _load_seconds or 0.0


def plain_code(code: object) -> str:
    """``"73.73.01"`` -> ``"737301"``; anything that is not a code gives ``""``."""
    if not isinstance(code, str):
        return ""
    digits = code.replace(".", "").strip()
    return digits if digits.isascii() and digits.isdigit() and len(digits) in _CODE_LENGTHS else ""


def dotted(code: str) -> str:
    """``"7373011001"`` -> ``"73.73.01.1001"`` (the way decrees print codes)."""
    code = plain_code(code)
    parts = [code[:2], code[2:4], code[4:6], code[6:]]
    return ".".join(part for part in parts if part)


def level_of(code: str) -> str | None:
    return _CODE_LENGTHS.get(len(plain_code(code)))


def name_key(name: str) -> str:
    """What two spellings of one region name share: case, spacing, accents and
    punctuation removed, ``KABUPATEN``/``KAB.`` and similar abbreviations unified."""
    if not isinstance(name, str):
        return ""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return "".join(_TOKEN_ALIASES.get(word, word) for word in _WORD.findall(name.upper()))


def _bare_regency_key(name: str) -> str:
    """``Kota Palopo`` -> ``PALOPO``: people often leave out the kind of regency."""
    words = [_TOKEN_ALIASES.get(word, word) for word in _WORD.findall(name.upper())]
    while words and words[0] in _REGENCY_KIND_TOKENS:
        words.pop(0)
    return "".join(words)


def _sorted_choices(current: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(current, key=lambda item: (item[1].casefold(), item[0]))


def province_choices() -> list[tuple[str, str]]:
    """Current provinces as ``(code, name)``, alphabetical by name."""
    return _sorted_choices(_get().current_children(""))


def children(code: str) -> list[tuple[str, str]]:
    """Current regencies of a province, districts of a regency or villages of a
    district, as ``(code, name)`` alphabetical by name; empty for an unknown code."""
    code = plain_code(code)
    if not code or len(code) == 10:
        return []
    return _sorted_choices(_get().current_children(code))


def spellings(codes: list[str]) -> dict[str, tuple[str, ...]]:
    """Every name each code has had, newest first (a search matches any of them:
    ``AMAS`` finds Ammasangan, spelt Amasangan until 2023). Unknown codes are left out."""
    plain = [code for code in (plain_code(c) for c in codes) if code]
    found: dict[str, tuple[str, ...]] = {}
    table = _get()
    for start in range(0, len(plain), 400):  # SQLite's cap on parameters
        found.update(table.spellings(plain[start:start + 400]))
    return found


def name_of(code: str) -> str | None:
    """The newest name of a code (current, or from the last year it existed)."""
    names = _get().names(plain_code(code))
    return names[0] if names else None


def is_current(code: str) -> bool:
    """True when the code is in the current decree (not only in an older one)."""
    return _get().is_current(plain_code(code))


def is_known_district_prefix(prefix: str) -> bool:
    """Is this 6-digit district code in any year's list (the NIK/KK prefix check)?"""
    code = plain_code(prefix)
    return len(code) == 6 and _get().exists(code)


def district_label(code: str) -> str | None:
    """``"737301"`` -> ``"Wara, Kota Palopo, Sulawesi Selatan"``; None if unknown."""
    code = plain_code(code)
    return region_label(code) if len(code) == 6 else None


def region_label(code: str) -> str | None:
    """The code's name followed by its parents' names, smallest first; None if unknown."""
    table = _get()
    code = plain_code(code)
    if not code or not table.exists(code):
        return None
    parts = []
    while code:
        names = table.names(code)
        if names:
            parts.append(_display(names[0]))
        code = code[: _PARENT_LENGTH.get(len(code), 0)]
    return ", ".join(parts)


def _display(name: str) -> str:
    # Older decrees wrote regencies and provinces in capitals ("KAB. MERAUKE").
    if name.isupper():
        return " ".join(word[:1] + word[1:].lower() for word in name.split())
    return name


def find_address(province: str, regency: str, district: str, village: str) -> AddressMatch:
    """Check that a typed address names real regions, each inside the one above.

    Names compare case-, space- and punctuation-insensitively and any decree
    year's spelling counts. Never raises on odd input.
    """
    table = _get()
    typed = (province, regency, district, village)
    if all(type(text) is str and len(text) <= _MAX_NAME_LENGTH for text in typed):
        # A day's requests name the same few villages over and over: the answer is kept
        # (its ``codes`` copied, so no caller can change the kept one; built directly,
        # dataclasses.replace costs more than the lookup).
        match = table.address(*typed)
        return AddressMatch(dict(match.codes), match.failed_level, match.reason, match.elsewhere)
    return _find_address(table, *typed)


def _find_address(table: _Table, province: object, regency: object, district: object,
                  village: object) -> AddressMatch:
    typed = dict(zip(LEVELS, (province, regency, district, village)))
    parents = [""]
    matched = ""
    for level in LEVELS:
        text = typed[level]
        key = name_key(text) if isinstance(text, str) and len(text) <= _MAX_NAME_LENGTH else ""
        if not key:
            return AddressMatch(_codes_of(matched), level, "missing" if not _has_text(text) else "unknown")
        hits = [code for parent in parents for code in table.children_named(parent, key)]
        if not hits:
            elsewhere = None
            if level != "province":
                elsewhere = _where_else(table, level, key, matched)
            if elsewhere is not None:
                return AddressMatch(_codes_of(matched), level, "not_in_parent", elsewhere)
            return AddressMatch(_codes_of(matched), level, "unknown")
        # Current codes come first, so the reported codes use today's numbering.
        matched = hits[0]
        parents = hits
    return AddressMatch(_codes_of(matched))


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _where_else(table: _Table, level: str, key: str, near: str) -> str | None:
    """Label of the parent of a same-named region, the one nearest ``near`` first."""
    others = table.codes_named(level, key)
    if not others:
        return None

    def closeness(code: str) -> tuple[int, bool, str]:
        shared = 0
        while shared < min(len(code), len(near)) and code[shared] == near[shared]:
            shared += 1
        return (-shared, not table.is_current(code), code)

    best = min(others, key=closeness)
    return region_label(best[: _PARENT_LENGTH[len(best)]])


def _codes_of(code: str) -> dict[str, str]:
    codes = {}
    while code:
        codes[_CODE_LENGTHS[len(code)]] = code
        code = code[: _PARENT_LENGTH.get(len(code), 0)]
    return codes
