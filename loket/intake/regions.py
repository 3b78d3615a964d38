"""Indonesian region codes (kode wilayah): pickers, NIK prefixes and address checks.

The table ships in ``data/regions.json.gz`` (built by ``tools/build_regions.py``
from the cahyadsn/wilayah dumps, MIT licence, see ``data/LICENSE-wilayah``). It
holds every code of every decree year with the names it has had, newest first.
The newest year is the *current* hierarchy shown in pickers; older codes and
spellings still count when checking a NIK prefix or a typed address, because a
NIK keeps the district code it was issued under (Papua's 91.xx regencies were
renumbered in 2022) and residents write the names they know.

Codes are plain digits (``"73"``, ``"7373"``, ``"737301"``, ``"7373011001"``);
every function also accepts the dotted form (``"73.73.01"``). The table is read
once, on first use, never at import time.
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

LEVELS = ("province", "regency", "district", "village")
_CODE_LENGTHS = {2: "province", 4: "regency", 6: "district", 10: "village"}
_PARENT_LENGTH = {4: 2, 6: 4, 10: 6}
_CHILD_LENGTH = {0: 2, 2: 4, 4: 6, 6: 10}
_LEVEL_LENGTH = {level: length for length, level in _CODE_LENGTHS.items()}
_TABLE_FILE = "data/regions.json.gz"

# Words written both in full and abbreviated in the sources and on forms.
_TOKEN_ALIASES = {"KABUPATEN": "KAB", "ADMINISTRASI": "ADM", "KEPULAUAN": "KEP"}
_REGENCY_KIND_TOKENS = {"KAB", "KOTA", "ADM"}
# Everyday names of provinces that no decree year spells this way.
_PROVINCE_ALIASES = {
    "31": ("JAKARTA",),
    "34": ("DI YOGYAKARTA", "DIY", "YOGYAKARTA"),
    "52": ("NTB",),
    "53": ("NTT",),
}
# Longer than any region name of any year; longer text is not looked up at all.
_MAX_NAME_LENGTH = 200
_WORD = re.compile(r"[^\W_]+")
_ALIAS_WORDS = re.compile(r"(?<![A-Z0-9])(?:" + "|".join(_TOKEN_ALIASES) + r")(?![A-Z0-9])")
_NON_KEY = re.compile(r"[^A-Z0-9|\n]+")


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


class _Table:
    def __init__(self, document: dict):
        # ``names`` is sorted by code, so one code's descendants are a contiguous run.
        self.raw_names: dict[str, str] = document["names"]
        self.retired: dict[str, int] = document["retired"]
        self.current_year: int = document["current_year"]
        self.codes: list[str] = list(self.raw_names)
        self._names: dict[str, tuple[str, ...]] = {}
        self._children: dict[str, list[str]] = {}
        self._keys: dict[str, frozenset[str]] = {}
        self._by_key: dict[str, dict[str, list[str]]] = {}
        self._child_index: dict[str, dict[str, list[str]]] = {}
        self._lock = threading.Lock()

    def names(self, code: str) -> tuple[str, ...]:
        """The code's names, newest first; empty for an unknown code."""
        found = self._names.get(code)
        if found is None:
            raw = self.raw_names.get(code)
            found = tuple(raw.split("|")) if raw else ()
            if raw:
                self._names[code] = found
        return found

    def is_current(self, code: str) -> bool:
        return code in self.raw_names and code not in self.retired

    def children(self, code: str) -> list[str]:
        """Child codes of every year (provinces for ``""``), in code order."""
        found = self._children.get(code)
        if found is None:
            child_length = _CHILD_LENGTH.get(len(code))
            if child_length is None:
                found = []
            else:
                low = bisect.bisect_left(self.codes, code)
                high = bisect.bisect_left(self.codes, code + ":") if code else len(self.codes)
                found = [c for c in self.codes[low:high] if len(c) == child_length]
            self._children[code] = found
        return found

    def keys(self, code: str) -> frozenset[str]:
        """Every comparison key of a code's names (computed on first need)."""
        found = self._keys.get(code)
        if found is None:
            names = self.names(code)
            keys = {name_key(name) for name in names}
            if len(code) == 4:
                keys |= {_bare_regency_key(name) for name in names}
            keys |= {name_key(alias) for alias in _PROVINCE_ALIASES.get(code, ())}
            keys.discard("")
            found = self._keys[code] = frozenset(keys)
        return found

    def children_named(self, parent: str, key: str) -> list[str]:
        """Children of ``parent`` (any year) having ``key`` among their names, current first."""
        index = self._child_index.get(parent)
        if index is None:
            index = {}
            for code in sorted(self.children(parent), key=lambda c: (not self.is_current(c), c)):
                for code_key in self.keys(code):
                    index.setdefault(code_key, []).append(code)
            self._child_index[parent] = index
        return index.get(key, [])

    def codes_named(self, level: str, key: str) -> list[str]:
        """Codes of one level having ``key`` among their names (index built once per level)."""
        with self._lock:
            index = self._by_key.get(level)
            if index is None:
                index = self._by_key[level] = self._level_index(level)
        return index.get(key, [])

    def _level_index(self, level: str) -> dict[str, list[str]]:
        length = _LEVEL_LENGTH[level]
        index: dict[str, list[str]] = {}
        plain: list[str] = []
        for code in self.codes:
            if len(code) != length:
                continue
            # Regencies and provinces carry extra keys; odd names take the slow path.
            if length <= 4 or not self.raw_names[code].isascii():
                for code_key in self.keys(code):
                    index.setdefault(code_key, []).append(code)
            else:
                plain.append(code)
        # Tens of thousands of villages: normalise them as one text, the way name_key
        # does one name, instead of one regex call per name.
        text = "\n".join(self.raw_names[code] for code in plain).upper()
        text = _NON_KEY.sub("", _ALIAS_WORDS.sub(lambda m: _TOKEN_ALIASES[m.group()], text))
        for code, keys in zip(plain, text.split("\n")):
            for code_key in set(keys.split("|")):
                if code_key:
                    index.setdefault(code_key, []).append(code)
        return index


_table: _Table | None = None
_load_lock = threading.Lock()
_load_seconds: float | None = None


def _get() -> _Table:
    global _table, _load_seconds
    if _table is None:
        with _load_lock:
            if _table is None:
                started = time.perf_counter()
                _table = _Table(_read_document())
                _load_seconds = time.perf_counter() - started
    return _table


def _read_document(path: Path | None = None) -> dict:
    path = path or Path(__file__).resolve().parent / _TABLE_FILE
    try:
        document = json.loads(gzip.decompress(path.read_bytes()))
        if not (
            isinstance(document, dict)
            and isinstance(document.get("names"), dict)
            and document["names"]
            and isinstance(document.get("retired"), dict)
            and isinstance(document.get("current_year"), int)
        ):
            raise ValueError("unexpected layout")
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        raise RegionDataError(f"region table {path.name} is missing or damaged ({exc})") from exc
    return document


def preload(*, name_indexes: bool = False) -> float:
    """Load the table now (e.g. from a background worker at startup); returns the
    seconds loading took. ``name_indexes`` also builds the by-name indexes that the
    first "this village is in another district" message would otherwise build
    (about 0.2 s)."""
    table = _get()
    if name_indexes:
        for level in LEVELS[1:]:
            table.codes_named(level, "")
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


def _sorted_choices(table: _Table, codes: list[str]) -> list[tuple[str, str]]:
    current = [(code, table.names(code)[0]) for code in codes if table.is_current(code)]
    return sorted(current, key=lambda item: (item[1].casefold(), item[0]))


def province_choices() -> list[tuple[str, str]]:
    """Current provinces as ``(code, name)``, alphabetical by name."""
    table = _get()
    return _sorted_choices(table, table.children(""))


def children(code: str) -> list[tuple[str, str]]:
    """Current regencies of a province, districts of a regency or villages of a
    district, as ``(code, name)`` alphabetical by name; empty for an unknown code."""
    code = plain_code(code)
    if not code:
        return []
    table = _get()
    return _sorted_choices(table, table.children(code))


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
    return len(code) == 6 and code in _get().raw_names


def district_label(code: str) -> str | None:
    """``"737301"`` -> ``"Wara, Kota Palopo, Sulawesi Selatan"``; None if unknown."""
    code = plain_code(code)
    return region_label(code) if len(code) == 6 else None


def region_label(code: str) -> str | None:
    """The code's name followed by its parents' names, smallest first; None if unknown."""
    table = _get()
    code = plain_code(code)
    if code not in table.raw_names:
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
