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

Enter in a text field goes further. Its effect (the login's PIN box, the form's next
field) is made by whoever handles the field's ``Submitted``, a few messages later;
the keys typed after it must wait for that, or the PIN typed right after the name
lands in the name box, in plain sight. So the keys that come after an Enter are held
until a marker posted behind its ``Submitted`` has bubbled up to the app: by then
every handler of the ``Submitted`` has run. A field taken away before the marker gets
through (its screen closed) does not keep the keyboard: the held keys go on after
``RELEASE_AFTER`` seconds all the same. A handler whose step is a worker's (the login's
check of the PIN) keeps holding them (``hold_keys``) until it knows where they go.
"""

from __future__ import annotations

from functools import partial

from textual import events
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from loket.tui.reply import Reply

# Held keys go on after this long even if an Enter's marker never arrives.
RELEASE_AFTER = 0.5
# Keys typed while a PIN is checked wait this long at most for where they go.
TYPE_AHEAD_SECONDS = 5


class EnterHandled(Reply):
    """Posted to a field behind the ``Submitted`` its Enter made; bubbles up to the app."""

    def __init__(self, field: Input, hold: int) -> None:
        super().__init__(field)
        self.hold = hold


class KeyOrder:
    _held: list[events.Key] | None = None  # keys typed while an Enter's handlers run
    _hold: int = 0  # which Enter they wait for

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held is not None:
                self._held.append(event)
                return
            if self._queue_in_turn(event):
                return
        await super().on_event(event)

    def on_enter_handled(self, message: EnterHandled) -> None:
        message.stop()
        self.call_next(self._release, message.hold)

    async def _release(self, hold: int) -> None:
        """Hand the keys held for Enter number ``hold`` on, in order, to whatever has the focus now."""
        if hold != self._hold or self._held is None:
            return  # released already (the marker or the timer came first)
        held, self._held = self._held, None
        for index, key in enumerate(held):
            if self._held is not None:  # a held key was itself an Enter: the rest wait for it
                self._held.extend(held[index:])
                return
            await self.on_event(key)

    def hold_keys(self, screen: Screen) -> int:
        """Hold the keys typed from now on (and any held already) until ``let_keys_go``
        with the number this returns: for a screen whose next step comes from a worker
        (a PIN's check), so that what is typed meanwhile lands where that step leads.
        If the step takes over ``TYPE_AHEAD_SECONDS``, the keys are dropped and the
        keyboard is ``screen``'s again."""
        self._hold += 1
        if self._held is None:
            self._held = []
        screen.set_timer(TYPE_AHEAD_SECONDS, partial(self.let_keys_go, self._hold, deliver=False))
        return self._hold

    async def let_keys_go(self, hold: int, *, deliver: bool = True) -> None:
        """End hold number ``hold``: hand its keys on in order, or drop them (``deliver``
        False: the step they were typed for did not happen). A later hold keeps them."""
        if hold != self._hold or self._held is None:
            return
        if deliver:
            await self._release(hold)
        else:
            self._held = None

    async def _submit_in_turn(self, field: Input, hold: int) -> None:
        await self.run_action("submit", field)
        field.post_message(EnterHandled(field, hold))

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
        if node is focused and isinstance(node, Input) and active.binding.action == "submit":
            self._hold += 1
            self._held = []
            self.set_timer(RELEASE_AFTER, partial(self._release, self._hold))
            return focused.call_later(self._submit_in_turn, node, self._hold)
        return focused.call_later(self.run_action, active.binding.action, node)
