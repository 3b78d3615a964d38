"""Text as the slip prints it: Latin-1 only (the PDF core fonts) and dates written out."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from loket.i18n.labels import MONTH_NAMES, label

# Letters that do not decompose into a base letter plus accents but have a usual
# Latin spelling; everything else outside Latin-1 is decomposed or becomes "?".
_SPELLED_OUT = {
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Œ": "OE", "œ": "oe",
    "Ə": "E", "ə": "e", "ı": "i", "Ħ": "H", "ħ": "h",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-", "\u2026": "...",
}
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` in characters the PDF core fonts can draw (Latin-1).

    Latin-1 letters (É, Ñ) stay; other accented letters lose their accent (Ş -> S);
    the rest becomes "?". The seal uses the same form, so what the paper shows and
    what the QR carries are the same string.
    """
    # Control characters (a tab or NUL pasted into a field) print as a space.
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        if char in _SPELLED_OUT:
            out.append(_SPELLED_OUT[char])
            continue
        base = "".join(
            part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
        )
        try:
            base.encode("latin-1")
            out.append(base or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


def long_date(day: dt.date, language: str = "id") -> str:
    """A date written out the Indonesian way: ``12 Juli 2018``."""
    return f"{day.day} {label(MONTH_NAMES, day.month, language)} {day.year}"


def printed_name(name: str) -> str:
    """A resident's name as the slip prints it and the seal carries it: upper case, single spaces."""
    return printable(" ".join(name.split()).upper())
