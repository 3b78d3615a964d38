"""Station settings (``loket.toml``) and where the station's data lives.

The data directory holds everything a station owns: the settings file, the SQLite
database, the signing key and the saved slips. It is chosen, in order, by the
``--data-dir`` flag, the ``LOKET_DATA_DIR`` variable, or the platform's per-user
data directory.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from loket.errors import ExplainedError

SETTINGS_FILE = "loket.toml"
DATABASE_FILE = "loket.db"
KEY_DIR = "keys"
SLIPS_DIR = "slips"
PAPERS = ("A4", "F4")
DEFAULT_NUMBER_PATTERN = "471/{seq:04d}/{station}/{month_roman}/{year}"
STATION_ID_RE = re.compile(r"^\d{4}-[A-Z0-9]{1,16}$")


class SettingsError(ExplainedError, ValueError):
    """A settings problem a person can fix; ``key`` and ``params`` feed the message."""


@dataclass
class Settings:
    office_code: str = ""
    office_name: str = ""
    office_address: str = ""
    office_phone: str = ""
    # Where receivers find the Cek Suket page (the office's or the ministry's site); the
    # slip's QR caption names it, or the office's address and phone until it is set.
    verify_url: str = ""
    province: str = ""
    city: str = ""
    head_name: str = ""
    head_nip: str = ""
    station_id: str = ""
    central_url: str = ""
    central_token: str = ""
    paper: str = "A4"
    validity_months: int = 6
    # The printer this counter prints to: a CUPS queue (``lpstat -p``) or a Windows printer
    # name; empty for the system's default printer.
    printer: str = ""
    # A program that prints instead, as a list of arguments (never a string to split: a
    # Windows path has spaces and backslashes); the PDF's path is appended.
    printer_command: list[str] = dataclasses.field(default_factory=list)
    language: str = "id"
    number_pattern: str = DEFAULT_NUMBER_PATTERN
    # Seconds between two probes of central's health and this station's authorization.
    probe_interval: float = 5.0
    # Minutes without a key press before the counter locks (0: never). A counter PC is
    # left alone often; a locked screen keeps the form but needs the PIN again.
    idle_lock_minutes: int = 10
    # Days a request may wait unsent before the dashboard warns that the queue is old.
    queue_warning_days: int = 3
    # The office's PostgreSQL database, ``postgresql://USER@HOST[:PORT]/DB`` (never with a
    # password), for an office of many counters; empty: this PC's own SQLite file.
    database: str = ""

    def check(self) -> None:
        """Raise SettingsError for the first value that cannot work."""
        if not re.fullmatch(r"\d{4}", self.office_code):
            raise SettingsError("settings.bad_office_code", value=self.office_code)
        if not self.office_name.strip():
            raise SettingsError("settings.missing", name="office_name")
        if not STATION_ID_RE.match(self.station_id) or not self.station_id.startswith(self.office_code + "-"):
            raise SettingsError("settings.bad_station_id", value=self.station_id, office=self.office_code)
        if self.paper not in PAPERS:
            raise SettingsError("settings.bad_paper", value=self.paper)
        if not isinstance(self.validity_months, int) or not 1 <= self.validity_months <= 24:
            raise SettingsError("settings.bad_validity", value=self.validity_months)
        from loket.i18n import LANGUAGES

        if self.language not in LANGUAGES:
            raise SettingsError("settings.bad_language", value=self.language)
        if self.central_url and not re.match(r"^https?://[^\s/]+", self.central_url):
            raise SettingsError("settings.bad_central_url", value=self.central_url)
        if self.verify_url and not re.fullmatch(r"https?://[^\s/]+\S*", self.verify_url):
            raise SettingsError("settings.bad_verify_url", value=self.verify_url)
        if not isinstance(self.probe_interval, (int, float)) or not 0.1 <= self.probe_interval <= 3600:
            raise SettingsError("settings.bad_probe_interval", value=self.probe_interval)
        if not isinstance(self.idle_lock_minutes, int) or not 0 <= self.idle_lock_minutes <= 480:
            raise SettingsError("settings.bad_idle_lock", value=self.idle_lock_minutes)
        if not isinstance(self.queue_warning_days, int) or not 1 <= self.queue_warning_days <= 365:
            raise SettingsError("dash.bad_queue_warning_days", value=self.queue_warning_days)
        if self.database:
            from loket.storage.errors import DatabaseUnavailable
            from loket.storage.target import check_url, password_in

            try:
                clean = check_url(self.database)
            except DatabaseUnavailable as exc:
                raise SettingsError("settings.bad_database", error=exc.message()) from None
            if password_in(self.database):
                raise SettingsError("settings.database_password")
            self.database = clean
        if self.head_nip and not re.fullmatch(r"\d{18}", self.head_nip.replace(" ", "")):
            raise SettingsError("settings.bad_nip", value=self.head_nip)
        from loket.storage.errors import NumberPatternError
        from loket.storage.numbering import check_number_pattern

        try:
            check_number_pattern(self.number_pattern)
        except NumberPatternError as exc:
            raise SettingsError("settings.bad_number_pattern", error=exc.message()) from None


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("loket", appauthor=False))


def resolve_data_dir(flag: str | os.PathLike | None = None) -> Path:
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get("LOKET_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def settings(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def keys(self) -> Path:
        return self.root / KEY_DIR

    @property
    def slips(self) -> Path:
        return self.root / SLIPS_DIR


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) and keep it readable by this account only."""
    from loket.files import private_folder

    private_folder(path)


def _toml():
    # Imported on first use: the counter app paints its login screen before it reads settings.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - depends on interpreter
        import tomli as tomllib
    return tomllib


# What a TOML value may be for each annotated type (an integer is a fine float).
_SETTING_TYPES = {"int": int, int: int, "float": (int, float), float: (int, float)}


def load_settings(paths: DataPaths) -> Settings:
    tomllib = _toml()
    if not paths.settings.exists():
        raise SettingsError("settings.not_set_up", path=str(paths.root))
    try:
        raw = tomllib.loads(paths.settings.read_text(encoding="utf-8"))
    except OSError as exc:
        from loket.i18n.os_errors import os_reason

        raise SettingsError("settings.unreadable", path=str(paths.settings), error=os_reason(exc)) from None
    except UnicodeDecodeError as exc:
        raise SettingsError("settings.unreadable", path=str(paths.settings), error=str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError("settings.bad_toml", path=str(paths.settings), error=str(exc)) from None
    known = {f.name: f for f in dataclasses.fields(Settings)}
    values = {}
    for key, value in raw.items():
        if key not in known:
            continue  # unknown keys are ignored, so a newer file still opens
        if key == "printer_command":
            values[key] = _printer_command(value, paths)
            continue
        expected = _SETTING_TYPES.get(known[key].type, str)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise SettingsError("settings.bad_type", name=key, path=str(paths.settings))
        values[key] = value
    settings = Settings(**values)
    settings.check()
    return settings


def _printer_command(value, paths: DataPaths) -> list[str]:
    """A list of arguments; an empty string (files written before lists) means none."""
    if value == "":
        return []
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return value
    raise SettingsError("settings.printer_command_not_list", path=str(paths.settings))


def save_settings(paths: DataPaths, settings: Settings) -> None:
    """Write ``loket.toml`` atomically, mode 0600 (it holds the central token)."""
    lines = ["# Loket station settings. Edit with care; `loket setup` writes this file.\n"]
    for f in dataclasses.fields(Settings):
        value = getattr(settings, f.name)
        # A JSON string is a valid TOML basic string.
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        rendered = repr(value) if numeric else json.dumps(value, ensure_ascii=False)
        lines.append(f"{f.name} = {rendered}\n")
    from loket.files import write_file

    ensure_private_dir(paths.root)
    write_file(paths.settings, "".join(lines).encode("utf-8"), private=True)
