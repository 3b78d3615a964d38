"""The biometrics tick box, safe from text meant for another field.

Space and Enter tick a Checkbox. In a burst of typing that lands here (a
sentence meant for the reason field, ending in Enter), they would tick it
silently and turn a receipt into a Suket. So once a letter arrives here, Space
and Enter are refused until another key (Tab, an arrow) is pressed.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Checkbox


class FormCheckbox(Checkbox):
    class Refused(Message):
        """Letters were typed here (``text``, the first of them): nothing was ticked."""

        def __init__(self, checkbox: "FormCheckbox", text: str) -> None:
            super().__init__()
            self.checkbox = checkbox
            self.text = text

        @property
        def control(self) -> "FormCheckbox":
            return self.checkbox

    _refusing = False

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.character != " ":
            event.stop()
            event.prevent_default()
            self.app.bell()
            if not self._refusing:
                self._refusing = True
                self.post_message(self.Refused(self, event.character))
        elif event.key not in ("shift", "ctrl", "alt", "space", "enter"):
            self._refusing = False

    def action_toggle_button(self) -> None:
        if self._refusing:
            self.app.bell()
            return
        super().action_toggle_button()

    def on_blur(self) -> None:
        self._refusing = False
