"""A bulk action's outcome in words: done N, refused M by reason, each refused request by
its Suket number and the person's name (never the internal id)."""

from __future__ import annotations

from loket.i18n import t, tn
from loket.i18n.labels import STATE_LABELS, label
from loket.i18n.screen_labels import BULK_REFUSALS

NAMES_PER_GROUP = 200  # past this, a group says how many more: the counts stay exact

DONE = {"requeue": "desk.requeue.done", "void": "desk.void.done", "override": "desk.bulk.done.override"}
TITLES = {"requeue": "desk.bulk.title.requeue", "void": "desk.bulk.title.void",
          "override": "desk.bulk.title.override"}


def reason_heading(code: str, state: str | None) -> str:
    """One refusal reason without any request in it (``label`` keeps an unknown code as it is)."""
    key = BULK_REFUSALS.get(code)
    state_words = label(STATE_LABELS, state) if state else ""
    if key is not None:
        return t(key, state=state_words)
    words = label(BULK_REFUSALS, code)
    return t("desk.bulk.refusal.unknown_state", code=words, state=state_words) if state else words


def person(refusal) -> str:
    number = refusal.number or t("desk.bulk.no_number")
    return t("desk.bulk.person", number=number, name=refusal.name or "-")


def outcome_lines(outcome, describe_error=None) -> list[str]:
    """The summary, line by line: the totals first (done, not reached, refused), then each
    reason with the requests it refused."""
    from loket.tui.widgets.queue_columns import thousands

    # A void of what central holds is asked of central, not done yet: said apart.
    done, asked = outcome.done - outcome.central_asked, outcome.central_asked
    lines = [tn(DONE[outcome.action], done, count=thousands(done))] if done or not asked else []
    if asked:
        lines.append(tn("fate.void_asked_count", asked, count=thousands(asked)))
    if outcome.error is not None:
        error = describe_error(outcome.error) if describe_error else str(outcome.error)
        lines.append(tn("desk.bulk.stopped", outcome.untouched, count=thousands(outcome.untouched), error=error))
    elif outcome.cancelled:
        lines.append(tn("desk.bulk.cancelled", outcome.untouched, count=thousands(outcome.untouched)))
    if outcome.refused:
        lines.append(tn("desk.bulk.refused", len(outcome.refused), count=thousands(len(outcome.refused))))
        for (code, state), refusals in outcome.groups():
            lines.append(t("desk.bulk.group", reason=reason_heading(code, state), count=thousands(len(refusals))))
            lines += ["  • " + person(r) for r in refusals[:NAMES_PER_GROUP]]
            if len(refusals) > NAMES_PER_GROUP:
                lines.append("  " + tn("desk.bulk.more", len(refusals) - NAMES_PER_GROUP))
    return lines


def severity(outcome) -> str:
    if outcome.error is not None or (outcome.refused and not outcome.done):
        return "error"
    return "warning" if outcome.refused or outcome.cancelled else "information"
