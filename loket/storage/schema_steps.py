"""The schema's numbered steps, one function each; ``migrations`` applies them in order.

Steps 1 to 7 are in ``schema_steps_early``; the later ones are here. The DDL is written
by hand (the models may change; an applied step must not) in SQL both databases accept;
the few pieces that have no common spelling (integer keys, triggers) come from
``backend``. A step, once released, is never edited: a change to the schema is a new
step at the end.
"""

from __future__ import annotations

from typing import Callable

import peewee

from loket.storage import backend
from loket.storage.schema_steps_early import (
    _AUDIT_NO_DELETE,
    _AUDIT_NO_UPDATE,
    _URGENT_AT_M004,
    _m001_users_and_audit,
    _m002_queue,
    _m003_link,
    _m004_desk,
    _m005_office,
    _m006_search,
    _m007_audit_checkpoints,
    urgency_sql,
)

__all__ = ["LEAN_PAGES_DROPPED", "STEPS", "urgency_sql"]


def _m008_central_fate(db: peewee.Database) -> None:
    """Withdrawals asked of central (``storage.fate``): a void of a request central holds,
    and the old record of a request sent again under a new key.

    A request voided before this step may be held at central still (it was synced, or
    sent with no answer): each is asked about once, so that a card central printed
    meanwhile counts as printed here too.
    """
    ID = backend.id_column(db)
    db.execute_sql(f"""
        CREATE TABLE withdrawals (
            id {ID},
            request_id INTEGER NOT NULL REFERENCES requests (id),
            station_id VARCHAR(32) NOT NULL,
            item_key VARCHAR(64) NOT NULL,
            central_ref VARCHAR(64),
            purpose VARCHAR(16) NOT NULL CHECK (purpose IN ('void', 'superseded')),
            reason TEXT NOT NULL,
            requested_by VARCHAR(64) NOT NULL,
            requested_at TEXT NOT NULL,
            outcome VARCHAR(16) CHECK (outcome IN ('cancelled', 'not_held', 'refused', 'unsupported')),
            answer TEXT,
            answered_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute_sql("CREATE INDEX withdrawals_request ON withdrawals (request_id)")
    db.execute_sql("CREATE INDEX withdrawals_open ON withdrawals (station_id, outcome, id)")
    db.execute_sql("""
        INSERT INTO withdrawals (request_id, station_id, item_key, central_ref, purpose, reason,
                                 requested_by, requested_at)
        SELECT id, station_id, idempotency_key, central_ref, 'void', 'voided before central was asked',
               'sync', updated_at
        FROM requests WHERE state = 'void' AND (central_ref IS NOT NULL OR attempts > 0)""")


def _m009_nik_prefix(db: peewee.Database) -> None:
    """PostgreSQL: the desk's indexes end with the row id, so a page is an index walk.

    The desk orders every page by its column and then the id. SQLite's indexes end with
    the rowid (the id) already; PostgreSQL's order equal keys by where the row lies on
    disk, so a NIK-prefix search ("73": nearly every row) or the default list sorted
    every match for its first page, seconds at a million requests. Same names, same
    columns, the id added.
    """
    if not backend.is_postgres(db):
        return
    indexes = {
        "requests_desk_urgency": f"state, {urgency_sql(_URGENT_AT_M004)}, created_at",
        "requests_desk_number": "state, doc_number", "requests_desk_nik": "state, nik",
        "requests_desk_name": "state, name", "requests_desk_type": "state, request_type",
        "requests_desk_attempts": "state, attempts", "requests_desk_error": "state, last_error",
        "requests_desk_state": "state", "requests_state_created": "state, created_at",
    }
    for name, columns in indexes.items():
        # IF EXISTS: step 16 drops requests_desk_state, and this step may run again over
        # a newer schema when a station's recorded version is taken back.
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
        db.execute_sql(f"CREATE INDEX {name} ON requests ({columns}, id)")


def _m010_lean_file(db: peewee.Database) -> None:
    """A smaller file, the same meaning: each payload without the fields its columns hold
    (``lean_payload``); SQLite: ``prev_hash`` unique once, per chain (``lean_file``), as
    PostgreSQL has had it since 5."""
    from loket.storage.lean_file import rebuild_audit_events
    from loket.storage.lean_payload import lean_every_payload

    lean_every_payload(db)
    rebuild_audit_events(db, no_update=_AUDIT_NO_UPDATE, no_delete=_AUDIT_NO_DELETE)


# Indexes a SQLite save wrote (about one page each) that no query is planned on: the
# desk's (state, nik) and (state, name) serve NIK and name lookups (each naming its
# states: ``views.search_requests``, ``desk.count``), and nothing looks up by
# ``central_ref``. Measured with bench/bench_save_pages.py (docs/benchmarks.md).
LEAN_PAGES_DROPPED = ("requests_nik", "requests_name", "requests_central_ref")


def _m011_lean_pages(db: peewee.Database) -> None:
    """SQLite: fewer pages per save. PostgreSQL keeps its indexes (not measured there).

    The indexes above are dropped, and the copy of the newest Suket's number on its
    request is written only when it differs: a save writes the request with the number
    already in it, and an unchanged copy would still rewrite the row, its number index
    and its search entry (the search trigger fires on any UPDATE OF doc_number).
    """
    if backend.is_postgres(db):
        return
    for name in LEAN_PAGES_DROPPED:
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
    db.execute_sql("DROP TRIGGER sukets_newest_on_request")
    db.execute_sql("""
        CREATE TRIGGER sukets_newest_on_request AFTER INSERT ON sukets
        WHEN NEW.id = (SELECT MAX(id) FROM sukets WHERE request_id = NEW.request_id)
        BEGIN
            UPDATE requests SET doc_number = NEW.number, doc_kind = NEW.kind
            WHERE id = NEW.request_id AND (doc_number IS NOT NEW.number OR doc_kind IS NOT NEW.kind);
        END""")


def _m012_claim_in_place(db: peewee.Database) -> None:
    """A claim stamps rows that stay ``queued``: ``storage.claims``."""
    from loket.storage.claims import claim_in_place

    claim_in_place(db)


def _m013_lean_save(db: peewee.Database) -> None:
    """A new Suket rewrites its request only when its number changes: ``storage.lean_save``."""
    from loket.storage.lean_save import lean_save

    lean_save(db)


def _m014_open_key(db: peewee.Database) -> None:
    """One open request per NIK and type, kept without naming the state: ``storage.open_key``."""
    from loket.storage.open_key import open_key

    open_key(db)


def _m015_search_off_save(db: peewee.Database) -> None:
    """The text index written after the save, up to a mark: ``storage.search_backlog``."""
    from loket.storage.search_backlog import add_mark

    add_mark(db)


def _m016_lean_indexes(db: peewee.Database) -> None:
    """Fewer indexes a save writes: ``storage.lean_indexes``."""
    from loket.storage.lean_indexes import lean_indexes

    lean_indexes(db)


STEPS: tuple[Callable[[peewee.Database], None], ...] = (
    _m001_users_and_audit,
    _m002_queue,
    _m003_link,
    _m004_desk,
    _m005_office,
    _m006_search,
    _m007_audit_checkpoints,
    _m008_central_fate,
    _m009_nik_prefix,
    _m010_lean_file,
    _m011_lean_pages,
    _m012_claim_in_place,
    _m013_lean_save,
    _m014_open_key,
    _m015_search_off_save,
    _m016_lean_indexes,
)
