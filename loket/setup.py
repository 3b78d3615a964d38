"""Onboarding a station: data directory, settings, database, signing key, first supervisor.

Safe to run again: an existing database, key and users are kept; only the settings
given are changed, and the previous settings file is kept as ``loket.toml.bak``.
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


def setup_station(
    data_dir: str | Path | None,
    settings: Settings,
    supervisor_name: str | None,
    supervisor_pin: str | None,
    actor: str = "setup",
) -> SetupReport:
    """Create or update a station. Raises SettingsError or a storage error (with messages).

    ``actor`` names who ran it in the audit log (on a set-up station, the authorizing
    supervisor and the OS account)."""
    from loket.intake import regions
    from loket.printing.keys import PRIVATE_KEY_FILE, ensure_keypair
    from loket.storage import users
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
    db = open_database(paths.database)
    try:
        created_supervisor = False
        if supervisor_name:
            if users.find_user(db, supervisor_name) is None:
                users.add_user(db, supervisor_name, "supervisor", supervisor_pin or "", actor=actor)
                created_supervisor = True
        elif not users.has_supervisor(db):
            from loket.config import SettingsError

            raise SettingsError("setup.need_supervisor")
        created_key = not (paths.keys / PRIVATE_KEY_FILE).exists()
        key = ensure_keypair(paths.keys, settings.station_id)
        # Settings are written last: a station with a settings file is a usable station.
        from loket.config import save_settings

        save_settings(paths, settings)
        from loket.storage import audit
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
    return SetupReport(paths, created_settings, created_key, created_supervisor, key.kid)
