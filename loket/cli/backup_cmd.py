"""``loket backup --out DIR``: a consistent copy of the station, safe while it runs.

A backup holds the signing key and every resident's data: it needs a supervisor
(``--as NAME`` and their PIN) and is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from loket.cli import authority
from loket.cli.common import CliError
from loket.i18n import t


def register(sub) -> None:
    p = sub.add_parser("backup", help=t("cli.help.backup.command_backup"))
    p.add_argument("--out", required=True, metavar="DIR", help=t("cli.help.backup.out"))
    authority.add_flags(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    import sqlite3

    from loket.config import DataPaths, ensure_private_dir, load_settings, resolve_data_dir
    from loket.storage import audit
    from loket.storage.db import open_database

    paths = DataPaths(resolve_data_dir(args.data_dir))
    settings = load_settings(paths)
    db = open_database(paths.database)
    try:
        who = authority.require_supervisor(db, args, "backup")
        # Before the copy, so the backup itself holds the event.
        audit.append(db, who.actor, "station.backup", str(Path(args.out).expanduser()), who.details)
    finally:
        db.close()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(args.out).expanduser() / f"loket-{settings.station_id}-{stamp}"
    try:
        ensure_private_dir(target)
        if paths.database.exists():
            # SQLite's online backup copies a consistent snapshot even while clerks save.
            # (On an office database this is the PC's fallback queue; the office database
            # itself is backed up on its server with pg_dump.)
            from loket.storage.cipher import copy_database

            copy_database(paths.database, target / paths.database.name)  # encrypted stays encrypted
        shutil.copy2(paths.settings, target / paths.settings.name)
        shutil.copytree(paths.keys, target / paths.keys.name)
    except OSError as exc:
        raise CliError(t("backup.failed", path=str(target), error=_why(exc, target))) from None
    except sqlite3.Error as exc:
        raise CliError(t("backup.failed", path=str(target), error=str(exc))) from None
    print(t("backup.done", path=str(target)))
    if settings.database:
        from loket.storage.target import describe_url

        print(t("office.backup_elsewhere", database=describe_url(settings.database)))
    return 0


def _why(exc: OSError, target: Path) -> str:
    """The system's refusal in the operator's words, naming what it refused when that is
    not the backup's own folder (a folder above it, a file inside it)."""
    from loket.i18n.os_errors import os_reason

    reason = os_reason(exc)
    return f"{reason} ({exc.filename})" if exc.filename and Path(exc.filename) != target else reason
