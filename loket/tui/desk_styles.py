"""The styles of the supervisor's desk: the parts mounted after its first rows, and
learning the first frame's styles before the desk opens.

Each widget class an app sees for the first time adds its default styles as a new
source, and each new source makes Textual parse every rule the app has loaded again
and rebuild its whole rule map. The desk's push should pay for none of that.
"""

from __future__ import annotations

from textual.containers import Vertical

from loket.tui.widgets.queue_list import QueueList


class DeskPart(Vertical):
    """The header and filter bar above the list, the detail pane below it: mounted after
    the first rows, with the styles of everything mounted then. The desk screen itself
    has none, and the list's are learnt before the push (``learn_desk_styles``)."""

    SCOPED_CSS = False  # the search box sits beside the top part, not in it
    DEFAULT_CSS = """
    DeskScreen #desk-top { height: auto; }
    DeskScreen #desk-search { margin: 0 1; background: $boost; }
    DeskScreen #desk-search:focus { background: $primary 35%; }
    DeskScreen #desk-bottom { height: 40%; min-height: 4; }
    DeskScreen RequestDetail { height: 1fr; }
    """


async def learn_desk_styles(app) -> None:
    """Have ``app`` learn the styles of the desk's first frame now (the list's, and the
    parts' that follow it), so that opening the desk adds no style source: that was a
    tenth of its first frame. Run while a supervisor is idle at the intake screen: a
    hidden list inside a hidden part, mounted on the current screen and removed at once."""
    screen = app.screen
    if screen.query(QueueList):
        return  # a list is on screen (the desk opened first): its styles are learnt
    part = DeskPart(QueueList())
    part.styles.display = "none"
    await screen.mount(part)
    await part.remove()
