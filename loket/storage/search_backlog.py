"""The desk's text index written after the save, not inside it (station migration 15).

FTS5's entry for a new request was a trigger of the save's own ``INSERT``: the name
and number cut into trigrams and three pages of the index written, about an eighth
of a save's CPU, in the transaction the clerk waits for. Now the index holds exactly
the requests up to a mark (``requests_search_mark.upto``), and the rows above it are
indexed later, many in one transaction (``catch_up``: after the audit checkpoint on
the station's own thread, at warm-up, after a seeding). Nothing is ever missed by a
search: the desk reads the index for the rows up to the mark and the few rows above
it directly (``search.sources``), both against the one mark it read.

The mark's rule is kept by the triggers, whoever writes: a row inserted with an id at
or below the mark (an id reserved at the office, given later) is indexed at once, as
before; a correction of a row at or below it is told to the index, of a row above it
needs nothing (its words are read when it is indexed). SQLite only: PostgreSQL's
trigram indexes are the table's own indexes, and stay as they are.
"""

from __future__ import annotations

import peewee

from loket.storage import backend

MARK = "requests_search_mark"
BATCH = 2000  # rows indexed a transaction: a save waiting for the write lock waits for one batch at most


def add_mark(db: peewee.Database) -> None:
    """Migration 15 on SQLite with an FTS5 index (nothing otherwise): the mark at the newest
    row (the index holds every row so far), and the triggers that keep its rule."""
    tables = backend.table_names(db)
    if backend.is_postgres(db) or "requests_search" not in tables:
        return
    if MARK not in tables:  # run again on a station that has it (a repair), the mark stays where it is
        db.execute_sql(f"CREATE TABLE {MARK} (upto INTEGER NOT NULL)")
        db.execute_sql(f"INSERT INTO {MARK} (upto) SELECT COALESCE(MAX(id), 0) FROM requests")
    db.execute_sql("DROP TRIGGER IF EXISTS requests_search_insert")
    db.execute_sql("DROP TRIGGER IF EXISTS requests_search_update")
    db.execute_sql(f"""
        CREATE TRIGGER requests_search_insert AFTER INSERT ON requests
        WHEN NEW.id <= (SELECT upto FROM {MARK})
        BEGIN
            INSERT INTO requests_search (rowid, name, doc_number) VALUES (NEW.id, NEW.name, NEW.doc_number);
        END""")
    # The index forgets a row's old words by being told them ('delete'): only a row it holds.
    db.execute_sql(f"""
        CREATE TRIGGER requests_search_update AFTER UPDATE OF name, doc_number ON requests
        WHEN OLD.id <= (SELECT upto FROM {MARK})
        BEGIN
            INSERT INTO requests_search (requests_search, rowid, name, doc_number)
                VALUES ('delete', OLD.id, OLD.name, OLD.doc_number);
            INSERT INTO requests_search (rowid, name, doc_number) VALUES (NEW.id, NEW.name, NEW.doc_number);
        END""")


def indexed_upto(db: peewee.Database) -> int:
    """The newest request id the text index holds every row up to (SQLite with FTS5 only)."""
    return marks(db)[0]


def marks(db: peewee.Database) -> tuple[int, int]:
    """``(upto, newest)``: the mark, and the newest request id (rows wait when it is higher)."""
    row = db.execute_sql(f"SELECT upto, (SELECT COALESCE(MAX(id), 0) FROM requests) FROM {MARK}").fetchone()
    return (row[0], row[1]) if row else (0, 0)


def catch_up(db: peewee.Database, batch: int = BATCH) -> int:
    """Index the rows above the mark, ``batch`` a transaction; the rows indexed. Nothing to
    do on PostgreSQL or without the text index. Safe beside saves and other catch-ups:
    each batch reads the mark under the write lock."""
    from loket.storage.db import write_tx
    from loket.storage.search import has_text_index

    if backend.is_postgres(db) or not has_text_index(db):
        return 0
    done = 0
    while True:
        with write_tx(db):
            upto = indexed_upto(db)
            (top,) = db.execute_sql(
                "SELECT MAX(id) FROM (SELECT id FROM requests WHERE id > ? ORDER BY id LIMIT ?)",
                (upto, batch)).fetchone()
            if top is None:
                return done
            cursor = db.execute_sql(
                "INSERT INTO requests_search (rowid, name, doc_number) "
                "SELECT id, name, doc_number FROM requests WHERE id > ? AND id <= ?", (upto, top))
            done += cursor.rowcount
            db.execute_sql(f"UPDATE {MARK} SET upto = ?", (top,))
