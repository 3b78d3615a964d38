"""The full-screen counter app (Textual). ``run_app`` is what the ``loket`` command calls."""

from __future__ import annotations

from pathlib import Path


def run_app(data_dir: str | Path | None = None, language: str | None = None) -> int:
    """Run the counter app full-screen until the clerk quits; returns the exit code.

    ``language`` defaults to the process language (the CLI sets it from --lang,
    LOKET_LANG or the settings before calling this).
    """
    from loket.i18n import get_language
    from loket.tui.app import LoketApp

    app = LoketApp(data_dir, language=language or get_language())
    app.run()
    return app.return_code or 0
