"""The station's durable store: one SQLite file (peewee), opened by ``db.open_database``.

- ``db``: opening, pragmas, ``write_tx`` (BEGIN IMMEDIATE), readable errors.
- ``migrations``: numbered schema steps and the schema version.
- ``queue``: ``enqueue`` (request + Suket + audit in one transaction), reprints, reads.
- ``transitions``: the request life cycle (sync, completion, void).
- ``users``: clerks and supervisors, PINs, login and lockout.
- ``audit``: the append-only, hash-chained audit log.

Submodules are imported where used, so importing this package stays cheap.
"""
