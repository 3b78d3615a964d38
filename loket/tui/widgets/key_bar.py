"""A screen's key line: every key that applies now, wrapped onto a second line when needed.

Textual's footer is one line that scrolls sideways, so at 80 columns the last
keys of the desk and of the counter's intake screen fell off the edge. This bar
lays the same keys (the screen's active bindings that are shown) out in as many
lines as the width needs, and redraws once for any number of binding changes in
one refresh (mounting the desk changes them several times in a row).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from loket.tui.keys import key_label

GAP = 2  # spaces between two keys


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: auto; width: 1fr; padding: 0 1;
        background: $footer-background; color: $footer-foreground;
    }
    KeyBar > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .key-bar--disabled { color: $text-disabled; }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled"}

    _redraw_asked = False
    _shown_items: list | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, _screen) -> None:
        if self.is_attached:
            self.refresh()

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen and not self._redraw_asked:
            self._redraw_asked = True
            self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        # Only when the keys changed: a layout here makes the screen publish its bindings
        # again, and redrawing on every such signal would lay the screen out for ever.
        self._redraw_asked = False
        if not self.is_attached:
            return  # its screen was closed meanwhile
        items = self.items()
        if items != self._shown_items:
            self._shown_items = items
            self.refresh(layout=True)

    def items(self) -> list[tuple[str, str, bool]]:
        """``(key as shown, what it does, enabled)`` for each shown binding, one per action."""
        seen: set[str] = set()
        found = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            found.append((self.app.get_key_display(binding), key_label(binding, active.node), active.enabled))
        return found

    def _lines(self, width: int) -> list[list[tuple[str, str, bool]]]:
        lines: list[list[tuple[str, str, bool]]] = [[]]
        used = 0
        for item in self.items():
            size = len(item[0]) + 1 + len(item[1])
            if lines[-1] and used + GAP + size > width:
                lines.append([])
                used = 0
            used += (GAP if lines[-1] else 0) + size
            lines[-1].append(item)
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self._lines(width)))

    def render(self) -> Text:
        if self.app.screen is not self.screen:
            # Under a dialog: its own bar says which keys work, and the keys of this
            # screen showing through beside it would say that keys work which do not.
            return Text()
        key_style = self.get_component_rich_style("key-bar--key")
        off_style = self.get_component_rich_style("key-bar--disabled")
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, line in enumerate(self._lines(self.content_size.width)):
            if number:
                text.append("\n")
            for index, (key, description, enabled) in enumerate(line):
                if index:
                    text.append(" " * GAP)
                text.append(key, key_style if enabled else off_style)
                text.append(" " + description, Style() if enabled else off_style)
        return text

    @property
    def shown(self) -> str:
        """What the bar says now, as plain text (for tests)."""
        return self.render().plain
