"""Typed storage errors: each carries an i18n key and parameters, never a raw traceback.

The TUI and CLI catch ``StorageError`` and show ``exc.message()``; the key and
params stay available for tests and for logging.
"""

from __future__ import annotations

import datetime as dt

from loket.errors import ExplainedError


class StorageError(ExplainedError):
    """Base of every error this package raises on purpose."""


# -- opening and the database file -------------------------------------------------


class DatabaseUnavailable(StorageError):
    """The database file cannot be opened or written (not a database, read-only, busy...)."""


class SchemaTooNew(DatabaseUnavailable):
    """The file was written by a newer Loket than this one."""


# -- the queue ----------------------------------------------------------------------


class QueueError(StorageError):
    """A request or Suket operation that cannot be done as asked."""


class DuplicateOpenRequest(QueueError):
    """The NIK already has an open request of this type; the attributes name it."""

    def __init__(self, *, nik: str, request_type: str, request_id: int, queue_no: int, number: str, state: str):
        super().__init__("storage.duplicate_open", nik=nik, queue_no=queue_no, number=number or "-")
        self.nik = nik
        self.request_type = request_type
        self.request_id = request_id
        self.queue_no = queue_no
        self.number = number
        self.state = state

    def message(self, language: str | None = None) -> str:
        from loket.i18n import t
        from loket.i18n.labels import REQUEST_TYPE_LABELS, STATE_LABELS, label

        return t(
            self.key,
            language=language,
            request_type=label(REQUEST_TYPE_LABELS, self.request_type, language),
            state=label(STATE_LABELS, self.state, language),
            **self.params,
        )


class NumberPatternError(QueueError):
    """A Suket/receipt number pattern that cannot produce valid numbers."""


# -- users --------------------------------------------------------------------------


class UserError(StorageError):
    """Adding or changing a user failed (bad name, bad PIN, name taken...)."""


class AuthError(UserError):
    """Login refused."""


class UnknownUser(AuthError):
    def __init__(self) -> None:
        # Same wording as BadPin, so the message does not tell which names exist.
        super().__init__("storage.auth.bad_credentials")


class BadPin(AuthError):
    def __init__(self) -> None:
        super().__init__("storage.auth.bad_credentials")


class AccountLocked(AuthError):
    def __init__(self, until: dt.datetime):
        local = until.astimezone()
        super().__init__("storage.auth.locked", until=local.strftime("%H:%M"))
        self.until = until
