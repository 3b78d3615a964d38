"""A region picker: type part of a name, the list narrows, Enter picks.

Used for province, regency/city, district and village; the form narrows each
picker's choices to the children of the one above. The value is the region
code ("" when nothing is picked); the text shown is the region's name.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from loket.i18n import t

# Rows of the drop-down list; the list scrolls beyond that.
LIST_HEIGHT = 8


class _Choices(OptionList, can_focus=False):
    """The drop-down; focus stays in the text box while it is open."""


class RegionPicker(Widget):
    DEFAULT_CSS = f"""
    RegionPicker {{ height: auto; width: 1fr; }}
    RegionPicker > _Choices {{
        display: none; overlay: screen;
        /* As FormSelect's list: off the footer's row, and above the field when it does not fit below. */
        constrain: none inflect; margin-bottom: 1;
        height: auto; max-height: {LIST_HEIGHT + 2}; width: 1fr;
        border: tall $border; background: $surface;
    }}
    RegionPicker.-open > _Choices {{ display: block; }}
    """

    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("escape", "close", show=False),
    ]

    class Changed(Message):
        """The picked code changed (also sent when set from code). ``typed_over`` is
        True when the pick was emptied by the clerk typing over it."""

        def __init__(self, picker: "RegionPicker", value: str, typed_over: bool = False) -> None:
            super().__init__()
            self.picker = picker
            self.value = value
            self.typed_over = typed_over

        @property
        def control(self) -> "RegionPicker":
            return self.picker

    def __init__(self, *, id: str, placeholder: str = "") -> None:
        super().__init__(id=id)
        self.value = ""
        self._choices: list[tuple[str, str]] = []
        self._names: dict[str, str] = {}
        self._shown: list[tuple[str, str]] = []
        self._keys: dict[str, list[str]] | None = None  # code -> keys of every spelling, on first search
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self._placeholder, compact=True)
        yield _Choices()

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    @property
    def choice_count(self) -> int:
        return len(self._choices)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        if self.is_mounted:
            self.input.placeholder = text

    def focus(self, scroll_visible: bool = True) -> "RegionPicker":
        self.input.focus(scroll_visible)
        return self

    # -- setting from code ----------------------------------------------------------

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """New (code, name) choices; the current pick stays if it is still among them."""
        self._choices = list(choices)
        self._names = dict(self._choices)
        self._keys = None
        if self.value and self.value not in self._names:
            self.set_value("")
        elif not self.value and self.text:
            # Typed before the list was known: try again now.
            self._pick_typed(strict=True)

    def set_value(self, code: str) -> None:
        name = self._names.get(code, "") if code else ""
        code = code if name else ""
        changed = code != self.value
        self.value = code
        self.input.value = name
        self._close()
        if changed:
            self.post_message(self.Changed(self, code))

    def clear(self) -> None:
        self.set_value("")

    def _spelling_keys(self) -> dict[str, list[str]]:
        """Each choice's comparison keys: its name first, then the names it had in
        older decrees (a village spelt Amasangan until 2023 is Ammasangan now)."""
        from loket.intake import regions

        if self._keys is None:
            try:
                older = regions.spellings([code for code, _ in self._choices])
            except regions.RegionDataError:
                older = {}
            self._keys = {code: list(dict.fromkeys(regions.name_key(spelling)
                                                   for spelling in (name, *older.get(code, ()))))
                          for code, name in self._choices}
        return self._keys

    def pick_name(self, name: str) -> bool:
        """Pick the choice whose name matches ``name`` (any spelling); False if none does."""
        from loket.intake.regions import name_key

        key = name_key(name)
        keys = self._spelling_keys()
        for code, _choice in self._choices:
            if key and key in keys[code]:
                self.set_value(code)
                return True
        return False

    # -- typing ---------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        # Compare the text as it is now, not as this (possibly stale) event saw it:
        # after set_value the text always equals the picked name.
        text = self.text
        if self.value and text == self._names.get(self.value):
            return  # our own set_value, not the clerk typing
        if self.value:
            self.value = ""
            self.post_message(self.Changed(self, "", typed_over=True))
        self._filter(text)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        choices = self.query_one(_Choices)
        if self.has_class("-open") and choices.highlighted is not None and self._shown:
            self.set_value(self._shown[choices.highlighted][0])
        elif not self.value:
            self._pick_typed(strict=False)
        if self.value:
            self.screen.focus_next()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        event.stop()
        self._close()
        if not self.value and self.text:
            self._pick_typed(strict=False)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._shown):
            self.set_value(self._shown[event.option_index][0])

    def action_move(self, step: int) -> None:
        if not self.has_class("-open"):
            self._filter(self.text if not self.value else "")
            return
        choices = self.query_one(_Choices)
        if choices.highlighted is None:
            choices.highlighted = 0
        elif step > 0:
            choices.action_cursor_down()
        else:
            choices.action_cursor_up()

    def action_close(self) -> None:
        self._close()

    def _matches(self, text: str) -> list[tuple[str, str]]:
        """Choices whose name (or an older spelling of it) contains the typed text;
        names and words starting with it first, then older spellings."""
        from loket.intake.regions import name_key

        key = name_key(text)
        if not key:
            return list(self._choices)
        keys = self._spelling_keys()
        ranked = []
        for code, name in self._choices:
            whole = name_key(name)
            if whole.startswith(key):
                rank = 0
            elif key in whole and any(name_key(word).startswith(key) for word in name.split()):
                rank = 1
            elif key in whole:
                rank = 2
            elif any(key in other for other in keys[code][1:]):
                rank = 3
            else:
                continue
            ranked.append((rank, code, name))
        ranked.sort(key=lambda item: item[0])  # stable: alphabetical within a rank
        return [(code, name) for _rank, code, name in ranked]

    def _filter(self, text: str) -> None:
        self._shown = self._matches(text)
        choices = self.query_one(_Choices)
        choices.set_options(Option(name) for _code, name in self._shown)
        if self._shown and self.input.has_focus:
            choices.highlighted = 0
            self.add_class("-open")
        elif text.strip() and self._choices and self.input.has_focus:
            # Say so rather than show nothing: the clerk may have a letter wrong.
            choices.add_option(Option(t("tui.region.no_match", text=text.strip()), disabled=True))
            self.add_class("-open")
        else:
            self._close()

    def _close(self) -> None:
        self.remove_class("-open")

    def _pick_typed(self, strict: bool) -> None:
        """Pick from typed text: an exact name, or (not strict) the only match left."""
        if self.pick_name(self.text):
            return
        if not strict:
            matches = self._matches(self.text)
            if len(matches) == 1:
                self.set_value(matches[0][0])
