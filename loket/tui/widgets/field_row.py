"""One line of the intake form: label, control, and a message beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from loket.i18n.labels import FIELD_LABELS, label

# Message kinds and their theme colours.
STYLE_OF = {"error": "error", "warning": "warning", "info": "success"}


class FieldRow(HorizontalGroup):
    DEFAULT_CSS = """
    FieldRow { height: auto; margin-bottom: 0; }
    FieldRow > .field-label { width: 20; padding-right: 1; color: $text-muted; }
    FieldRow:focus-within > .field-label { color: $text; text-style: bold; }
    FieldRow > .field-control { width: 30; }
    FieldRow > .field-message { width: 1fr; padding-left: 1; height: auto; }
    """

    def __init__(self, field_name: str, control: Widget) -> None:
        super().__init__(id=f"row-{field_name}")
        self.field_name = field_name
        self.control = control
        self._messages: dict[str, str] = {}
        control.add_class("field-control")

    def compose(self) -> ComposeResult:
        yield Label(label(FIELD_LABELS, self.field_name), classes="field-label")
        yield self.control
        yield Static("", classes="field-message", markup=False)

    def relabel(self) -> None:
        self.query_one(".field-label", Label).update(label(FIELD_LABELS, self.field_name))

    def set_message(self, kind: str, text: str) -> None:
        """Set (or with "" clear) the message of one kind.

        An error is shown alone (it is what the clerk must fix); otherwise the
        warning and the hint are shown together, each in its own colour.
        """
        before = dict(self._messages)
        if text:
            self._messages[kind] = text
        else:
            self._messages.pop(kind, None)
        if self._messages == before:
            return  # unchanged: spare the whole form a layout pass
        shown = self.query_one(".field-message", Static)
        if "error" in self._messages:
            shown.update(Content.styled(self._messages["error"], "$text-error"))
            return
        parts: list = []
        for name in ("warning", "info"):
            if name in self._messages:
                if parts:
                    parts.append("\n")
                parts.append((self._messages[name], f"$text-{STYLE_OF[name]}"))
        shown.update(Content.assemble(*parts))

    def message(self, kind: str) -> str:
        return self._messages.get(kind, "")
