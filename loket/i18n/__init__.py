"""One translation layer for every sentence a clerk, supervisor or operator reads.

Messages live in per-area catalogs (``catalog_*.py`` beside this file, listed in
``CATALOGS``), each a dict
``{key: {"id": "...", "en": "..."}}``. Bahasa Indonesia is the default; English is
selectable. A missing translation falls back to Indonesian, then to the key itself,
so a gap shows up as a readable key rather than a crash.
"""

from __future__ import annotations

import importlib
import threading

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_state = threading.local()
_process_language = DEFAULT_LANGUAGE
_catalog: dict[str, dict[str, str]] | None = None
_catalog_lock = threading.Lock()
# Listed rather than discovered: scanning the package costs start-up time.
CATALOGS = (
    "common", "settings", "setup", "cli", "import", "misc",
    "intake", "storage", "printing", "tui", "sync", "demo", "central", "bundle", "report", "resolve", "desk",
    "office", "verify", "counter", "counter_help", "hardening", "platform",
)


def _load_catalog() -> dict[str, dict[str, str]]:
    global _catalog
    with _catalog_lock:
        if _catalog is None:
            merged: dict[str, dict[str, str]] = {}
            for name in CATALOGS:
                module = importlib.import_module(f"{__name__}.catalog_{name}")
                merged.update(module.MESSAGES)
            _catalog = merged
    return _catalog


def set_language(language: str) -> None:
    """Choose the language for the whole process (the app, a CLI run)."""
    global _process_language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _process_language = language


def get_language() -> str:
    return getattr(_state, "language", None) or _process_language


def t(key: str, /, language: str | None = None, **params: object) -> str:
    """Translate ``key`` and fill in ``{named}`` parameters."""
    entry = _load_catalog().get(key)
    if entry is None:
        text = key
    else:
        text = entry.get(language or get_language()) or entry.get(DEFAULT_LANGUAGE) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def has(key: str) -> bool:
    return key in _load_catalog()
