"""Intake: the record a clerk captures, and the rules it must meet.

``record`` (the data), ``nik`` (NIK/KK numbers), ``regions`` (kode wilayah),
``validate`` (every rule, with messages) and ``samples`` (valid Palopo records
for tests and benchmarks). Nothing here is imported eagerly: the region table is
read on first use.
"""
