"""The intake record: what a clerk captures for one e-KTP request.

Shared by the TUI, the CLI import and the central server. Its wire form is the
``request`` object of the central protocol (see docs/protocol in the repository);
``to_request`` / ``from_request`` convert between the two without loss.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

SEXES = ("L", "P")
BLOOD_TYPES = ("A", "B", "AB", "O", "-")
RELIGIONS = (
    "ISLAM",
    "KRISTEN",
    "KATOLIK",
    "HINDU",
    "BUDDHA",
    "KHONGHUCU",
    "KEPERCAYAAN TERHADAP TUHAN YME",
)
MARITAL_STATUSES = ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI")
# Statuses that allow an e-KTP before 17 (UU 24/2013 art. 63: married or once married).
EVER_MARRIED = ("KAWIN", "CERAI HIDUP", "CERAI MATI")
NATIONALITIES = ("WNI", "WNA")
REQUEST_TYPES = ("new_recording", "reprint_lost", "reprint_damaged", "data_change")
PURPOSES = (
    "general",
    "election_candidate",
    "university_admission",
    "civil_service_application",
    "other",
)
# Purposes that come with a deadline: these go first in the queue.
URGENT_PURPOSES = ("election_candidate", "university_admission", "civil_service_application")

ADDRESS_FIELDS = ("street", "rt", "rw", "village", "district", "regency", "province")


@dataclass
class Address:
    street: str = ""
    rt: str = ""
    rw: str = ""
    village: str = ""
    district: str = ""
    regency: str = ""
    province: str = ""


@dataclass
class IntakeRecord:
    """One request as typed; strings stay as typed until ``normalize``d by validation."""

    nik: str = ""
    kk: str = ""
    name: str = ""
    birth_place: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    blood_type: str = "-"
    address: Address = field(default_factory=Address)
    religion: str = ""
    marital_status: str = ""
    occupation: str = ""
    nationality: str = "WNI"
    request_type: str = "new_recording"
    purpose: str = "general"
    biometrics_recorded: bool = False
    photo_path: str = ""
    # Filled when the clerk accepts a sex/birth-date disagreement with the NIK.
    mismatch_reason: str = ""

    def to_request(self) -> dict[str, Any]:
        """The protocol's ``request`` object, minus the fields the station adds."""
        return {
            "nik": self.nik,
            "kk": self.kk,
            "name": self.name,
            "birth_place": self.birth_place,
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "sex": self.sex,
            "blood_type": self.blood_type,
            # Its fields are text: a plain copy, not asdict's deep copy of each value.
            "address": {name: getattr(self.address, name) for name in ADDRESS_FIELDS},
            "religion": self.religion,
            "marital_status": self.marital_status,
            "occupation": self.occupation,
            "nationality": self.nationality,
            "request_type": self.request_type,
            "purpose": self.purpose,
            "biometrics_recorded": self.biometrics_recorded,
        }

    def to_local(self) -> dict[str, Any]:
        """The protocol form plus what only the station keeps (photo, mismatch reason)."""
        data = self.to_request()
        data["photo_path"] = self.photo_path
        data["mismatch_reason"] = self.mismatch_reason
        return data

    @classmethod
    def from_request(cls, data: dict[str, Any]) -> "IntakeRecord":
        """Build a record from a protocol ``request`` (or ``to_local``) dict.

        Raises ``RecordShapeError`` naming the field when the shape is wrong (not a
        string where a string belongs, a date that is not ``YYYY-MM-DD``). Content
        rules are the validator's job, not this one's.
        """
        if not isinstance(data, dict):
            raise RecordShapeError("record", "not_object")
        record = cls()
        for name in (
            "nik", "kk", "name", "birth_place", "sex", "blood_type", "religion",
            "marital_status", "occupation", "nationality", "request_type", "purpose",
            "photo_path", "mismatch_reason",
        ):
            if name in data and data[name] is not None:
                value = data[name]
                if isinstance(value, (int,)) and not isinstance(value, bool) and name in ("nik", "kk"):
                    value = str(value)
                if not isinstance(value, str):
                    raise RecordShapeError(name, "not_text")
                setattr(record, name, value)
        if data.get("birth_date") not in (None, ""):
            value = data["birth_date"]
            if not isinstance(value, str):
                raise RecordShapeError("birth_date", "not_date")
            try:
                record.birth_date = dt.date.fromisoformat(value)
            except ValueError:
                raise RecordShapeError("birth_date", "not_date") from None
        if "biometrics_recorded" in data:
            value = data["biometrics_recorded"]
            if not isinstance(value, bool):
                raise RecordShapeError("biometrics_recorded", "not_bool")
            record.biometrics_recorded = value
        address = data.get("address")
        if address is not None:
            if not isinstance(address, dict):
                raise RecordShapeError("address", "not_object")
            for name in ADDRESS_FIELDS:
                value = address.get(name)
                if value is None:
                    continue
                if not isinstance(value, str):
                    raise RecordShapeError(name, "not_text")
                setattr(record.address, name, value)
        return record


class RecordShapeError(ValueError):
    """A record whose JSON shape is wrong; ``field`` names the culprit."""

    def __init__(self, field_name: str, problem: str):
        super().__init__(f"{field_name}: {problem}")
        self.field = field_name
        self.problem = problem
