"""``loket user``: add, list, re-PIN, disable and enable station users.

Everything but ``list`` changes who can do what, so it needs a supervisor
(``--as NAME`` and their PIN, see loket.cli.authority).
"""

from __future__ import annotations

from loket.cli import authority
from loket.cli.common import CliError, open_station, read_pin
from loket.i18n import t

def register(sub) -> None:
    p = sub.add_parser("user", help=t("cli.help.user.command_user"))
    users = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = users.add_parser("add", help=t("cli.help.user.command_add"))
    add.add_argument("name")
    add.add_argument("--role", choices=("clerk", "supervisor"), required=True)
    authority.add_flags(add, pin_help=t("cli.help.user.pin_stdin"))
    add.set_defaults(handler=run_add)
    ls = users.add_parser("list", help=t("cli.help.user.command_list"))
    ls.set_defaults(handler=run_list)
    pin = users.add_parser("set-pin", help=t("cli.help.user.command_set_pin"))
    pin.add_argument("name")
    authority.add_flags(pin, pin_help=t("cli.help.user.pin_stdin"))
    pin.set_defaults(handler=run_set_pin)
    for action, active, words in (("disable", False, "cli.help.user.command_disable"),
                                  ("enable", True, "cli.help.user.command_enable")):
        toggle = users.add_parser(action, help=t(words))
        toggle.add_argument("name")
        authority.add_flags(toggle)
        toggle.set_defaults(handler=run_set_active, active=active)


def run_add(args) -> int:
    from loket.i18n import t
    from loket.i18n.labels import ROLE_LABELS, label
    from loket.storage import users

    station = open_station(args)
    try:
        who = authority.require_supervisor(station.db, args, "user add")
        pin = read_pin(args.pin_stdin, t("cli.pin_prompt", name=args.name.upper()), confirm=True)
        try:
            user = users.add_user(station.db, args.name, args.role, pin, actor=who.actor)
        except users.UserError as exc:
            raise CliError(exc.message(), 2) from None
        print(t("user.added", name=user.name, role=label(ROLE_LABELS, user.role)))
    finally:
        station.close()
    return 0


def run_set_pin(args) -> int:
    from loket.i18n import t
    from loket.storage import users

    station = open_station(args)
    try:
        who = authority.require_supervisor(station.db, args, "user set-pin")
        pin = read_pin(args.pin_stdin, t("cli.pin_prompt", name=args.name.upper()), confirm=True)
        try:
            users.set_pin(station.db, args.name, pin, actor=who.actor)
        except users.UserError as exc:
            raise CliError(exc.message(), 2) from None
        print(t("user.pin_set", name=args.name.upper()))
    finally:
        station.close()
    return 0


def run_set_active(args) -> int:
    from loket.i18n import t
    from loket.storage import users

    station = open_station(args)
    try:
        who = authority.require_supervisor(station.db, args, "user enable" if args.active else "user disable")
        try:
            users.set_active(station.db, args.name, args.active, actor=who.actor)
        except users.UserError as exc:
            raise CliError(exc.message(), 2) from None
        print(t("user.enabled" if args.active else "user.disabled", name=args.name.upper()))
    finally:
        station.close()
    return 0


def run_list(args) -> int:
    import datetime as dt

    from loket.i18n import t
    from loket.i18n.labels import ROLE_LABELS, label
    from loket.storage import users

    station = open_station(args, for_reading=True)
    try:
        now = dt.datetime.now(dt.timezone.utc)
        for user in users.list_users(station.db):
            flag = t("user.locked") if users.is_locked(user, now) else ""
            if not user.active:
                flag = t("user.inactive")
            print(f"{user.name:<24} {label(ROLE_LABELS, user.role):<12} {flag}".rstrip())
    finally:
        station.close()
    return 0
