"""A Select that behaves like the other fields of a keyboard-first form.

Picking from the list (Enter) moves on to the next field, even when the pick
equals the current value, and typing a letter on the closed field opens the
list and jumps to the first match.
"""

from __future__ import annotations

from textual import events, on
from textual.widgets import Select

# Private in Textual, but the only message that says "the user picked an option".
from textual.widgets._select import SelectOverlay


class FormSelect(Select):
    @on(SelectOverlay.UpdateSelection)
    def _picked(self) -> None:
        # Select's own handler runs after this one and takes the focus back from the
        # list; move on once it has.
        self.call_after_refresh(self.screen.focus_next)

    def on_key(self, event: events.Key) -> None:
        if self.expanded or not event.is_printable or not event.character or event.character == " ":
            return
        event.stop()
        event.prevent_default()
        self.action_show_overlay()
        self.query_one(SelectOverlay).post_message(events.Key(event.key, event.character))
