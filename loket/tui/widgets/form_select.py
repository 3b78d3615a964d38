"""A Select that behaves like the other fields of a keyboard-first form.

Picking from the list (Enter) moves on to the next field, even when the pick
equals the current value. Typing letters jumps to the first real option whose
name (or a word of it) starts with them, opening the list if it is closed; the
"choose…" placeholder is never a match. Letters that match no option are
refused: the list closes without changing the value and ignores further
letters until another key (an arrow, Enter, Tab) is pressed, so text meant
for another field can never pick an option by accident. No timer is involved:
the same keys give the same result however fast they come.

The list takes the focus only after the keys already typed have been handed out.
Enter or an arrow typed quickly after a letter still comes to this field, with
its list open, and does here what the list would do with it; a Tab typed quickly
after a letter leaves the list closed, as leaving an open list closes it.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Select


class FormSelect(Select):
    # The list never covers the footer (its keys say how to close it): it keeps one row
    # free at the bottom of the screen and, where it does not fit below the field,
    # opens above it rather than over the field being chosen.
    DEFAULT_CSS = """
    FormSelect > SelectOverlay { constrain: none inflect; margin-bottom: 1; }
    """

    # Select binds these to opening the list; while it is open they act on it.
    BINDINGS = [
        Binding("enter", "open_or_pick", show=False),
        Binding("down", "open_or_move(1)", show=False),
        Binding("up", "open_or_move(-1)", show=False),
    ]

    class Picked(Message):
        """The clerk picked an option from the list (the value is already set)."""

        def __init__(self, select: "FormSelect") -> None:
            super().__init__()
            self.select = select

        @property
        def control(self) -> "FormSelect":
            return self.select

    class Refused(Message):
        """Letters typed here match no option (``text``): nothing was picked."""

        def __init__(self, select: "FormSelect", text: str) -> None:
            super().__init__()
            self.select = select
            self.text = text

        @property
        def control(self) -> "FormSelect":
            return self.select

    def __init__(self, options, *, allow_blank: bool = True, **kwargs) -> None:
        super().__init__(options, allow_blank=allow_blank, type_to_search=False, **kwargs)
        self._labels = [str(label) for label, _value in options]
        self._blank_offset = 1 if allow_blank else 0  # the placeholder row above the options
        self._typed = ""
        self._refusing = False

    def set_options(self, options) -> None:
        options = list(options)
        self._labels = [str(label) for label, _value in options]
        super().set_options(options)

    def match(self, text: str) -> int | None:
        """Index among the real options of the first one ``text`` starts (a word of)."""
        key = text.casefold()
        if not key:
            return None
        words = [[word.strip("()-,.") for word in label.casefold().split()] for label in self._labels]
        for index, label in enumerate(self._labels):
            if label.casefold().startswith(key):
                return index
        for index, label_words in enumerate(words):
            if any(word.startswith(key) for word in label_words):
                return index
        return None

    def on_select_overlay_update_selection(self) -> None:
        # The list's "an option was picked" message (its class is not exported, so it
        # is heard by its handler's name). Select's own handler runs after this one and
        # sets the value; Picked is handled after that, so whoever hears it sees the
        # value picked, even when it equals the value before.
        self._typed = ""
        self.post_message(self.Picked(self))

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable or not event.character:
            if event.key not in ("shift", "ctrl", "alt"):
                self._typed, self._refusing = "", False
            return
        if event.character == " " and not self.expanded and not self._typed:
            return  # Space opens the list, as in any Select
        event.stop()
        event.prevent_default()
        if self._refusing:
            self.app.bell()
            return
        typed = self._typed + event.character
        index = self.match(typed)
        if index is None:
            self._typed, self._refusing = "", True
            if self.expanded:
                self.expanded = False
                self.focus()
            self.app.bell()
            self.post_message(self.Refused(self, typed))
            return
        self._typed = typed
        if not self.expanded:
            if not self.has_focus:
                # A Tab typed after this letter has already moved on: the list stays
                # closed, as an open list closes when the focus leaves it.
                self._typed = ""
                return
            self.action_show_overlay()
        self.query_one(OptionList).highlighted = index + self._blank_offset

    def action_open_or_pick(self) -> None:
        # After refused letters Enter only opens the list: text meant for another field
        # never picks an option.
        if self.expanded and not self._refusing:
            self.query_one(OptionList).action_select()
        else:
            self.action_show_overlay()

    def action_open_or_move(self, step: int) -> None:
        if not self.expanded:
            self.action_show_overlay()
            return
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False

    def watch_expanded(self, expanded: bool) -> None:
        # The list takes the focus a moment after it opens; closed before that, it must
        # not take it from the field the clerk has moved on to.
        self.query_one(OptionList).can_focus = expanded
        if not expanded:
            self._typed = ""

    def on_blur(self) -> None:
        # Not the typed letters: opening the list moves the focus to it and back.
        self._refusing = False
        if self.expanded and self.screen.focused not in self.query(OptionList):
            self.expanded = False  # left (a quick Tab) before its list took the focus
