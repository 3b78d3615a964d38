"""At 80x24 the intake screen's key bar shows every key the screen offers (F8 Meja and F12
included), wrapping onto a second line rather than cutting the last ones; at 120
columns they fit on one line. Checked in both languages, in a demo (F12 shown)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from loket.i18n import get_language, set_language
from loket.tui.app import LoketApp
from loket.tui.keys import key_label
from loket.tui.screens.intake import IntakeScreen
from loket.tui.widgets.key_bar import KeyBar
from test_tui_intake import settle
from tuikit import log_in


@pytest.fixture(autouse=True)
def _restore_language():
    before = get_language()
    yield
    set_language(before)


def offered(screen) -> list[str]:
    """Every key the screen offers in its bar now, as ``"F8 Meja"``."""
    app, seen, found = screen.app, set(), []
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            found.append(f"{app.get_key_display(binding)} {key_label(binding, active.node)}")
    return found


def assert_every_key_fits(screen) -> list[str]:
    bar = screen.query_one(KeyBar)
    lines = bar.shown.split("\n")
    width = bar.content_size.width
    assert bar.region.right <= screen.size.width and bar.region.bottom <= screen.size.height
    assert bar.region.height == len(lines)
    assert all(cell_len(line) <= width for line in lines), (width, lines)
    for key in offered(screen):
        assert any(key in line for line in lines), (key, lines)
    return lines


@pytest.mark.parametrize("size, rows", [((80, 24), 2), ((120, 40), 1)], ids=["80x24", "120x40"])
async def test_every_key_of_the_intake_screen_is_shown_whole(station_dir, size, rows):
    app = LoketApp(station_dir, demo=True)
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await log_in(app, pilot, settle)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        keys = offered(screen)
        assert {"F8 Meja", "F12 Menu demo", "F2 Simpan", "F5 Baru", "F1 Bantuan"} <= set(keys)
        assert len(assert_every_key_fits(screen)) == rows

        await pilot.press("f9")  # English labels are longer: still every key, still inside
        await settle(app, pilot)
        assert offered(screen) != keys and len(offered(screen)) == len(keys)
        assert_every_key_fits(screen)


@pytest.mark.parametrize("language", ["id", "en"])
async def test_the_saved_and_recent_screens_show_every_key_at_80_columns(station_dir, language):
    """After a save (F5, F6, F7, F8, F12 and the rest) and on F4's list, in a demo:
    before, a one-line footer cut the last keys here as it did on the intake screen."""
    from loket.intake.samples import sample_record
    from loket.tui.screens.recent import RecentScreen
    from loket.tui.screens.saved import SavedScreen

    app = LoketApp(station_dir, language=language, demo=True)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(app, pilot, settle)
        saved = app.station.submit(sample_record(), app.clerk)
        await app.push_screen(SavedScreen(saved, app.station.print_slip(saved)))
        await settle(app, pilot)
        keys = offered(app.screen)
        assert len(keys) >= 8 and any(key.startswith("F12 ") for key in keys)
        assert len(assert_every_key_fits(app.screen)) == 2
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, RecentScreen)
        assert any(key.startswith("F12 ") for key in offered(app.screen))
        assert_every_key_fits(app.screen)
        # Where the request stands is on screen, not past the right edge with the number.
        table = app.screen.query_one(DataTable)
        widths = {key.value: column.get_render_width(table) for key, column in table.columns.items()}
        before = list(widths)[: list(widths).index("state") + 1]
        assert sum(widths[key] for key in before) <= table.scrollable_content_region.width, widths
