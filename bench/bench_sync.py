"""Syncing a queue to the reference central, next to a raw client and a bare sink moving the same bytes.

    python bench/bench_sync.py [--n 2000] [--rounds 5] [--workers N] [--dir PATH] [--seed-only]

Setup: a real station (key, database) with ``--n`` requests queued through
``Station.submit`` (validated, numbered, sealed), copied afresh for each round.

Loket: ``Station.sync()`` against the reference central run as its own process
(``loket central``, fresh database each round, judging on one process per core
unless ``--workers``), timed from start to finish: authorization, key
registration, claiming, posting, storing every answer. Every body it posts is kept.

Bare: ``bare_sink.py`` in its own process (parses each batch's JSON and verifies
every seal with the same Ed25519 library, answers every item, stores nothing) and
a raw ``httpx`` client posting exactly the bodies Loket posted, in the same order,
on one keep-alive connection.

The figure is the ratio of Loket's time to the bare pair's, per round, rounds
interleaved; the goal (issue 13) is Loket at least a third of the bare rate,
i.e. a ratio of at most 3. Big runs (the cost per item flat from 10,000 to
1,000,000) are the same command with ``--n``: seeding through ``Station.submit``
takes about 2.5 ms a request on a quiet machine (26 ms on a loaded one), so
``--fast-seed`` writes the same rows in bulk (``seed_queue.py``) and seals each
Suket with the station's key, as ``bench_storm.py`` does. With ``--dir`` the
seeded station is kept (``template-N``) and later runs with the same ``--dir``,
``--n`` and seeding reuse it; ``--seed-only`` seeds and stops.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from benchkit import check_rounds, interleaved, machine, ratios, report  # noqa: E402

TARGET_RATIO = 3.0
STATION_ID = "7373-LKT01"


class Server:
    """A server process on a free loopback port; the first line it prints holds its URL."""

    def __init__(self, argv: list[str]):
        env = dict(os.environ, LOKET_LANG="en")
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        env=env)
        line = self.process.stdout.readline()
        found = re.search(r"http://[\w.\[\]:]+", line)
        if not found:
            self.process.kill()
            raise SystemExit(f"{argv[1:3]} did not start: {line!r}")
        self.url = found.group(0)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class CentralProcess(Server):
    """``loket central`` in its own process."""

    def __init__(self, db_path: Path, workers: int | None = None):
        self.db_path = db_path
        extra = ["--workers", str(workers)] if workers else []
        super().__init__([sys.executable, "-m", "loket.cli", "central", "--port", "0", "--db", str(db_path), *extra])

    def add_station(self, station_id: str = STATION_ID) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "loket.cli", "central", "add-station", station_id, "--db", str(self.db_path)],
            capture_output=True, text=True, check=True,
        )
        return out.stdout.strip()


def make_station(root: Path, n: int):
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


def make_fast_station(root: Path, n: int) -> None:
    """The same queue written in bulk (bench_storm's seeding: rows as intake writes them,
    each Suket then sealed with the station's key), for sizes Station.submit cannot
    seed in a few minutes."""
    from bench_storm import make_sealed_station
    from conftest import make_settings

    make_sealed_station(root, make_settings(), n, seed=7)


def loket_sync(root: Path, url: str, token: str) -> tuple[float, list[tuple[str, bytes]], object, dict]:
    """One timed ``Station.sync()``; also the bodies it posted, its result and its public key."""
    import json

    from linkkit import connect
    from loket.station import Station

    connect(root, url, token)
    station = Station.open(root)
    client = station.link_monitor().client
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
    return elapsed, posted, result, jwk


def raw_client(url: str, bodies: list[tuple[str, bytes]], jwk: dict) -> float:
    import httpx

    headers = {"Authorization": "Bearer bench", "X-Station-Id": STATION_ID, "Content-Type": "application/json"}
    with httpx.Client(base_url=url, headers=headers, timeout=120, trust_env=False) as client:
        start = time.perf_counter()
        client.get("/v1/authorization").raise_for_status()
        client.put(f"/v1/stations/{STATION_ID}/signing-key", json=jwk).raise_for_status()
        for path, body in bodies:
            client.post(path, content=body).raise_for_status()
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="requests to queue and sync (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--workers", type=int, help="central's judging processes (default: one per core)")
    parser.add_argument("--dir", help="work folder (default: a new temporary folder, removed at the end)")
    parser.add_argument("--fast-seed", action="store_true",
                        help="queue with seed_queue.py's bulk rows, then seal them (minutes less at 100,000)")
    parser.add_argument("--seed-only", action="store_true",
                        help="only queue the requests in --dir's template (reused by later runs with the same --dir)")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.seed_only and not args.dir:
        parser.error("--seed-only needs --dir (the seeded station is kept there)")
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="loket-bench-sync-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _run(args, work)
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


def _run(args, work: Path) -> int:
    print(f"machine: {machine()}")
    template = work / f"template-{args.n}{'-fast' if args.fast_seed else ''}"
    seeded = template / "seeded"  # written last: a template without it was cut short
    if seeded.exists():
        print(f"reusing the {args.n:,} sealed requests queued in {template}")
    else:
        shutil.rmtree(template, ignore_errors=True)
        seeding = time.perf_counter()
        if args.fast_seed:
            make_fast_station(template, args.n)
        else:
            make_station(template, args.n).close()
        seeded.write_text(f"{args.n}\n")
        print(f"queued {args.n:,} sealed requests in {time.perf_counter() - seeding:.1f} s")
    if args.seed_only:
        return 0
    state = {"round": 0, "bodies": None, "jwk": None}

    def loket() -> float:
        state["round"] += 1
        root = work / f"station-{state['round']}"
        shutil.copytree(template, root, ignore=shutil.ignore_patterns("seeded"))
        central = CentralProcess(work / f"central-{state['round']}.db", args.workers)
        try:
            elapsed, bodies, result, jwk = loket_sync(root, central.url, central.add_station())
        finally:
            central.stop()
            # A fresh central each round: a kept --dir must not hand the next run this one.
            for leftover in work.glob(f"central-{state['round']}.db*"):
                leftover.unlink()
        shutil.rmtree(root, ignore_errors=True)
        if result.outcome != "drained" or result.accepted != args.n:
            raise SystemExit(f"sync did not drain: {result.outcome} {result.detail} accepted={result.accepted}")
        state["bodies"], state["jwk"] = bodies, jwk
        print(f"  loket {elapsed:6.2f} s  {args.n / elapsed:8,.0f} items/s")
        return elapsed

    def bare() -> float:
        if state["bodies"] is None:  # the bodies come from a Loket run
            raise RuntimeError("the first round runs Loket first")
        sink = Server([sys.executable, str(HERE / "bare_sink.py"), "--port", "0"])
        try:
            elapsed = raw_client(sink.url, state["bodies"], state["jwk"])
        finally:
            sink.stop()
        print(f"  bare  {elapsed:6.2f} s  {args.n / elapsed:8,.0f} items/s")
        return elapsed

    ours, theirs = interleaved(args.rounds, loket, bare)
    batches = sum(1 for path, _ in state["bodies"] if path.endswith("batch"))
    size = sum(len(body) for _, body in state["bodies"])
    print(f"each round posted {batches} calls, {size / 1e6:.1f} MB")
    rates = [args.n / s for s in ours]
    report("sync", f"sync {args.n:,}: loket / raw client + parsing, verifying sink", ratios(ours, theirs),
           target=f"<= {TARGET_RATIO:g}", loket=ours, bare=theirs,
           note=f"loket {sorted(rates)[len(rates) // 2]:,.0f} items/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
