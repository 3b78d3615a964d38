"""peewee without psycopg until an office database is opened.

peewee imports psycopg (and its C library) when it is first imported, if psycopg is
installed, whether or not a PostgreSQL database is ever used. A counter on its own
SQLite file never needs it, and it costs about 11 MiB of resident memory on a PC that
may have little. So peewee's first import runs with psycopg hidden (its optional
import then fails quietly), and ``hand_psycopg_to_peewee`` gives peewee the driver the
first time an office database is opened (storage.target.connect_postgres).
"""

from __future__ import annotations

import importlib.util
import sys


class _PeeweeWithoutPsycopg:
    """Finds peewee as usual, and runs its module with psycopg hidden; used once.

    A finder and loader by their methods alone: the import system needs no more, and
    ``importlib.abc`` would import ``importlib.resources`` before the first paint."""

    def __init__(self) -> None:
        self._loader = None  # the loader peewee would have had

    def find_spec(self, name, path=None, target=None):
        if name != "peewee" or self._loader is not None:
            return None
        sys.meta_path.remove(self)  # the real finders now, and never again for this one
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        hide = "psycopg" not in sys.modules
        if hide:
            sys.modules["psycopg"] = None  # "import psycopg" raises ImportError
        try:
            self._loader.exec_module(module)
        finally:
            if hide:
                del sys.modules["psycopg"]


def install() -> None:
    if "peewee" not in sys.modules and "psycopg" not in sys.modules:
        sys.meta_path.insert(0, _PeeweeWithoutPsycopg())


def hand_psycopg_to_peewee() -> None:
    """Give peewee the psycopg it would have found at import (the same names it sets)."""
    import peewee

    if getattr(peewee, "psycopg", None) is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg, peewee.TransactionStatus, peewee.Json_pg3, peewee.Jsonb_pg3 = psycopg, TransactionStatus, Json, Jsonb
