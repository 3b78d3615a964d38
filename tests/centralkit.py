"""Helpers for tests of the reference central: a running server, a station's side of the link,
and valid items built from real intake records with real Ed25519 seals."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import httpx
import pytest

from loket.central.server import start_background
from loket.printing.seal import make_seal, suket_payload, valid_until

STATION_ID = "7373-LKT01"
OTHER_ID = "7373-LKT02"
RECEIVED_AT = "2026-05-04T02:15:00Z"
NUMBER = "471/0001/7373-LKT01/V/2026"
REF_RE = re.compile(r"^C7373-\d{8}$")


class Link:
    """One station's side of the link: its token and an httpx client that sends it."""

    def __init__(self, url: str, station_id: str, token: str):
        self.station_id = station_id
        self.token = token
        self.client = httpx.Client(base_url=url, timeout=10, trust_env=False,
                                   headers={"Authorization": f"Bearer {token}", "X-Station-Id": station_id})

    def batch(self, items: list[dict]) -> httpx.Response:
        return self.client.post("/v1/requests/batch", json={"items": items})

    def results(self, items: list[dict]) -> list[dict]:
        reply = self.batch(items)
        assert reply.status_code == 200, reply.text
        return reply.json()["results"]

    def register(self, key) -> httpx.Response:
        return self.client.put(f"/v1/stations/{self.station_id}/signing-key", json=key.public_jwk())


@pytest.fixture
def central(tmp_path):
    server = start_background(tmp_path / "central.db")
    yield server
    server.stop()


@pytest.fixture
def link(central):
    opened = Link(central.url, STATION_ID, central.store.add_station(STATION_ID))
    yield opened
    opened.client.close()


def control(central, method: str, path: str, body: dict | None = None) -> httpx.Response:
    # A bound for a hung server, not a timing: under Wine on a busy machine adding a station
    # (its token hashed on central's worker thread) once took over 10 s.
    return httpx.request(method, f"{central.url}/_control/{path}", json=body, timeout=30, trust_env=False)


def request_of(record, station_id: str = STATION_ID) -> dict:
    return {**record.to_request(), "received_at": RECEIVED_AT, "clerk_id": "SITI", "station_id": station_id}


def suket_for(key, record, number: str = NUMBER, station_id: str = STATION_ID) -> dict:
    issued = dt.date(2026, 5, 4)
    until = valid_until(issued, 6)
    payload = suket_payload(number, record.nik, record.name, record.birth_date, record.sex, "7373", station_id,
                            issued, until)
    return {"number": number, "issued_at": RECEIVED_AT, "valid_until": until.isoformat(),
            "jws": make_seal(key, payload)}


def item(record, suket: dict | None = None, key: str | None = None, station_id: str = STATION_ID) -> dict:
    return {"idempotency_key": key or str(uuid.uuid4()), "request": request_of(record, station_id), "suket": suket}


def stored(central) -> list[dict]:
    reply = control(central, "GET", "requests")
    assert reply.status_code == 200
    return reply.json()["items"]
