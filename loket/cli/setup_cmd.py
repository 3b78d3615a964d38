"""``loket setup``: onboard a station, with flags or by answering prompts."""

from __future__ import annotations

import sys

from loket.cli.common import CliError, read_pin
from loket.errors import ExplainedError
from loket.i18n import LANGUAGES, t

# flag -> settings field; values not given keep what the station already has.
_FLAGS = {
    "office_code": "office_code",
    "office_name": "office_name",
    "office_address": "office_address",
    "head_name": "head_name",
    "head_nip": "head_nip",
    "station_id": "station_id",
    "central_url": "central_url",
    "token": "central_token",
    "paper": "paper",
    "validity_months": "validity_months",
    "printer": "printer",
    "printer_arg": "printer_command",
    "language": "language",
    "number_pattern": "number_pattern",
}


def register(sub) -> None:
    p = sub.add_parser("setup", help=t("cli.help.setup.command_setup"))
    p.add_argument("--office-code", help=t("cli.help.setup.office_code"))
    p.add_argument("--office-name", help=t("cli.help.setup.office_name"))
    p.add_argument("--office-address")
    p.add_argument("--head-name", help=t("cli.help.setup.head_name"))
    p.add_argument("--head-nip", help=t("cli.help.setup.head_nip"))
    p.add_argument("--station-id", help=t("cli.help.setup.station_id"))
    p.add_argument("--central-url")
    p.add_argument("--token", help=t("cli.help.setup.token"))
    p.add_argument("--paper", choices=("A4", "F4"))
    p.add_argument("--validity-months", type=int, help=t("cli.help.setup.validity_months"))
    p.add_argument("--printer", help=t("cli.help.setup.printer"))
    p.add_argument("--printer-arg", action="append", metavar="ARG",
                   help=t("cli.help.setup.printer_arg"))
    p.add_argument("--language", choices=LANGUAGES)
    p.add_argument("--number-pattern", help=t("cli.help.setup.number_pattern"))
    p.add_argument("--database", metavar="URL",
                   help=t("cli.help.setup.database"))
    p.add_argument("--supervisor", help=t("cli.help.setup.supervisor"))
    p.add_argument("--as", dest="as_name", metavar="NAME",
                   help=t("cli.help.setup.as"))
    p.add_argument("--pin-stdin", action="store_true",
                   help=t("cli.help.setup.pin_stdin"))
    p.add_argument("--encrypt", action="store_true",
                   help=t("cli.help.setup.encrypt"))
    p.set_defaults(handler=run)


def run(args) -> int:
    from loket.config import DataPaths, Settings, SettingsError, load_settings, resolve_data_dir
    from loket.i18n import t
    from loket.setup import setup_station

    paths = DataPaths(resolve_data_dir(args.data_dir))
    if args.encrypt:
        _check_encryption_extra()
    try:
        settings = load_settings(paths) if paths.settings.exists() else Settings()
    except SettingsError:
        # A broken file is replaced by the values given; the old one is kept as .bak.
        settings = Settings()
    fresh = not paths.settings.exists()
    given = set()
    actor = "setup"
    if _set_up_already(paths):
        # Only the very first setup of an empty station needs no one's PIN.
        from loket.cli import authority
        from loket.station import Station

        station = Station.open(paths.root)  # its own file, or its office's database
        try:
            actor = authority.require_supervisor(station.db, args, "setup").actor
        finally:
            station.close()
    for flag, name in _FLAGS.items():
        value = getattr(args, flag)
        if value is not None:
            setattr(settings, name, value.strip() if isinstance(value, str) else value)
            given.add(name)
    interactive = sys.stdin.isatty() and not args.pin_stdin
    password = None
    joined = False
    database = args.database or settings.database
    if database:
        password, joined = connect_office(settings, database, interactive, given)
    supervisor, pin, clerk = args.supervisor, None, None
    if interactive:
        supervisor, pin, clerk = _ask(settings, supervisor, fresh, joined)
    _derive_region_names(settings)
    if not settings.station_id and settings.office_code:
        settings.station_id = f"{settings.office_code}-LKT01"
    if supervisor and pin is None:
        pin = read_pin(args.pin_stdin, t("cli.pin_prompt", name=supervisor.upper()), confirm=True)
    elif not supervisor and fresh and not joined:
        raise CliError(t("setup.need_supervisor"), 2)
    try:
        report = setup_station(args.data_dir, settings, supervisor, pin, password=password, given=given,
                               first_clerk=clerk, actor=actor)
    except ExplainedError as exc:
        raise CliError(exc.message(), 2) from None
    if report.joined_office:
        print(t("office.joined", office=settings.office_name, station=settings.station_id))
    print(t("setup.done_created" if report.created_settings else "setup.done_updated", path=str(report.paths.root)))
    print(t("setup.station", station=settings.station_id, office=settings.office_name))
    print(t("setup.key_new" if report.created_key else "setup.key_kept", kid=report.kid))
    if report.created_supervisor:
        print(t("setup.supervisor_added", name=supervisor.upper()))
    if clerk is not None:
        print(t("counter.setup.clerk_added", name=clerk[0]))
    if args.encrypt:
        _encrypt(paths)
    print(t("counter.setup.next_steps"))
    return 0


def _check_encryption_extra() -> None:
    from loket.storage.cipher import driver

    try:
        driver()
    except ExplainedError as exc:
        raise CliError(exc.message(), 2) from None


def _encrypt(paths) -> None:
    """Encrypt this PC's database file now (a second ``--encrypt`` says it already is)."""
    from loket.i18n import t
    from loket.storage.cipher import encrypt_file, is_encrypted

    path = paths.database.absolute()
    if is_encrypted(path):
        print(t("encrypt.already", path=str(path)))
        return
    try:
        where = encrypt_file(path)
    except ExplainedError as exc:
        raise CliError(exc.message(), 2) from None
    if where == "credential_store":
        print(t("encrypt.done_store", path=str(path)))
    else:
        print(t("encrypt.done_file", path=str(path), key=where))


def connect_office(settings, url: str, interactive: bool, given: set[str]) -> tuple[str | None, bool]:
    """Reach the office database; returns (password to use, whether the office exists there).

    The password is what libpq would find (PGPASSWORD, the password file), the one
    in the address, or one typed at the prompt; a typed or given one is kept in the
    user's libpq password file, never in loket.toml.
    """
    import getpass

    from loket.i18n import t
    from loket.setup import office_settings
    from loket.storage.errors import DatabaseUnavailable
    from loket.storage.target import check_url, describe_url, password_in, password_file, save_password

    try:
        settings.database = check_url(url)
    except DatabaseUnavailable as exc:
        raise CliError(exc.message(), 2) from None
    password = password_in(url)
    for _ in range(3):
        try:
            shared = office_settings(settings, password)
            break
        except DatabaseUnavailable as exc:
            if not (interactive and exc.key in ("office.needs_password", "office.bad_password")):
                raise CliError(exc.message(), 2) from None
            if exc.key == "office.bad_password":
                print(exc.message(), file=sys.stderr)
            password = getpass.getpass(t("office.ask_password", database=describe_url(settings.database)))
    else:
        raise CliError(t("office.bad_password", path=describe_url(settings.database)), 2)
    if password:
        keep = not interactive or input(t("office.ask_keep_password", path=str(password_file()))).strip().lower() in (
            "", "y", "ya", "yes")
        if keep:
            print(t("office.password_kept", path=str(save_password(settings.database, password))))
    for name, value in shared.items():
        if name not in given:
            setattr(settings, name, value)
    return password, bool(shared)


def _ask(settings, supervisor: str | None, fresh: bool, joined: bool = False):
    """Every question at the terminal, before anything is written: an abort leaves nothing behind."""
    from loket.cli.setup_prompts import SetupAborted, Terminal, ask_first_clerk, ask_office, ask_pin, ask_supervisor
    from loket.i18n import t

    term = Terminal()
    pin = clerk = None
    try:
        ask_office(term, settings)
        # A counter joining an office finds its supervisor and clerks there already.
        if supervisor is None and fresh and not joined:
            supervisor, pin = ask_supervisor(term)
        elif supervisor is not None:
            pin = ask_pin(term, supervisor.upper())
        if fresh and not joined:
            clerk = ask_first_clerk(term, taken=(supervisor.upper(),) if supervisor else ())
    except SetupAborted:
        raise CliError(t("counter.setup.aborted"), 130) from None
    return supervisor, pin, clerk


def _set_up_already(paths) -> bool:
    """A settings file or a database with users in it: someone set this station up."""
    if paths.settings.exists():
        return True
    if not paths.database.exists():
        return False
    from loket.storage import users
    from loket.storage.db import open_database

    db = open_database(paths.database)
    try:
        return bool(users.list_users(db))
    finally:
        db.close()


def _derive_region_names(settings) -> None:
    """Letterhead province and city come from the office code, not from typing."""
    from loket.intake import regions

    code = settings.office_code
    if len(code) == 4 and code.isdigit():
        settings.province = regions.name_of(code[:2]) or settings.province
        settings.city = regions.name_of(f"{code[:2]}.{code[2:]}") or settings.city
