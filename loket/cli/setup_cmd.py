"""``loket setup``: onboard a station, with flags or by answering prompts."""

from __future__ import annotations

import sys

from loket.cli.common import CliError, read_pin
from loket.i18n import LANGUAGES

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
    "printer_command": "printer_command",
    "language": "language",
    "number_pattern": "number_pattern",
}


def register(sub) -> None:
    p = sub.add_parser("setup", help="create or update this station's settings, key and first supervisor")
    p.add_argument("--office-code", help="4-digit region code of the office, e.g. 7373")
    p.add_argument("--office-name", help='e.g. "Dinas Kependudukan dan Pencatatan Sipil Kota Palopo"')
    p.add_argument("--office-address")
    p.add_argument("--head-name", help="head of office (Kepala Dinas), as signed on the Suket")
    p.add_argument("--head-nip", help="head of office's 18-digit NIP")
    p.add_argument("--station-id", help="office code, dash, counter id, e.g. 7373-LKT01")
    p.add_argument("--central-url")
    p.add_argument("--token", help="bearer token issued by central")
    p.add_argument("--paper", choices=("A4", "F4"))
    p.add_argument("--validity-months", type=int, help="Suket validity in months (default 6)")
    p.add_argument("--printer-command", help='e.g. "lp -d COUNTER1" (the PDF path is appended)')
    p.add_argument("--language", choices=LANGUAGES)
    p.add_argument("--number-pattern", help="Suket number pattern, e.g. 471/{seq:04d}/{station}/{month_roman}/{year}")
    p.add_argument("--supervisor", help="name of the first supervisor")
    p.add_argument("--pin-stdin", action="store_true", help="read the supervisor's PIN from standard input")
    p.set_defaults(handler=run)


def run(args) -> int:
    from loket.config import DataPaths, Settings, SettingsError, load_settings, resolve_data_dir
    from loket.i18n import t
    from loket.setup import setup_station

    paths = DataPaths(resolve_data_dir(args.data_dir))
    try:
        settings = load_settings(paths) if paths.settings.exists() else Settings()
    except SettingsError:
        # A broken file is replaced by the values given; the old one is kept as .bak.
        settings = Settings()
    fresh = not paths.settings.exists()
    for flag, name in _FLAGS.items():
        value = getattr(args, flag)
        if value is not None:
            setattr(settings, name, value.strip() if isinstance(value, str) else value)
    interactive = sys.stdin.isatty() and not args.pin_stdin
    if interactive:
        _ask_missing(settings)
    _derive_region_names(settings)
    if not settings.station_id and settings.office_code:
        settings.station_id = f"{settings.office_code}-LKT01"
    supervisor = args.supervisor
    pin = None
    if supervisor is None and fresh and interactive:
        supervisor = input(t("setup.ask_supervisor")).strip() or None
    if supervisor:
        pin = read_pin(args.pin_stdin, t("cli.pin_prompt", name=supervisor.upper()), confirm=True)
    elif fresh:
        raise CliError(t("setup.need_supervisor"), 2)
    try:
        report = setup_station(args.data_dir, settings, supervisor, pin)
    except SettingsError as exc:
        raise CliError(exc.message(), 2) from None
    print(t("setup.done_created" if report.created_settings else "setup.done_updated", path=str(report.paths.root)))
    print(t("setup.station", station=settings.station_id, office=settings.office_name))
    print(t("setup.key_new" if report.created_key else "setup.key_kept", kid=report.kid))
    if report.created_supervisor:
        print(t("setup.supervisor_added", name=supervisor.upper()))
    return 0


def _derive_region_names(settings) -> None:
    """Letterhead province and city come from the office code, not from typing."""
    from loket.intake import regions

    code = settings.office_code
    if len(code) == 4 and code.isdigit():
        settings.province = regions.name_of(code[:2]) or settings.province
        settings.city = regions.name_of(f"{code[:2]}.{code[2:]}") or settings.city


# Suggestions shown in brackets at the prompts: Enter takes them. They describe the
# office this software was first written for; every office types its own.
_SUGGESTIONS = {
    "office_code": "7373",
    "office_name": "Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
    "office_address": "Jl. Andi Djemma No. 1, Palopo",
}


def _ask_missing(settings) -> None:
    from loket.i18n import t
    from loket.i18n.labels import SETUP_QUESTIONS

    for name in ("office_code", "office_name", "office_address", "head_name", "head_nip"):
        if getattr(settings, name):
            continue
        suggestion = _SUGGESTIONS.get(name, "")
        prompt = t(SETUP_QUESTIONS[name]) + (f"[{suggestion}] " if suggestion else "")
        setattr(settings, name, input(prompt).strip() or suggestion)
    if not settings.station_id and settings.office_code:
        default = f"{settings.office_code}-LKT01"
        answer = input(t("setup.ask_station_id", default=default)).strip()
        settings.station_id = answer.upper() or default
