"""What a sync run reports: progress while it runs, and its result at the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# busy: not started, another run of this station holds its sync (an office database)
OUTCOMES = ("drained", "link_down", "revoked", "unauthorized", "failed", "cancelled", "not_configured", "busy")


@dataclass(frozen=True)
class SyncProgress:
    total: int
    sent: int
    accepted: int
    duplicate: int
    rejected: int
    conflict: int
    left: int


@dataclass(frozen=True)
class SyncResult:
    outcome: str
    sent: int
    accepted: int
    duplicate: int
    rejected: int
    conflict: int
    left: int
    started_at: dt.datetime
    finished_at: dt.datetime
    detail: str | None = None
    completed: int = 0
    withdrawn: int = 0  # records central withdrew (or never held) at the station's request

    def message(self) -> str:
        from loket.i18n import t
        from loket.i18n.labels import SYNC_CAUSES, SYNC_OUTCOMES, label

        counts = t("sync.counts", sent=self.sent, accepted=self.accepted, duplicate=self.duplicate,
                   rejected=self.rejected + self.conflict, left=self.left)
        detail = self.detail or ""
        if detail in SYNC_CAUSES:
            detail = label(SYNC_CAUSES, detail)
        return t(SYNC_OUTCOMES[self.outcome], counts=counts, detail=detail)


@dataclass
class Tally:
    """The running counts of one run."""

    total: int = 0
    sent: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    conflict: int = 0
    completed: int = 0
    withdrawn: int = 0

    def progress(self) -> SyncProgress:
        done = self.accepted + self.duplicate + self.rejected + self.conflict
        return SyncProgress(self.total, self.sent, self.accepted, self.duplicate, self.rejected, self.conflict,
                            max(0, self.total - done))
