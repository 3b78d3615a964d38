"""What the counter says during an outage: that a request is held, and what to tell the citizen.

Pure functions of the link state (a LinkReading's ``state``) and the kind of
slip, so the saved screen and the intake screen say the same thing.
"""

from __future__ import annotations

from loket.i18n import t

# States in which a saved request stays in this station's queue for now.
HOLDING_STATES = ("offline", "degraded", "revoked", "unauthorized")


def is_holding(state: str | None) -> bool:
    return state in HOLDING_STATES


def held_line(state: str | None) -> str:
    """The request is kept here and sent later ("" when the link is fine)."""
    if not is_holding(state):
        return ""
    return t("counter.outage.held_revoked" if state in ("revoked", "unauthorized") else "counter.outage.held_offline")


def tell_citizen(state: str | None, kind: str = "suket") -> str:
    """The short sentence for the citizen at the counter ("" when the link is fine)."""
    if not is_holding(state):
        return ""
    # When the office's authorization is withdrawn the link may be fine: the citizen
    # waits for access to return, not for a cable.
    if state in ("revoked", "unauthorized"):
        return t("counter.outage.tell_suket_revoked" if kind == "suket" else "counter.outage.tell_receipt_revoked")
    return t("counter.outage.tell_suket" if kind == "suket" else "counter.outage.tell_receipt")
