"""Loket: offline-first e-KTP counter software for civil-registry offices."""

__version__ = "0.1.0"
