"""One row inserted through a model, its statement written once per shape.

peewee builds an ``INSERT`` afresh every time: for the save's request row that takes
longer than SQLite takes to store it. ``insert_row`` keeps what peewee does to the
values (each field's ``db_value``, the model's defaults for fields not given) and
keeps the statement's text per model and set of columns.
"""

from __future__ import annotations

from typing import Any

import peewee

from loket.storage import backend

_STATEMENTS: dict[tuple, str] = {}


def insert_row(db: peewee.Database, model: type[peewee.Model], values: dict[str, Any]) -> int:
    """``model.insert(**values).execute()``: the new row's id. On PostgreSQL (where the
    save is pipelined by hand, see office_save) this is peewee's own insert."""
    if backend.is_postgres(db):
        return model.insert(**values).execute()
    meta = model._meta
    row = dict(values)
    for field, default in meta.defaults.items():
        if field.name not in row:
            row[field.name] = default() if callable(default) else default
    shape = (model, tuple(row))
    sql = _STATEMENTS.get(shape)
    if sql is None:
        columns = ", ".join(f'"{meta.fields[name].column_name}"' for name in row)
        sql = f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({", ".join([db.param] * len(row))})'
        _STATEMENTS[shape] = sql
    fields = meta.fields
    return db.execute_sql(sql, [fields[name].db_value(value) for name, value in row.items()]).lastrowid
