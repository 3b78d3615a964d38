"""The desk's search at 100,000 requests: what one keystroke costs the storage, against a
bare query doing the same search by hand.

    python bench/bench_search.py [--n 100000] [--rounds 5] [--data-dir DIR] [--size]
    python bench/bench_search.py --postgresql [--n 1000000] [--rounds 5]

Seeds a fresh station with ``n`` requests (bench/seed_queue.py; SQLite), or with
--postgresql an office database on a PostgreSQL server started in a temporary
folder (tests/pgkit.py; rows made by the server itself with generate_series), then
types search texts one key at a time. For each keystroke, what the desk asks the
database (desk.page for the first screen of rows, search.tally for the count and
what the filters hide) is timed against the bare work: the same search written by
hand in SQL on the driver (sqlite3 / psycopg), the text index's MATCH or LIKE with
the rows' columns, then the count grouped by the filters' columns. Rounds alternate
which goes first.

--size: the database file's size with and without the text index (a copy without
it, vacuumed), per 100,000 requests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from benchkit import check_rounds, machine, ratios, report  # noqa: E402

PAGE = 80  # rows the desk asks for at 120x40 (two screens)
PENDING = ("queued", "sending", "synced", "rejected", "conflict")
# Typed one key at a time: a surname inside names (thousands of matches), a rarer
# word, a Suket sequence number, the office part of every number, a NIK prefix.
TYPED = ("HAMZAH", "PATANDUNG", "0012/", "LKT01", "7373")
COLUMNS = ("id, created_at, purpose, doc_number, doc_kind, nik, name, request_type, state, attempts, "
           "last_error, station_id, warnings")


def keystrokes() -> list[tuple[str, tuple[str, ...]]]:
    """(text so far, states) for every key of every typed text; the first one also across every state."""
    strokes = [(text[:n], PENDING) for text in TYPED for n in range(1, len(text) + 1)]
    return strokes + [(TYPED[0][:n], ()) for n in range(1, len(TYPED[0]) + 1)]


# -- the bare work -------------------------------------------------------------------------


def bare_sql(text: str, states: tuple[str, ...], postgres: bool) -> tuple[list, list]:
    """The search as one would write it by hand: (the rows' statement, the counts' statements):
    the rows in the filter, the matches in the filter, the matches in every state."""
    from loket.storage import search

    query = search.parse(text)
    mark = "%s" if postgres else "?"
    in_states = f" AND r.state IN ({', '.join([mark] * len(states))})" if states else ""
    cols = ", ".join(f"r.{c.strip()}" for c in COLUMNS.split(","))
    if query.uses_text_index:
        column = query.column
        if postgres:
            where = " AND ".join(f"r.{column} LIKE {mark}" for _ in query.indexed)
            params = tuple(f"%{part}%" for part in query.indexed)
            rows = f"SELECT {cols} FROM requests r WHERE {where}{in_states} ORDER BY r.id LIMIT {PAGE}"
            counts = [f"SELECT COUNT(*) FROM requests r WHERE {where}{in_states}",
                      f"SELECT COUNT(*) FROM requests r WHERE {where}"]
        else:
            params = (" AND ".join(f'"{part}"' for part in query.indexed),)
            source = (f"FROM requests_search s CROSS JOIN requests r WHERE r.id = s.rowid "
                      f"AND s.{column} MATCH {mark}")
            rows = f"SELECT {cols} {source}{in_states} ORDER BY s.rowid LIMIT {PAGE}"
            counts = [f"SELECT COUNT(*) {source}{in_states}",
                      f"SELECT COUNT(*) FROM requests_search s WHERE s.{column} MATCH {mark}"]
    else:
        column = query.column
        params = (query.text, query.text + "\U0010ffff")
        where = f"r.{column} >= {mark} AND r.{column} < {mark}"
        rows = f"SELECT {cols} FROM requests r WHERE {where}{in_states} ORDER BY r.{column}, r.id LIMIT {PAGE}"
        counts = [f"SELECT COUNT(*) FROM requests r WHERE {where}{in_states}",
                  f"SELECT COUNT(*) FROM requests r WHERE {where}"]
    if not states:
        counts = counts[:1]  # nothing is hidden: one count
    return [(rows, params + states)], [(sql, params + (states if in_states in sql and states else ()))
                                       for sql in counts]


def timed_bare(connection, statements) -> float:
    started = time.perf_counter()
    for sql, params in statements:
        connection.execute(sql, params).fetchall()
    return time.perf_counter() - started


def timed_desk(db, text: str, states: tuple[str, ...]) -> tuple[float, float]:
    """(the first page, the tally): the rows a keystroke shows, then the count its worker makes."""
    from loket.storage import desk, search

    flt = desk.DeskFilter(states=states, search=text)
    started = time.perf_counter()
    desk.page(db, flt, limit=PAGE)
    paged = time.perf_counter()
    search.tally(db, flt)
    return paged - started, time.perf_counter() - paged


def measure(db, bare, postgres: bool, rounds: int) -> dict[str, list[float]]:
    """Per round, the median keystroke of each: desk rows, bare rows, desk tally, bare counts;
    and every desk keystroke (rows) and tally."""
    strokes = keystrokes()
    for text, states in strokes:  # warm: the page cache and the imports, once
        timed_desk(db, text, states)
        for part in bare_sql(text, states, postgres):
            timed_bare(bare, part)
    found = {name: [] for name in ("rows", "bare_rows", "tally", "bare_counts", "every_rows", "every_tally")}
    for index in range(rounds):
        got = {name: [] for name in ("rows", "bare_rows", "tally", "bare_counts")}
        for text, states in strokes:
            rows_sql, count_sql = bare_sql(text, states, postgres)

            def ours():
                paged, counted = timed_desk(db, text, states)
                got["rows"].append(paged)
                got["tally"].append(counted)

            def theirs():
                got["bare_rows"].append(timed_bare(bare, rows_sql))
                got["bare_counts"].append(timed_bare(bare, count_sql))

            first, second = (ours, theirs) if index % 2 == 0 else (theirs, ours)
            first()
            second()
        for name, values in got.items():
            found[name].append(statistics.median(values))
        found["every_rows"] += got["rows"]
        found["every_tally"] += got["tally"]
    slowest = sorted(zip(found["every_rows"], strokes * rounds), reverse=True)[:3]
    print("slowest keystrokes (rows): " + ", ".join(
        f"{text!r}{'' if states else ' (every state)'} {seconds * 1000:.1f} ms" for seconds, (text, states) in slowest))
    return found


# -- SQLite --------------------------------------------------------------------------------


def sqlite_run(args, tmp: Path) -> None:
    from bench_desk import make_station

    from loket.storage.db import open_database

    station = Path(args.data_dir) if args.data_dir else tmp / "station"
    if not args.data_dir:
        make_station(station, args.n)
    path = station / "loket.db"
    db = open_database(path)
    (n,) = db.execute_sql("SELECT COUNT(*) FROM requests").fetchone()
    bare = sqlite3.connect(str(path))
    try:
        found = measure(db, bare, False, args.rounds)
    finally:
        bare.close()
        db.close()
    summary(f"SQLite, {n:,} requests", "search", n, found)
    if args.size:
        sizes(path, tmp, n)


def sizes(path: Path, tmp: Path, n: int) -> None:
    copy = tmp / "without-index.db"
    shutil.copy(path, copy)
    with_index = tmp / "with-index.db"
    shutil.copy(path, with_index)
    for target, drop in ((with_index, False), (copy, True)):
        connection = sqlite3.connect(str(target))
        if drop:
            connection.execute("DROP TRIGGER requests_search_insert")
            connection.execute("DROP TRIGGER requests_search_update")
            connection.execute("DROP TABLE requests_search")
        connection.commit()
        connection.execute("VACUUM")
        connection.close()
    size, bare_size = with_index.stat().st_size, copy.stat().st_size
    per = 100_000 / n
    print(f"database size per 100,000 requests: {size * per / 2**20:.1f} MiB with the text index, "
          f"{bare_size * per / 2**20:.1f} MiB without: the index takes {(size - bare_size) * per / 2**20:.1f} MiB "
          f"({(size - bare_size) / bare_size:.0%})")


# -- PostgreSQL ----------------------------------------------------------------------------

_WORDS = ("AHMAD", "ANDI", "MUHAMMAD", "SITI", "NUR", "HASAN", "HAMZAH", "BASO", "RAUF", "LATIF", "DJALIL",
          "PATANDUNG", "RANTE", "TANDI", "AMINAH", "AISYAH", "KAMAL", "MUSTAFA", "YULIANA", "SAPUTRA", "RISMA",
          "MAKKASAU", "PARUMPA", "ASTUTI", "SYAMSUL", "MATTOLA", "HASMAWATI", "NURHAYATI", "ARIF", "SETIAWAN")


def fill_office(db, n: int) -> None:
    """``n`` requests made by the server: names of three words, numbers like the station's,
    NIKs unique, states mixed as in a long outage (mostly queued)."""
    words = "ARRAY[" + ", ".join(f"'{w}'" for w in _WORDS) + "]"
    pick = f"({words})[1 + floor(random() * {len(_WORDS)})::int]"
    (clerk,) = db.execute_sql("SELECT MIN(id) FROM users").fetchone()
    # Indexes are built once after the rows, not kept up row by row: the same indexes, sooner.
    rebuilt = db.execute_sql("""
        SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'requests'
        AND indexname NOT IN (SELECT conname FROM pg_constraint)""").fetchall()
    for name, _ in rebuilt:
        db.execute_sql(f"DROP INDEX {name}")
    db.execute_sql(f"""
        INSERT INTO requests (idempotency_key, station_id, clerk_id, nik, request_type, purpose, name, state,
                              payload, local, warnings, queue_year, queue_no, created_at, updated_at,
                              doc_number, doc_kind)
        SELECT md5(g::text), '7373-LKT01', {clerk}, (7373010000000000 + g)::text, 'new', 'general',
               {pick} || ' ' || {pick} || ' ' || {pick},
               (ARRAY['queued', 'queued', 'queued', 'rejected', 'conflict', 'completed', 'void'])[1 + g %% 7],
               '{{}}', '{{}}', '[]', 2026, g,
               to_char(timestamp '2026-01-01' + g * interval '2 seconds', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               '2026-03-01T00:00:00.000000Z',
               '471/' || lpad((g %% 10000)::text, 4, '0') || '/7373-LKT01/III/2026', 'suket'
        FROM generate_series(1, {n}) AS g""")
    for _, definition in rebuilt:
        db.execute_sql(definition)
    db.execute_sql("ANALYZE requests")


def postgresql_run(args) -> None:
    import pgkit
    import psycopg

    from loket.storage.db import open_database
    from loket.setup import setup_station
    from loket.config import Settings

    server = pgkit.start_server()
    try:
        os.environ["PGPASSWORD"] = pgkit.PASSWORD
        url = server.url(server.new_database())
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(office_code="7373", office_name="Disdukcapil Kota Palopo", station_id="7373-LKT01")
            settings.database = url
            setup_station(Path(tmp) / "station", settings, "SUPERVISOR", "123456")
        db = open_database(url)
        started = time.perf_counter()
        fill_office(db, args.n)
        print(f"filled {args.n:,} requests in {time.perf_counter() - started:.0f} s")
        bare = psycopg.connect(url, autocommit=True)
        try:
            found = measure(db, bare, True, args.rounds)
        finally:
            bare.close()
            db.close()
        summary(f"PostgreSQL, {args.n:,} requests", "search_pg", args.n, found)
    finally:
        pgkit.drop_tree(server)


def summary(where: str, bench: str, n: int, found: dict[str, list[float]]) -> None:
    print(f"machine: {machine()}; {where}; {len(keystrokes())} keystrokes a round")
    for name, label in (("rows", "rows on a keystroke"), ("tally", "count and hint after it")):
        every = sorted(found[f"every_{name}"])
        p99 = every[min(len(every) - 1, round(0.99 * (len(every) - 1)))]
        print(f"{label}: median {statistics.median(every) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
              f"max {every[-1] * 1000:.1f} ms")
    report(bench, f"search at {n:,} ({where}): rows on a keystroke / bare query", ratios(found["rows"], found["bare_rows"]),
           loket=found["rows"], bare=found["bare_rows"])
    report(bench, f"search at {n:,} ({where}): count and hint / bare counts", ratios(found["tally"], found["bare_counts"]),
           loket=found["tally"], bare=found["bare_counts"])
    report(bench, f"search at {n:,} ({where}): rows on a keystroke, ms (goal < 100)",
           [s * 1000 for s in found["every_rows"]], unit="ms", target="< 100")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=None, help="requests (default 100,000; 1,000,000 on PostgreSQL)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data-dir", help="a station already seeded (SQLite; --n is then ignored)")
    parser.add_argument("--size", action="store_true", help="also the database size with and without the index")
    parser.add_argument("--postgresql", action="store_true", help="an office database instead of a SQLite file")
    args = parser.parse_args()
    check_rounds(parser, args.rounds)
    if args.n is None:
        args.n = 1_000_000 if args.postgresql else 100_000
    if args.postgresql:
        postgresql_run(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_run(args, Path(tmp))


if __name__ == "__main__":
    main()
