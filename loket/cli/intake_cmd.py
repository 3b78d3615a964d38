"""``loket intake --json FILE``: bring in records captured on paper during a power cut.

Each line goes through the same validation and the same transaction as the counter
screen. Good lines are saved and get their slip; bad lines are reported with their
number and reason and change nothing. Running the same file twice adds nothing: the
second run finds each request already open.
"""

from __future__ import annotations

import json
import sys

from loket.cli.common import CliError, open_station, read_pin

STATION_FIELDS = ("received_at", "clerk_id", "station_id")


def register(sub) -> None:
    p = sub.add_parser("intake", help="import intake records from a JSON Lines file")
    p.add_argument("--json", required=True, metavar="FILE", help="JSON Lines file, one request object a line")
    p.add_argument("--clerk", required=True, help="the clerk the requests are recorded under")
    p.add_argument("--pin-stdin", action="store_true", help="read the clerk's PIN from standard input")
    p.add_argument("--print", action="store_true", dest="send", help="send each slip to the printer")
    p.set_defaults(handler=run)


def run(args) -> int:
    from loket.i18n import t, tn

    try:
        handle = open(args.json, encoding="utf-8")
    except OSError as exc:
        raise CliError(t("import.unreadable", path=args.json, error=exc.strerror or str(exc)), 2) from None
    station = open_station(args)
    try:
        pin = read_pin(args.pin_stdin, t("cli.pin_prompt", name=args.clerk.upper()))
        clerk = station.login(args.clerk, pin)
        with handle:
            saved, failed = _import_lines(station, clerk, handle, args.send)
    finally:
        station.close()
    print(tn("import.summary", saved, saved=saved, failed=failed))
    return 0 if failed == 0 else 1


def _import_lines(station, clerk, lines, send: bool) -> tuple[int, int]:
    from loket.i18n import t
    from loket.i18n.labels import FIELD_LABELS, IMPORT_SHAPES, KIND_LABELS, label
    from loket.intake.record import IntakeRecord, RecordShapeError
    from loket.station import SubmitRefused

    saved = failed = 0
    for number, raw in enumerate(_decoded(lines), start=1):
        if isinstance(raw, UnicodeDecodeError):
            failed += 1
            _say(number, t("import.not_utf8"))
            continue
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except ValueError as exc:
            failed += 1
            _say(number, t("import.not_json", error=str(exc)))
            continue
        try:
            if isinstance(data, dict):
                data = {k: v for k, v in data.items() if k not in STATION_FIELDS}
            record = IntakeRecord.from_request(data)
            result = station.submit(record, clerk)
        except RecordShapeError as exc:
            failed += 1
            _say(number, t(IMPORT_SHAPES[exc.problem], field=label(FIELD_LABELS, exc.field)))
            continue
        except SubmitRefused as exc:
            failed += 1
            _say(number, " ".join(p.message() for p in exc.problems))
            continue
        except Exception as exc:
            message = getattr(exc, "message", None)
            if not callable(message):
                raise
            failed += 1
            _say(number, message())
            continue
        slip = station.print_slip(result, send=send)
        saved += 1
        _say(number, t("import.saved", kind=label(KIND_LABELS, result.kind), number=result.number, message=slip.message), out=sys.stdout)
    return saved, failed


def _decoded(handle):
    """Lines of a text file; a line that is not UTF-8 is reported, not fatal."""
    while True:
        try:
            line = handle.readline()
        except UnicodeDecodeError as exc:
            yield exc
            return
        if not line:
            return
        yield line


def _say(line_number: int, text: str, out=None) -> None:
    from loket.i18n import t

    print(f"{t('import.line', n=line_number)}: {text}", file=out or sys.stderr)
