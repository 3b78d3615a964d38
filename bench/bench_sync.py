"""How long syncing a queue takes, next to a bare client posting the same bytes.

    python bench/bench_sync.py [--n 10000] [--rounds 3] [--dir PATH]

Setup: a real station (key, database) with ``--n`` requests queued through
``Station.submit`` (validated, numbered, sealed), and the reference central run
as its own process on loopback (``loket central``), with the station onboarded.

Loket: one ``Station.sync()`` run, timed from start to finish: authorization,
key registration, claiming batches of 500, posting them, storing every answer,
then pulling statuses for what was synced. Every request body it posts is kept.

Baseline: a second, empty central (its own process and database, the station
onboarded and its key registered the same way); a bare ``httpx`` client posts
exactly the bodies Loket posted (the same bytes, in the same order) on one
keep-alive connection and reads the answers, nothing else. The ratio is what
Loket's own work (claims, result bookkeeping, durable commits) adds to the
protocol traffic and central's work, which both runs share.

Each round starts from a copy of the same seeded station and fresh centrals; the
rounds' ratios and their median are reported (one round moves by 0.1 or more on
a shared 2-core machine, where the server's own process competes for the CPU).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TARGET_RATIO = 1.5
STATION_ID = "7373-LKT01"


class CentralProcess:
    """``loket central`` in its own process, on a free loopback port."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        env = dict(os.environ, LOKET_LANG="en")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "loket.cli", "central", "--port", "0", "--db", str(db_path)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        )
        line = self.process.stdout.readline()
        found = re.search(r"http://[\w.\[\]:]+", line)
        if not found:
            self.process.kill()
            raise SystemExit(f"central did not start: {line!r}")
        self.url = found.group(0)

    def add_station(self) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "loket.cli", "central", "add-station", STATION_ID, "--db", str(self.db_path)],
            capture_output=True, text=True, check=True,
        )
        return out.stdout.strip()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _make_station(root: Path, n: int):
    from conftest import SUPERVISOR, make_settings
    from loket.intake.samples import sample_records
    from loket.setup import setup_station
    from loket.station import Station

    setup_station(root, make_settings(), *SUPERVISOR)
    station = Station.open(root)
    clerk = station.login(*SUPERVISOR)
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    for record in sample_records(n, seed=7):
        station.submit(record, clerk, now=now)
    return station


def _loket_run(station, central: CentralProcess) -> tuple[float, list[tuple[str, bytes]], object]:
    from linkkit import connect
    from loket.station import Station

    connect(station.paths.root, central.url, central.add_station())
    station.close()
    station = Station.open(station.paths.root)
    monitor = station.link_monitor()
    client = monitor.client
    posted: list[tuple[str, bytes]] = []
    batch, status = client.post_batch, client.post_status

    def keep_batch(body: bytes):
        posted.append(("/v1/requests/batch", body))
        return batch(body)

    def keep_status(refs):
        posted.append(("/v1/requests/status", json.dumps({"refs": refs}, separators=(",", ":")).encode()))
        return status(refs)

    client.post_batch, client.post_status = keep_batch, keep_status
    start = time.perf_counter()
    result = station.sync()
    elapsed = time.perf_counter() - start
    jwk = station.key().public_jwk()
    station.close()
    return elapsed, posted, (result, jwk)


def _bare_run(central: CentralProcess, bodies: list[tuple[str, bytes]], jwk: dict) -> float:
    import httpx

    token = central.add_station()
    headers = {"Authorization": f"Bearer {token}", "X-Station-Id": STATION_ID, "Content-Type": "application/json"}
    with httpx.Client(base_url=central.url, headers=headers, timeout=120) as client:
        client.put(f"/v1/stations/{STATION_ID}/signing-key", json=jwk).raise_for_status()
        start = time.perf_counter()
        client.get("/v1/authorization").raise_for_status()
        for path, body in bodies:
            client.post(path, content=body).raise_for_status()
        return time.perf_counter() - start


def _round(template: Path, work: Path, n: int, index: int) -> tuple[float, float, int, int]:
    from loket.station import Station

    root = work / f"station-{index}"
    shutil.copytree(template, root)
    central = CentralProcess(work / f"central-loket-{index}.db")
    try:
        loket_s, bodies, (result, jwk) = _loket_run(Station.open(root), central)
    finally:
        central.stop()
    if result.outcome != "drained" or result.accepted != n:
        raise SystemExit(f"sync did not drain: {result.outcome} {result.detail} accepted={result.accepted}")
    bare_central = CentralProcess(work / f"central-bare-{index}.db")
    try:
        bare_s = _bare_run(bare_central, bodies, jwk)
    finally:
        bare_central.stop()
    batches = sum(1 for path, _ in bodies if path.endswith("batch"))
    return loket_s, bare_s, batches, sum(len(body) for _, body in bodies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000, help="requests to queue and sync (default 10000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each from the same seeded station (default 3)")
    parser.add_argument("--dir", help="work folder (default: a new temporary folder)")
    args = parser.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="loket-bench-sync-"))
    work.mkdir(parents=True, exist_ok=True)

    seeding = time.perf_counter()
    template = work / "template"
    _make_station(template, args.n).close()
    print(f"queued {args.n} requests in {time.perf_counter() - seeding:.1f} s")

    ratios = []
    for index in range(args.rounds):
        loket_s, bare_s, batches, size = _round(template, work, args.n, index)
        ratios.append(loket_s / bare_s)
        print(f"round {index + 1}: loket {loket_s:6.2f} s ({args.n / loket_s:,.0f} items/s), "
              f"bare {bare_s:6.2f} s ({args.n / bare_s:,.0f} items/s), ratio {ratios[-1]:.2f}")
    print(f"each round posted {batches} batches and {size / 1e6:.1f} MB (with the status pulls)")
    print(f"ratio: median {statistics.median(ratios):.2f}, best {min(ratios):.2f}  (target <= {TARGET_RATIO})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
