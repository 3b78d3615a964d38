"""``loket migrate-to URL``: move this PC's station into an office database."""

from __future__ import annotations

import datetime as dt
import sys

from loket.cli.common import CliError
from loket.i18n import t


def register(sub) -> None:
    p = sub.add_parser("migrate-to", help=t("cli.help.migrate.command_migrate_to"))
    p.add_argument("database", metavar="URL", help=t("cli.help.migrate.database"))
    from loket.cli import authority

    authority.add_flags(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    from loket.cli.setup_cmd import connect_office
    from loket.config import DataPaths, load_settings, resolve_data_dir, save_settings
    from loket.i18n import t
    from loket.printing.keys import load_key
    from loket.storage import audit, office
    from loket.storage.db import open_database
    from loket.storage.errors import StorageError
    from loket.storage.move import move_station
    from loket.storage.target import describe_url

    paths = DataPaths(resolve_data_dir(args.data_dir))
    settings = load_settings(paths)
    if settings.database:
        raise CliError(t("move.already_office", database=describe_url(settings.database)), 2)
    mine = {name: getattr(settings, name) for name in office.SHARED_FIELDS}
    interactive = sys.stdin.isatty() and not args.pin_stdin
    password, joined = connect_office(settings, args.database, interactive, set(office.SHARED_FIELDS))
    if joined:
        theirs = office_settings_of(settings, password)
        if theirs.get("office_code") != mine["office_code"]:
            raise CliError(t("move.other_office", office=theirs.get("office_code"), mine=mine["office_code"]), 2)
    key = load_key(paths.keys, settings.station_id)
    try:
        source = open_database(paths.database)
        target = open_database(settings.database, password=password)
    except StorageError as exc:
        raise CliError(exc.message(), 2) from None
    from loket.cli import authority

    try:
        # Moving the whole station is a supervisor's decision, checked against its own users.
        authority.require_supervisor(source, args, "migrate-to")
    except CliError:
        source.close()
        target.close()
        raise
    try:
        report = move_station(source, target, settings.station_id, key.public_jwk(), dt.datetime.now(dt.timezone.utc))
        if not joined:
            office.write_shared(target, mine, actor="migrate-to")
        check = audit.verify_chain(target)
        if not check.ok:
            raise CliError(t("move.chain_broken", problem=check.problem), 1)
    except StorageError as exc:
        raise CliError(exc.message(), 2) from None
    finally:
        source.close()
        target.close()
    save_settings(paths, settings)
    from loket.storage.db import set_aside

    kept = set_aside(paths.database, "moved")
    from loket.audit_seal import forget

    forget(paths.root, "")  # the PC's own log moved into the office's chain for this station
    print(t("move.done", station=settings.station_id, database=describe_url(settings.database),
            requests=report.requests, sukets=report.sukets, events=report.audit_events))
    if report.users_merged:
        print(t("move.users_merged", names=", ".join(report.users_merged)))
    print(t("move.kept", path=str(kept)))
    return 0


def office_settings_of(settings, password):
    from loket.setup import office_settings

    return office_settings(settings, password)
