"""What many TUI tests do: let the app's workers catch up, and log in as a clerk types it."""

from __future__ import annotations

from contextlib import suppress

from textual.widgets import Input
from textual.worker import WorkerCancelled

from conftest import CLERK


async def settle(app, pilot, rounds: int = 3) -> None:
    """Let workers finish and their messages be handled (a result may start another worker).

    A check that a newer one replaced (the form's checks are exclusive) ends cancelled:
    that is an ending too, and the next round waits for the newer one."""
    for _ in range(rounds):
        with suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def log_in(app, pilot, settle, who: tuple[str, str] = CLERK) -> None:
    """Type ``who``'s name and PIN, press Enter, and let ``settle(app, pilot)`` catch up."""
    await settle(app, pilot)
    app.screen.query_one("#login-name", Input).value = who[0]
    app.screen.query_one("#login-pin", Input).value = who[1]
    app.screen.query_one("#login-pin", Input).focus()
    await pilot.press("enter")
    await settle(app, pilot)
