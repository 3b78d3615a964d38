"""Peewee models for the station database.

The schema itself is owned by ``schema_steps.py`` (explicit, numbered DDL, the same
on SQLite and PostgreSQL); these classes describe it for peewee's query builder, so
one query runs on both. Models are bound to ``database_proxy`` so a
process can open one database after another (tests do); every storage function
calls ``use(db)`` to point the proxy at the database it was handed. The binding is
per thread: a counter of an office works in the office database and, at the same
time in another thread, in its own file (the holding queue), and neither may see
the other's binding change under it. A thread that never bound one uses the last
binding made anywhere.

Times are stored as fixed-width ISO 8601 UTC text (``2018-07-12T08:30:00.000000Z``)
so they sort as text, read the same in any SQL client, and carry no local-time
ambiguity.
"""

from __future__ import annotations

import datetime as dt
import json
import threading

import peewee

from loket.storage.states import OPEN_STATES, STATES, State  # noqa: F401 (re-exported)

ROLES = ("clerk", "supervisor")
KINDS = ("suket", "receipt")

class _ThreadBoundProxy(peewee.DatabaseProxy):
    __slots__ = ("_here", "_anywhere")
    _OWN = frozenset({"obj", "_callbacks", "_Model", "_here", "_anywhere"})

    def __setattr__(self, attr, value) -> None:
        if attr not in self._OWN:
            raise AttributeError("Cannot set attribute on proxy.")
        object.__setattr__(self, attr, value)

    def __init__(self) -> None:
        self._here = threading.local()
        self._anywhere = None
        super().__init__()

    @property
    def obj(self):
        return getattr(self._here, "db", None) or self._anywhere

    @obj.setter
    def obj(self, value) -> None:
        self._here.db = value
        self._anywhere = value


database_proxy = _ThreadBoundProxy()

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
    """The aware datetime of a stored ``utc_text``; ValueError for any other form."""
    # fromisoformat is about twenty times cheaper than strptime (a desk page parses one per
    # row); it is given only the exact stored shape, which every Python from 3.10 reads alike.
    if len(text) == 27 and text[4] == "-" and text[10] == "T" and text[19] == "." and text[26] == "Z":
        return dt.datetime.fromisoformat(text[:26]).replace(tzinfo=dt.timezone.utc)
    return dt.datetime.strptime(text, _UTC_FORMAT).replace(tzinfo=dt.timezone.utc)


def canonical_json(value: object) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept readable."""
    return _CANONICAL.encode(value)


# Made once: ``json.dumps`` with these settings builds a new encoder on every call (a save
# encodes five values). The same settings as ``json.dumps``'s, so the same text.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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


class IsoDateField(peewee.Field):
    """A calendar date, written as ``YYYY-MM-DD`` text: SQLite keeps it so (whatever driver
    reaches the file), PostgreSQL reads the text into its DATE column."""

    field_type = "DATE"

    def db_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return value.isoformat()

    def python_value(self, value):
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))


class JsonField(peewee.TextField):
    def db_value(self, value):
        if value is None or isinstance(value, str):
            return value  # already in its stored form (copying rows between databases)
        return canonical_json(value)

    def python_value(self, value):
        if value is None:
            return None
        return json.loads(value)


class BaseModel(peewee.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class StateField(peewee.CharField):
    """A request state: stored as its text, read back as ``State``."""

    def db_value(self, value):
        return None if value is None else State(value).value

    def python_value(self, value):
        return None if value is None else State(value)


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
    clerk = peewee.ForeignKeyField(User, column_name="clerk_id", backref="requests", lazy_load=False)
    nik = peewee.CharField()
    request_type = peewee.CharField()
    purpose = peewee.CharField()
    name = peewee.CharField()
    state = StateField()
    # Canonical JSON text, kept as text: the sync posts these very bytes.
    payload = peewee.TextField()
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
    # The newest Suket/receipt of the request, kept in step by the database (migration 4).
    doc_number = peewee.CharField(null=True)
    doc_kind = peewee.CharField(null=True)
    # 1 while the request is open, kept in step with ``state`` by the database (migration
    # 14, ``storage.open_key``); never written by code.
    is_open = peewee.IntegerField()

    class Meta:
        table_name = "requests"


class Suket(BaseModel):
    request = peewee.ForeignKeyField(Request, column_name="request_id", backref="sukets", lazy_load=False)
    kind = peewee.CharField()
    number = peewee.CharField(unique=True)
    station_id = peewee.CharField()
    year = peewee.IntegerField()
    seq = peewee.IntegerField()
    issued_at = UtcDateTimeField()
    valid_until = IsoDateField(null=True)
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
    # ``chain`` names whose hash chain the event belongs to: "" in a single-PC file,
    # the station id in an office database (one chain per counter, see audit.py).
    chain = peewee.CharField(default="")
    seq = peewee.IntegerField()
    at = peewee.CharField()
    actor = peewee.CharField()
    action = peewee.CharField()
    subject = peewee.CharField()
    details = peewee.TextField()
    prev_hash = peewee.CharField()
    hash = peewee.CharField()

    class Meta:
        table_name = "audit_events"


class AuditCheckpoint(BaseModel):
    """A chain's head as the station's key signed it (see loket/audit_seal.py)."""

    chain = peewee.CharField(default="")
    seq = peewee.IntegerField()
    hash = peewee.CharField()
    at = peewee.CharField()
    reason = peewee.CharField()
    jws = peewee.TextField()

    class Meta:
        table_name = "audit_checkpoints"


class LinkEvent(BaseModel):
    # "" in a single-PC file; the counter whose link changed, in an office database.
    station_id = peewee.CharField(default="")
    at = peewee.CharField()
    from_state = peewee.CharField()
    to_state = peewee.CharField()
    reason = peewee.TextField(null=True)
    revoked_at = peewee.CharField(null=True)

    class Meta:
        table_name = "link_events"


class SyncRun(BaseModel):
    runner = peewee.CharField()
    started_at = peewee.CharField()
    finished_at = peewee.CharField(null=True)
    outcome = peewee.CharField(null=True)
    sent = peewee.IntegerField(default=0)
    accepted = peewee.IntegerField(default=0)
    duplicate = peewee.IntegerField(default=0)
    rejected = peewee.IntegerField(default=0)
    conflict = peewee.IntegerField(default=0)
    completed = peewee.IntegerField(default=0)
    left_over = peewee.IntegerField(default=0)
    detail = peewee.TextField(null=True)

    class Meta:
        table_name = "sync_runs"


class SyncAttempt(BaseModel):
    request = peewee.ForeignKeyField(Request, column_name="request_id", lazy_load=False)
    run = peewee.ForeignKeyField(SyncRun, column_name="run_id", lazy_load=False)
    at = peewee.CharField()
    result = peewee.CharField()
    reason = peewee.TextField(null=True)

    class Meta:
        table_name = "sync_attempts"


class StationFact(BaseModel):
    name = peewee.CharField(primary_key=True)
    value = peewee.TextField()
    updated_at = peewee.CharField()

    class Meta:
        table_name = "station_facts"


class Station(BaseModel):
    """A counter of the office (one row in a single-PC file; one per counter in an office database)."""

    station_id = peewee.CharField(primary_key=True)
    joined_at = peewee.CharField()
    kid = peewee.CharField(null=True)
    public_jwk = peewee.TextField(null=True)
    active = peewee.BooleanField(default=True)

    class Meta:
        table_name = "stations"


class OfficeSetting(BaseModel):
    """Settings every counter of an office shares (its name, head of office...)."""

    name = peewee.CharField(primary_key=True)
    value = peewee.TextField()

    class Meta:
        table_name = "office_settings"


class SchemaVersion(BaseModel):
    version = peewee.IntegerField(primary_key=True)
    applied_at = peewee.CharField()

    class Meta:
        table_name = "schema_version"


MODELS = (
    User, Request, Suket, Counter, AuditEvent, AuditCheckpoint, LinkEvent, SyncRun, SyncAttempt, StationFact, Station,
    OfficeSetting, SchemaVersion,
)
