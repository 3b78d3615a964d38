"""CPU per item of central's batch call, by part: what one new sealed item costs.

    python bench/bench_judge.py [--n 500] [--rounds 5] [--profile]

Builds ``--n`` real items (sample intake records, each with a Suket sealed by a
real Ed25519 key, as a station sends them), then times with the process's CPU
clock, over interleaved rounds, each part the batch call does for a new item:
the body's JSON parse, the batch's shape check, the canonical texts and payload
hash, the intake rules again, the seal check, the whole judging as a worker does
it (from the canonical texts), and storing the batch. ``bare`` is what
``bench/bare_sink.py`` does per item: parse, and one Ed25519 verification over the
seal's signing input. Figures are microseconds per item, median (min to max).
``--profile`` prints cProfile's top functions for judging the batch.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STATION_ID = "7373-LKT01"
RECEIVED_AT = "2026-05-04T02:15:00Z"


def build_items(n: int, key) -> list[dict]:
    from loket.intake.samples import sample_records
    from loket.printing.seal import make_seal, suket_payload, valid_until

    issued = dt.date(2026, 5, 4)
    until = valid_until(issued, 6)
    items = []
    for index, record in enumerate(sample_records(n, seed=7)):
        number = f"471/{index + 1:06d}/{STATION_ID}/V/2026"
        payload = suket_payload(number, record.nik, record.name, record.birth_date, record.sex, "7373",
                                STATION_ID, issued, until)
        items.append({"idempotency_key": str(uuid.uuid4()),
                      "request": {**record.to_request(), "received_at": RECEIVED_AT, "clerk_id": "SITI",
                                  "station_id": STATION_ID},
                      "suket": {"number": number, "issued_at": RECEIVED_AT, "valid_until": until.isoformat(),
                                "jws": make_seal(key, payload)}})
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from loket import jose
    from loket.central import checks
    from loket.central.batch import parse_batch, parse_json, run_batch
    from loket.central.canon import BatchEntry
    from loket.central.judges import judge_texts, warm_up
    from loket.central.store import CentralStore
    from loket.printing.keys import generate_keypair

    work = Path(tempfile.mkdtemp(prefix="bench-judge-"))
    key = generate_keypair(work / "key", STATION_ID)
    jwks = [key.public_jwk()]
    body = json.dumps({"items": build_items(args.n, key)}).encode("utf-8")
    today = dt.date(2026, 5, 5)
    warm_up()
    raw_key = jose.b64url_decode(jwks[0]["x"])

    def parse():
        return parse_json(body)

    def shape():
        return parse_batch(parse_json(body))

    def canon():
        for entry in parse_batch(parse_json(body)):
            entry.payload_hash  # noqa: B018 - computes both canonical texts and the hash

    def rules():
        for entry in parse_batch(parse_json(body)):
            checks.request_reason(entry.request, STATION_ID, today)

    def seal():
        for entry in parse_batch(parse_json(body)):
            checks.suket_reason(entry.suket, entry.request["nik"], STATION_ID, jwks)

    def worker():
        entries = parse_batch(parse_json(body))
        texts = [(e.request_json, e.suket_json) for e in entries]
        reasons = judge_texts(STATION_ID, jwks, today, texts)
        assert reasons == [None] * len(reasons), set(reasons)

    rounds_done = [0]

    def store():
        store = CentralStore.open(work / f"central-{rounds_done[0]}.db")
        rounds_done[0] += 1
        station = store.station(STATION_ID) or (store.add_station(STATION_ID) and store.station(STATION_ID))
        store.register_key(STATION_ID, jwks[0])
        entries = parse_batch(parse_json(body))
        for e in entries:
            e.payload_hash  # noqa: B018
        verdicts = {i: None for i in range(len(entries))}
        started = time.process_time()
        store.record_batch(station, entries, verdicts)
        spent = time.process_time() - started
        store.close()
        return spent

    def whole_inline():
        store = CentralStore.open(work / f"central-{rounds_done[0]}.db")
        rounds_done[0] += 1
        store.add_station(STATION_ID)
        station = store.station(STATION_ID)
        store.register_key(STATION_ID, jwks[0])
        started = time.process_time()
        results = run_batch(store, station, parse_batch(parse_json(body)), today)
        spent = time.process_time() - started
        store.close()
        assert all(r["status"] == "accepted" for r in results), results[:3]
        return spent

    def bare():
        public = Ed25519PublicKey.from_public_bytes(raw_key)
        for item in json.loads(body)["items"]:
            head, payload, signature = item["suket"]["jws"].split(".")
            public.verify(jose.b64url_decode(signature), f"{head}.{payload}".encode("ascii"))

    parts = {"bare (parse + Ed25519)": bare, "JSON parse": parse, "parse + shape": shape,
             "parse + shape + canonical + hash": canon, "parse + shape + intake rules": rules,
             "parse + shape + seal check": seal, "worker judging (parse + canon + judge)": worker,
             "store insert (record_batch only)": store, "whole call inline (run_batch)": whole_inline}
    times: dict[str, list[float]] = {name: [] for name in parts}
    for _ in range(args.rounds):
        for name, part in parts.items():
            started = time.process_time()
            spent = part()
            if not isinstance(spent, float):
                spent = time.process_time() - started
            times[name].append(spent / args.n * 1e6)
    print(f"{args.n} items, {args.rounds} rounds, CPU us per item: median (min to max)")
    for name, values in times.items():
        print(f"  {name:42s} {statistics.median(values):8.1f} ({min(values):.1f} to {max(values):.1f})")

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(3):
            worker()
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
