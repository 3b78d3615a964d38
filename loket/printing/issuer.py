"""Sealing a request's document under the number storage allocates for it.

Storage calls the ``issue`` callback inside the save's write transaction, once the
number is known; everything slow (the photo's hash, the key) is done before, so
the transaction holds its lock only for the signing itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from loket.config import Settings
from loket.intake.record import IntakeRecord


def suket_issuer(settings: Settings, record: IntakeRecord, issued_on: dt.date, key):
    """The ``issue`` callback: seals a Suket for ``record``; a receipt gets neither seal nor
    term (it stands in for no document, so nothing about it runs out)."""
    from loket.printing.photo import photo_hash

    # The hash of the photo as kept, read now rather than inside the write transaction.
    ph = photo_hash(Path(record.photo_path).read_bytes()) if record.photo_path else None

    def issue(ctx):
        from loket.printing.seal import make_seal, suket_payload, valid_until

        if ctx.kind != "suket":
            return None, None
        until = valid_until(issued_on, settings.validity_months)
        payload = suket_payload(
            number=ctx.number,
            nik=record.nik,
            name=record.name,
            birth_date=record.birth_date,
            sex=record.sex,
            office_code=settings.office_code,
            station_id=settings.station_id,
            issued=issued_on,
            valid_until=until,
            photo_hash=ph,
        )
        return make_seal(key, payload), until

    return issue
