"""Turning any exception into one sentence the clerk can read."""

from __future__ import annotations

from loket.i18n import t


def describe_error(exc: BaseException) -> str:
    """Errors raised on purpose carry a translated ``message()``; others get a generic line."""
    message = getattr(exc, "message", None)
    if callable(message):
        try:
            return str(message())
        except Exception:  # a broken message must not hide the original error
            pass
    return t("tui.error.unexpected", error=f"{type(exc).__name__}: {exc}")
