"""``loket`` with no subcommand: the full-screen counter app."""

from __future__ import annotations


def run(args) -> int:
    from loket.config import DataPaths, load_settings, resolve_data_dir

    # Fail before the screen opens if the station is not set up: a clear sentence
    # in the terminal is kinder than a full-screen error.
    load_settings(DataPaths(resolve_data_dir(args.data_dir)))
    from loket.tui import run_app

    return run_app(args.data_dir) or 0
