"""How a message names one request to a person: by its Suket (or receipt) number and the
resident's name, or by its queue number while it has no document; never by its row id.

A ``RequestName`` is passed as a message parameter (``t(key, request=RequestName(...))``)
and put into words when the message is, in that message's language: an error raised
before an F9 language switch still reads whole in the new language.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RequestName:
    name: str
    queue_no: int | None = None
    number: str | None = None  # the newest Suket or receipt number
    kind: str | None = None  # "suket" or "receipt": which document ``number`` is

    @classmethod
    def of_view(cls, view) -> RequestName:
        """The words naming a request already read (a ``storage.views.RequestView``)."""
        suket = view.suket
        return cls(view.name, view.queue_no, suket.number if suket else None, suket.kind if suket else None)

    def words(self, language: str | None = None) -> str:
        from loket.i18n import t

        name = self.name or "-"
        if self.number:
            key = "notice.request.receipt" if self.kind == "receipt" else "notice.request.suket"
            return t(key, language=language, number=self.number, name=name)
        if self.queue_no is not None:
            return t("notice.request.queue", language=language, queue_no=self.queue_no, name=name)
        return t("notice.request.name", language=language, name=name)

    def __str__(self) -> str:
        return self.words()
