"""F1: the keys of the screen underneath and what each of its fields wants.

In the clerk's language (F9 switches it here too); Esc or F1 closes it. A screen
that has fields says so through ``field_help()``: (label, text) pairs.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from loket.i18n import t
from loket.tui.keys import bind


_KEY_WORDS = {"escape": "Esc", "enter": "Enter", "space": "Spasi", "tab": "Tab", "delete": "Del"}


def key_name(key: str) -> str:
    """``ctrl+l`` -> ``Ctrl+L``, ``f2`` -> ``F2``: as printed on the keyboard."""
    first = key.split(",")[0].strip()
    return "+".join(_KEY_WORDS.get(part, part.upper() if len(part) <= 3 else part.title()) for part in first.split("+"))


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
    HelpScreen #help-always { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [bind("escape", "close", "close"), bind("f1", "close", "close", show=False)]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(id="help-title", markup=False)
            with VerticalScroll(id="help-scroll"):
                yield Static(classes="help-heading", id="help-keys-heading", markup=False)
                yield Static(id="help-keys", markup=False)
                yield Static(classes="help-heading", id="help-fields-heading", markup=False)
                yield Static(id="help-fields", markup=False)
            yield Static(id="help-always", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        under = self.under
        name = getattr(under, "help_name", None)
        self.query_one("#help-title", Static).update(t("counter.help.title", screen=t(name or "counter.screen.other")))
        self.query_one("#help-keys-heading", Static).update(t("counter.help.keys"))
        self.query_one("#help-keys", Static).update("\n".join(self.key_lines()))
        fields = under.field_help() if hasattr(under, "field_help") else []
        self.query_one("#help-fields-heading", Static).display = bool(fields)
        self.query_one("#help-fields", Static).display = bool(fields)
        self.query_one("#help-fields-heading", Static).update(t("counter.help.fields"))
        self.query_one("#help-fields", Static).update("\n".join(f"{label:<26} {text}" for label, text in fields))
        self.query_one("#help-always", Static).update(t("counter.help.always"))

    def key_lines(self) -> list[str]:
        """``F2        Periksa & simpan`` for every key the screen underneath shows now."""
        lines, seen = [], set()
        for _key, active in self.under.active_bindings.items():
            binding = active.binding
            if not binding.show or not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            lines.append(f"{key_name(binding.key):<12} {binding.description}")
        return lines

    def action_close(self) -> None:
        self.dismiss(None)
