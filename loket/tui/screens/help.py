"""F1: the keys of the screen underneath and what each of its fields wants.

In the clerk's language (F9 switches it here too); Esc or F1 closes it. A screen
that has fields says so through ``field_help()``: (label, text) pairs.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from loket.i18n import t
from loket.tui.keys import bind, key_label
from loket.tui.widgets.key_bar import KeyBar


_KEY_WORDS = {"escape": "Esc", "enter": "Enter", "tab": "Tab", "delete": "Del", "slash": "/",
              "pageup": "PgUp", "pagedown": "PgDn", "up": "↑", "down": "↓"}


def key_name(key: str) -> str:
    """``ctrl+l`` -> ``Ctrl+L``, ``f2`` -> ``F2``, ``slash`` -> ``/``: as printed on the keyboard."""
    first = key.split(",")[0].strip()
    return "+".join(_part_name(part) for part in first.split("+"))


def _part_name(part: str) -> str:
    if part == "space":  # the one key whose name is a word of the clerk's language
        return t("tui.key.space")
    return _KEY_WORDS.get(part, part.upper() if len(part) <= 3 else part.title())


def two_columns(rows: list[tuple[str, str]], first_width: int):
    """A borderless two-column table: long texts wrap within the second column."""
    from rich.table import Table

    table = Table.grid(padding=(0, 1))
    table.add_column(width=first_width, no_wrap=True, overflow="ellipsis")
    table.add_column(ratio=1)
    for left, right in rows:
        table.add_row(left, right)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-box {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; }
    HelpScreen .help-heading { text-style: bold; margin-top: 1; color: $text-primary; }
    HelpScreen #help-scroll { height: auto; max-height: 1fr; }
    HelpScreen #help-always { color: $text-muted; }
    """

    BINDINGS = [bind("escape", "close", "close"), bind("f1", "close", "close", show=False)]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(id="help-title", markup=False)
            yield Static(id="help-always", markup=False)
            with VerticalScroll(id="help-scroll"):
                yield Static(classes="help-heading", id="help-keys-heading", markup=False)
                yield Static(id="help-keys", markup=False)
                yield Static(classes="help-heading", id="help-fields-heading", markup=False)
                yield Static(id="help-fields", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        under = self.under
        name = getattr(under, "help_name", None)
        self.query_one("#help-title", Static).update(t("counter.help.title", screen=t(name or "counter.screen.other")))
        self.query_one("#help-keys-heading", Static).update(t("counter.help.keys"))
        self.query_one("#help-keys", Static).update(two_columns(self.key_lines(), 12))
        fields = under.field_help() if hasattr(under, "field_help") else []
        self.query_one("#help-fields-heading", Static).display = bool(fields)
        self.query_one("#help-fields", Static).display = bool(fields)
        self.query_one("#help-fields-heading", Static).update(t("counter.help.fields"))
        self.query_one("#help-fields", Static).update(two_columns(fields, 27))
        self.query_one("#help-always", Static).update(t("counter.help.always"))

    def key_lines(self) -> list[tuple[str, str]]:
        """(``F2``, ``Simpan``) for every key the screen underneath shows now."""
        lines, seen = [], set()
        for _key, active in self.under.active_bindings.items():
            binding = active.binding
            words = key_label(binding, active.node)
            if not binding.show or not words or words in seen:
                continue
            seen.add(words)
            lines.append((key_name(binding.key), words))
        return lines

    def action_close(self) -> None:
        self.dismiss(None)
