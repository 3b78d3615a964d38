"""Station migration 13: a Suket saved on an office database no longer rewrites its request.

The save writes the request with its Suket's number already in it (migration 11). On
SQLite the trigger that keeps ``requests.doc_number`` equal to the newest Suket has
written only a change since then; PostgreSQL's version still rewrote the request row
on every new Suket, the same values again: a new row version, a dead one for VACUUM,
and about a tenth of the server's CPU for a save. Here it writes only a change, as on
SQLite. A later Suket of a request (a correction) still moves the copy; an update of
a Suket (number, kind, request) recomputes both requests concerned, as before.
"""

from __future__ import annotations

import peewee

from loket.storage import backend

_NEWEST_ON_REQUEST = """
    CREATE OR REPLACE FUNCTION sukets_newest_on_request() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE requests SET doc_number = newest.number, doc_kind = newest.kind
            FROM (SELECT number, kind FROM sukets WHERE request_id = NEW.request_id
                  ORDER BY id DESC LIMIT 1) AS newest
            WHERE requests.id = NEW.request_id
              AND (requests.doc_number IS DISTINCT FROM newest.number
                   OR requests.doc_kind IS DISTINCT FROM newest.kind);
        ELSE
            UPDATE requests SET
                doc_number = (SELECT number FROM sukets WHERE request_id = requests.id ORDER BY id DESC LIMIT 1),
                doc_kind = (SELECT kind FROM sukets WHERE request_id = requests.id ORDER BY id DESC LIMIT 1)
            WHERE id = NEW.request_id OR id = OLD.request_id;
        END IF;
        RETURN NULL;
    END $$"""


def lean_save(db: peewee.Database) -> None:
    """PostgreSQL: the trigger's function replaced (the trigger itself stays). SQLite: nothing."""
    if backend.is_postgres(db):
        db.execute_sql(_NEWEST_ON_REQUEST)
