"""Helpers for tests of the central link: seeding a station's queue, pointing it at central."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from conftest import CLERK


def seed(station, count: int, *, seed: int = 0, purposes: dict[int, str] | None = None,
         start: dt.datetime | None = None, receipts: set[int] = frozenset()) -> list:
    """Queue ``count`` real requests through the station (validated, numbered, sealed).

    ``purposes`` maps an index to a purpose; ``receipts`` are indexes taken without
    biometrics (a receipt, no Suket seal). Each request is a minute older than the next.
    """
    from loket.intake.samples import sample_records

    clerk = station.login(*CLERK)
    if start is None:  # just now, so no sample's dates lie in the future
        start = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(minutes=count + 1)
    saved = []
    for index, record in enumerate(sample_records(count, seed=seed)):
        changes = {}
        if purposes and index in purposes:
            changes["purpose"] = purposes[index]
        if index in receipts:
            changes["biometrics_recorded"] = False
        if changes:
            record = dataclasses.replace(record, **changes)
        saved.append(station.submit(record, clerk, now=start + dt.timedelta(minutes=index)))
    return saved


def connect(station_dir: Path, url: str, token: str, probe_interval: float = 5.0) -> None:
    """Write central's address and this station's token into the station's settings."""
    from loket.config import DataPaths, load_settings, save_settings

    paths = DataPaths(station_dir)
    settings = load_settings(paths)
    settings.central_url = url
    settings.central_token = token
    settings.probe_interval = probe_interval
    save_settings(paths, settings)
