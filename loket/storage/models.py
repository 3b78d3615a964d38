"""Peewee models for the station database.

The schema itself is owned by ``migrations.py`` (explicit, numbered DDL); these
classes only describe it for queries. Models are bound to ``database_proxy`` so a
process can open one database after another (tests do); every storage function
calls ``use(db)`` to point the proxy at the database it was handed. The binding is
process-wide: one process works with one database at a time (threads included).

Times are stored as fixed-width ISO 8601 UTC text (``2018-07-12T08:30:00.000000Z``)
so they sort as text, read the same in any SQL client, and carry no local-time
ambiguity.
"""

from __future__ import annotations

import datetime as dt
import json

import peewee

ROLES = ("clerk", "supervisor")
STATES = ("queued", "sending", "synced", "rejected", "conflict", "completed", "void")
# A NIK may have only one request of a type in these states at a time.
OPEN_STATES = ("queued", "sending", "synced", "rejected", "conflict")
KINDS = ("suket", "receipt")

database_proxy = peewee.DatabaseProxy()

_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def use(db: peewee.Database) -> peewee.Database:
    """Bind the models to ``db`` (cheap when already bound)."""
    if database_proxy.obj is not db:
        database_proxy.initialize(db)
    return db


def utc_text(value: dt.datetime) -> str:
    """The stored form of an aware datetime."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime: pass an aware datetime (e.g. datetime.now(timezone.utc))")
    return value.astimezone(dt.timezone.utc).strftime(_UTC_FORMAT)


def parse_utc_text(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, _UTC_FORMAT).replace(tzinfo=dt.timezone.utc)


def canonical_json(value: object) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept readable."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class UtcDateTimeField(peewee.Field):
    field_type = "TEXT"

    def db_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return utc_text(value)

    def python_value(self, value):
        if value is None:
            return None
        return parse_utc_text(value)


class JsonField(peewee.TextField):
    def db_value(self, value):
        if value is None:
            return None
        return canonical_json(value)

    def python_value(self, value):
        if value is None:
            return None
        return json.loads(value)


class BaseModel(peewee.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class User(BaseModel):
    name = peewee.CharField(unique=True)
    role = peewee.CharField()
    pin_hash = peewee.CharField()
    failed_attempts = peewee.IntegerField(default=0)
    locked_until = UtcDateTimeField(null=True)
    active = peewee.BooleanField(default=True)
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "users"


class Request(BaseModel):
    idempotency_key = peewee.CharField(unique=True)
    station_id = peewee.CharField()
    clerk = peewee.ForeignKeyField(User, column_name="clerk_id", backref="requests")
    nik = peewee.CharField()
    request_type = peewee.CharField()
    purpose = peewee.CharField()
    name = peewee.CharField()
    state = peewee.CharField()
    payload = JsonField()
    local = JsonField()
    warnings = JsonField()
    queue_year = peewee.IntegerField()
    queue_no = peewee.IntegerField()
    created_at = UtcDateTimeField()
    attempts = peewee.IntegerField(default=0)
    last_error = peewee.TextField(null=True)
    central_ref = peewee.CharField(null=True)
    claimed_by = peewee.CharField(null=True)
    claimed_at = UtcDateTimeField(null=True)
    synced_at = UtcDateTimeField(null=True)
    updated_at = UtcDateTimeField()

    class Meta:
        table_name = "requests"


class Suket(BaseModel):
    request = peewee.ForeignKeyField(Request, column_name="request_id", backref="sukets")
    kind = peewee.CharField()
    number = peewee.CharField(unique=True)
    station_id = peewee.CharField()
    year = peewee.IntegerField()
    seq = peewee.IntegerField()
    issued_at = UtcDateTimeField()
    valid_until = peewee.DateField(null=True)
    jws = peewee.TextField(null=True)
    pdf_path = peewee.TextField(null=True)
    # Reprints made so far: the first reprint is copy 1 ("SALINAN ke-1").
    copies = peewee.IntegerField(default=0)
    superseded = peewee.BooleanField(default=False)

    class Meta:
        table_name = "sukets"


class Counter(BaseModel):
    station_id = peewee.CharField()
    year = peewee.IntegerField()
    kind = peewee.CharField()
    value = peewee.IntegerField()

    class Meta:
        table_name = "counters"
        primary_key = peewee.CompositeKey("station_id", "year", "kind")


class AuditEvent(BaseModel):
    at = peewee.CharField()
    actor = peewee.CharField()
    action = peewee.CharField()
    subject = peewee.CharField()
    details = peewee.TextField()
    prev_hash = peewee.CharField(unique=True)
    hash = peewee.CharField()

    class Meta:
        table_name = "audit_events"


MODELS = (User, Request, Suket, Counter, AuditEvent)
