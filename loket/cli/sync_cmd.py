"""``loket sync`` (one run: the sync at reconnect) and ``loket status`` (link and queue).

``loket sync`` exits 0 when the queue is drained, 2 when central cannot be reached
or has revoked this station, 1 on any other failure, so a scheduler can tell
"try again later" from "someone must look".
"""

from __future__ import annotations

import json

from loket.cli.common import open_station
from loket.dates import format_moment
from loket.i18n import t

EXIT_BY_OUTCOME = {"drained": 0, "link_down": 2, "revoked": 2, "busy": 2}


def register(sub) -> None:
    p = sub.add_parser("sync", help=t("cli.help.sync.command_sync"))
    p.add_argument("--json", action="store_true", help=t("cli.help.sync.json"))
    p.add_argument("--batch-size", type=_batch_size, default=500, metavar="N",
                   help=t("cli.help.sync.batch_size"))
    p.add_argument("--deadline", type=_deadline, default=None, metavar="SECONDS",
                   help=t("cli.help.sync.deadline"))
    p.set_defaults(handler=run_sync)
    p = sub.add_parser("status", help=t("cli.help.sync.command_status"))
    p.add_argument("--json", action="store_true", help=t("cli.help.sync.json_2"))
    p.add_argument("--no-probe", action="store_true", help=t("cli.help.sync.no_probe"))
    p.set_defaults(handler=run_status)


def _batch_size(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 500:
        raise argparse.ArgumentTypeError(t("cli.args.batch_size", value=text))
    return value


def _deadline(text: str) -> float:
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (math.isfinite(value) and 0.1 <= value <= 3600):
        raise argparse.ArgumentTypeError(t("cli.args.deadline", value=text))
    return value


def _iso(value) -> str | None:
    return value.astimezone().isoformat(timespec="seconds") if value else None


def _progress_printer():
    """On a terminal, one line that counts up while a long run sends; elsewhere nothing
    (a scheduler's log wants the summary, not a thousand carriage returns)."""
    import sys

    if not sys.stderr.isatty():
        return None
    from loket.i18n import t

    def show(progress) -> None:
        if not progress.total:
            return  # nothing waiting: the summary says so
        done = progress.total - progress.left
        sys.stderr.write("\r" + t("sync.progress", done=done, total=progress.total) + "\x1b[K")
        sys.stderr.flush()

    return show


def run_sync(args) -> int:
    import sys

    station = open_station(args)
    show = None if args.json else _progress_printer()
    try:
        # An operator's (or scheduler's) run always asks central for news of cards.
        result = station.sync(on_progress=show, batch_size=args.batch_size, pull_statuses=True,
                              deadline=args.deadline)
        reading = station.link_reading()
    finally:
        station.close()
        if show is not None:
            sys.stderr.write("\r\x1b[K")
    if args.json:
        print(json.dumps({
            "outcome": result.outcome, "sent": result.sent, "accepted": result.accepted,
            "duplicate": result.duplicate, "rejected": result.rejected, "conflict": result.conflict,
            "completed": result.completed, "withdrawn": result.withdrawn, "left": result.left,
            "detail": result.detail,
            "link": reading.state, "started_at": _iso(result.started_at), "finished_at": _iso(result.finished_at),
        }, ensure_ascii=False))
    else:
        print(result.message())
    return EXIT_BY_OUTCOME.get(result.outcome, 1)


def duration_words(seconds: float) -> str:
    """``2 jam 5 menit``: how long a state has lasted, to the minute."""
    from loket.i18n import t

    minutes = max(0, int(seconds // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return t("status.duration.days", days=days, hours=hours)
    if hours:
        return t("status.duration.hours", hours=hours, minutes=minutes)
    return t("status.duration.minutes", minutes=minutes)


def _describe(reading) -> str:
    import datetime as dt

    from loket.i18n import t
    from loket.i18n.labels import LINK_STATES, label

    parts = [t("status.link", state=label(LINK_STATES, reading.state))]
    if reading.since:
        parts.append(t("status.since", when=format_moment(reading.since)))
        if reading.state != "online":  # how long the counter has been cut off
            lasted = (dt.datetime.now(dt.timezone.utc) - reading.since).total_seconds()
            parts.append(t("status.lasting", duration=duration_words(lasted)))
    if reading.reason:
        parts.append(t("status.reason", reason=reading.reason))
    return ", ".join(parts)


def run_status(args) -> int:
    from loket.i18n import t
    from loket.i18n.labels import STATE_LABELS, label

    station = open_station(args, for_reading=args.no_probe)  # a probe records what it saw
    try:
        monitor = None if args.no_probe else station.link_monitor()
        if monitor is not None:
            monitor.settle()
        reading = station.link_reading()
        counts = station.queue_counts()
        last = station.last_sync()
        office = station.office_link.state() if station.office_link is not None else None
    finally:
        station.close()
    if args.json:
        print(json.dumps({
            "link": {"state": reading.state, "since": _iso(reading.since), "reason": reading.reason,
                     "revoked_at": _iso(reading.revoked_at)},
            "queue": counts,
            "last_sync": None if last is None else {
                "outcome": last.outcome, "finished_at": _iso(last.finished_at), "sent": last.sent,
                "accepted": last.accepted, "duplicate": last.duplicate, "rejected": last.rejected,
                "conflict": last.conflict, "left": last.left},
            "office_database": None if office is None else {
                "reachable": office.reachable, "held_on_this_pc": office.held, "down_since": _iso(office.since)},
        }, ensure_ascii=False))
        return 0
    print(_describe(reading))
    if office is not None:
        print(t("office.status.up") if office.reachable
              else t("office.status.down", since=format_moment(office.since), held=office.held))
    print(t("status.queue"))
    labels = {state: label(STATE_LABELS, state) for state in counts}
    width = max(len(label) for label in labels.values())
    for state, count in counts.items():
        print(f"  {labels[state]:<{width}}  {count:>7}  ({state})")
    if last is None:
        print(t("status.no_sync"))
    else:
        print(t("status.last_sync", when=format_moment(last.finished_at), outcome=last.message()))
    return 0
