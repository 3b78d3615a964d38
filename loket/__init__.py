"""Loket: offline-first e-KTP counter software for civil-registry offices."""

__version__ = "0.1.0"

from loket import lean_imports as _lean_imports

_lean_imports.install()  # peewee without psycopg until an office database needs it
