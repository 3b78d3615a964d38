"""Keys take effect in the order they were typed, however fast they come.

Textual hands a letter to the focused field at once, but a key bound to an
action of that field (Backspace, End, the arrows in a list) runs its action only
after the key has travelled up through every widget to the app. In a burst (a
paste, a barcode scanner, a slow PC catching up) letters typed *after* a
Backspace were therefore inserted *before* it: ``batu`` + 4 Backspace + ``sal``
became ``bat``.

``KeyOrder`` (mixed into the app) queues such an action on the focused widget
itself, behind the keys that arrived before it, so it runs exactly in turn.
Only the bindings of the focused widget and of the widget it is part of (a
region picker's list) are queued this way; the screen's and the app's keys (F2,
Esc, …), which may close the focused widget, and a container's scrolling keep
Textual's own path, on which the focused widget sees the key first.
"""

from __future__ import annotations

from textual import events
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widget import Widget


class KeyOrder:
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._queue_in_turn(event):
            return
        await super().on_event(event)

    def _queue_in_turn(self, event: events.Key) -> bool:
        """Queue a widget's bound action on the focused widget; False leaves the key to Textual."""
        focused = self.focused
        if focused is None or focused.check_consume_key(event.key, event.character):
            return False  # the field takes the key itself (a letter), already in turn
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.binding.priority or not active.enabled:
            return False
        node = active.node
        if not isinstance(node, Widget) or isinstance(node, Screen):
            return False
        if node is not focused and isinstance(node, ScrollableContainer):
            return False  # a container's scrolling: order does not matter, Textual's path does
        if node is not focused and node not in focused.ancestors:
            return False
        return focused.call_later(self.run_action, active.binding.action, node)
