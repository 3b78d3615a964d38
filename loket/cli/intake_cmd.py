"""``loket intake --json FILE``: bring in records captured on paper during a power cut.

Each line goes through the same validation and the same transaction as the counter
screen. Good lines are saved and get their slip; bad lines are reported with their
number and reason and change nothing, whatever they hold (a line of any length, JSON
nested any depth); the next line is read all the same. Running the same file twice
adds nothing: the second run reports each line as saved before. The last line
counts what was saved now, saved before and refused; the exit status is 0 when
every line is saved (now or before), 1 when any was refused.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from loket.cli.common import CliError, open_station, read_pin
from loket.i18n import t
from loket.i18n.os_errors import os_reason

STATION_FIELDS = ("received_at", "clerk_id", "station_id")


def register(sub) -> None:
    p = sub.add_parser("intake", help=t("cli.help.intake.command_intake"))
    p.add_argument("--json", required=True, metavar="FILE", help=t("cli.help.intake.json"))
    p.add_argument("--clerk", required=True, help=t("cli.help.intake.clerk"))
    p.add_argument("--pin-stdin", action="store_true", help=t("cli.help.intake.pin_stdin"))
    p.add_argument("--print", action="store_true", dest="send", help=t("cli.help.intake.print"))
    p.set_defaults(handler=run)


# A record is about a kilobyte; a longer line is not a record, whatever it holds.
MAX_LINE = 1024 * 1024


@dataclass
class _Tally:
    saved: int = 0
    already: int = 0
    refused: int = 0


def run(args) -> int:
    from loket.i18n import t, tn

    try:
        handle = open(args.json, "rb")
    except OSError as exc:
        raise CliError(t("import.unreadable", path=args.json, error=os_reason(exc)), 2) from None
    station = open_station(args)
    try:
        pin = read_pin(args.pin_stdin, t("cli.pin_prompt", name=args.clerk.upper()))
        clerk = station.login(args.clerk, pin)
        with handle:
            tally = _import_lines(station, clerk, handle, args.send)
    finally:
        station.close()
    print(t("intake.summary", saved=tally.saved, already=tally.already, refused=tally.refused))
    # Saved now or before is the same for whoever runs the file again: only a refusal needs a person.
    return 0 if tally.refused == 0 else 1


def _import_lines(station, clerk, lines, send: bool) -> _Tally:
    from loket.i18n import t

    tally = _Tally()
    for number, raw in _lines(lines):
        if raw is _TOO_LONG:
            tally.refused += 1
            _say(number, t("intake.line_too_long", limit=MAX_LINE))
            continue
        if raw is _NOT_UTF8:
            tally.refused += 1
            _say(number, t("intake.line_not_utf8"))
            continue
        if not raw.strip():
            continue
        try:
            outcome = _import_one(station, clerk, raw, send)
        except RecursionError:
            # Nesting deeper than any record has (a list in a list... 100,000 times).
            tally.refused += 1
            _say(number, t("intake.too_deep"))
            continue
        except _Refused as refused:
            tally.refused += 1
            _say(number, refused.text)
            continue
        if outcome.already:
            tally.already += 1
        else:
            tally.saved += 1
        _say(number, outcome.text, out=sys.stdout)
    return tally


class _Refused(Exception):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


@dataclass
class _Outcome:
    already: bool
    text: str


def _import_one(station, clerk, raw: str, send: bool) -> _Outcome:
    """Save one line; raises _Refused with the reason when it cannot be saved."""
    from loket.i18n import t
    from loket.i18n.labels import FIELD_LABELS, IMPORT_SHAPES, KIND_LABELS, label
    from loket.intake.record import IntakeRecord, RecordShapeError
    from loket.station import SubmitRefused
    from loket.storage.errors import DuplicateOpenRequest

    try:
        data = json.loads(raw)
    except ValueError as exc:  # json's own words are English: say where the line goes wrong
        raise _Refused(t("import.not_json", column=getattr(exc, "colno", 1))) from None
    try:
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in STATION_FIELDS}
        record = IntakeRecord.from_request(data)
        result = station.submit(record, clerk)
    except RecordShapeError as exc:
        raise _Refused(t(IMPORT_SHAPES[exc.problem], field=label(FIELD_LABELS, exc.field))) from None
    except SubmitRefused as exc:
        raise _Refused(" ".join(p.message() for p in exc.problems)) from None
    except DuplicateOpenRequest as exc:
        if _same_as_stored(station, record, exc.request_id):
            return _Outcome(True, t("intake.already_saved", number=exc.number or "-", queue_no=exc.queue_no))
        raise _Refused(exc.message()) from None
    except Exception as exc:
        message = getattr(exc, "message", None)
        if not callable(message):
            raise
        raise _Refused(message()) from None
    try:
        slip = station.print_slip(result, send=send)
        note = slip.message
    except Exception as exc:  # saved all the same: the slip is made when the station next opens
        message = getattr(exc, "message", None)
        note = t("intake.slip_later", error=message() if callable(message) else str(exc))
    return _Outcome(False, t("import.saved", kind=label(KIND_LABELS, result.kind), number=result.number, message=note))


def _same_as_stored(station, record, request_id: int) -> bool:
    """True when the open request for this NIK holds this very record (the line was saved before)."""
    from loket.storage import queue

    checked = station.check(record)
    view = queue.get_request(station.db, request_id)
    if not checked.ok or view is None:
        return False
    sent = checked.normalized.to_request()
    stored = {key: view.payload.get(key) for key in sent}
    return json.dumps(stored, sort_keys=True, default=str) == json.dumps(sent, sort_keys=True, default=str)


_TOO_LONG = object()
_NOT_UTF8 = object()


def _lines(handle):
    """``(line number, text)`` for each line of a binary file; a line longer than MAX_LINE
    or not UTF-8 comes as a marker, and the next line is read all the same."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            while True:  # skip the rest of it, a megabyte at a time
                rest = handle.readline(MAX_LINE)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, _TOO_LONG
            continue
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]  # a byte-order mark some editors put first
        try:
            yield number, line.decode("utf-8")
        except UnicodeDecodeError:
            yield number, _NOT_UTF8


def _say(line_number: int, text: str, out=None) -> None:
    from loket.i18n import t

    print(f"{t('import.line', n=line_number)}: {text}", file=out or sys.stderr)
