"""The ``loket`` command: the counter app by default, and the operator's subcommands.

Every failure a person can cause (a flag, a file, a PIN, a missing setup) ends in
one clear sentence on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from loket.cli.common import CliError, fail
from loket.i18n import LANGUAGES, t
from loket.i18n.os_errors import os_reason

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, t("cli.usage") if prefix is None else prefix)


# argparse's own section titles (3.10 and later spell the second "options").
_TITLES = {"positional arguments:": "cli.positional", "options:": "cli.options"}


# Set on the parsed arguments: the (sub)command parser that was left with unknown ones.
REFUSED_BY = "_refused_by"


class _Parser(argparse.ArgumentParser):
    """argparse, in the operator's language: its help, its usage line and its refusals."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("conflict_handler", "resolve")
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli.help.help"))
        # Every command (and subcommand) takes --data-dir after its name as well as before
        # it: `loket status --data-dir D` is how operators type it. SUPPRESS keeps a value
        # given before the command. A command whose --data-dir means something else
        # (demo: the demo's folder) adds its own, which replaces this one ("resolve").
        self.add_argument("--data-dir", default=argparse.SUPPRESS, help=t("cli.help.main.data_dir_2"))

    def format_help(self) -> str:
        lines = super().format_help().split("\n")
        return "\n".join(t(_TITLES[line]) if line in _TITLES else line for line in lines)

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if extras and not hasattr(namespace, REFUSED_BY):
            # The innermost command that was left with them: a subcommand's namespace is
            # copied into its parent's, so the name travels up to the top.
            setattr(namespace, REFUSED_BY, self)
        return namespace, extras

    def error(self, message: str):  # argparse's default, in the operator's language, exit code fixed
        from loket.cli.argparse_words import in_words

        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"loket: {in_words(message)}\n")


def _global_parser(**kwargs) -> argparse.ArgumentParser:
    parser = _Parser(prog="loket", description=t("cli.help.main.prog_about"), **kwargs)
    parser.add_argument("--data-dir", help=t("cli.help.main.data_dir"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.help.main.lang"))
    parser.add_argument("--version", action="store_true", help=t("cli.help.main.version"))
    return parser


def build_parser() -> argparse.ArgumentParser:
    from loket.cli import (
        audit_cmd, backup_cmd, central_cmd, demo_cmd, export_cmd, intake_cmd, keys_cmd, migrate_cmd, report_cmd,
        setup_cmd, sync_cmd, user_cmd, verifypage_cmd,
    )

    parser = _global_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (setup_cmd, user_cmd, intake_cmd, keys_cmd, audit_cmd, backup_cmd, sync_cmd, demo_cmd, central_cmd, export_cmd,
                   report_cmd, migrate_cmd, verifypage_cmd):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.version:
        from loket import __version__

        print(f"loket {__version__}")
        return EXIT_OK
    if args.command is None:  # a command's language was chosen before its parser was built (_parse)
        _choose_language(args, from_settings=False)
    try:
        if args.command is None:
            from loket.cli.app_cmd import run

            return run(args)
        return args.handler(args)
    except CliError as exc:
        return fail(str(exc), exc.status)
    except KeyboardInterrupt:
        return fail(t("cli.interrupted"), 130)
    except BrokenPipeError:
        # The reader went away (`loket status | head -1`): nothing to say, and
        # nothing more to write; end quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:  # every known error class carries a translated message()
        message = getattr(exc, "message", None)
        if callable(message):
            return fail(message(), EXIT_FAILED)
        if isinstance(message, str):
            return fail(message, EXIT_FAILED)
        if isinstance(exc, OSError):
            return fail(f"{os_reason(exc)}: {exc.filename or ''}".rstrip(": "), EXIT_FAILED)
        from loket.cli.common import report_unexpected

        return report_unexpected(exc, args)


# Options whose value may begin with "-" (a token from before tokens avoided it):
# `--token -abc` is read as `--token=-abc` instead of failing with "expected one argument".
_DASH_VALUES = ("--token",)


def _attach_dash_values(argv: list[str]) -> list[str]:
    joined: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--":
            joined += [item, *items]
            break
        if item in _DASH_VALUES:
            value = next(items, None)
            if value is not None and value.startswith("-") and value != "--":
                joined.append(f"{item}={value}")
                continue
            joined += [item] if value is None else [item, value]
            continue
        joined.append(item)
    return joined


def _parse(argv: list[str]) -> argparse.Namespace:
    argv = _attach_dash_values(argv)
    # LOKET_LANG at once: a mistake in the global options is told in it too.
    if os.environ.get("LOKET_LANG") in LANGUAGES:
        from loket.i18n import set_language

        set_language(os.environ["LOKET_LANG"])
    # The counter app is the common case and start-up time matters at the counter:
    # plain `loket [--data-dir D] [--lang L]` skips building every subcommand's parser.
    quick = _global_parser(add_help=False)
    known, rest = quick.parse_known_args(argv)
    if not rest and "-h" not in argv and "--help" not in argv:
        known.command = None
        return known
    # The language first, so that a mistake in the command line is told in it.
    _choose_language(known, from_settings=True)
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        # Told with the usage of the command they were given to (its options are what the
        # operator needs), not with the top level's list of commands, as argparse does.
        getattr(args, REFUSED_BY, parser).error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def _choose_language(args, from_settings: bool) -> None:
    """--lang, else LOKET_LANG, else the station's setting (the app reads that itself,
    once the station is open, so it need not parse settings before its first paint)."""
    from loket.i18n import set_language

    language = args.lang or os.environ.get("LOKET_LANG")
    if language not in LANGUAGES:
        language = None
    if language is None and not from_settings:
        return
    if language is None:
        try:
            from loket.config import DataPaths, load_settings, resolve_data_dir

            language = load_settings(DataPaths(resolve_data_dir(args.data_dir))).language
        except Exception:
            language = "id"
    set_language(language)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
