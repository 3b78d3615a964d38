"""``loket export --bundle FILE``: the unsent queue in one signed file, for a courier.

It carries every unsent resident's data off the PC, so it needs a supervisor
(``--as NAME`` and their PIN); the audit event names the supervisor and the
operating-system account that ran it.
"""

from __future__ import annotations

import sys

from loket.cli import authority
from loket.cli.common import open_station
from loket.i18n import t


def register(sub) -> None:
    p = sub.add_parser(
        "export",
        help=t("cli.help.export.command_export"),
        description=t("cli.help.export.command_export_about"),
    )
    p.add_argument("--bundle", required=True, metavar="FILE",
                   help=t("cli.help.export.bundle"))
    authority.add_flags(p)
    p.set_defaults(handler=run)


def _progress_printer():
    """On a terminal, one line counting up; elsewhere nothing (a log wants the summary)."""
    if not sys.stderr.isatty():
        return None
    from loket.i18n import tn

    def show(done: int, total: int) -> None:
        sys.stderr.write("\r" + tn("bundle.export.progress", total, done=done, total=total) + "\x1b[K")
        sys.stderr.flush()

    return show


def run(args) -> int:
    from loket.i18n import t, tn
    from loket.sync.bundle import export_bundle

    station = open_station(args)
    try:
        who = authority.require_supervisor(station.db, args, "export --bundle")
    except BaseException:
        station.close()
        raise
    show = _progress_printer()
    try:
        result = export_bundle(station.db, station.key(), station.settings.station_id, args.bundle,
                               actor=who.actor, details=who.details, on_progress=show)
    finally:
        station.close()
        if show is not None:
            sys.stderr.write("\r\x1b[K")
    print(tn("bundle.export.done", result.count, path=result.path, kid=result.kid, sha256=result.file_sha256))
    if result.left_out:
        print(tn("bundle.export.left_out", result.left_out))
    print(t("bundle.export.still_queued"))
    return 0
