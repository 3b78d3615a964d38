"""The translation layer: every catalog is loaded, and no key lacks a language."""

from pathlib import Path

import loket.i18n as i18n


def test_every_catalog_file_is_listed():
    files = {p.stem.removeprefix("catalog_") for p in Path(i18n.__file__).parent.glob("catalog_*.py")}
    assert files == set(i18n.CATALOGS)


def test_every_message_has_both_languages():
    catalog = i18n._load_catalog()
    missing = [key for key, entry in catalog.items() if not entry.get("id") or not entry.get("en")]
    assert not missing


def test_language_switch_and_parameters():
    try:
        i18n.set_language("en")
        assert i18n.t("settings.bad_paper", value="A5") == "Paper must be A4 or F4, not 'A5'."
        i18n.set_language("id")
        assert "A5" in i18n.t("settings.bad_paper", value="A5") and "kertas" in i18n.t("settings.bad_paper", value="A5")
    finally:
        i18n.set_language("id")
    assert i18n.t("no.such.key") == "no.such.key"
