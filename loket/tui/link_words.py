"""The link to central and the sending of the queue, in the clerk's words.

Pure functions (no widgets, no I/O) so the header, the sync strip and the
notifications say the same thing, and tests can check the wording directly.
Times are shown in the office's local time: ``HH:MM`` for today, otherwise
``DD-MM-YYYY HH:MM``.
"""

from __future__ import annotations

import datetime as dt

from loket.i18n import get_language, t, tn
from loket.i18n.labels import LINK_CAUSES, LINK_NOTES, label

# A reason from central can be a paragraph; the header has one line. The full text
# goes into the notification and the header's tooltip.
REASON_MAX = 48
# Fewer cells than this for the reason, and the header leaves it out: the notification
# and the desk carry it whole.
REASON_MIN = 12
# States in which the clerk should know something is wrong, and how badly.
NOTICE_SEVERITY = {
    "online": "information",
    "offline": "warning",
    "degraded": "warning",
    "revoked": "error",
    "unauthorized": "error",
}
# Requests waiting to be sent, and requests someone has to look at.
WAITING_STATES = ("queued", "sending")
ACTION_STATES = ("rejected", "conflict")


def local_time(moment: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """``HH:MM`` when ``moment`` is today (local time), else ``DD-MM-YYYY HH:MM``."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # stored times are UTC; a naive one is read as such
        moment = moment.replace(tzinfo=dt.timezone.utc)
    local = moment.astimezone()
    today = (now or dt.datetime.now().astimezone()).astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%d-%m-%Y %H:%M")


def shorten(text: str, limit: int = REASON_MAX) -> str:
    """One line of at most ``limit`` characters, cut at a word where possible."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"


def number(value: int) -> str:
    """Thousands grouped the way the reader expects: 1.500 in Indonesian, 1,500 in English."""
    grouped = f"{int(value):,}"
    return grouped.replace(",", ".") if get_language() == "id" else grouped


def cause(reason: str | None) -> str:
    """A short cause code from the link monitor, as shown in brackets: ``http_503`` -> 503."""
    if not reason:
        return ""
    if reason.startswith("http_") and reason[5:].isdigit():
        return reason[5:]
    if reason == "rate_limited":
        return "429"
    return label(LINK_CAUSES, reason)


def _is_status(reason: str | None) -> bool:
    return bool(reason) and (reason == "rate_limited" or (reason.startswith("http_") and reason[5:].isdigit()))


def describe_link(reading, now: dt.datetime | None = None, full: bool = False, room: int | None = None) -> str:
    """The header's one line for a LinkReading (``full``: the whole reason, for tooltips).

    ``room``: the cells the line may take. A revocation's reason is then cut at a word
    to fit (or left out when too little of it would fit), not at the screen's edge.
    """
    state = reading.state
    since = local_time(reading.since, now)
    if state == "online":
        return t("tui.link.online")
    if state == "offline":
        # Central answering its health check with an error counts as down; say which error.
        code = cause(reading.reason) if _is_status(reading.reason) else ""
        if code:
            return t("tui.link.offline_code_since", code=code, since=since) if since else t(
                "tui.link.offline_code", code=code
            )
        return t("tui.link.offline_since", since=since) if since else t("tui.link.offline")
    if state == "degraded":
        code = cause(reading.reason)
        if since:
            return t("tui.link.degraded_since", code=code, since=since) if code else t(
                "tui.link.degraded_plain_since", since=since
            )
        return t("tui.link.degraded", code=code) if code else t("tui.link.degraded_plain")
    if state == "revoked":
        when = local_time(reading.revoked_at or reading.since, now)
        reason = (reading.reason or "").strip()
        if when:
            text = t("tui.link.revoked_since", since=when)
        else:
            text = t("tui.link.revoked")
        if reason and not full:
            limit = REASON_MAX
            if room is not None:
                limit = min(limit, room - len(t("tui.link.with_reason", text=text, reason="")))
            reason = shorten(reason, limit) if limit >= REASON_MIN else ""
        return t("tui.link.with_reason", text=text, reason=reason) if reason else text
    if state == "unauthorized":
        return t("tui.link.unauthorized")
    if state == "unset":
        return t("tui.link.label", state=t("tui.link.unset"))
    return t("tui.link.label", state=t("tui.link.unknown"))


def link_notice(before, after) -> tuple[str, str] | None:
    """``(message, severity)`` to notify for a change of link state, or None.

    The first answer after start-up (unknown -> online) is no news; every other
    change is: a drop so the clerk knows why nothing is sent, a return so they
    know the queue is moving again.
    """
    previous = before.state if before is not None else "unknown"
    if after.state == previous or after.state not in NOTICE_SEVERITY:
        return None
    if after.state == "online" and previous in ("unset", "unknown"):
        return None
    severity = NOTICE_SEVERITY[after.state]
    if after.state == "degraded":
        code = cause(after.reason)
        return t("tui.link.note.degraded", code=code or "?"), severity
    if after.state == "revoked":
        reason = (after.reason or "").strip() or t("tui.link.no_reason")
        return t("tui.link.note.revoked", reason=reason), severity
    return label(LINK_NOTES, after.state), severity


def queue_line(counts: dict[str, int] | None) -> str:
    """``Antrean: 12 menunggu · 2 perlu tindakan`` (the second part only when there are any)."""
    if counts is None:
        return t("tui.sync.queue_unknown")
    waiting = sum(counts.get(state, 0) for state in WAITING_STATES)
    action = sum(counts.get(state, 0) for state in ACTION_STATES)
    if action:
        return tn("tui.sync.queue_needing_action", action, waiting=number(waiting), count=number(action))
    return t("tui.sync.queue", waiting=number(waiting))


def needs_action(counts: dict[str, int] | None) -> bool:
    return bool(counts) and any(counts.get(state, 0) for state in ACTION_STATES)


def progress_line(progress) -> str:
    """``Mengirim 1.500 dari 10.000`` (or just ``Mengirim…`` before the first count)."""
    if progress is None or not progress.total:
        return t("tui.sync.starting")
    return t("tui.sync.sending", sent=number(progress.sent), total=number(progress.total))


def result_summary(result) -> str:
    """What a finished run did: counts when it ran to the end, else its own sentence."""
    if result.outcome == "drained":
        counts = dict(sent=number(result.sent), rejected=number(result.rejected), left=number(result.left))
        if result.conflict:
            return t("tui.sync.summary_with_conflict", conflict=number(result.conflict), **counts)
        return t("tui.sync.summary", **counts)
    return result.message()


def result_line(result, now: dt.datetime | None = None) -> str:
    """``Sinkron terakhir 08:31: 120 terkirim, 0 ditolak, sisa 0`` (or the failure sentence)."""
    if result is None:
        return t("tui.sync.never")
    return t("tui.sync.last", time=local_time(result.finished_at, now), summary=result_summary(result))


def result_is_bad(result) -> bool:
    """Whether the last run needs the clerk's (or supervisor's) attention."""
    return result is not None and (
        result.outcome not in ("drained", "cancelled", "link_down", "busy") or bool(result.rejected or result.conflict)
    )
