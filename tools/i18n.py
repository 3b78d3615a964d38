"""Keep the translation catalogs in order: update, compile, check, add a language.

Usage (from the repository root, with the test extra installed, which brings Babel)::

    python tools/i18n.py update        # loket.pot from id.po; every other language brought in line
    python tools/i18n.py compile       # every .po -> .mo (the .mo files are committed)
    python tools/i18n.py check         # both languages complete, placeholders equal, .mo current
    python tools/i18n.py init jv       # start a new language from loket.pot

Bahasa Indonesia is the source language: ``locale/id/LC_MESSAGES/loket.po`` is where a
developer adds a message (msgid = its key, msgstr = the Indonesian text). Every other
language's ``.po`` carries, above each entry, the Indonesian text as an extracted comment
(``#. id: ...``) so a translator sees what to translate in any tool; ``update`` refreshes
that comment and marks the entry fuzzy when the Indonesian text changed, so the old
translation is reviewed rather than silently kept (a fuzzy entry is not compiled, and the
app shows the Indonesian text until it is reviewed). See docs/translations.md.
"""

from __future__ import annotations

import argparse
import io
import string
import sys
from pathlib import Path

try:
    from babel.messages.catalog import Catalog, Message
    from babel.messages.mofile import read_mo, write_mo
    from babel.messages.pofile import read_po, write_po
except ImportError:  # pragma: no cover - a development tool, not part of the app
    sys.exit("tools/i18n.py needs Babel: pip install -e '.[test]' (or pip install babel)")

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "loket" / "i18n" / "locale"
DOMAIN = "loket"
SOURCE = "id"
SOURCE_NOTE = "id: "
BRACE_FLAG = "python-brace-format"
HEADER = {"project": "Loket", "copyright_holder": "The Loket authors", "msgid_bugs_address": ""}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def template_path() -> Path:
    return LOCALE_DIR / f"{DOMAIN}.pot"


def languages() -> list[str]:
    """Every language with a catalog, the source language first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return sorted(found, key=lambda language: language != SOURCE)


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


def new_catalog(language: str | None) -> Catalog:
    return Catalog(locale=language, domain=DOMAIN, fuzzy=False, **HEADER)


def write(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_previous=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Babel stamps dates and its own version into the header: a run that changes no message
    # leaves the file alone, so the history shows only real edits.
    if not path.exists() or _without_stamps(path.read_bytes()) != _without_stamps(buffer.getvalue()):
        path.write_bytes(buffer.getvalue())


def _without_stamps(data: bytes) -> bytes:
    stamps = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:')
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(stamps))


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compiled_content(data: bytes) -> tuple:
    """What a .mo says, without the stamps of the Babel version that wrote it."""
    catalog = read_mo(io.BytesIO(data))
    entries = sorted((repr(m.id), repr(m.string)) for m in catalog if m.id)
    return catalog.plural_forms, entries


def is_compiled(language: str, catalog: Catalog | None = None) -> bool:
    path = mo_path(language)
    if not path.exists():
        return False
    return compiled_content(path.read_bytes()) == compiled_content(compiled(catalog or read(language)))


def key_of(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def forms(message: Message) -> list[str]:
    """The text of a message, one string per plural form ([text] for a plain message)."""
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def placeholders(text: str) -> set[str]:
    """The ``{named}`` fields ``str.format`` fills in ``text``."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
        return {name.split(".")[0].split("[")[0] for name in fields}
    except ValueError:
        return {"<malformed braces>"}


def messages(catalog: Catalog) -> dict[str, Message]:
    return {key_of(m): m for m in catalog if m.id}


def source_note(text: str) -> list[str]:
    return [SOURCE_NOTE + line for line in text.split("\n")]


def _note_start(message: Message) -> int:
    """Index of the Indonesian note among a message's comments (it comes last)."""
    for index, comment in enumerate(message.auto_comments):
        if comment.startswith(SOURCE_NOTE):
            return index
    return len(message.auto_comments)


def notes_of(message: Message) -> list[str]:
    """A message's notes for translators, without the Indonesian text."""
    return message.auto_comments[: _note_start(message)]


def note_text(message: Message) -> str | None:
    """The Indonesian text noted above a translation, spacing normalised (Babel wraps comments)."""
    lines = message.auto_comments[_note_start(message):]
    if not lines:
        return None
    return " ".join(" ".join(c.removeprefix(SOURCE_NOTE) for c in lines).split())


def mark_format(message: Message) -> None:
    if any(placeholders(text) for text in forms(message)):
        message.flags.add(BRACE_FLAG)
    else:
        message.flags.discard(BRACE_FLAG)


def add(catalog: Catalog, msgid, string, auto_comments: list[str], user_comments: list[str], flags: set[str]) -> None:
    catalog.add(msgid, string, auto_comments=auto_comments, user_comments=user_comments)
    # Set after construction: Babel guesses the format flags from the msgid, which is a key here.
    catalog.get(msgid[0] if isinstance(msgid, (tuple, list)) else msgid).flags = set(flags)


def update() -> list[str]:
    """Write loket.pot from the source catalog and bring every other language in line."""
    notes: list[str] = []
    source = read(SOURCE)
    for message in source:
        if message.id:
            mark_format(message)
    write(source, po_path(SOURCE))
    template = new_catalog(None)
    for key, message in messages(source).items():
        plural = isinstance(message.id, (tuple, list))
        add(
            template, message.id, ("", "") if plural else "", notes_of(message) + source_note(forms(message)[0]),
            message.user_comments, message.flags - {"fuzzy"},
        )
    write(template, template_path())
    for language in languages():
        if language != SOURCE:
            notes += _bring_in_line(language, source)
    return notes


def _bring_in_line(language: str, source: Catalog) -> list[str]:
    notes: list[str] = []
    catalog = read(language)
    old = messages(catalog)
    merged = new_catalog(language)
    for key, src in messages(source).items():
        text = forms(src)[0]
        plural = isinstance(src.id, (tuple, list))
        was = old.get(key)
        if was is None:
            string = ("",) * catalog.num_plurals if plural else ""
            notes.append(f"{language}: new message {key}")
            fuzzy = False
        else:
            string = was.string
            if plural and not isinstance(string, (tuple, list)):
                string = (string,) + ("",) * (catalog.num_plurals - 1)
            elif not plural and isinstance(string, (tuple, list)):
                string = string[0]
            fuzzy = was.fuzzy or (note_text(was) not in (None, " ".join(text.split())))
            if fuzzy and not was.fuzzy:
                notes.append(f"{language}: {key} marked fuzzy, its Indonesian text changed")
        flags = set(src.flags - {"fuzzy"}) | ({"fuzzy"} if fuzzy else set())
        own_comments = was.user_comments if was is not None else []
        add(merged, src.id, string, notes_of(src) + source_note(text), own_comments, flags)
    for key in old.keys() - messages(source).keys():
        notes.append(f"{language}: dropped {key}, no longer in the source catalog")
    merged.mime_headers = catalog.mime_headers
    write(merged, po_path(language))
    return notes


def compile_all() -> None:
    for language in languages():
        catalog = read(language)
        if not is_compiled(language, catalog):
            mo_path(language).write_bytes(compiled(catalog))


def problems() -> list[str]:
    """Everything that keeps the catalogs from being complete and consistent."""
    found: list[str] = []
    source = messages(read(SOURCE))
    for language in languages():
        catalog = read(language)
        here = messages(catalog)
        for key in source.keys() - here.keys():
            found.append(f"{language}: {key} is missing")
        for key in here.keys() - source.keys():
            found.append(f"{language}: {key} is not in the source catalog")
        for key, message in here.items():
            src = source.get(key)
            if src is None:
                continue
            plural = isinstance(src.id, (tuple, list))
            if plural != isinstance(message.id, (tuple, list)):
                found.append(f"{language}: {key} must be {'a plural' if plural else 'a plain'} message")
            if message.fuzzy:
                found.append(f"{language}: {key} is fuzzy (review it)")
            wanted = placeholders(forms(src)[0])
            for text in forms(message):
                if not text:
                    found.append(f"{language}: {key} is not translated")
                elif placeholders(text) != wanted:
                    found.append(
                        f"{language}: {key} has placeholders {sorted(placeholders(text))}, not {sorted(wanted)}"
                    )
        if not is_compiled(language, catalog):
            found.append(f"{language}: {mo_path(language).name} is not compiled from its .po "
                         "(run tools/i18n.py compile)")
    return found


def init(language: str) -> None:
    """A new language's catalog: every message, empty, with its Indonesian text noted above."""
    if po_path(language).exists():
        sys.exit(f"{po_path(language)} exists already")
    write(new_catalog(language), po_path(language))
    source = read(SOURCE)
    for message in source:
        if message.id:
            mark_format(message)
    _bring_in_line(language, source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="write loket.pot and bring every language in line with id.po")
    sub.add_parser("compile", help="compile every .po into its .mo")
    sub.add_parser("check", help="report missing, untranslated or inconsistent messages")
    new = sub.add_parser("init", help="start a new language from loket.pot")
    new.add_argument("language")
    args = parser.parse_args(argv)
    if args.command == "update":
        for note in update():
            print(note)
    elif args.command == "compile":
        compile_all()
    elif args.command == "init":
        init(args.language)
        print(f"wrote {po_path(args.language).relative_to(ROOT)}; translate it, then run: python tools/i18n.py compile")
    else:
        found = problems()
        for problem in found:
            print(problem)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
