"""What validation reports: one ``Problem`` per thing wrong, each naming its field."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """A parameter that is itself a catalog entry (a field or choice label), so it is
    shown in whatever language the message is rendered in."""

    key: str


@dataclass
class Problem:
    """One error or warning about one field.

    ``code`` says what is wrong (``required``, ``length``, ``not_in_parent``...);
    ``params`` carry the details the message shows. The message is the one
    loket.i18n.labels.INTAKE_PROBLEMS lists for ``<field>.<code>``, else for ``<code>``.
    """

    field: str
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def message_key(self) -> str:
        from loket.i18n.labels import INTAKE_PROBLEMS

        return INTAKE_PROBLEMS.get(f"{self.field}.{self.code}") or INTAKE_PROBLEMS.get(self.code) or self.code

    def message(self, language: str | None = None) -> str:
        """A full sentence in the clerk's language that starts from the field's label."""
        from loket.i18n import t
        from loket.i18n.labels import FIELD_LABELS, label

        params = {
            name: t(value.key, language=language) if isinstance(value, Term) else value
            for name, value in self.params.items()
        }
        params["field"] = label(FIELD_LABELS, self.field, language)
        return t(self.message_key(), language=language, **params)

    def as_dict(self) -> dict[str, object]:
        """Plain data (for logs and JSON): field, code and params, labels as their keys."""
        return {
            "field": self.field,
            "code": self.code,
            "params": {k: (v.key if isinstance(v, Term) else v) for k, v in self.params.items()},
        }


def shown(value: object, limit: int = 40) -> str:
    """A typed value as quoted in a message: single line, cut when long."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
