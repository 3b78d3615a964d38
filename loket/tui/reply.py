"""The base of the messages a widget, screen or the app posts about its own work.

Most of them carry a worker's result back from its thread. Each names the node that
posted it as ``control``, the way Textual's own widget messages name theirs, so a
handler higher up (a screen, the app) can tell whose work came back. (``@on`` with a
selector does not help here: Textual matches selectors only on messages posted from
its event loop, and a thread worker's have no sender.)
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.message import Message


class Reply(Message):
    def __init__(self, origin: DOMNode) -> None:
        super().__init__()
        self._origin = origin

    @property
    def control(self) -> DOMNode:
        return self._origin
