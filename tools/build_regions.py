"""Build the packaged region table from the kode wilayah SQL dumps.

Usage (from the repository root)::

    python tools/build_regions.py path/to/wilayah

The folder must hold ``wilayah_<year>.sql`` dumps of one ``wilayah(kode, nama)``
table (the cahyadsn/wilayah project, MIT licence) and that project's ``LICENSE``.
The newest year is taken as the current hierarchy; every older year contributes
codes that no longer exist (renumbered Papua regencies, merged districts) and
older spellings of names, so NIK prefixes and addresses written under an older
decree still validate.

Output: ``loket/intake/data/regions.sqlite`` and ``loket/intake/data/LICENSE-wilayah``.
The SQLite file is opened read-only by the app and queried where it lies:

- ``meta(name, value)``: ``about`` (source and licence), ``format``, ``years``
  (comma-separated), ``current_year``;
- ``regions(code, last_year, names)``: every code of every year (its digits as
  an integer, so one level's children are one range: 73 -> 7300..7399), the last
  year it appears, and its names newest first joined by ``|``. An older spelling
  is kept only when it differs from the newer ones by more than letter case and
  spacing;
- ``name_keys(key, code)``: each comparison key a code is found by
  (``loket.intake.regions.code_keys``: every year's name, a regency without its
  kind, a province's everyday names), for the address check.

The same sources give the same bytes (fixed insert order, ``VACUUM`` at the end).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO / "loket" / "intake" / "data"
TABLE_NAME = "regions.sqlite"
# Codes are stored as integers: no code starts with 0, so the number of digits (the
# level) survives, and one level's children are one range of numbers: 73 -> 7300..7399.
SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE regions (
    code INTEGER PRIMARY KEY,
    last_year INTEGER NOT NULL,
    names TEXT NOT NULL
);
CREATE TABLE name_keys (
    key TEXT NOT NULL,
    code INTEGER NOT NULL,
    PRIMARY KEY (key, code)
) WITHOUT ROWID;
"""

LICENSE_NAME = "LICENSE-wilayah"

# One SQL string literal, in either quote style, with backslash escapes
# (``'Ba\'u'``, older dumps) or doubled quotes (``'Ba''u'``, newer dumps).
_LITERAL = r"""'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*\""""
_ROW = re.compile(r"\(\s*(" + _LITERAL + r")\s*,\s*(" + _LITERAL + r")\s*\)", re.DOTALL)
_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_FILE_YEAR = re.compile(r"wilayah_(\d{4})\.sql")
_BACKSLASH_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "Z": "\x1a"}


class SourceError(ValueError):
    """The source folder or one of its dumps is not what this tool expects."""


def unquote(literal: str) -> str:
    """The value of one SQL string literal, MySQL rules."""
    quote, body = literal[0], literal[1:-1]
    if "\\" not in body and quote * 2 not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append(_BACKSLASH_ESCAPES.get(nxt, nxt))
            i += 2
        elif char == quote and body[i + 1 : i + 2] == quote:
            out.append(quote)
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_dump(text: str) -> dict[str, str]:
    """``{code without dots: name}`` for every row of one dump."""
    rows: dict[str, str] = {}
    for match in _ROW.finditer(text):
        code = unquote(match.group(1)).strip()
        if not _CODE.fullmatch(code):
            # Parenthesised text that is not a region row (a comment, a CREATE).
            continue
        name = " ".join(unquote(match.group(2)).split())
        if not name:
            raise SourceError(f"code {code} has an empty name")
        rows[code.replace(".", "")] = name
    return rows


_ROW_LINE = re.compile(r"""\s*\(\s*['"]\d{2}[.'"]""")


def read_sources(folder: Path, min_rows: int = 1000) -> dict[int, dict[str, str]]:
    """``{year: {code: name}}`` for every ``wilayah_<year>.sql`` in ``folder``."""
    years: dict[int, dict[str, str]] = {}
    for path in sorted(folder.glob("wilayah_*.sql")):
        match = _FILE_YEAR.fullmatch(path.name)
        if not match:
            continue
        text = path.read_text(encoding="utf-8")
        rows = parse_dump(text)
        # Every dump writes one row per line: a different count means a literal
        # the parser misread (an escape it does not know, a stray quote).
        row_lines = sum(1 for line in text.splitlines() if _ROW_LINE.match(line))
        if len(rows) != row_lines:
            raise SourceError(f"{path.name}: parsed {len(rows)} rows from {row_lines} row lines")
        if len(rows) < min_rows:
            raise SourceError(f"{path.name}: only {len(rows)} rows; is this a kode wilayah dump?")
        years[int(match.group(1))] = rows
        print(f"{path.name}: {len(rows)} rows", file=sys.stderr)
    if not years:
        raise SourceError(f"no wilayah_<year>.sql files in {folder}")
    return years


def merge_years(years: dict[int, dict[str, str]]) -> list[tuple[str, int, list[str]]]:
    """One ``(code, last year, names newest first)`` per code seen in any year."""
    merged: dict[str, tuple[int, list[str]]] = {}
    for year in sorted(years, reverse=True):
        for code, name in years[year].items():
            _, names = merged.setdefault(code, (year, []))
            if all(_spelling(name) != _spelling(known) for known in names):
                names.append(name)
    return [(code, last, names) for code, (last, names) in sorted(merged.items())]


def _spelling(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_names(rows: list[tuple[str, int, list[str]]]) -> None:
    for code, _, names in rows:
        if any("|" in name for name in names):
            raise SourceError(f"code {code}: a name contains the separator '|'")


def table_rows(rows: list[tuple[str, int, list[str]]], years: list[int], copyright_line: str) -> dict:
    """What goes into the file: meta pairs, region rows and key rows, in a fixed order."""
    _check_names(rows)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from loket.intake.regions import code_keys

    about = ("Indonesian region codes (kode wilayah): province, regency/city, district, village. "
             "Derived from the cahyadsn/wilayah SQL dumps for the years " + ", ".join(str(y) for y in sorted(years))
             + f". {copyright_line}, MIT License: see LICENSE-wilayah beside this file.")
    layout = ("regions: code as an integer (the digits without dots), last year it appears, names newest first "
              "joined by '|'; name_keys: comparison keys (loket.intake.regions.code_keys) of each code.")
    meta = [("about", about), ("format", layout), ("years", ",".join(str(y) for y in sorted(years))),
            ("current_year", str(max(years)))]
    for code, _, _ in rows:
        if not code.isdigit() or code.startswith("0"):
            raise SourceError(f"code {code} cannot be stored as a number")
    regions = sorted((int(code), year, "|".join(names)) for code, year, names in rows)
    keys = sorted((key, int(code)) for code, _, names in rows for key in code_keys(code, names))
    return {"meta": meta, "regions": regions, "keys": keys}


def write_table(content: dict, target: Path) -> None:
    """Write the SQLite file next to ``target``, then move it into place."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        conn.execute("PRAGMA page_size = 4096")
        conn.executescript(SCHEMA)
        with conn:
            conn.executemany("INSERT INTO meta VALUES (?, ?)", content["meta"])
            conn.executemany("INSERT INTO regions VALUES (?, ?, ?)", content["regions"])
            conn.executemany("INSERT INTO name_keys VALUES (?, ?)", content["keys"])
        conn.execute("VACUUM")
    finally:
        conn.close()
    os.replace(partial, target)


def write_outputs(folder: Path, output_dir: Path = OUTPUT_DIR, min_rows: int = 1000) -> Path:
    license_path = folder / "LICENSE"
    if not license_path.is_file():
        raise SourceError(f"{folder} has no LICENSE; the derived data must carry it")
    license_text = license_path.read_text(encoding="utf-8")
    copyright_line = next(
        (line.strip() for line in license_text.splitlines() if line.strip().startswith("Copyright")), None
    )
    if copyright_line is None:
        raise SourceError(f"{license_path} has no Copyright line")
    years = read_sources(folder, min_rows)
    content = table_rows(merge_years(years), list(years), copyright_line)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / TABLE_NAME
    write_table(content, target)
    notice = (
        license_text.rstrip("\n")
        + "\n\n---\n"
        + f"{TABLE_NAME} in this folder is derived from the files "
        + ", ".join(f"wilayah_{y}.sql" for y in sorted(years))
        + " of the cahyadsn/wilayah project (kode wilayah per the Home Ministry's decrees),\n"
        "reduced to code, last year seen and names; the notice above applies to it.\n"
    )
    (output_dir / LICENSE_NAME).write_text(notice, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with wilayah_<year>.sql and LICENSE")
    parser.add_argument("--output-dir", type=Path, default=OUTPUT_DIR)
    parser.add_argument("--min-rows", type=int, default=1000,
                        help="refuse a dump with fewer rows (a truncated download)")
    args = parser.parse_args(argv)
    try:
        target = write_outputs(args.source, args.output_dir, args.min_rows)
    except (SourceError, OSError, UnicodeDecodeError, sqlite3.Error) as exc:
        print(f"build_regions: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {target} ({target.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
