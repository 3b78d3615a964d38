"""Helpers every subcommand shares: errors, PIN input, opening the station."""

from __future__ import annotations

import datetime as dt
import sys
import traceback


class CliError(Exception):
    """A failure to report in one sentence; ``status`` is the exit code."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def fail(message: str, status: int) -> int:
    print(f"loket: {message}", file=sys.stderr)
    return status


def report_unexpected(exc: BaseException, args) -> int:
    """Keep the traceback out of the clerk's face but on disk for whoever fixes it."""
    from loket.i18n import t

    where = None
    try:
        from loket.config import resolve_data_dir

        root = resolve_data_dir(getattr(args, "data_dir", None))
        if root.is_dir():
            where = root / "error.log"
            with open(where, "a", encoding="utf-8") as log:
                log.write(f"--- {dt.datetime.now().isoformat()} {' '.join(sys.argv)}\n")
                log.write("".join(traceback.format_exception(exc)))
    except OSError:
        where = None
    return fail(t("cli.unexpected", error=f"{type(exc).__name__}: {exc}", log=str(where or "-")), 1)


def read_pin(from_stdin: bool, prompt: str, confirm: bool = False) -> str:
    """A PIN from standard input (one line) or typed at a hidden prompt."""
    from loket.i18n import t

    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise CliError(t("cli.pin_stdin_empty"), 2)
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError(t("cli.pin_needs_tty"), 2)
    import getpass

    pin = getpass.getpass(prompt)
    if confirm and getpass.getpass(t("cli.pin_again")) != pin:
        raise CliError(t("cli.pin_mismatch"), 2)
    return pin


def open_station(args, *, for_reading: bool = False):
    """Open the station; slips a crash left unsaved are made now, and said so on stderr.

    ``for_reading``: a command that only reads; it works on a full disk too, and
    leaves slip recovery to the next command that writes."""
    from loket.station import Station

    station = Station.open(args.data_dir, for_reading=for_reading)
    if not for_reading:
        for line in station.recover_slips().messages():
            print(f"loket: {line}", file=sys.stderr)
    return station
