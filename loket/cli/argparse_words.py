"""argparse's refusals of a command line, in the operator's language.

argparse words its errors in English, and Python ships no Indonesian for them. The
ones a person meets (a missing or unknown argument, a value not among the choices, a
number that is not one) are told here in the chosen language; any other message is
passed on as argparse wrote it.
"""

from __future__ import annotations

import re

from loket.i18n import t

# Whole messages.
_MESSAGES = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli.args.required"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "cli.args.unrecognized"),
    (re.compile(r"one of the arguments (?P<names>.+) is required"), "cli.args.one_of"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"), "cli.args.ambiguous"),
)
# "argument NAME: PROBLEM".
_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<problem>.+)")
_PROBLEMS = (
    (re.compile(r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"), "cli.args.invalid_choice"),
    (re.compile(r"expected one argument"), "cli.args.expected_one"),
    (re.compile(r"invalid (?P<type>\w+) value: (?P<value>.+)"), "cli.args.invalid_value"),
    (re.compile(r"not allowed with argument (?P<other>.+)"), "cli.args.not_allowed_with"),
)
# The value types a person can get wrong, named for a person.
_TYPES = {"int": "cli.args.type.int", "float": "cli.args.type.float"}


def in_words(message: str) -> str:
    """``message`` from argparse, in the chosen language where it is one of those above."""
    for pattern, key in _MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return t(key, **found.groupdict())
    argument = _ARGUMENT.fullmatch(message)
    if argument is None:
        return message
    for pattern, key in _PROBLEMS:
        found = pattern.fullmatch(argument["problem"])
        if found:
            fields = found.groupdict()
            if "type" in fields:
                fields["type"] = t(_TYPES[fields["type"]]) if fields["type"] in _TYPES else fields["type"]
            return t(key, name=argument["name"], **fields)
    # A problem worded by our own checks (already in the operator's language), or one not known.
    return t("cli.args.argument", name=argument["name"], problem=argument["problem"])
