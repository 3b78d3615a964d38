"""Every message the app posts names its sender as ``control``, as Textual's own do.

A worker's result comes back as a message; a handler higher up (the screen, the app)
tells whose work it is by ``control``.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from textual import on, work
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Static

import loket.tui
from loket.tui.reply import Reply


def _messages_of_the_app() -> list[type[Message]]:
    for info in pkgutil.walk_packages(loket.tui.__path__, "loket.tui."):
        importlib.import_module(info.name)
    found, todo = [], [Message]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("loket."):
                found.append(sub)
    return found


def test_every_message_the_app_defines_names_its_control():
    messages = _messages_of_the_app()
    assert len(messages) > 40  # the walk found the app's messages, not none
    nameless = [f"{m.__module__}.{m.__qualname__}" for m in messages if m.control is Message.control]
    assert nameless == []


class Counted(Reply):
    def __init__(self, origin, total: int) -> None:
        super().__init__(origin)
        self.total = total


class Counter(Static):
    @work(thread=True, exit_on_error=False)
    def count(self, total: int) -> None:
        self.post_message(Counted(self, total))


class TwoCounters(App):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield Counter(id="left")
        yield Counter(id="right")

    @on(Counted)
    def counted(self, message: Counted) -> None:
        self.heard.append((message.control.id, message.total))


@pytest.mark.asyncio
async def test_a_reply_from_a_worker_thread_tells_the_app_which_widget_sent_it():
    app = TwoCounters()
    async with app.run_test() as pilot:
        app.query_one("#left", Counter).count(1)
        app.query_one("#right", Counter).count(2)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert sorted(app.heard) == [("left", 1), ("right", 2)]
