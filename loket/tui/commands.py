"""The command palette (Ctrl+P): the app's own actions, in the clerk's language."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from loket.i18n import t

# (action, label key, help key). Each runs on the first node, from the screen the
# palette was opened on up to the app, that has the action and allows it now.
PALETTE_ACTIONS = (
    ("new_person", "tui.cmd.new_person", "tui.cmd.new_person_help"),
    ("toggle_language", "tui.cmd.language", "tui.cmd.language_help"),
    ("reprint", "tui.cmd.reprint", "tui.cmd.reprint_help"),
    ("sync_now", "tui.cmd.sync_now", "tui.cmd.sync_now_help"),
    ("open_desk", "tui.cmd.open_desk", "tui.cmd.open_desk_help"),
    ("recent", "tui.cmd.recent", "tui.cmd.recent_help"),
    ("demo_menu", "tui.cmd.demo_menu", "tui.cmd.demo_menu_help"),
    ("logout", "tui.cmd.logout", "tui.cmd.logout_help"),
)


class LoketCommands(Provider):
    def _available(self) -> list[tuple[str, str, DOMNode, str]]:
        found = []
        for action, label_key, help_key in PALETTE_ACTIONS:
            for node in (self.screen, self.app):
                if getattr(node, f"action_{action}", None) is None:
                    continue
                if node.check_action(action, ()):
                    found.append((t(label_key), t(help_key), node, action))
                break
        return found

    def _runner(self, node: DOMNode, action: str):
        return partial(self.app.run_action, action, node)

    async def discover(self) -> Hits:
        for label, help_text, node, action in self._available():
            yield DiscoveryHit(label, self._runner(node, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, node, action in self._available():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), self._runner(node, action), help=help_text)
