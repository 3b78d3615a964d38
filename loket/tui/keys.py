"""Key bindings whose Footer labels follow the language switch.

Textual keeps a node's bindings in ``_bindings``; the Footer reads their
``description``. Every binding made with ``bind`` has a stable id
(``loket.<name>``, usable in a keymap) and its label under ``tui.key.<name>``,
so ``relabel_bindings`` can swap the descriptions when the clerk presses F9.
"""

from __future__ import annotations

import dataclasses

from textual.binding import Binding
from textual.dom import DOMNode

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


def relabel_bindings(node: DOMNode) -> None:
    """Re-translate the Footer labels of ``node``'s own bindings."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            dataclasses.replace(b, description=label(KEY_LABELS, b.id[len(ID_PREFIX):]))
            if b.id and b.id.startswith(ID_PREFIX)
            else b
            for b in bindings
        ]


def translate_binding(node: DOMNode, key: str, description: str) -> None:
    """Give one of Textual's own bindings of ``node`` (Esc of a list, of the palette) our words."""
    table = node._bindings.key_to_bindings
    table[key] = [dataclasses.replace(b, description=description) for b in table.get(key, [])]
