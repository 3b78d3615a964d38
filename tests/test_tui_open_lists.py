"""An open list at 80x24 stays off the footer (whose keys say how to close it) and off its field.

Each list of the intake form is opened where the form puts it when the clerk gets
there; near the bottom of a small screen it opens above its field instead.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Select

from loket.tui.widgets.form_fields import REGION_LEVELS
from loket.tui.widgets.key_bar import KeyBar
from test_tui_intake import counter, settle  # noqa: F401  (the logged-in counter fixture, 80x24)


def field_line(widget) -> Region:
    """The line the field itself shows on (its list is drawn apart from it)."""
    region = widget.region
    return Region(region.x, region.y, region.width, 1)


async def test_no_list_of_the_form_covers_the_footer_or_its_own_field(counter):
    app, form = counter.app, counter.form
    assert app.size == (80, 24)
    await counter.type("nik", "7373011705900001")  # the region lists below the province fill in
    await settle(app, counter.pilot)
    footer = app.screen.query_one(KeyBar).region
    checked = []
    for select in form.query(Select):
        form.focus_field(select.id)
        await settle(app, counter.pilot)
        await counter.pilot.press("enter")
        await settle(app, counter.pilot)
        assert select.expanded, select.id
        shown = select.query_one("SelectOverlay").region
        assert shown.height > 0 and not shown.overlaps(footer), (select.id, shown, footer)
        assert not shown.overlaps(field_line(select)), (select.id, shown)
        await counter.pilot.press("escape")
        await settle(app, counter.pilot)
        checked.append(select.id)
    for level in reversed(REGION_LEVELS):  # clearing a level empties the lists below it
        picker = form.picker(level)
        picker.input.value = ""
        form.focus_field(level)
        await settle(app, counter.pilot)
        await counter.pilot.press("a")
        await settle(app, counter.pilot)
        shown = picker.query_one("_Choices").region
        assert shown.height > 0 and not shown.overlaps(footer), (level, shown, footer)
        assert not shown.overlaps(field_line(picker)), (level, shown)
        await counter.pilot.press("escape")
        await settle(app, counter.pilot)
        checked.append(level)
    # Every list of the form was opened, the lowest ones included.
    assert {"religion", "marital_status", "nationality", "purpose", "village"} <= set(checked)
