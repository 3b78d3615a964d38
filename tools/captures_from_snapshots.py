"""Refresh the text captures in docs/captures from the screen snapshots.

Usage (from the repository root, after the snapshot tests pass)::

    python tools/captures_from_snapshots.py

The snapshot tests (tests/test_tui_snapshots.py) keep an SVG picture of every
counter screen (and the desk's dashboard); the guides quote those screens as plain
text. This turns each chosen picture (80x24; the dashboard at 120x40) back into its
lines of text, so the guides show exactly what the tests check.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "__snapshots__"
CAPTURES = ROOT / "docs" / "captures"
# capture file -> snapshot (its test module's folder / test)
CHOSEN = {
    "login.txt": "test_tui_snapshots/test_login[80x24]",
    "intake.txt": "test_tui_snapshots/test_intake_nik_decoded[80x24]",
    "intake-list.txt": "test_tui_snapshots/test_intake_list_open[80x24]",
    "confirm.txt": "test_tui_snapshots/test_confirm[80x24]",
    "discard.txt": "test_tui_snapshots/test_discard_question[80x24]",
    "saved.txt": "test_tui_snapshots/test_saved[80x24]",
    "saved-revoked.txt": "test_tui_snapshots/test_saved_while_revoked[80x24]",
    "help.txt": "test_tui_snapshots/test_help[80x24]",
    "recent.txt": "test_tui_snapshots/test_recent_empty[80x24]",
    "lock.txt": "test_tui_snapshots/test_lock[80x24]",
    "link-revoked.txt": "test_tui_snapshots/test_intake_while_revoked[80x24]",
    "correct.txt": "test_tui_snapshots/test_correction[80x24]",
    "reason.txt": "test_tui_snapshots/test_reason_dialog[80x24]",
    "demo-menu.txt": "test_tui_snapshots/test_demo_menu[80x24]",
    "dashboard.txt": "test_tui_dashboard_snapshots/test_dashboard[120x40]",
}
_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>(.*?)</text>')


def svg_to_text(svg: str) -> str:
    """The screen's characters, line by line, from a Textual SVG screenshot."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    cell = None
    for match in _TEXT.finditer(svg):
        x, y, length, text = float(match[1]), float(match[2]), float(match[3]), html.unescape(match[4])
        if text and cell is None:
            cell = length / len(text)
        rows[y].append((x, text))
    ys = sorted(rows)
    step = min((b - a for a, b in zip(ys, ys[1:])), default=1.0)  # one screen line
    lines: list[str] = []
    for y in ys:
        index = round((y - ys[0]) / step)
        lines.extend([""] * (index + 1 - len(lines)))
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / cell)) + text
        lines[index] = line.rstrip()
    return "\n".join(lines).replace("\u00a0", " ") + "\n"


def main() -> None:
    for capture, test in CHOSEN.items():
        svg = (SNAPSHOTS / f"{test}.svg").read_text(encoding="utf-8")
        (CAPTURES / capture).write_text(svg_to_text(svg), encoding="utf-8")
        print(f"docs/captures/{capture} <- {test}")


if __name__ == "__main__":
    main()
