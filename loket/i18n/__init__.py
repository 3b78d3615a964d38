"""One translation layer for every sentence a clerk, supervisor or operator reads.

Messages live in gettext catalogs beside this file: ``locale/<language>/LC_MESSAGES/loket.po``
(edited by people and translation tools) compiled into ``loket.mo`` (read here, with the
standard library's :mod:`gettext`). The msgid of every message is its stable key
(``"settings.bad_paper"``); Bahasa Indonesia is the source language and the default, English
is selectable. A message missing from a language, or not yet reviewed there, falls back to
Indonesian, then to the key itself, so a gap shows up as a readable key rather than a crash.
docs/translations.md says why keys are the msgids and how to edit, compile and add a language.

Parameters are ``str.format`` fields: ``t("settings.bad_paper", value="A5")``. A message that
names a number uses ``tn(key, n, ...)``, which picks the plural form for ``n``.
"""

from __future__ import annotations

import gettext
import threading
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
DOMAIN = "loket"
LOCALE_DIR = Path(__file__).with_name("locale")

_state = threading.local()
_process_language = DEFAULT_LANGUAGE
_translations: dict[str, gettext.NullTranslations] = {}
_translations_lock = threading.Lock()


def _load(language: str) -> gettext.NullTranslations:
    # The file is opened by name rather than through gettext.translation(): the languages are
    # fixed codes, so its search of locale variants (and the imports it needs) buys nothing.
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except OSError:
        return gettext.NullTranslations()  # no catalog: keys show as themselves


def _translation(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``, read once; every other language falls back to Indonesian."""
    found = _translations.get(language)
    if found is not None:
        return found
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    with _translations_lock:
        if DEFAULT_LANGUAGE not in _translations:
            _translations[DEFAULT_LANGUAGE] = _load(DEFAULT_LANGUAGE)
        if language not in _translations:
            translation = _load(language)
            translation.add_fallback(_translations[DEFAULT_LANGUAGE])
            _translations[language] = translation
    return _translations[language]


def set_language(language: str) -> None:
    """Choose the language for the whole process (the app, a CLI run)."""
    global _process_language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _process_language = language


def get_language() -> str:
    return getattr(_state, "language", None) or _process_language


def _fill(text: str, params: dict[str, object], language: str) -> str:
    if params:
        # A parameter that is itself words (``notice.RequestName``) is put in this language.
        params = {name: value.words(language) if hasattr(value, "words") else value
                  for name, value in params.items()}
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def t(key: str, /, language: str | None = None, **params: object) -> str:
    """Translate ``key`` and fill in ``{named}`` parameters."""
    language = language or get_language()
    return _fill(_translation(language).gettext(key), params, language)


def tn(key: str, n: int, /, language: str | None = None, **params: object) -> str:
    """Translate the plural message ``key`` in the form for the number ``n``.

    ``n`` is also the ``{count}`` parameter unless one is given.
    """
    params.setdefault("count", n)
    language = language or get_language()
    return _fill(_translation(language).ngettext(key, key, n), params, language)


def keys_starting(prefix: str) -> list[str]:
    """Every message key that starts with ``prefix`` (the Cek Suket page takes its words so).

    The compiled catalog of the source language holds every key; gettext keeps its
    messages in the ``_catalog`` mapping, the one place this module reads it.
    """
    catalog = getattr(_translation(DEFAULT_LANGUAGE), "_catalog", {})
    found = {key[0] if isinstance(key, tuple) else key for key in catalog}
    return sorted(key for key in found if isinstance(key, str) and key.startswith(prefix))


def has(key: str) -> bool:
    """Whether ``key`` is a message (plain or plural) of the catalogs."""
    source = _translation(DEFAULT_LANGUAGE)
    return source.gettext(key) != key or source.ngettext(key, key, 1) != key
