"""Checks and normal forms of single fields (texts, choices, RT/RW, photo).

Each check takes the typed value and returns ``(normal form, problems)``. The
normal form is what gets stored and printed; it is only meaningful when the
problem list is empty. Cross-field rules live in ``validate``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata

from loket.intake.problems import Problem, shown

# Apostrophes people type from phones and word processors; the slip prints one kind.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_NAME_PUNCTUATION = frozenset(" .,'-")
_PLAIN_NAME = re.compile(r"[A-Z .,'-]*")
_PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")
_PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
# Beyond this many times the limit, a value is reported as too long without being read.
_SCAN_FACTOR = 4


def as_text(field: str, value: object, problems: list[Problem]) -> str:
    """The value if it is text, ``""`` for None; anything else is reported."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    problems.append(Problem(field, "not_text"))
    return ""


def collapse(text: str) -> str:
    """Trim and turn every run of whitespace (tabs, no-break spaces, newlines) into one space."""
    return " ".join(text.split())


def _too_long(field: str, text: str, limit: int) -> Problem | None:
    return Problem(field, "too_long", {"length": len(text), "max": limit}) if len(text) > limit else None


def _control_characters(text: str) -> list[str]:
    if text.isprintable():
        return []
    return [char for char in text if unicodedata.category(char).startswith("C")]


def _char_names(chars: list[str]) -> str:
    distinct = list(dict.fromkeys(chars))[:5]
    return " ".join(char if char.isprintable() else f"U+{ord(char):04X}" for char in distinct)


def person_text(field: str, value: object, limit: int) -> tuple[str, list[Problem]]:
    """A name or birth place: letters (any script), spaces and ``. , ' -`` only; upper case."""
    problems: list[Problem] = []
    text = as_text(field, value, problems)
    if problems:
        return "", problems
    if len(text) > limit * _SCAN_FACTOR:
        return text, [Problem(field, "too_long", {"length": len(text), "max": limit})]
    text = collapse(unicodedata.normalize("NFC", text).translate(_APOSTROPHES)).upper()
    if not text:
        return "", [Problem(field, "required")]
    if _PLAIN_NAME.fullmatch(text):
        bad = []  # the usual case, checked without looking at each character
    else:
        bad = [
            char
            for char in text
            if char not in _NAME_PUNCTUATION and not unicodedata.category(char).startswith(("L", "M"))
        ]
    if bad:
        problems.append(Problem(field, "invalid_chars", {"chars": _char_names(bad)}))
    elif not any(char.isalpha() for char in text):
        problems.append(Problem(field, "no_letters"))
    long = _too_long(field, text, limit)
    if long:
        problems.append(long)
    return text, problems


def free_text(
    field: str, value: object, limit: int, *, required: bool = True, upper: bool = True
) -> tuple[str, list[Problem]]:
    """Occupation, street and the like: any printable text, spaces collapsed, upper case
    unless ``upper`` is false (notes that are never printed on the slip)."""
    problems: list[Problem] = []
    text = as_text(field, value, problems)
    if problems:
        return "", problems
    if len(text) > limit * _SCAN_FACTOR:
        return text, [Problem(field, "too_long", {"length": len(text), "max": limit})]
    # Line breaks and tabs are whitespace, collapsed below; only other controls are refused.
    text = collapse(unicodedata.normalize("NFC", text).translate(_APOSTROPHES))
    if upper:
        text = text.upper()
    if not text:
        return "", [Problem(field, "required")] if required else []
    control = _control_characters(text)
    if control:
        problems.append(Problem(field, "control_chars", {"chars": _char_names(control)}))
    long = _too_long(field, text, limit)
    if long:
        problems.append(long)
    return text, problems


def choice(
    field: str,
    value: object,
    allowed: tuple[str, ...],
    aliases: dict[str, str] | None = None,
    *,
    lower: bool = False,
    empty_means: str | None = None,
) -> tuple[str, list[Problem]]:
    """One of ``allowed``, matched ignoring case and spacing (``lower`` for code-like values)."""
    problems: list[Problem] = []
    text = as_text(field, value, problems)
    if problems:
        return "", problems
    if len(text) > 100:
        return "", [Problem(field, "choice", {"value": shown(text), "allowed": ", ".join(allowed)})]
    text = collapse(text)
    if not text:
        if empty_means is not None:
            return empty_means, []
        return "", [Problem(field, "required")]
    wanted = text.lower().replace(" ", "_").replace("-", "_") if lower else text.upper()
    wanted = (aliases or {}).get(wanted, wanted)
    if wanted in allowed:
        return wanted, []
    return text, [Problem(field, "choice", {"value": shown(text), "allowed": ", ".join(allowed)})]


def rt_rw(field: str, value: object) -> tuple[str, list[Problem]]:
    """RT/RW: one to three digits, stored zero-padded (``"5"`` -> ``"005"``), never ``000``."""
    problems: list[Problem] = []
    text = as_text(field, value, problems)
    if problems:
        return "", problems
    text = text.strip()
    if not text:
        return "", [Problem(field, "required")]
    if not (len(text) <= 3 and text.isascii() and text.isdigit()):
        return text, [Problem(field, "rt_rw_format", {"value": shown(text)})]
    padded = text.zfill(3)
    if padded == "000":
        return padded, [Problem(field, "rt_rw_zero")]
    return padded, []


def birth_date(value: object) -> tuple[dt.date | None, list[Problem]]:
    """A ``date`` (a ``datetime`` loses its time; ISO text is read); None when missing."""
    if value is None or value == "":
        return None, [Problem("birth_date", "required")]
    if isinstance(value, dt.datetime):
        return value.date(), []
    if isinstance(value, dt.date):
        return value, []
    if isinstance(value, str) and len(value) <= 40:
        try:
            return dt.date.fromisoformat(value.strip()), []
        except ValueError:
            pass
    return None, [Problem("birth_date", "not_date", {"value": shown(value)})]


def age_on(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def photo_path(value: object) -> tuple[str, list[Problem]]:
    """Optional; when given, a readable JPEG or PNG file (checked by its first bytes too)."""
    problems: list[Problem] = []
    text = as_text("photo_path", value, problems)
    if problems:
        return "", problems
    text = text.strip()
    if not text:
        return "", []
    params = {"value": shown(text, 60)}
    if not text.lower().endswith(_PHOTO_EXTENSIONS):
        return text, [Problem("photo_path", "photo_extension", params)]
    try:
        if not os.path.exists(text):
            return text, [Problem("photo_path", "photo_missing", params)]
        if not os.path.isfile(text):
            return text, [Problem("photo_path", "photo_not_file", params)]
        with open(text, "rb") as handle:
            head = handle.read(8)
    except (OSError, ValueError):
        # ValueError: an embedded NUL; OSError: permissions, a name too long.
        return text, [Problem("photo_path", "photo_unreadable", params)]
    if not head.startswith(_PHOTO_MAGIC):
        return text, [Problem("photo_path", "photo_not_image", params)]
    from loket.intake.photo_file import PhotoError, check_image

    try:
        check_image(text)  # the whole file: a real image of a sane size, not just the right first bytes
    except PhotoError as exc:
        return text, [Problem("photo_path", exc.code, {**params, **exc.params})]
    except OSError:
        return text, [Problem("photo_path", "photo_unreadable", params)]
    return text, []
