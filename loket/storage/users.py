"""Station users (clerks and supervisors), their PINs, login and lockout.

Every login outcome goes to the audit log. The slow PIN hash is computed outside
write transactions so a login never holds the database's write lock for ~0.1 s.
"""

from __future__ import annotations

import datetime as dt
import re

import peewee

from loket.storage import audit, backend
from loket.storage.db import write_tx
from loket.storage.errors import AccountLocked, BadPin, QueueError, UnknownUser, UserError
from loket.storage.models import ROLES, User, use, utc_text
from loket.storage.pinhash import decoy_hash, hash_pin, needs_rehash, verify_pin

__all__ = [
    "AccountLocked", "BadPin", "UnknownUser", "UserError", "User",
    "add_user", "authenticate", "count_users", "find_user", "has_supervisor",
    "is_locked", "list_users", "normalize_name", "require_supervisor", "set_active", "set_pin",
]

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=5)
PIN_RE = re.compile(r"[0-9]{4,12}")
NAME_MAX = 40
# Letters (any script), digits, spaces and the punctuation found in Indonesian names.
_NAME_RE = re.compile(r"[^\W_][\w .'\-]*")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.timezone.utc)


def normalize_name(name: str) -> str:
    """Names are matched upper-cased with single spaces: ``' siti  aminah'`` -> ``'SITI AMINAH'``."""
    return " ".join(str(name).split()).upper()


def check_name(name: str) -> str:
    clean = normalize_name(name)
    if not clean:
        raise UserError("storage.user.name_empty")
    if len(clean) > NAME_MAX or not _NAME_RE.fullmatch(clean):
        raise UserError("storage.user.name_invalid", name=clean, limit=NAME_MAX)
    return clean


def check_pin(pin: str) -> None:
    if not isinstance(pin, str) or not PIN_RE.fullmatch(pin):
        raise UserError("storage.user.pin_invalid")


def find_user(db: peewee.Database, name: str) -> User | None:
    use(db)
    return User.get_or_none(User.name == normalize_name(name))


def list_users(db: peewee.Database) -> list[User]:
    use(db)
    return list(User.select().order_by(User.name))


def count_users(db: peewee.Database) -> int:
    use(db)
    return User.select().where(User.active == True).count()  # noqa: E712 (SQL expression)


def has_supervisor(db: peewee.Database) -> bool:
    use(db)
    return User.select().where((User.role == "supervisor") & (User.active == True)).exists()  # noqa: E712


def is_locked(user: User, now: dt.datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def add_user(
    db: peewee.Database, name: str, role: str, pin: str, actor: str, now: dt.datetime | None = None
) -> User:
    clean = check_name(name)
    if role not in ROLES:
        raise UserError("storage.user.role_invalid", role=role)
    check_pin(pin)
    pin_hash = hash_pin(pin)
    now = _now(now)
    with write_tx(db):
        if User.select().where(User.name == clean).exists():
            raise UserError("storage.user.name_taken", name=clean)
        user = User.create(name=clean, role=role, pin_hash=pin_hash, created_at=now)
        audit.append(db, actor, "user.added", clean, {"role": role}, now)
    return user


def set_pin(db: peewee.Database, name: str, pin: str, actor: str, now: dt.datetime | None = None) -> None:
    """Replace a user's PIN; also lifts a lockout."""
    check_pin(pin)
    pin_hash = hash_pin(pin)
    now = _now(now)
    with write_tx(db):
        user = _existing(db, name)
        User.update(pin_hash=pin_hash, failed_attempts=0, locked_until=None).where(User.id == user.id).execute()
        audit.append(db, actor, "user.pin_changed", user.name, {}, now)


def set_active(db: peewee.Database, name: str, active: bool, actor: str, now: dt.datetime | None = None) -> None:
    """Disable (or re-enable) a login without deleting the user: requests keep their clerk."""
    now = _now(now)
    with write_tx(db):
        user = _existing(db, name)
        User.update(active=bool(active)).where(User.id == user.id).execute()
        audit.append(db, actor, "user.enabled" if active else "user.disabled", user.name, {}, now)


def require_supervisor(db: peewee.Database, user: User) -> None:
    """Raise unless ``user`` is, in the database right now, an active supervisor.

    Checked against the stored row, not the object a screen has held since login:
    a supervisor disabled meanwhile can no longer approve.
    """
    use(db)
    row = User.select(User.role, User.active).where(User.id == user.id).tuples().first()
    if row is None or row[0] != "supervisor" or not row[1]:
        raise QueueError("storage.needs_supervisor")


def _existing(db: peewee.Database, name: str) -> User:
    user = find_user(db, name)
    if user is None:
        raise UserError("storage.user.not_found", name=normalize_name(name))
    return user


def authenticate(
    db: peewee.Database,
    name: str,
    pin: str,
    now: dt.datetime | None = None,
    *,
    max_failures: int = MAX_FAILURES,
    lock_for: dt.timedelta = LOCK_FOR,
) -> User:
    """Check a login. Raises ``UnknownUser`` or ``BadPin`` (same message) or ``AccountLocked``.

    ``max_failures`` wrong PINs in a row lock the account for ``lock_for``; a success
    resets the count.
    """
    now = _now(now)
    clean = normalize_name(name)[:64] or "-"
    user = find_user(db, clean)
    if user is None or not user.active:
        verify_pin(str(pin), decoy_hash())  # take as long as a real check
        reason = "unknown_user" if user is None else "inactive"
        audit.append(db, clean, "login.failed", clean, {"reason": reason}, now)
        raise UnknownUser()
    if is_locked(user, now):
        audit.append(db, user.name, "login.refused", user.name, {"locked_until": utc_text(user.locked_until)}, now)
        raise AccountLocked(user.locked_until)
    if isinstance(pin, str) and verify_pin(pin, user.pin_hash):
        return _login_ok(db, user, pin, now)
    until = _login_failed(db, user, now, max_failures, lock_for)
    if until is not None:
        raise AccountLocked(until)
    raise BadPin()


def _lock_state(db: peewee.Database, user: User) -> tuple[int, dt.datetime | None]:
    """The stored failure count and lock, read under the write lock (the row's, on PostgreSQL)."""
    return backend.locked(User.select(User.failed_attempts, User.locked_until), db).where(
        User.id == user.id).tuples().first()


def _login_ok(db: peewee.Database, user: User, pin: str, now: dt.datetime) -> User:
    changes = {User.failed_attempts: 0, User.locked_until: None}
    if needs_rehash(user.pin_hash):
        changes[User.pin_hash] = hash_pin(pin)
    with write_tx(db):
        _, until = _lock_state(db, user)
        if until is not None and until > now:
            # Another terminal's wrong PINs locked the account while this PIN was checked.
            audit.append(db, user.name, "login.refused", user.name, {"locked_until": utc_text(until)}, now)
            raise AccountLocked(until)
        User.update(changes).where(User.id == user.id).execute()
        audit.append(db, user.name, "login.ok", user.name, {}, now)
    return User.get_by_id(user.id)


def _login_failed(
    db: peewee.Database, user: User, now: dt.datetime, max_failures: int, lock_for: dt.timedelta
) -> dt.datetime | None:
    """Count one failure; returns the lock's end when the account is (now or already) locked.

    Exact under any concurrency: the count is read and written under the write
    lock, a try that arrives while the account is locked is refused without
    counting, and a lock that has run out starts a new count. So at most
    ``max_failures`` wrong PINs count per lock window, however many terminals try.
    """
    with write_tx(db):
        attempts, until = _lock_state(db, user)
        if until is not None and until > now:
            audit.append(db, user.name, "login.refused", user.name, {"locked_until": utc_text(until)}, now)
            return until
        if until is not None:
            attempts = 0  # the previous lock ran out: a new window
        attempts += 1
        audit.append(db, user.name, "login.failed", user.name, {"reason": "bad_pin", "attempt": attempts}, now)
        if attempts < max_failures:
            User.update(failed_attempts=attempts, locked_until=None).where(User.id == user.id).execute()
            return None
        until = now + lock_for
        User.update(failed_attempts=attempts, locked_until=until).where(User.id == user.id).execute()
        audit.append(db, user.name, "login.locked", user.name, {"until": utc_text(until)}, now)
        return until
