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
    if isinstance(exc, OSError):  # the system refused: say why in the clerk's words, and where
        from loket.i18n.os_errors import os_reason

        where = f"{exc.filename}: " if exc.filename else ""
        return t("tui.error.system", reason=f"{where}{os_reason(exc)}")
    return t("tui.error.unexpected", error=f"{type(exc).__name__}: {exc}")
