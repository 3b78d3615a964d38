"""One counter of an office, as its own process: take intakes as fast as it can.

    python tests/office_worker.py DATA_DIR COUNT SERIAL_BASE CONTESTED_NIKS...

Each intake gets a NIK of its own (the serial tells the counters apart); between
them the counter also tries the contested NIKs, which every counter tries, so the
"one open request per NIK" rule is raced across processes. Prints one JSON line:
what was saved and which contested NIKs this counter won.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from loket.intake.samples import nik_for, sample_record
from loket.station import Station
from loket.storage import users
from loket.storage.errors import DuplicateOpenRequest


def main(data_dir: str, count: int, serial_base: int, contested: list[str]) -> None:
    station = Station.open(data_dir)
    clerk = users.authenticate(station.db, "CLERK", "246810")
    born = dt.date(1990, 5, 17)
    saved, won = [], []
    try:
        for index in range(count):
            record = sample_record(nik=nik_for("737301", born, "L", serial_base + index))
            done = station.submit(record, clerk)
            saved.append({"id": done.request_id, "queue_no": done.queue_no, "number": done.number})
            if index < len(contested):
                try:
                    station.submit(sample_record(nik=contested[index]), clerk)
                    won.append(contested[index])
                except DuplicateOpenRequest:
                    pass
    finally:
        station.close()
    print(json.dumps({"station": station.settings.station_id, "saved": saved, "won": won}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
