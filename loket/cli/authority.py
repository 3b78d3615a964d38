"""Who may run a command that changes who can do what: a supervisor, proven by PIN.

Anyone who can open a shell on the counter PC can run ``loket``; the operating
system account says nothing about who is at the keyboard. So adding users,
changing PINs, disabling or enabling a login, exporting the queue, backing up and
re-running setup each need ``--as NAME`` and that supervisor's PIN: asked on the
terminal, or with ``--pin-stdin`` read from the first line of standard input (any
new PIN the command needs comes on the next line). The check is the login's own,
so wrong PINs count toward that supervisor's lockout, and the audit event names
both the supervisor and the OS account that ran the command.
"""

from __future__ import annotations

from dataclasses import dataclass

from loket.cli.common import CliError, read_pin
from loket.i18n import t


@dataclass(frozen=True)
class Authority:
    supervisor: str  # the user name, upper-cased as stored
    os_user: str

    @property
    def actor(self) -> str:
        """The audit log's actor: ``KABID (cli, budi)``: the supervisor and the OS account."""
        return f"{self.supervisor} (cli, {self.os_user})"

    @property
    def details(self) -> dict[str, str]:
        return {"supervisor": self.supervisor, "os_user": self.os_user}


def add_flags(parser, *, pin_help: str | None = None) -> None:
    parser.add_argument("--as", dest="as_name", metavar="NAME",
                        help=t("cli.help.authority.as"))
    parser.add_argument("--pin-stdin", action="store_true", help=pin_help or t("cli.help.authority.pin_stdin"))


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment nor the password database
        return "?"


def require_supervisor(db, args, command: str) -> Authority:
    """Check ``--as`` and the PIN against the station's users; raise CliError unless an
    active supervisor's PIN was given. Reads the PIN (the first line with --pin-stdin)."""
    from loket.i18n import t
    from loket.storage import users

    name = (getattr(args, "as_name", None) or "").strip()
    if not name:
        raise CliError(t("authority.needs_supervisor", command=command), 2)
    pin = read_pin(args.pin_stdin, t("authority.pin_prompt", name=users.normalize_name(name)))
    try:
        user = users.authenticate(db, name, pin)
    except (users.UnknownUser, users.BadPin, users.AccountLocked) as exc:
        raise CliError(t("authority.refused", reason=exc.message()), 1) from None
    if user.role != "supervisor":
        raise CliError(t("authority.not_supervisor", name=user.name, command=command), 1)
    return Authority(user.name, os_user())
