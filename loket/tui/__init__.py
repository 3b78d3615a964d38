"""The full-screen counter app (Textual). ``run_app`` is what the ``loket`` command calls."""

from __future__ import annotations

from pathlib import Path


def run_app(data_dir: str | Path | None = None, language: str | None = None) -> int:
    """Run the counter app full-screen until the clerk quits; returns the exit code.

    ``language`` (from --lang or LOKET_LANG) overrides the station's setting; when
    None, the app follows the setting as soon as the station is open.
    """
    from loket.tui.app import LoketApp

    app = LoketApp(data_dir, language=language)
    app.run()
    return app.return_code or 0
