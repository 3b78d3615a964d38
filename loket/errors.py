"""The one shape of an error a person can act on, shared by every package."""

from __future__ import annotations


class ExplainedError(Exception):
    """``key`` names the sentence in the message catalogs; ``params`` fill it in.

    The sentence is made when it is shown, in the language chosen then, so an
    error raised before a language switch still reads right after it.
    """

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, language: str | None = None) -> str:
        from loket.i18n import t

        return t(self.key, language=language, **self.params)

    def __str__(self) -> str:
        return self.message()
