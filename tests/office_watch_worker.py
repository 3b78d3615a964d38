"""One counter of an office watching the link, as its own process (as the app's watch does).

    python tests/office_watch_worker.py DATA_DIR

Checks the link every probe interval until it is killed; prints one line per check
with what the counter shows, so a test can see every counter's status bar.
"""

from __future__ import annotations

import json
import sys
import time

from loket.station import Station


def main(data_dir: str) -> None:
    station = Station.open(data_dir)
    try:
        while True:
            station.check_link()
            print(json.dumps({"state": station.link_reading().state, "leads": station.central.leading}), flush=True)
            time.sleep(station.probe_interval)
    finally:
        station.close()


if __name__ == "__main__":
    main(sys.argv[1])
