"""Which synced requests a status pull asks central about.

A request synced in the run that is pulling has just been answered (``accepted``
or ``duplicate``): asking again at once would be a second round trip for news
that cannot exist yet. So the pull pages (by id) through requests synced before
the run started.
"""

from __future__ import annotations

import peewee


def refs_synced_before(db: peewee.Database, before: str, after_id: int, limit: int) -> list[tuple[int, str]]:
    """``(id, central_ref)`` of requests synced before ``before`` (a stored UTC text), by id."""
    return db.execute_sql(
        "SELECT id, central_ref FROM requests WHERE state = 'synced' AND central_ref IS NOT NULL AND id > ? "
        "AND synced_at < ? ORDER BY id LIMIT ?",
        (after_id, before, limit),
    ).fetchall()
