"""The reference central server: the ministry's side of the central link protocol.

A station must work against any server that follows the protocol; this one is
the server our tests, demos and benchmarks run against. It stores in its own
SQLite file (``store``), judges items with the station's own rules (``checks``),
serves the protocol and the loopback-only ``/_control`` routes (``server``), and
can play outages (``faults``). Nothing here is imported by the counter app.
"""
