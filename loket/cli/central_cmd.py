"""``loket central``: run the reference central server, and the operator's tools for it.

    loket central [--host H] [--port P] [--db FILE] [--workers N]  run the server (Ctrl+C stops it)
    loket central add-station STATION_ID [--office-code]  onboard; prints the token only
    loket central revoke STATION_ID --reason TEXT         cut a station off
    loket central restore STATION_ID                      let it back in
    loket central stations                                who is registered, with key ids
    loket central revoke-key --reason TEXT -- KID         revoke one signing key (trust list)
    loket central import FILE [--key JWK]                 store a station's hand-delivered bundle

The database defaults to ``central.db`` in the data folder. The operator tools
work on the file directly, also while the server runs (it reads stations per call).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loket.i18n import t

CENTRAL_DB_FILE = "central.db"
DEFAULT_PORT = 8765


def register(sub) -> None:
    p = sub.add_parser(
        "central",
        help=t("cli.help.central.command_central"),
        description=t("cli.help.central.command_central_about"),
    )
    p.add_argument("--host", default="127.0.0.1", help=t("cli.help.central.host"))
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=t("cli.help.central.port", port=DEFAULT_PORT))
    p.add_argument("--db", metavar="FILE", help=t("cli.help.central.db_default", file=CENTRAL_DB_FILE))
    p.add_argument("--workers", type=int, metavar="N",
                   help=t("cli.help.central.workers"))
    p.set_defaults(handler=run_server)

    # --db is accepted after the action too; SUPPRESS keeps a value given before it.
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument("--db", metavar="FILE", default=argparse.SUPPRESS, help=t("cli.help.central.db"))
    actions = p.add_subparsers(dest="central_command", metavar="[ACTION]", parser_class=type(p))

    add = actions.add_parser("add-station", parents=[db_option], help=t("cli.help.central.command_add_station"))
    add.add_argument("station_id", metavar="STATION_ID", help=t("cli.help.central.station_id"))
    add.add_argument("--office-code", help=t("cli.help.central.office_code"))
    add.set_defaults(handler=run_add_station)

    revoke = actions.add_parser("revoke", parents=[db_option], help=t("cli.help.central.command_revoke"))
    revoke.add_argument("station_id", metavar="STATION_ID")
    revoke.add_argument("--reason", required=True, help=t("cli.help.central.reason"))
    revoke.set_defaults(handler=run_revoke)

    restore = actions.add_parser("restore", parents=[db_option], help=t("cli.help.central.command_restore"))
    restore.add_argument("station_id", metavar="STATION_ID")
    restore.set_defaults(handler=run_restore)

    revoke_key = actions.add_parser("revoke-key", parents=[db_option],
                                    help=t("cli.help.central.command_revoke_key"))
    revoke_key.add_argument("kid", metavar="KID", help=t("cli.help.central.kid"))
    revoke_key.add_argument("--reason", required=True, help=t("cli.help.central.reason_2"))
    revoke_key.set_defaults(handler=run_revoke_key)

    stations = actions.add_parser("stations", parents=[db_option], help=t("cli.help.central.command_stations"))
    stations.set_defaults(handler=run_stations)

    imported = actions.add_parser(
        "import", parents=[db_option],
        help=t("cli.help.central.command_import"),
        description=t("cli.help.central.command_import_about"))
    imported.add_argument("bundle", metavar="FILE", help=t("cli.help.central.bundle"))
    imported.add_argument("--key", metavar="JWK",
                          help=t("cli.help.central.key"))
    imported.set_defaults(handler=run_import)


def database_path(args) -> Path:
    if getattr(args, "db", None):
        return Path(args.db).expanduser()
    from loket.config import ensure_private_dir, resolve_data_dir

    root = resolve_data_dir(args.data_dir)
    try:
        ensure_private_dir(root)
    except OSError:
        pass  # opening the database names the folder and what is wrong with it
    return root / CENTRAL_DB_FILE


def _open(args):
    from loket.central.store import CentralStore

    return CentralStore.open(database_path(args))


def run_server(args) -> int:
    from loket.cli.extras import require_extra
    from loket.i18n import t

    require_extra("central", "loket central")
    from loket.central.server import serve

    path = database_path(args)
    serve(path, args.host, args.port, announce=lambda url: print(t("central.cli.listening", url=url, db=path), flush=True),
          workers=args.workers)
    print(t("central.cli.stopped"), flush=True)
    return 0


def run_add_station(args) -> int:
    from loket.i18n import t

    store = _open(args)
    try:
        token = store.add_station(args.station_id, args.office_code)
        station = store.station(args.station_id)
    finally:
        store.close()
    print(t("central.cli.station_added", station=station.station_id, office=station.office_code, db=store.path),
          file=sys.stderr)
    print(token)
    return 0


def run_revoke(args) -> int:
    from loket.i18n import t

    store = _open(args)
    try:
        station = store.revoke(args.station_id, args.reason)
    finally:
        store.close()
    print(t("central.cli.revoked", station=station.station_id, reason=station.revoke_reason))
    return 0


def run_revoke_key(args) -> int:
    from loket.i18n import t

    store = _open(args)
    try:
        when = store.revoke_key(args.kid, args.reason)
    finally:
        store.close()
    print(t("central.cli.key_revoked", kid=args.kid, at=when))
    return 0


def run_restore(args) -> int:
    from loket.i18n import t

    store = _open(args)
    try:
        station = store.restore(args.station_id)
    finally:
        store.close()
    print(t("central.cli.restored", station=station.station_id))
    return 0


def run_stations(args) -> int:
    from loket.i18n import t
    from loket.i18n.labels import STATION_STATUSES, label

    store = _open(args)
    try:
        rows = [(s, [jwk["kid"] for jwk in store.signing_keys(s.station_id)]) for s in store.stations()]
    finally:
        store.close()
    if not rows:
        print(t("central.cli.no_stations"))
        return 0
    table = [[t("central.cli.col.station"), t("central.cli.col.status"), t("central.cli.col.since"),
              t("central.cli.col.keys")]]
    for station, kids in rows:
        since = station.revoked_at if not station.active else station.created_at
        table.append([station.station_id, label(STATION_STATUSES, station.status), since, ", ".join(kids) or "-"])
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    for station, _ in rows:
        if not station.active:
            print(f"{station.station_id}: {t('central.cli.revoked_because', reason=station.revoke_reason)}")
    return 0


def _import_progress():
    """On a terminal, one line counting up while a big bundle is stored."""
    if not sys.stderr.isatty():
        return None
    from loket.i18n import tn

    def show(done: int, total: int) -> None:
        sys.stderr.write("\r" + tn("bundle.import.progress", total, done=done, total=total) + "\x1b[K")
        sys.stderr.flush()

    return show


def run_import(args) -> int:
    from loket.central.bundle_import import import_bundle, read_key_file
    from loket.central.judges import Judges
    from loket.i18n import t, tn

    key = read_key_file(Path(args.key).expanduser()) if args.key else None
    store = _open(args)
    show = _import_progress()
    judges = Judges()  # a big bundle is checked on every core; its worker processes start on the first big chunk
    try:
        report = import_bundle(store, Path(args.bundle).expanduser(), key=key, on_progress=show, judges=judges)
    finally:
        judges.close()
        store.close()
        if show is not None:
            sys.stderr.write("\r\x1b[K")
    print(tn("bundle.import.verified", report.count, station=report.station_id, created_at=report.created_at,
            kid=report.kid))
    if report.key_registered:
        print(t("bundle.import.key_registered", kid=report.kid, station=report.station_id))
    print(t("bundle.import.counts", accepted=report.accepted, duplicate=report.duplicate, rejected=report.rejected,
            conflict=report.conflict))
    for result in report.refused:
        print(t("bundle.import.refused_item", key=result["idempotency_key"], status=result["status"],
                reason=result["reason"] or "-"))
    hidden = report.rejected + report.conflict - len(report.refused)
    if hidden > 0:
        print(t("bundle.import.more_refused", count=hidden))
    if report.refused:
        print(t("bundle.import.refused_note"))
    print(t("bundle.import.sha256", sha256=report.file_sha256))
    return 0
