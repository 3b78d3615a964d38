"""The desk's key line (the desk, its mark-all question, its bulk progress and summary)."""

from __future__ import annotations

from loket.tui.widgets.key_bar import KeyBar


class DeskKeys(KeyBar):
    """The key bar as the desk's screens show it; a type of its own so tests and styles can find it."""
