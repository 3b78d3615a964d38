"""``loket report --out FILE.pdf [--since YYYY-MM-DD] [--csv FILE]``: the outage numbers on paper.

The PDF is one A4 page in Bahasa Indonesia that a head of office attaches to a
letter; the CSV holds the same numbers, one per row, for a spreadsheet.

Without ``--since`` the report covers the period from the local day the latest
outage began (the one in progress, or the last one), or everything recorded when
the link never went down.

CSV shape: UTF-8 with a byte-order mark (so spreadsheet programs read the letters
right), a header row ``section,key,value``, then one row per number. Counts are
plain digits; times are ISO 8601 in the station's time zone. Sections: ``station``,
``period``, ``issued``, ``taken`` (requests taken in the period, by their state
now), ``now`` (every request by its state now, what waits, the oldest waiting),
``outage.N``, ``purpose.<code>``, ``sukets_per_day`` and ``receipts_per_day``.
The PDF's last line is the audit log's checkpoint signed for the report
(loket/audit_seal.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from loket.cli.common import CliError, open_station


def register(sub) -> None:
    p = sub.add_parser("report", help="the outage numbers: a one-page PDF (and a CSV) to attach to a letter")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the one-page PDF")
    p.add_argument("--since", metavar="YYYY-MM-DD",
                   help="first day of the period (default: the day the latest outage began)")
    p.add_argument("--csv", metavar="FILE", help="also write the numbers as CSV (section, key, value)")
    # Also accepted after the command; SUPPRESS keeps a value given before it.
    p.add_argument("--data-dir", default=argparse.SUPPRESS, help="station data folder")
    p.set_defaults(handler=run)


def parse_since(text: str | None, today: dt.date) -> dt.date | None:
    from loket.i18n import t

    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(t("report.cli.bad_since", value=text)) from None
    if day > today:
        raise CliError(t("report.cli.future_since", value=day.isoformat()))
    return day


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a half-written PDF is worse than none)."""
    from loket.files import write_file
    from loket.i18n import t

    try:
        write_file(path, data)
    except OSError as exc:
        raise CliError(t("report.cli.cannot_write", path=str(path), error=exc.strerror or str(exc))) from None


def csv_bytes(rows: list[tuple[str, str, str]]) -> bytes:
    import csv
    import io

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(("section", "key", "value"))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _check_target(path: Path) -> None:
    """Fail before any work when the folder to write into is missing or is not a folder."""
    from loket.i18n import t

    folder = path.parent
    if path.is_dir():
        raise CliError(t("report.cli.cannot_write", path=str(path), error=os.strerror(21)))  # EISDIR
    if not folder.is_dir():
        raise CliError(t("report.cli.cannot_write", path=str(path), error=os.strerror(2)))  # ENOENT
    if not os.access(folder, os.W_OK):
        raise CliError(t("report.cli.cannot_write", path=str(path), error=os.strerror(13)))  # EACCES


def run(args) -> int:
    from loket.i18n import t
    from loket.storage import stats

    out = Path(args.out).expanduser()
    csv_path = Path(args.csv).expanduser() if args.csv else None
    tz = stats.local_tz()
    now = dt.datetime.now(dt.timezone.utc)
    since = parse_since(args.since, now.astimezone(tz).date())
    targets = [out] + ([csv_path] if csv_path else [])
    if csv_path is not None and csv_path.resolve() == out.resolve():
        raise CliError(t("report.cli.same_file", path=str(out)))
    for target in targets:
        _check_target(target)
    station = open_station(args)
    try:
        if since is None:
            since = stats.default_since(station.db, now, tz)
        numbers = stats.station_numbers(station.db, since, now, tz)
        settings = station.settings
        checkpoint = station.seal_audit("report")
    finally:
        station.close()
    from loket.printing.report import csv_rows, render_report

    write_atomically(out, render_report(numbers, settings, checkpoint=checkpoint))
    print(t("report.cli.done", path=str(out)))
    if csv_path is not None:
        write_atomically(csv_path, csv_bytes(csv_rows(numbers, settings)))
        print(t("report.cli.done_csv", path=str(csv_path)))
    return 0
