"""The date field: its text is selected on entry, so typing replaces a whole date.

Except when it holds only the day and month the NIK filled in ("17-08-"): then
the cursor waits at the end for the year. Done in the field's own focus handler,
so a digit typed right after Tab already sees the selection.
"""

from __future__ import annotations

import re

from textual.widgets import Input
from textual.widgets.input import Selection

_DAY_MONTH_ONLY = re.compile(r"^\d{2}-\d{2}-$")


class DateInput(Input):
    def __init__(self, **kwargs) -> None:
        super().__init__(select_on_focus=False, **kwargs)

    def on_focus(self) -> None:
        if self.value and not _DAY_MONTH_ONLY.match(self.value):
            self.selection = Selection(0, len(self.value))
        else:
            self.cursor_position = len(self.value)
