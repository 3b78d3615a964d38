"""The translation layer: gettext catalogs complete in both languages, compiled, and used by key."""

from __future__ import annotations

import ast
import importlib.util
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import loket.i18n as i18n

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ROOT / "loket"


def _load_tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
SOURCE = tool.messages(tool.read("id"))
ENGLISH = tool.messages(tool.read("en"))
PLURAL = {key for key, message in SOURCE.items() if isinstance(message.id, (tuple, list))}


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("id")


def test_catalogs_are_complete_consistent_and_compiled():
    # Every message in both languages, the same {placeholders}, no fuzzy entry, .mo built from .po.
    assert tool.problems() == []
    assert len(SOURCE) > 700 and SOURCE.keys() == ENGLISH.keys()


def test_plural_forms_follow_each_language():
    assert tool.read("id").plural_forms == "nplurals=1; plural=0;"
    assert tool.read("en").plural_forms == "nplurals=2; plural=(n != 1);"
    assert len(PLURAL) >= 10
    for key in PLURAL:
        assert len(tool.forms(SOURCE[key])) == 1 and len(tool.forms(ENGLISH[key])) == 2, key


def test_placeholder_check_catches_a_mismatch():
    # The check above would be worthless if it could not see a renamed placeholder.
    assert tool.placeholders("{count} requests from {station}") == {"count", "station"}
    assert tool.placeholders("{count} requests from {stasiun}") != tool.placeholders("{count} requests from {station}")
    assert tool.placeholders("a {{literal}} brace") == set()


def test_the_app_reads_what_the_po_files_say(english):
    # Through the runtime (standard gettext over the shipped .mo), every message reads as its .po.
    for key, message in ENGLISH.items():
        if key in PLURAL:
            one, many = tool.forms(message)
            shown = {name: f"<{name}>" for name in tool.placeholders(one)}
            assert i18n.tn(key, 1, **shown) == one.format(**shown), key
            assert i18n.tn(key, 2, **shown) == many.format(**shown), key
        else:
            assert i18n.t(key) == message.string, key
    for key, message in SOURCE.items():
        if key not in PLURAL:
            assert i18n.t(key, language="id") == message.string, key


def test_plural_messages_read_right_at_one_and_many(english):
    assert i18n.tn("desk.void.done", 1) == "1 request cancelled."
    assert i18n.tn("desk.void.done", 3) == "3 requests cancelled."
    assert i18n.tn("demo.seeded", 1) == "1 sample request is waiting to be sent to central."
    # Indonesian has one form, and the count shown may be formatted apart from the one chosen.
    assert i18n.tn("desk.void.done", 1, language="id") == "1 permohonan dibatalkan."
    assert i18n.tn("tui.sync.queue_needing_action", 1200, waiting="3", count="1.200", language="id") == (
        "Antrean: 3 menunggu · 1.200 perlu tindakan"
    )


def test_language_switch_and_parameters():
    try:
        i18n.set_language("en")
        assert i18n.t("settings.bad_paper", value="A5") == "Paper must be A4 or F4, not 'A5'."
        i18n.set_language("id")
        assert i18n.t("settings.bad_paper", value="A5") == "Ukuran kertas harus A4 atau F4, bukan 'A5'."
    finally:
        i18n.set_language("id")
    assert i18n.t("no.such.key") == "no.such.key"
    assert i18n.has("field.nik") and i18n.has("desk.void.done") and not i18n.has("no.such.key")


def _compile(tmp_path: Path, language: str, messages: dict, fuzzy: tuple = ()) -> None:
    catalog = Catalog(locale=language, domain=i18n.DOMAIN)
    for key, text in messages.items():
        catalog.add(key, text, flags=["fuzzy"] if key in fuzzy else [])
    folder = tmp_path / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    (folder / f"{i18n.DOMAIN}.mo").write_bytes(buffer.getvalue())


def test_a_gap_in_english_falls_back_to_indonesian_then_to_the_key(tmp_path, monkeypatch):
    _compile(tmp_path, "id", {"a.both": "Keduanya", "a.only_id": "Hanya Indonesia", "a.unreviewed": "Baru"})
    _compile(tmp_path, "en", {"a.both": "Both", "a.unreviewed": "Stale English"}, fuzzy=("a.unreviewed",))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_translations", {})
    assert i18n.t("a.both", language="en") == "Both"
    assert i18n.t("a.only_id", language="en") == "Hanya Indonesia"
    # A fuzzy (unreviewed) English entry is not compiled: the Indonesian text shows instead.
    assert i18n.t("a.unreviewed", language="en") == "Baru"
    assert i18n.t("a.nowhere", language="en") == "a.nowhere"


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("t", "tn") and node.args:
            yield node


def _literals(node: ast.expr) -> list[str]:
    """The keys a key expression can be, when they are written out (a literal, or a choice of two)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def test_every_key_the_code_names_is_in_the_catalog():
    unknown, wrong_kind, pieced = [], [], []
    prefixes = {key.split(".")[0] for key in SOURCE}
    key_shape = re.compile(r"^[a-z_]+(\.[A-Za-z0-9_]+)+$")
    for path in sorted(PRODUCT.rglob("*.py")):
        where = path.relative_to(PRODUCT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree):
            first = call.args[0]
            glued = isinstance(first, ast.BinOp) and isinstance(first.op, (ast.Add, ast.Mod))
            if isinstance(first, ast.JoinedStr) or glued:
                pieced.append(f"{where}:{call.lineno}")
            for key in _literals(first):
                if key not in SOURCE:
                    unknown.append(f"{where}:{call.lineno} {key}")
                elif (call.func.id == "tn") != (key in PLURAL):
                    wrong_kind.append(f"{where}:{call.lineno} {call.func.id}({key!r})")
        # Keys held in mappings (loket/i18n/labels.py and the dicts beside call sites) exist too.
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for value in node.values:
                    text = value.value if isinstance(value, ast.Constant) else None
                    if isinstance(text, str) and key_shape.match(text) and text.split(".")[0] in prefixes:
                        if text not in SOURCE:
                            unknown.append(f"{where}:{value.lineno} {text}")
    assert not unknown, "keys missing from locale/id/LC_MESSAGES/loket.po:\n" + "\n".join(unknown)
    assert not wrong_kind, "plural messages go through tn(), plain ones through t():\n" + "\n".join(wrong_kind)
    assert not pieced, "keys built from pieces (use a whole key or loket/i18n/labels.py):\n" + "\n".join(pieced)


# The Cek Suket page's messages, which loket/web/page.py takes whole by their prefix.
PIECED_FAMILIES = ("cek.",)


def test_every_message_is_used():
    # A message no code names is dead: its key appears as a string somewhere in the product.
    named = set()
    for path in PRODUCT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.add(node.value)
    unused = sorted(key for key in SOURCE if key not in named and not key.startswith(PIECED_FAMILIES))
    assert not unused, "messages no code uses (remove them, or name them in the code):\n" + "\n".join(unused)


def _copy_catalogs(tmp_path: Path, monkeypatch) -> None:
    # Copied by hand: shutil's Windows copy call is missing from the Wine the Windows lane uses.
    copy = tmp_path / "locale"
    for path in tool.LOCALE_DIR.rglob("*.*"):
        target = copy / path.relative_to(tool.LOCALE_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    monkeypatch.setattr(tool, "LOCALE_DIR", copy)


def test_a_new_language_starts_with_every_message(tmp_path, monkeypatch):
    _copy_catalogs(tmp_path, monkeypatch)
    tool.init("ru")
    russian = tool.read("ru")
    assert russian.plural_forms.startswith("nplurals=3;")
    entries = tool.messages(russian)
    assert entries.keys() == SOURCE.keys()
    void = entries["desk.void.done"]
    assert len(tool.forms(void)) == 3 and not any(tool.forms(void))
    assert tool.note_text(void) == "{count} permohonan dibatalkan."
    # Babel drops the flag when it reads a key msgid back, so look at the file itself.
    assert '#, python-brace-format\nmsgid "desk.void.done"' in tool.po_path("ru").read_text(encoding="utf-8")
    assert "ru: field.nik is not translated" in tool.problems()


def test_the_tool_reports_a_broken_catalog(tmp_path, monkeypatch):
    # Run the check against a copy whose English lost a placeholder and a message.
    _copy_catalogs(tmp_path, monkeypatch)
    english = tool.read("en")
    english.get("settings.bad_paper").string = "Paper must be A4 or F4."
    english.delete("field.nik")
    tool.write(english, tool.po_path("en"))
    found = tool.problems()
    assert "en: field.nik is missing" in found
    assert any(p.startswith("en: settings.bad_paper has placeholders") for p in found)
    assert any("is not compiled from its .po" in p for p in found)
    tool.compile_all()
    assert not any("is not compiled" in p for p in tool.problems())


def test_the_package_ships_the_compiled_catalogs():
    # A wheel carries exactly what package-data lists: the .mo files must be matched by it.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"loket.i18n" = [' in text and "locale/*/LC_MESSAGES/*.mo" in text
    for language in i18n.LANGUAGES:
        assert (Path(i18n.__file__).parent / "locale" / language / "LC_MESSAGES" / "loket.mo").is_file()


def test_the_app_needs_no_babel_at_run_time():
    code = "import sys; sys.modules['babel'] = None; import loket.i18n as i; print(i.t('field.kk', language='en'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "Family card number (KK)"


def test_every_seal_verdict_is_a_sentence():
    # unknown_key and bad_signature once had no message: the verdict read as a bare key.
    from loket.printing.seal import SealCheck

    for reason in ("malformed", "wrong_alg", "unknown_key", "bad_signature", "bad_payload"):
        message = SealCheck(genuine=False, reason=reason, kid="k-2026").message
        assert "printing." not in message and message.endswith("."), reason
    assert "k-2026" in SealCheck(genuine=False, reason="bad_signature", kid="k-2026").message


def test_status_lines_are_whole_messages(english):
    # Once a queue line and a sync summary were a message plus a fragment (" · 2 need action",
    # ", 1 in conflict") glued on: each is one message now, with its own plural form.
    from types import SimpleNamespace

    from loket.tui import link_words

    assert link_words.queue_line({"queued": 3, "rejected": 1}) == "Queue: 3 waiting · 1 needs action"
    assert link_words.queue_line({"queued": 3}) == "Queue: 3 waiting"
    run = SimpleNamespace(outcome="drained", sent=5, rejected=1, left=0, conflict=2)
    assert link_words.result_summary(run) == "5 sent, 1 rejected, 0 left, 2 in conflict"
    i18n.set_language("id")
    assert link_words.result_summary(run) == "5 terkirim, 1 ditolak, sisa 0, 2 konflik"
