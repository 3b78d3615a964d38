"""``loket report --out FILE.pdf [--since DD-MM-YYYY] [--until DD-MM-YYYY] [--csv FILE]
[--separator ;|,|tab]``: the outage numbers on paper.

The PDF is one A4 page in Bahasa Indonesia that a head of office attaches to a
letter (a second page only for a long table of outages); the CSV holds the same
numbers, one per row, for a spreadsheet, in the language of the command
(``--lang`` or the station's setting).

Dates are typed the one way every date is typed in Loket, DD-MM-YYYY (ISO
YYYY-MM-DD accepted too). Without ``--since`` the report covers the period from
the local day the latest outage began (the one in progress, or the last one), or
everything recorded when the link never went down; without ``--until`` it runs
up to now.

CSV shape: see ``loket.printing.report_csv`` (four columns: section, item, value
and a stable code; dates and hours as a spreadsheet reads them; ``;`` between
fields for Indonesian, ``,`` for English, unless ``--separator`` says otherwise).
The PDF's last line is the audit log's checkpoint signed for the report
(loket/audit_seal.py).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

from loket.cli.common import CliError, open_station
from loket.i18n import t
from loket.i18n.os_errors import errno_reason, os_reason


def register(sub) -> None:
    p = sub.add_parser("report", help=t("cli.help.report.command_report"))
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=t("cli.help.report.out"))
    p.add_argument("--since", metavar="DD-MM-YYYY",
                   help=t("cli.help.report.since"))
    p.add_argument("--until", metavar="DD-MM-YYYY", help=t("cli.help.report.until"))
    p.add_argument("--csv", metavar="FILE", help=t("cli.help.report.csv"))
    p.add_argument("--separator", choices=("tab", ";", ","),
                   help=t("cli.help.report.separator"))
    p.set_defaults(handler=run)


def parse_day_option(option: str, text: str | None, today: dt.date) -> dt.date | None:
    """A day typed on the command line (DD-MM-YYYY, or ISO), not later than ``today``."""
    from loket.dates import TypedDayError, format_day, parse_day
    from loket.i18n import t

    if text is None:
        return None
    try:
        day = parse_day(text)
    except TypedDayError as exc:
        raise CliError(t("report.cli.bad_date", option=option, value=text, problem=exc.message())) from None
    if day is None:
        raise CliError(t("report.cli.bad_date", option=option, value=text, problem=t("dates.format")))
    if day > today:
        raise CliError(t("report.cli.future_date", option=option, value=format_day(day)))
    return day


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a half-written PDF is worse than none)."""
    from loket.files import write_file
    from loket.i18n import t

    try:
        write_file(path, data)
    except OSError as exc:
        raise CliError(t("report.cli.cannot_write", path=str(path), error=os_reason(exc))) from None


def _check_target(path: Path) -> None:
    """Fail before any work when the folder to write into is missing or is not a folder."""
    from loket.i18n import t

    folder = path.parent
    if path.is_dir():
        raise CliError(t("report.cli.cannot_write", path=str(path), error=errno_reason(errno.EISDIR)))
    if not folder.is_dir():
        raise CliError(t("report.cli.cannot_write", path=str(path), error=errno_reason(errno.ENOENT)))
    if not os.access(folder, os.W_OK):
        raise CliError(t("report.cli.cannot_write", path=str(path), error=errno_reason(errno.EACCES)))


def run(args) -> int:
    from loket.i18n import t
    from loket.storage import stats

    out = Path(args.out).expanduser()
    csv_path = Path(args.csv).expanduser() if args.csv else None
    tz = stats.local_tz()
    now = dt.datetime.now(dt.timezone.utc)
    today = now.astimezone(tz).date()
    since = parse_day_option("--since", args.since, today)
    until = parse_day_option("--until", args.until, today)
    if since is not None and until is not None and until < since:
        raise CliError(t("report.cli.until_before_since", since=args.since, until=args.until))
    targets = [out] + ([csv_path] if csv_path else [])
    if csv_path is not None and csv_path.resolve() == out.resolve():
        raise CliError(t("report.cli.same_file", path=str(out)))
    for target in targets:
        _check_target(target)
    station = open_station(args)
    try:
        if since is None:  # the latest outage before the period's end
            end = stats.day_start(until + dt.timedelta(days=1), tz) if until is not None else now
            since = stats.default_since(station.db, min(now, end), tz)
        numbers = stats.station_numbers(station.db, since, now, tz, until=until)
        settings = station.settings
        checkpoint = station.seal_audit("report")
    finally:
        station.close()
    from loket.i18n import get_language
    from loket.printing.report import render_report
    from loket.printing.report_csv import DEFAULT_SEPARATOR, csv_bytes, csv_rows

    write_atomically(out, render_report(numbers, settings, checkpoint=checkpoint))
    print(t("report.cli.done", path=str(out)))
    if csv_path is not None:
        separator = args.separator or DEFAULT_SEPARATOR.get(get_language(), ",")
        write_atomically(csv_path, csv_bytes(csv_rows(numbers, settings), separator))
        print(t("report.cli.done_csv", path=str(csv_path)))
    return 0
