"""Central's reasons and a run's causes, as a supervisor reads them.

A request's ``last_error`` keeps what was said, as said: central's code
(``invalid_field:religion``, ``unknown_region``), the dotted field a conflict
names (``request.religion``), or why a run gave the request back (``timeout``,
``http_503``, ``reply_not_json``). Stored codes stay language-free and searchable;
this module turns them into words when they are shown, and keeps any code it does
not know as it is, so nothing central says is ever hidden.
"""

from __future__ import annotations

from loket.i18n import t
from loket.i18n.labels import CENTRAL_REASONS, FIELD_LABELS, SYNC_CAUSES, label

# Why a run gave requests back without a verdict (the engine's causes).
_CAUSES = ("timeout", "refused", "dropped", "unreachable", "deadline")


def _field(name: str) -> str:
    return label(FIELD_LABELS, name)


def reason_words(code: str | None, state: str | None = None) -> str:
    """``code`` in words; ``state`` ("rejected", "conflict", "queued"...) says whose words they are."""
    if not code:
        return ""
    code = str(code).strip()
    if state == "conflict" or code.startswith(("request.", "suket.")) or code in ("idempotency_key", "payload"):
        return _conflict_words(code)
    if code == "withdrawn":  # central withdrew it at this station's request (sync.withdraw)
        return t("fate.reason.withdrawn")
    if code.startswith("invalid_field:"):
        return t("reason.invalid_field", field=_field(code.split(":", 1)[1]))
    if code in ("invalid_nik", "bad_signature", "unknown_key", "unknown_region", "rejected", "conflict"):
        return t(CENTRAL_REASONS[code])
    if code in _CAUSES:
        return t("reason.no_answer", cause=label(SYNC_CAUSES, code))
    if code.startswith("http_") and code[5:].isdigit():
        return t("reason.http", status=code[5:])
    if code in ("reply_not_json", "results_missing", "result_without_key", "result_missing_for_item",
                "central_ref_missing") or code.startswith("unknown_status:"):
        return t("reason.bad_reply", what=code)
    return code


def _conflict_words(code: str) -> str:
    if code == "idempotency_key":
        return t("reason.conflict_key")
    if code in ("payload", "conflict"):
        return t("reason.conflict")
    part, _, rest = code.partition(".")
    name = rest.split(".")[-1] if rest else part
    if part == "suket":
        return t("reason.conflict_suket", field=name)
    return t("reason.conflict_field", field=_field(name))
