"""The questions ``loket setup`` asks at a terminal, each checked as it is answered.

Every question is one call of ``ask``: a prompt, a check that returns the clean
value or raises an ``ExplainedError``, and (only where it is derived from an
earlier answer, never invented) a default that Enter takes. A wrong answer is
explained and the same question is asked again; nothing typed before is lost.
Ctrl+C or the end of input raises ``SetupAborted`` before anything is written.

To ask something new, write a check and add one ``ask`` call where it belongs.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from typing import Callable

from loket.config import STATION_ID_RE, SettingsError
from loket.errors import ExplainedError
from loket.i18n import t
from loket.i18n.labels import SETUP_FIELDS, label


class SetupAborted(Exception):
    """The operator stopped setup (Ctrl+C, end of input) before it wrote anything."""


@dataclass
class Terminal:
    """Where questions go and answers come from (the real terminal unless a test says otherwise)."""

    read: Callable[[str], str] = input
    read_secret: Callable[[str], str] = getpass.getpass
    say: Callable[[str], None] = print

    def answer(self, prompt: str, secret: bool = False) -> str:
        try:
            return (self.read_secret if secret else self.read)(prompt)
        except (EOFError, KeyboardInterrupt):
            self.say("")
            raise SetupAborted() from None


def ask(term: Terminal, prompt: str, check: Callable[[str], object], default: str = "", secret: bool = False):
    """Ask until ``check`` accepts the answer; Enter alone takes ``default`` when there is one."""
    shown = prompt + (f"[{default}] " if default else "")
    while True:
        text = term.answer(shown, secret).strip()
        if not text and default:
            text = default
        try:
            return check(text)
        except ExplainedError as exc:
            term.say(exc.message())


# -- checks: the clean value, or an ExplainedError that says what is wrong --------------


def check_required(name: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if not text:
            raise SettingsError("settings.missing", name=label(SETUP_FIELDS, name))
        return " ".join(text.split())

    return check


def check_office_code(text: str) -> str:
    from loket.intake import regions

    if not re.fullmatch(r"\d{4}", text):
        raise SettingsError("settings.bad_office_code", value=text)
    if regions.name_of(f"{text[:2]}.{text[2:]}") is None:
        raise SettingsError("settings.unknown_office_code", value=text)
    return text


def check_nip(text: str) -> str:
    digits = text.replace(" ", "")
    if not re.fullmatch(r"\d{18}", digits):
        raise SettingsError("settings.bad_nip", value=text)
    return digits


def check_station_id(office_code: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        value = text.upper()
        if not STATION_ID_RE.match(value) or not value.startswith(office_code + "-"):
            raise SettingsError("settings.bad_station_id", value=text, office=office_code)
        return value

    return check


def check_user_name(taken: tuple[str, ...] = ()) -> Callable[[str], str]:
    def check(text: str) -> str:
        from loket.storage.users import UserError, check_name

        clean = check_name(text)
        if clean in taken:
            raise UserError("storage.user.name_taken", name=clean)
        return clean

    return check


def check_pin(text: str) -> str:
    from loket.storage.users import check_pin as pin_rule

    pin_rule(text)
    return text


def check_yes_no(text: str) -> bool:
    answer = text.casefold()
    if answer in ("y", "ya", "yes"):
        return True
    if answer in ("t", "n", "tidak", "no"):
        return False
    raise SettingsError("counter.setup.yes_no", value=text)


# -- the questions ------------------------------------------------------------------------


def ask_pin(term: Terminal, name: str) -> str:
    """A new PIN for ``name``, typed twice; asked again until it is valid and both agree."""
    while True:
        pin = ask(term, t("cli.pin_prompt", name=name), check_pin, secret=True)
        if term.answer(t("cli.pin_again"), secret=True) == pin:
            return pin
        term.say(t("cli.pin_mismatch"))


def ask_office(term: Terminal, settings) -> None:
    """Fill the office's settings that are still empty (flags given keep their values)."""
    from loket.intake import regions

    if not settings.office_code:
        settings.office_code = ask(term, t("setup.ask_office_code"), check_office_code)
    code = settings.office_code
    city = regions.name_of(f"{code[:2]}.{code[2:]}") or ""
    if city:
        term.say(t("counter.setup.region", city=city, province=regions.name_of(code[:2]) or ""))
    if not settings.office_name:
        # Derived from the region just chosen, not a sample: Enter takes it.
        derived = f"Dinas Kependudukan dan Pencatatan Sipil {city}" if city else ""
        settings.office_name = ask(term, t("setup.ask_office_name"), check_required("office_name"), default=derived)
    if not settings.office_address:
        settings.office_address = ask(term, t("setup.ask_office_address"), check_required("office_address"))
    if not settings.head_name:
        settings.head_name = ask(term, t("setup.ask_head_name"), check_required("head_name"))
    if not settings.head_nip:
        settings.head_nip = ask(term, t("setup.ask_head_nip"), check_nip)
    if not settings.station_id:
        settings.station_id = ask(
            term, t("counter.setup.ask_station_id"), check_station_id(code), default=f"{code}-LKT01"
        )


def ask_supervisor(term: Terminal) -> tuple[str, str]:
    name = ask(term, t("setup.ask_supervisor"), check_user_name())
    return name, ask_pin(term, name)


def ask_first_clerk(term: Terminal, taken: tuple[str, ...]) -> tuple[str, str] | None:
    """Offer to add the first clerk; None when the operator says no."""
    if not ask(term, t("counter.setup.ask_add_clerk"), check_yes_no, default=t("counter.setup.yes")):
        return None
    name = ask(term, t("counter.setup.ask_clerk"), check_user_name(taken))
    return name, ask_pin(term, name)
