"""A reconnect storm: many stations with full queues sync to one reference central at once.

    python bench/bench_storm.py [--stations 200] [--items 500] [--rounds 5] [--workers N]

Setup: ``--stations`` real stations (each its own id, key and SQLite file),
each holding ``--items`` queued requests with real Ed25519 seals (written with
bench/seed_queue.py, then sealed with the station's key), onboarded at the
reference central (``loket central``, its own process, a fresh database each
round). Every round starts from fresh copies.

Loket: every station's ``Station.sync()`` starts at the same moment (one thread
each, as many PCs would); the round ends when the last one finishes. Checked:
every queue drained, central holding each item exactly once. Reported: central's
throughput (items stored per second), the p99 of the answered batch calls' latency
as the stations saw it, and how many calls central told to come back later (429
with Retry-After: loket.central.admission).

Bare: the same bodies posted at once by as many raw ``httpx`` clients to
bench/bare_sink.py (parses JSON, verifies every seal). The ratio is Loket's
round time over the bare one.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_sync import CentralProcess, Server  # noqa: E402
from benchkit import check_rounds, interleaved, machine, ratios, report  # noqa: E402

SUPERVISOR = ("SUPERVISOR", "123456")


def station_id(number: int) -> str:
    return f"7373-S{number:04d}"


def make_station(root: Path, number: int, items: int) -> None:
    """A set-up station with ``items`` queued requests, every Suket sealed with its own key."""
    from conftest import make_settings

    make_sealed_station(root, dataclasses.replace(make_settings(), station_id=station_id(number)), items, number)


def make_sealed_station(root: Path, settings, items: int, seed: int) -> None:
    """``seed_queue.py``'s rows (what intake writes, fast), then every Suket sealed with
    the station's key as intake seals it: a queue central accepts, in seconds not hours."""
    from seed_queue import seed_queue

    from loket.printing.keys import load_key
    from loket.printing.seal import make_seal, suket_payload
    from loket.setup import setup_station

    setup_station(root, settings, *SUPERVISOR)
    seed_queue(root, items, seed=seed, states={"queued": 1}, span=dt.timedelta(days=5))
    key = load_key(root / "keys")
    conn = sqlite3.connect(root / "loket.db")
    rows = conn.execute(
        "SELECT s.id, s.number, s.issued_at, s.valid_until, r.payload FROM sukets s "
        "JOIN requests r ON r.id = s.request_id WHERE s.kind = 'suket'").fetchall()
    seals = []
    for suket_id, number_text, issued_at, valid_until, payload_text in rows:
        payload = json.loads(payload_text)
        seal = suket_payload(number_text, payload["nik"], payload["name"], dt.date.fromisoformat(payload["birth_date"]),
                             payload["sex"], settings.office_code, settings.station_id,
                             dt.date.fromisoformat(issued_at[:10]), dt.date.fromisoformat(valid_until))
        seals.append((make_seal(key, seal), suket_id))
    with conn:
        conn.executemany("UPDATE sukets SET jws = ? WHERE id = ?", seals)
    conn.close()


def storm(roots: list[Path], url: str, tokens: list[str], items: int):
    """Every station syncs at once; returns (seconds, latencies of the answered batch calls,
    the calls central refused for now (429), the answered bodies per station)."""
    from linkkit import connect
    from loket.station import Station

    stations = []
    for root, token in zip(roots, tokens):
        connect(root, url, token)
        stations.append(Station.open(root))
    latencies: list[float] = []
    refused = [0]
    bodies: list[list[bytes]] = [[] for _ in stations]
    results = [None] * len(stations)
    lock = threading.Lock()
    gate = threading.Barrier(len(stations) + 1)

    def run(index: int, station) -> None:
        client = station.link_monitor().client
        post = client.post_batch

        def timed_post(body: bytes):
            started = time.perf_counter()
            reply = post(body)
            with lock:
                if reply.status == 200:  # what the bare clients post again: each item once
                    latencies.append(time.perf_counter() - started)
                    bodies[index].append(body)
                elif reply.status == 429:  # central's line was full: sent again after Retry-After
                    refused[0] += 1
            return reply

        client.post_batch = timed_post
        gate.wait()
        results[index] = station.sync(pull_statuses=False)

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(stations)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for station in stations:
        station.close()
    # A call that timed out is sent again and answered "duplicate": delivered all the same
    # (each_item_once checks central); the count is printed.
    bad = [(r.outcome, r.accepted, r.duplicate, r.left, r.detail) for r in results
           if (r.outcome, r.accepted + r.duplicate, r.left) != ("drained", items, 0)]
    if bad:
        raise SystemExit(f"{len(bad)} stations did not drain: {bad[:3]}")
    duplicates = sum(r.duplicate for r in results)
    if duplicates:
        print(f"  {duplicates} items were sent again after a call timed out (answered duplicate)")
    return elapsed, latencies, refused[0], bodies


def each_item_once(db_path: Path, expected: int) -> None:
    conn = sqlite3.connect(db_path)
    total, keys = conn.execute("SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM items").fetchone()
    conn.close()
    if not total == keys == expected:
        raise SystemExit(f"central holds {total} items, {keys} distinct keys; expected {expected} once each")


def raw_storm(url: str, bodies: list[list[bytes]]) -> float:
    import httpx

    gate = threading.Barrier(len(bodies) + 1)

    def run(index: int, mine: list[bytes]) -> None:
        headers = {"X-Station-Id": station_id(index + 1), "Content-Type": "application/json"}
        with httpx.Client(base_url=url, headers=headers, timeout=300, trust_env=False) as client:
            gate.wait()
            for body in mine:
                client.post("/v1/requests/batch", content=body).raise_for_status()

    threads = [threading.Thread(target=run, args=(i, b)) for i, b in enumerate(bodies)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--items", type=int, default=500, help="queued requests per station (default 500)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, help="central's judging processes (default: one per core)")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if args.stations < 1 or args.items < 1:
        parser.error("--stations and --items must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="loket-bench-storm-"))
    try:
        return _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args, work: Path) -> int:
    import httpx

    print(f"machine: {machine()}")
    seeding = time.perf_counter()
    templates = []
    for number in range(1, args.stations + 1):
        templates.append(work / "templates" / station_id(number))
        make_station(templates[-1], number, args.items)
    total = args.stations * args.items
    print(f"{args.stations} stations with {args.items} sealed requests each, set up in "
          f"{time.perf_counter() - seeding:.0f} s")
    state = {"round": 0, "bodies": None, "keys": None}
    rates, p99s = [], []

    def loket() -> float:
        state["round"] += 1
        here = work / f"round-{state['round']}"
        roots = [here / template.name for template in templates]
        for template, root in zip(templates, roots):
            shutil.copytree(template, root)
        central = CentralProcess(here / "central.db", args.workers)
        try:
            tokens = [central.add_station(root.name) for root in roots]
            keys = [(root.name, (root / "keys" / "signing-key.pub.jwk").read_text()) for root in roots]
            elapsed, latencies, refused, bodies = storm(roots, central.url, tokens, args.items)
        finally:
            central.stop()
        each_item_once(here / "central.db", total)
        shutil.rmtree(here, ignore_errors=True)
        ordered = sorted(latencies)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        rates.append(total / elapsed)
        p99s.append(p99 * 1000)
        print(f"  loket {elapsed:6.2f} s  {total / elapsed:8,.0f} items/s  batch p50 "
              f"{statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; "
              f"{refused} calls told to come back later; each item once")
        state["bodies"], state["keys"] = bodies, keys
        return elapsed

    def bare() -> float:
        if state["bodies"] is None:
            raise RuntimeError("the first round runs Loket first")
        sink = Server([sys.executable, str(HERE / "bare_sink.py"), "--port", "0"])
        try:
            for name, jwk in state["keys"]:
                httpx.put(f"{sink.url}/v1/stations/{name}/signing-key", content=jwk, timeout=30,
                          trust_env=False).raise_for_status()
            elapsed = raw_storm(sink.url, state["bodies"])
        finally:
            sink.stop()
        print(f"  bare  {elapsed:6.2f} s  {total / elapsed:8,.0f} items/s")
        return elapsed

    ours, theirs = interleaved(args.rounds, loket, bare)
    size = f"{args.stations} x {args.items}"
    report("storm", f"storm {size}: loket / raw clients + parsing, verifying sink", ratios(ours, theirs),
           loket=ours, bare=theirs, note=f"central {statistics.median(rates):,.0f} items/s")
    report("storm", f"storm {size}: central items/s", rates, unit="items/s")
    report("storm", f"storm {size}: batch latency p99, ms", p99s, unit="ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
