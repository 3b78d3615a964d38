"""Helpers for tests of the central link: seeding a station's queue, pointing it at central."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

import httpx
import pytest

from conftest import CLERK
from loket.central.server import start_background

STATION_ID = "7373-LKT01"


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


class Central:
    """The reference server plus its control routes, as a test drives them."""

    def __init__(self, db_path, port: int = 0):
        self.db_path = db_path
        self.server = start_background(db_path, port=port)
        self.url, self.port = self.server.url, self.server.port

    def control(self, path: str, body: dict | None = None) -> dict:
        reply = httpx.post(f"{self.url}/_control/{path}", json=body or {}, timeout=10)
        assert reply.status_code < 300, reply.text
        return reply.json() if reply.content else {}

    def revoke(self, reason: str) -> None:
        self.control(f"stations/{STATION_ID}/revoke", {"reason": reason})

    def restore(self) -> None:
        self.control(f"stations/{STATION_ID}/restore")

    def faults(self, **faults) -> None:
        self.control("faults", {"latency_ms": 0, "drop_rate": 0.0, "status": None, **faults})

    def items(self) -> list[dict]:
        reply = httpx.get(f"{self.url}/_control/requests", timeout=10)
        body = reply.json()
        return body["items"] if isinstance(body, dict) else body

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        self.server = start_background(self.db_path, port=self.port)


@pytest.fixture
def central(tmp_path):
    running = Central(tmp_path / "central.db")
    yield running
    running.stop()


@pytest.fixture
def station(station_dir, central):
    """The set-up station, onboarded at the running central and pointed at it, open."""
    from loket.station import Station

    token = central.server.store.add_station(STATION_ID)
    connect(station_dir, central.url, token, probe_interval=0.2)
    opened = Station.open(station_dir)
    yield opened
    opened.close()


async def until(pilot, check, what: str, timeout: float = 60.0) -> None:
    """Let the app run until ``check()`` holds; fail naming ``what`` after ``timeout`` seconds
    (a bound for a hung app, wide enough for a slow machine: Windows' Python under Wine
    took over 20 s for a desk's reload while the machine was busy)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
