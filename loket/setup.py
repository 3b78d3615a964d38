"""Onboarding a station: data directory, settings, database, signing key, first supervisor.

Safe to run again: an existing database, key and users are kept; only the settings
given are changed, and the previous settings file is kept as ``loket.toml.bak``.

With ``settings.database`` naming an office's PostgreSQL database, the first counter
creates the office there (its settings and first supervisor); every later counter
joins it: it takes the office's settings from the database, brings its own key and
station id, and its clerks log in with the office's users.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from loket.config import DataPaths, Settings, ensure_private_dir, resolve_data_dir


@dataclass
class SetupReport:
    paths: DataPaths
    created_settings: bool
    created_key: bool
    created_supervisor: bool
    kid: str
    notes: list[str] = field(default_factory=list)
    joined_office: bool = False  # True: an office database that already had its settings


def office_settings(settings: Settings, password: str | None = None) -> dict[str, object]:
    """The office's shared settings in ``settings.database`` ({}: no office there yet)."""
    from loket.storage import office
    from loket.storage.db import open_database

    db = open_database(settings.database, password=password)
    try:
        return office.shared_settings(db)
    finally:
        db.close()


def setup_station(
    data_dir: str | Path | None,
    settings: Settings,
    supervisor_name: str | None,
    supervisor_pin: str | None,
    password: str | None = None,
    given: frozenset[str] | set[str] = frozenset(),
    first_clerk: tuple[str, str] | None = None,
    actor: str = "setup",
) -> SetupReport:
    """Create or update a station. Raises SettingsError or a storage error (with messages).

    On an office database that already has its settings, those replace the office
    fields of ``settings`` (a joining counter is not asked for the office again),
    except the fields named in ``given``: values the operator set on purpose, which
    become the office's for every counter. ``first_clerk``: (name, PIN) of a clerk to
    add too. A new station that fails (or is interrupted) half-way is removed again:
    the next try starts clean. ``actor`` names who ran it in the audit log (on a set-up
    station, the authorizing supervisor and the OS account).
    """
    from loket.storage import office
    from loket.storage.db import open_database
    from loket.storage.target import check_url

    paths = DataPaths(resolve_data_dir(data_dir))
    made = [p for p in (paths.root, paths.database, paths.keys, paths.slips) if not p.exists()]
    if paths.database in made:
        made += [paths.database.with_name(paths.database.name + end) for end in ("-wal", "-shm", "-journal")]
    joined = False
    db = None
    try:
        if settings.database:
            settings.database = check_url(settings.database)
            db = open_database(settings.database, password=password)
            shared = office.shared_settings(db)
            if shared:
                joined = True
                for name, value in shared.items():
                    if name not in given:
                        setattr(settings, name, value)
        return _setup(paths, settings, supervisor_name, supervisor_pin, first_clerk, db, joined, given, actor)
    except BaseException:
        if not paths.settings.exists():  # only a station that never became usable is taken apart
            _remove(made)
        raise
    finally:
        if db is not None and not db.is_closed():
            db.close()


def _remove(made: list[Path]) -> None:
    for path in reversed(made):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()


def _setup(
    paths: DataPaths,
    settings: Settings,
    supervisor_name: str | None,
    supervisor_pin: str | None,
    first_clerk: tuple[str, str] | None,
    db,
    joined: bool,
    given: frozenset[str] | set[str],
    actor: str,
) -> SetupReport:
    from loket.intake import regions
    from loket.printing.keys import PRIVATE_KEY_FILE, ensure_keypair
    from loket.storage import audit, backend, office, users
    from loket.storage.db import open_database

    settings.check()
    if regions.name_of(settings.office_code[:2] + "." + settings.office_code[2:]) is None:
        from loket.config import SettingsError

        raise SettingsError("settings.unknown_office_code", value=settings.office_code)
    ensure_private_dir(paths.root)
    ensure_private_dir(paths.keys)
    ensure_private_dir(paths.slips)

    created_settings = not paths.settings.exists()
    if not created_settings:
        shutil.copy2(paths.settings, paths.settings.with_suffix(".toml.bak"))
    if db is None:
        db = open_database(paths.database)
    else:
        backend.speak_for(db, settings.station_id)
    try:
        created_supervisor = False
        if supervisor_name:
            if users.find_user(db, supervisor_name) is None:
                users.add_user(db, supervisor_name, "supervisor", supervisor_pin or "", actor=actor)
                created_supervisor = True
        elif not users.has_supervisor(db):
            from loket.config import SettingsError

            raise SettingsError("setup.need_supervisor")
        if first_clerk is not None and users.find_user(db, first_clerk[0]) is None:
            users.add_user(db, first_clerk[0], "clerk", first_clerk[1], actor="setup")
        created_key = not (paths.keys / PRIVATE_KEY_FILE).exists()
        key = ensure_keypair(paths.keys, settings.station_id)
        office.register_station(db, settings.station_id, key.public_jwk(), actor="setup")
        if settings.database:
            changed = office.SHARED_FIELDS if not joined else [n for n in office.SHARED_FIELDS if n in given]
            if changed:
                office.write_shared(db, {name: getattr(settings, name) for name in changed}, actor="setup")
        # Settings are written last: a station with a settings file is a usable station.
        from loket.config import save_settings

        save_settings(paths, settings)
        from loket.storage.db import write_tx

        with write_tx(db):
            audit.append(
                db,
                actor=actor,
                action="station.setup",
                subject=settings.station_id,
                details={"created": created_settings, "kid": key.kid},
            )
    finally:
        db.close()
    return SetupReport(paths, created_settings, created_key, created_supervisor, key.kid, joined_office=joined)
