"""The outage report's line for the audit log's signed checkpoint (loket/audit_seal.py).

Printed under the report's footer: the event it covers, the start of its hash, when
it was signed and by which key. Whoever holds the paper can later compare it with
``loket audit verify`` and with central's copy, even if every file was replaced.
"""

from __future__ import annotations

import datetime as dt

from loket.i18n import t

LANG = "id"


def checkpoint_text(checkpoint, tz: dt.tzinfo | None, language: str = LANG) -> str:
    """The line; its signing time written as the report's other times are (stored in UTC)."""
    from loket.printing.report_outages import short_time  # here: that module imports the report's

    signed = dt.datetime.fromisoformat(checkpoint.at.replace("Z", "+00:00"))
    return t("audit.checkpoint.report_line", language=language, station=checkpoint.station_id,
             seq=checkpoint.seq, hash=checkpoint.hash[:16], at=short_time(signed, tz), kid=checkpoint.kid[:12])


def checkpoint_line(page, checkpoint, tz: dt.tzinfo | None) -> None:
    """One small line at the cursor; nothing when there is no checkpoint (an empty log)."""
    if checkpoint is not None:
        page.font(7.5)
        page.line(checkpoint_text(checkpoint, tz), 4)
