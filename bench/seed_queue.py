"""Fill a set-up station's database with many realistic requests, fast.

    python bench/seed_queue.py --data-dir DIR --n 100000 [--seed 0] [--days 60]

For the desk benchmark and tests: ``n`` requests of Palopo residents (distinct
NIKs, urgent purposes mixed in, a few with intake warnings, some receipts among
the Sukets), spread over the last ``span`` and in a mix of states: most queued,
some synced or completed, some rejected or in conflict with central's reason as
``last_error`` and a sync attempt behind it, a few voided by the supervisor.

The rows are exactly the ones ``queue.enqueue`` writes (request, Suket or
receipt with its number from the station's pattern, queue and number counters)
plus what the sync engine and a supervisor would have added, but they are written
with ``executemany`` in a few big transactions instead of one transaction each.
Audit events (one ``intake.saved`` per request, and one per later state change)
are hash-chained here in memory, continuing the station's chain, so
``loket audit verify`` still passes.

Suket rows carry no seal: ``jws`` is NULL. Sealing 100,000 slips would dominate
the run and a queue benchmark never verifies them; do not send a seeded queue
to a central that checks seals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The mix of a queue after a long outage with a few answers from central already in.
DEFAULT_MIX = {"queued": 70, "synced": 10, "completed": 8, "rejected": 6, "conflict": 4, "void": 2}
CHUNK = 20000  # requests per transaction
RECEIPT_EVERY = 12  # one in twelve residents had no biometrics taken: a receipt, not a Suket
# Central's codes, as the protocol names them and the sync engine stores them.
REJECT_REASONS = ("invalid_field:religion", "invalid_nik", "invalid_field:birth_date", "unknown_region")
CONFLICT_REASONS = ("request.birth_date", "request.name")
NO_ANSWER = "timeout"  # why a run gave a request back: no answer in time
VOID_REASONS = ("Pemohon membatalkan permohonan", "Salah input jenis permohonan")


def _mix(states) -> tuple[list[str], list[int]]:
    from loket.storage.models import STATES

    if states is None:
        states = DEFAULT_MIX
    weights = dict(states) if isinstance(states, dict) else {state: 1 for state in states}
    unknown = [state for state in weights if state not in STATES]
    if unknown or not weights or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError(f"states must name request states ({', '.join(STATES)}) with positive weights: {states!r}")
    return list(weights), list(weights.values())


def _open(station):
    """``(db, settings, close)`` for a Station object or a station data folder."""
    if hasattr(station, "db") and hasattr(station, "settings"):
        return station.db, station.settings, lambda: None
    from loket.config import DataPaths, load_settings
    from loket.storage.db import open_database

    paths = DataPaths(Path(station))
    settings = load_settings(paths)
    db = open_database(paths.database)
    return db, settings, db.close


def _people(db) -> tuple[tuple[int, str], str]:
    """The clerk who took the requests (id, name) and the supervisor who voids."""
    rows = db.execute_sql("SELECT id, name, role FROM users WHERE active ORDER BY id").fetchall()
    if not rows:
        raise ValueError("the station has no users: set it up with `loket setup` first")
    clerk = next(((i, n) for i, n, role in rows if role == "clerk"), (rows[0][0], rows[0][1]))
    supervisor = next((n for _, n, role in rows if role == "supervisor"), clerk[1])
    return clerk, supervisor


def _times(rng: random.Random, n: int, now: dt.datetime, span: dt.timedelta) -> list[dt.datetime]:
    """``n`` ascending whole-second times in (now - span, now]: busy seconds repeat."""
    seconds = max(1, int(span.total_seconds()))
    offsets = sorted(rng.randrange(seconds) for _ in range(n))
    start = now - dt.timedelta(seconds=seconds)
    return [start + dt.timedelta(seconds=offset + 1) for offset in offsets]


def seed_queue(
    station,
    n: int,
    *,
    seed: int = 0,
    states=None,
    now: dt.datetime | None = None,
    span: dt.timedelta = dt.timedelta(days=60),
) -> None:
    """Add ``n`` requests to a set-up station (a ``Station`` or its data folder).

    ``states``: None for DEFAULT_MIX, a sequence of states (mixed evenly) or a
    ``{state: weight}`` dict. Requests are created at whole seconds spread over
    ``span`` before ``now`` (aware; default: now, in this machine's zone, which
    also dates the numbers); busy seconds hold several requests. The same ``seed``
    gives the same residents: seeding one station twice needs two seeds.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a whole number of requests, 0 or more (got {n!r})")
    names, weights = _mix(states)
    now = now or dt.datetime.now().astimezone()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    from loket.storage.search_backlog import catch_up

    db, settings, close = _open(station)
    # A big page cache while seeding: the NIK and name indexes take rows in random
    # order, and with SQLite's default 2 MB cache every insert would go to the disk.
    (cache_size,) = db.execute_sql("PRAGMA cache_size").fetchone()
    db.execute_sql(f"PRAGMA cache_size = {-256 * 1024}")
    try:
        _seed(db, settings, n, random.Random(seed), seed, names, weights, now, span)
        # The desk's text index, brought up to the new rows as a station's own thread does
        # after its saves (storage.search_backlog), so that searches read the index.
        catch_up(db, batch=CHUNK)
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(cache_size)}")
        close()


def _seed(db, settings, n, rng, seed, names, weights, now, span) -> None:
    from loket.intake.samples import sample_records
    from loket.storage.models import use

    use(db)
    clerk, supervisor = _people(db)
    records = sample_records(n, seed)
    times = _times(rng, n, now, span)
    chosen = rng.choices(names, weights, k=n)
    # The sends behind synced, rejected... requests (and the unanswered tries behind some
    # queued ones) belong to one sync run, written with the first chunk so a seeding that
    # fails leaves nothing behind.
    run: object = (now - span, now) if any(state != "void" for state in chosen) else None
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        run = _write_chunk(db, settings, clerk, supervisor, run, rng,
                           records[start:stop], times[start:stop], chosen[start:stop])


def _write_chunk(db, settings, clerk, supervisor, run, rng, records, times, chosen):
    """One transaction; ``run`` is the sync run's id, or its (start, end) to create it. Returns the id."""
    import sqlite3

    import peewee

    from loket.storage.db import write_tx
    from loket.storage.models import canonical_json, utc_text
    from loket.storage.numbering import DEFAULT_RECEIPT_PATTERN, QUEUE, format_number
    from loket.storage.queue import mask_nik

    station_id, office = settings.station_id, settings.office_code
    clerk_id, clerk_name = clerk
    local_text = canonical_json({"mismatch_reason": None, "photo_path": None})
    with write_tx(db):
        run_id = run
        if isinstance(run, tuple):
            run_id = db.execute_sql(
                "INSERT INTO sync_runs (runner, started_at, finished_at, outcome, detail) VALUES (?, ?, ?, ?, ?)",
                ("seed", utc_text(run[0]), utc_text(run[1]), "drained", "seeded history"),
            ).lastrowid
        (next_id,) = db.execute_sql("SELECT COALESCE(MAX(id), 0) + 1 FROM requests").fetchone()
        (next_suket,) = db.execute_sql("SELECT COALESCE(MAX(id), 0) + 1 FROM sukets").fetchone()
        counters = {
            (year, kind): value
            for year, kind, value in db.execute_sql(
                "SELECT year, kind, value FROM counters WHERE station_id = ?", (station_id,)
            ).fetchall()
        }
        requests, sukets, attempts, events = [], [], [], []
        for offset, (record, created, state) in enumerate(zip(records, times, chosen)):
            request_id, suket_id = next_id + offset, next_suket + offset
            local_now = created.astimezone()  # numbers are dated by the office's calendar
            year = local_now.year
            kind = "receipt" if request_id % RECEIPT_EVERY == 0 else "suket"
            queue_no = counters[(year, QUEUE)] = counters.get((year, QUEUE), 0) + 1
            seq = counters[(year, kind)] = counters.get((year, kind), 0) + 1
            pattern = settings.number_pattern if kind == "suket" else DEFAULT_RECEIPT_PATTERN
            number = format_number(pattern, seq, station_id, office, local_now)
            stamp = utc_text(created)
            payload = _payload(record, kind == "suket")
            payload.update(received_at=stamp[:19] + "Z", clerk_id=clerk_name, station_id=station_id)
            warnings = ["region_unknown"] if request_id % 37 == 0 else []
            if request_id % 53 == 0:
                warnings.append("nik_mismatch_accepted")
            row = _lifecycle(rng, state, created, request_id)
            updated = utc_text(row["updated"])
            requests.append((
                request_id, os.urandom(16).hex(), station_id, clerk_id, record.nik, record.request_type,
                record.purpose, record.name, "queued" if state == "sending" else state,  # a claim, not a state
                canonical_json(payload), local_text,
                canonical_json(warnings), year, queue_no, stamp, row["attempts"], row["error"],
                row["ref"], row["claimed_by"], row["claimed_at"], row["synced_at"], updated, number, kind,
            ))
            until = (local_now.date() + dt.timedelta(days=183)).isoformat()
            sukets.append((suket_id, request_id, kind, number, station_id, year, seq, stamp, until,
                           state in ("completed", "void")))
            events.append((stamp, clerk_name, "intake.saved", str(request_id),
                           {"kind": kind, "nik": mask_nik(record.nik), "number": number, "queue_no": queue_no}))
            for when, result, reason in row["sends"]:
                attempts.append((request_id, run_id, utc_text(when), result, reason))
            if state in ("rejected", "conflict", "completed"):
                details = {"from": "synced" if state == "completed" else "sending"}
                if state == "completed":
                    details["central_status"] = "card_printed"
                else:
                    details["reason"] = row["error"]
                events.append((updated, "sync", f"request.{state}", str(request_id), details))
            elif state == "void":
                events.append((updated, supervisor, "request.void", str(request_id),
                               {"from": "queued", "reason": rng.choice(VOID_REASONS)}))
        cursor = db.cursor()
        try:
            cursor.executemany(_INSERT_REQUEST, requests)
            cursor.executemany(_INSERT_SUKET, sukets)
        except (peewee.IntegrityError, sqlite3.IntegrityError) as exc:
            raise ValueError(f"these residents clash with requests already in the database ({exc}); "
                             "seed again with another seed") from None
        cursor.executemany(_INSERT_ATTEMPT, attempts)
        cursor.executemany(_UPSERT_COUNTER, [(station_id, y, k, v) for (y, k), v in counters.items()])
        _append_events(db, events)
    return run_id


def _payload(record, biometrics: bool) -> dict:
    """``record.to_request()`` without ``dataclasses.asdict`` (a third of the run at 100,000)."""
    address = record.address
    return {
        "nik": record.nik, "kk": record.kk, "name": record.name, "birth_place": record.birth_place,
        "birth_date": record.birth_date.isoformat(), "sex": record.sex, "blood_type": record.blood_type,
        "address": {"street": address.street, "rt": address.rt, "rw": address.rw, "village": address.village,
                    "district": address.district, "regency": address.regency, "province": address.province},
        "religion": record.religion, "marital_status": record.marital_status, "occupation": record.occupation,
        "nationality": record.nationality, "request_type": record.request_type, "purpose": record.purpose,
        "biometrics_recorded": biometrics,
    }


def _lifecycle(rng: random.Random, state: str, created: dt.datetime, request_id: int) -> dict:
    """What syncing did to a request that ended in ``state``: its columns and its sends."""
    from loket.storage.models import utc_text

    later = created + dt.timedelta(minutes=rng.randint(5, 600))
    row = {"attempts": 0, "error": None, "ref": None, "claimed_by": None, "claimed_at": None,
           "synced_at": None, "updated": created, "sends": []}
    if state == "queued" and rng.random() < 0.2:
        tries = rng.randint(1, 3)
        row.update(attempts=tries, error=NO_ANSWER, updated=later,
                   sends=[(later, "no_answer", NO_ANSWER)] * tries)
    elif state == "sending":
        row.update(attempts=1, claimed_by=f"seed:0:{request_id:08x}", claimed_at=utc_text(later), updated=later)
    elif state in ("synced", "completed"):
        row.update(attempts=1, ref=f"C-{request_id:08d}", synced_at=utc_text(later), updated=later,
                   sends=[(later, "accepted", None)])
        if state == "completed":
            row["updated"] = later + dt.timedelta(days=rng.randint(1, 5))
    elif state in ("rejected", "conflict"):
        reason = rng.choice(REJECT_REASONS if state == "rejected" else CONFLICT_REASONS)
        tries = rng.randint(1, 3)
        row.update(attempts=tries, error=reason, updated=later,
                   sends=[(later, state, reason)] * tries)
    elif state == "void":
        row["updated"] = later
    return row


def _append_events(db, events: list[tuple]) -> None:
    """Chain the events after the log's head, in time order (what appends one by one would do)."""
    from loket.storage.audit import GENESIS_HASH
    from loket.storage.models import canonical_json

    head = db.execute_sql("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    event_id, prev = head if head else (0, GENESIS_HASH)
    rows = []
    for at, actor, action, subject, details in sorted(events, key=lambda event: event[0]):
        event_id += 1
        details_text = canonical_json(details)
        fields = canonical_json({"id": event_id, "at": at, "actor": actor, "action": action,
                                 "subject": subject, "details": details_text})
        digest = hashlib.sha256((prev + fields).encode("utf-8")).hexdigest()
        rows.append((event_id, event_id, at, actor, action, subject, details_text, prev, digest))
        prev = digest
    db.cursor().executemany(
        "INSERT INTO audit_events (id, seq, at, actor, action, subject, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


_INSERT_REQUEST = (
    "INSERT INTO requests (id, idempotency_key, station_id, clerk_id, nik, request_type, purpose, name, state, "
    "payload, local, warnings, queue_year, queue_no, created_at, attempts, last_error, central_ref, claimed_by, "
    "claimed_at, synced_at, updated_at, doc_number, doc_kind) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_SUKET = (
    "INSERT INTO sukets (id, request_id, kind, number, station_id, year, seq, issued_at, valid_until, superseded) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_ATTEMPT = "INSERT INTO sync_attempts (request_id, run_id, at, result, reason) VALUES (?, ?, ?, ?, ?)"
_UPSERT_COUNTER = (
    "INSERT INTO counters (station_id, year, kind, value) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (station_id, year, kind) DO UPDATE SET value = MAX(counters.value, excluded.value)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill a set-up station's queue with realistic requests.")
    parser.add_argument("--data-dir", required=True, help="the station's data folder (made by `loket setup`)")
    parser.add_argument("--n", type=int, required=True, help="how many requests to add")
    parser.add_argument("--seed", type=int, default=0, help="which residents (another seed for a second run)")
    parser.add_argument("--days", type=float, default=60, help="spread the requests over this many days")
    args = parser.parse_args(argv)
    if not Path(args.data_dir).is_dir():
        parser.exit(2, f"seed_queue: no station folder at {args.data_dir}\n")
    if args.n < 0 or args.days <= 0:
        parser.exit(2, "seed_queue: --n must be 0 or more and --days more than 0\n")
    from loket.errors import ExplainedError

    started = time.perf_counter()
    try:
        seed_queue(args.data_dir, args.n, seed=args.seed, span=dt.timedelta(days=args.days))
    except (ValueError, ExplainedError) as exc:
        message = exc.message() if isinstance(exc, ExplainedError) else str(exc)
        parser.exit(1, f"seed_queue: {message}\n")
    print(f"seeded {args.n} requests in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
