"""What many TUI tests do first: log in on the login screen, as a clerk types it."""

from __future__ import annotations

from textual.widgets import Input

from conftest import CLERK


async def log_in(app, pilot, settle, who: tuple[str, str] = CLERK) -> None:
    """Type ``who``'s name and PIN, press Enter, and let ``settle(app, pilot)`` catch up."""
    await settle(app, pilot)
    app.screen.query_one("#login-name", Input).value = who[0]
    app.screen.query_one("#login-pin", Input).value = who[1]
    app.screen.query_one("#login-pin", Input).focus()
    await pilot.press("enter")
    await settle(app, pilot)
