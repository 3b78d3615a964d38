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

# Per model and set of given columns, in their order: the statement, each value's
# conversion and the defaults of the fields not given, worked out from the model's
# metadata once rather than on every insert (a save inserts three rows).
_SHAPES: dict[tuple, tuple[str, tuple, tuple]] = {}


def insert_row(db: peewee.Database, model: type[peewee.Model], values: dict[str, Any]) -> int:
    """``model.insert(**values).execute()``: the new row's id. On PostgreSQL (where the
    save is pipelined by hand, see office_save) this is peewee's own insert."""
    if backend.is_postgres(db):
        return model.insert(**values).execute()
    shape = (model, tuple(values))
    known = _SHAPES.get(shape)
    if known is None:
        known = _SHAPES[shape] = _shape(db, model, shape[1])
    sql, converters, defaults = known
    params = [convert(value) for convert, value in zip(converters, values.values())]
    # A default is taken afresh for each row (a callable one may give a new value each time).
    params += [convert(default() if callable(default) else default) for convert, default in defaults]
    return db.execute_sql(sql, params).lastrowid


def _shape(db: peewee.Database, model: type[peewee.Model], given: tuple[str, ...]) -> tuple[str, tuple, tuple]:
    meta = model._meta
    fields = [meta.fields[name] for name in given]
    defaulted = [(field, default) for field, default in meta.defaults.items() if field.name not in given]
    every = fields + [field for field, _ in defaulted]
    columns = ", ".join(f'"{field.column_name}"' for field in every)
    sql = f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({", ".join([db.param] * len(every))})'
    return sql, tuple(field.db_value for field in fields), tuple((f.db_value, default) for f, default in defaulted)
