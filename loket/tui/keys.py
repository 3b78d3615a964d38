"""Key bindings whose labels follow the language switch.

Every binding made with ``bind`` has a stable id (``loket.<name>``, usable in a
keymap) and its label under ``tui.key.<name>``. The labels are looked up when a key
line is drawn (``key_label``), not kept in the binding, so F9 changes every label
on screen without touching the bindings themselves. A few of Textual's own keys
(Esc of an open list, of the command palette) get our words the same way.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

from loket.i18n import t
from loket.i18n.labels import label
from loket.i18n.screen_labels import KEY_LABELS

ID_PREFIX = "loket."


def bind(keys: str, action: str, name: str, *, show: bool = True, priority: bool = False) -> Binding:
    return Binding(
        keys,
        action,
        label(KEY_LABELS, name),
        show=show,
        priority=priority,
        id=ID_PREFIX + name,
    )


def key_label(binding: Binding, node: DOMNode) -> str:
    """What the key does, in the language of the moment. ``node`` is where the binding
    lives (``ActiveBinding.node``)."""
    if binding.id and binding.id.startswith(ID_PREFIX):
        name = binding.id[len(ID_PREFIX):]
        # A key whose effect depends on the screen's state (a toggle) is named by the
        # screen: ``key_words(name)`` returns the words for now, or None for the usual ones.
        key_words = getattr(node, "key_words", None)
        words = key_words(name) if callable(key_words) else None
        return words or label(KEY_LABELS, name)
    if binding.key == "escape":
        from textual.command import CommandPalette
        from textual.widgets import Select

        if isinstance(node.parent, Select):  # the open list of a Select
            return t("tui.key.close_list")
        if isinstance(node, CommandPalette):
            return t("tui.key.close")
    return binding.description
