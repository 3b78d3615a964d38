"""``loket`` with no subcommand: the full-screen counter app."""

from __future__ import annotations

import os

from loket.i18n import LANGUAGES


def run(args) -> int:
    from loket.config import DataPaths, SettingsError, resolve_data_dir

    # Fail before the screen opens if the station is not set up: a clear sentence in
    # the terminal is kinder than a full-screen error. Anything wrong inside the
    # settings is shown on the login screen, which opens the station after painting.
    paths = DataPaths(resolve_data_dir(args.data_dir))
    if not paths.settings.exists():
        raise SettingsError("settings.not_set_up", path=str(paths.root))
    from loket.tui import run_app

    language = args.lang or os.environ.get("LOKET_LANG")
    return run_app(args.data_dir, language=language if language in LANGUAGES else None) or 0
