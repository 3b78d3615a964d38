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
) -> SetupReport:
    """Create or update a station. Raises SettingsError or a storage error (with messages).

    On an office database that already has its settings, those replace the office
    fields of ``settings`` (a joining counter is not asked for the office again),
    except the fields named in ``given``: values the operator set on purpose, which
    become the office's for every counter.
    """
    from loket.storage import office
    from loket.storage.db import open_database
    from loket.storage.target import check_url

    joined = False
    db = None
    if settings.database:
        settings.database = check_url(settings.database)
        db = open_database(settings.database, password=password)
        shared = office.shared_settings(db)
        if shared:
            joined = True
            for name, value in shared.items():
                if name not in given:
                    setattr(settings, name, value)
    try:
        return _setup(data_dir, settings, supervisor_name, supervisor_pin, db, joined, given)
    finally:
        if db is not None and not db.is_closed():
            db.close()


def _setup(data_dir, settings: Settings, supervisor_name, supervisor_pin, db, joined: bool,
           given: frozenset[str] | set[str]) -> SetupReport:
    from loket.intake import regions
    from loket.printing.keys import PRIVATE_KEY_FILE, ensure_keypair
    from loket.storage import audit, backend, office, users
    from loket.storage.db import open_database

    settings.check()
    if regions.name_of(settings.office_code[:2] + "." + settings.office_code[2:]) is None:
        from loket.config import SettingsError

        raise SettingsError("settings.unknown_office_code", value=settings.office_code)
    paths = DataPaths(resolve_data_dir(data_dir))
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
                users.add_user(db, supervisor_name, "supervisor", supervisor_pin or "", actor="setup")
                created_supervisor = True
        elif not users.has_supervisor(db):
            from loket.config import SettingsError

            raise SettingsError("setup.need_supervisor")
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
                actor="setup",
                action="station.setup",
                subject=settings.station_id,
                details={"created": created_settings, "kid": key.kid},
            )
    finally:
        db.close()
    return SetupReport(paths, created_settings, created_key, created_supervisor, key.kid, joined_office=joined)
