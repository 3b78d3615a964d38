"""Where a request's records at central stand, as lines for the desk's detail pane.

Read from the request's history (``desk.history``): every withdrawal asked of central
(a void of a request central holds, the old record of a conflict sent again under a
new key) and central's answer, if any, so the pane needs no query of its own. One
line per record named, with its latest news.
"""

from __future__ import annotations

from loket.i18n import t
from loket.i18n.labels import FATE_LINES

# The audit actions of ``storage.fate`` and where each leaves the record.
_STANDING = {
    "request.withdrawal_asked": "pending",
    "request.withdrawn": "withdrawn",
    "request.withdrawal_refused": "refused",
    "request.withdrawal_unsupported": "unsupported",
}
_ANSWER_WORDS = {"card_printed": "fate.reason.card_printed"}


def fate_lines(history: list) -> list[str]:
    latest: dict[str, tuple[str, dict]] = {}
    for entry in history:
        standing = _STANDING.get(entry.action) if entry.source == "audit" else None
        if standing is not None:
            details = entry.details or {}
            latest[str(details.get("old_key"))] = (standing, details)
    lines = []
    for key, (standing, details) in latest.items():
        line = FATE_LINES.get((details.get("purpose"), standing))
        if line is None:
            continue
        answer = details.get("answer") or ""
        reason = t(_ANSWER_WORDS[answer]) if answer in _ANSWER_WORDS else answer
        ref = details.get("central_ref") or t("fate.detail.no_ref")
        lines.append(t(line, ref=ref, key=key[:8], reason=reason))
    return lines
