"""Which database a station keeps its queue in, and how to name it to a person.

A station without a ``database`` setting keeps everything in its own SQLite file
(``loket.db`` in its data folder). A counter of a many-counter office names the
office's PostgreSQL server instead: ``postgresql://USER@HOST[:PORT]/DB``.

The password is never part of the stored address. It comes the way libpq looks
for it: ``PGPASSWORD``, the user's password file (``~/.pgpass``, or
``%APPDATA%\\postgresql\\pgpass.conf`` on Windows, or ``PGPASSFILE``), or a prompt
at setup that offers to keep it in that password file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from loket.storage.errors import DatabaseUnavailable

if TYPE_CHECKING:  # settings are checked at start-up: keep peewee out of this import
    import peewee

SCHEMES = ("postgresql", "postgres")
DEFAULT_PORT = 5432


def is_office_url(text: str | None) -> bool:
    return bool(text) and urlsplit(str(text)).scheme in SCHEMES


def check_url(text: str) -> str:
    """The address as stored: checked, password removed. Raises DatabaseUnavailable."""
    parts = urlsplit(text.strip())
    if parts.scheme not in SCHEMES:
        raise DatabaseUnavailable("office.url.scheme", url=text)
    if not parts.hostname:
        raise DatabaseUnavailable("office.url.host", url=text)
    name = parts.path.lstrip("/")
    if not name or "/" in name:
        raise DatabaseUnavailable("office.url.database", url=text)
    try:
        port = parts.port
    except ValueError:
        raise DatabaseUnavailable("office.url.port", url=text) from None
    user = unquote(parts.username) if parts.username else ""
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = (f"{user}@" if user else "") + host + (f":{port}" if port else "")
    return f"postgresql://{netloc}/{name}"


def password_in(text: str) -> str | None:
    parts = urlsplit(text.strip())
    return unquote(parts.password) if parts.password else None


def describe_url(url: str) -> str:
    """``kantor@10.0.0.5:5432/loket`` for messages: never a password."""
    parts = urlsplit(url)
    user = f"{unquote(parts.username)}@" if parts.username else ""
    return f"{user}{parts.hostname}:{parts.port or DEFAULT_PORT}/{parts.path.lstrip('/')}"


def describe(db: peewee.Database) -> str:
    import peewee

    if isinstance(db, peewee.PostgresqlDatabase):
        return describe_url(str(db.database))
    return str(db.database)


def connect_postgres(url: str, password: str | None = None) -> peewee.PostgresqlDatabase:
    """A peewee database for the office server; connects lazily, on first use."""
    import peewee

    try:
        import psycopg  # noqa: F401  (the driver: installed with the "office" extra)
    except ImportError:
        raise DatabaseUnavailable("office.driver_missing") from None
    from loket.lean_imports import hand_psycopg_to_peewee

    hand_psycopg_to_peewee()
    params: dict[str, object] = {"connect_timeout": 5, "application_name": "loket"}
    if password:
        params["password"] = password
    return peewee.PostgresqlDatabase(check_url(url), prefer_psycopg3=True, autoconnect=True, **params)


def password_file() -> Path:
    """Where libpq looks for saved passwords on this platform."""
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def save_password(url: str, password: str) -> Path:
    """Keep ``password`` for ``url`` in the user's libpq password file (owner-only on POSIX)."""
    parts = urlsplit(check_url(url))

    def field(value: object) -> str:
        return str(value).replace("\\", "\\\\").replace(":", "\\:")

    line = ":".join(field(value) for value in (
        parts.hostname, parts.port or DEFAULT_PORT, parts.path.lstrip("/"), unquote(parts.username or ""), password,
    ))
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = ":".join(line.split(":")[:4]) + ":"
    kept = []
    if path.exists():
        kept = [old for old in path.read_text(encoding="utf-8").splitlines() if not old.startswith(prefix)]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join([*kept, line]) + "\n")
    if os.name == "posix":
        os.chmod(path, 0o600)  # libpq ignores a password file others can read
    return path
