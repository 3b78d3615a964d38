"""``loket user``: add station users and list them."""

from __future__ import annotations

from loket.cli.common import CliError, open_station, read_pin


def register(sub) -> None:
    p = sub.add_parser("user", help="manage the station's clerks and supervisors")
    users = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = users.add_parser("add", help="add a clerk or supervisor")
    add.add_argument("name")
    add.add_argument("--role", choices=("clerk", "supervisor"), required=True)
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    add.set_defaults(handler=run_add)
    ls = users.add_parser("list", help="list users, their role and whether they are locked")
    ls.set_defaults(handler=run_list)


def run_add(args) -> int:
    from loket.i18n import t
    from loket.storage import users

    station = open_station(args)
    try:
        pin = read_pin(args.pin_stdin, t("cli.pin_prompt", name=args.name.upper()), confirm=True)
        try:
            user = users.add_user(station.db, args.name, args.role, pin, actor="cli")
        except users.UserError as exc:
            raise CliError(exc.message(), 2) from None
        print(t("user.added", name=user.name, role=t(f"role.{user.role}")))
    finally:
        station.close()
    return 0


def run_list(args) -> int:
    import datetime as dt

    from loket.i18n import t
    from loket.storage import users

    station = open_station(args)
    try:
        now = dt.datetime.now(dt.timezone.utc)
        for user in users.list_users(station.db):
            locked = users.is_locked(user, now)
            flag = t("user.locked") if locked else ""
            print(f"{user.name:<24} {t(f'role.{user.role}'):<12} {flag}".rstrip())
    finally:
        station.close()
    return 0
