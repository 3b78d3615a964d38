"""Users: PIN hashing, login, lockout, audit of every attempt."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from dbkit import other_connection, refused_errors, run, table_counts  # noqa: F401

from loket.storage import pinhash, users
from loket.storage.db import open_database
from loket.storage.errors import AccountLocked, BadPin, UnknownUser, UserError
from loket.storage.models import User

T0 = dt.datetime(2018, 7, 12, 8, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def db(db_target):
    database = open_database(db_target)
    yield database
    database.close()


def actions(db):
    return [a for (a,) in run(db, "SELECT action FROM audit_events WHERE action LIKE 'login.%' ORDER BY id")]


def _unb64(text):
    return base64.b64decode(text + "=" * (-len(text) % 4))


def test_pin_hash_format_and_salt(db):
    a = users.add_user(db, "ani", "clerk", "246810", actor="test")
    b = users.add_user(db, "budi", "clerk", "246810", actor="test")
    match = re.fullmatch(r"scrypt\$16384\$8\$1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)", a.pin_hash)
    assert match, a.pin_hash
    assert len(_unb64(match.group(1))) == 16 and len(_unb64(match.group(2))) == 32
    assert a.pin_hash != b.pin_hash  # same PIN, different salt
    assert "246810" not in a.pin_hash


def test_malformed_stored_hash_never_matches():
    for stored in ("", "plain", "scrypt$16384$8$1$$", "scrypt$3$8$1$AAAA$AAAA", "bcrypt$1$2$3$4$5"):
        assert not pinhash.verify_pin("1234", stored)


def test_login_names_are_case_and_space_insensitive(db):
    users.add_user(db, "  siti   aminah ", "clerk", "1234", actor="test")
    user = users.authenticate(db, "Siti Aminah", "1234", now=T0)
    assert user.name == "SITI AMINAH" and user.role == "clerk"
    assert actions(db) == ["login.ok"]


def test_unknown_user_and_wrong_pin_read_the_same(db):
    users.add_user(db, "siti", "clerk", "1234", actor="test")
    with pytest.raises(BadPin) as wrong:
        users.authenticate(db, "siti", "4321", now=T0)
    with pytest.raises(UnknownUser) as unknown:
        users.authenticate(db, "nobody", "1234", now=T0)
    for language in ("id", "en"):
        assert wrong.value.message(language) == unknown.value.message(language)
    reasons = [d for (d,) in run(db, "SELECT details FROM audit_events WHERE action = 'login.failed'")]
    assert reasons == ['{"attempt":1,"reason":"bad_pin"}', '{"reason":"unknown_user"}']


def test_lockout_after_five_failures_and_unlock_after_the_period(db):
    users.add_user(db, "siti", "clerk", "1234", actor="test")
    for attempt in range(4):
        with pytest.raises(BadPin):
            users.authenticate(db, "siti", "0000", now=T0 + dt.timedelta(seconds=attempt))
    with pytest.raises(AccountLocked) as locked:
        users.authenticate(db, "siti", "0000", now=T0 + dt.timedelta(seconds=5))
    until = T0 + dt.timedelta(seconds=5, minutes=5)
    assert locked.value.until == until
    assert until.astimezone().strftime("%H:%M") in locked.value.message("en")
    # The right PIN does not help while locked.
    with pytest.raises(AccountLocked):
        users.authenticate(db, "siti", "1234", now=until - dt.timedelta(seconds=1))
    assert users.is_locked(users.find_user(db, "siti"), until - dt.timedelta(seconds=1))
    assert users.authenticate(db, "siti", "1234", now=until + dt.timedelta(seconds=1)).failed_attempts == 0
    assert actions(db) == ["login.failed"] * 5 + ["login.locked", "login.refused", "login.ok"]


def test_success_resets_the_failure_count(db):
    users.add_user(db, "siti", "clerk", "1234", actor="test")
    for _ in range(4):
        with pytest.raises(BadPin):
            users.authenticate(db, "siti", "9999", now=T0)
    users.authenticate(db, "siti", "1234", now=T0)
    for _ in range(4):
        with pytest.raises(BadPin):
            users.authenticate(db, "siti", "9999", now=T0)
    assert not users.is_locked(users.find_user(db, "siti"), T0)


def test_lockout_limits_are_arguments(db):
    users.add_user(db, "siti", "clerk", "1234", actor="test")
    with pytest.raises(BadPin):
        users.authenticate(db, "siti", "9999", now=T0, max_failures=2, lock_for=dt.timedelta(seconds=30))
    with pytest.raises(AccountLocked) as locked:
        users.authenticate(db, "siti", "9999", now=T0, max_failures=2, lock_for=dt.timedelta(seconds=30))
    assert locked.value.until == T0 + dt.timedelta(seconds=30)


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", " 1234", "1234 ", "", "١٢٣٤", "12.4"])
def test_pin_rules(db, pin):
    with pytest.raises(UserError) as caught:
        users.add_user(db, "siti", "clerk", pin, actor="test")
    assert caught.value.key == "storage.user.pin_invalid"
    assert "4" in caught.value.message("en") and "12" in caught.value.message("en")
    assert users.count_users(db) == 0


def test_shortest_and_longest_pins(db):
    users.add_user(db, "a", "clerk", "0000", actor="test")
    users.add_user(db, "b", "clerk", "012345678901", actor="test")
    assert users.authenticate(db, "b", "012345678901", now=T0).name == "B"


def test_names_are_unique_and_checked(db):
    users.add_user(db, "siti", "clerk", "1234", actor="test")
    with pytest.raises(UserError) as caught:
        users.add_user(db, "SITI ", "supervisor", "1234", actor="test")
    assert caught.value.key == "storage.user.name_taken" and "SITI" in caught.value.message("en")
    with pytest.raises(UserError) as caught:
        users.add_user(db, "   ", "clerk", "1234", actor="test")
    assert caught.value.key == "storage.user.name_empty"
    with pytest.raises(UserError) as caught:
        users.add_user(db, "drop;table", "clerk", "1234", actor="test")
    assert caught.value.key == "storage.user.name_invalid"
    with pytest.raises(UserError) as caught:
        users.add_user(db, "andi", "admin", "1234", actor="test")
    assert caught.value.key == "storage.user.role_invalid"
    users.add_user(db, "a.b. o'neil-ratu", "clerk", "1234", actor="test")


def test_counts_supervisor_pin_change_and_disable(db):
    assert users.count_users(db) == 0 and not users.has_supervisor(db)
    users.add_user(db, "siti", "clerk", "1234", actor="test")
    assert not users.has_supervisor(db)
    users.add_user(db, "kepala", "supervisor", "5678", actor="test")
    assert users.has_supervisor(db) and users.count_users(db) == 2
    assert [u.name for u in users.list_users(db)] == ["KEPALA", "SITI"]

    for _ in range(5):
        with pytest.raises((BadPin, AccountLocked)):
            users.authenticate(db, "siti", "0000", now=T0)
    users.set_pin(db, "siti", "4321", actor="KEPALA", now=T0)  # also lifts the lock
    with pytest.raises(BadPin):
        users.authenticate(db, "siti", "1234", now=T0)
    assert users.authenticate(db, "siti", "4321", now=T0).name == "SITI"

    users.set_active(db, "siti", False, actor="KEPALA")
    with pytest.raises(UnknownUser):
        users.authenticate(db, "siti", "4321", now=T0)
    assert users.count_users(db) == 1
    with pytest.raises(UserError) as caught:
        users.set_pin(db, "nobody", "1234", actor="KEPALA")
    assert caught.value.key == "storage.user.not_found"


def test_older_hash_parameters_are_upgraded_at_login(db):
    users.add_user(db, "siti", "clerk", "1234", actor="test")
    salt = b"0123456789abcdef"
    weak = pinhash._scrypt("1234", salt, 2**10, 8, 1, 32)
    old = f"scrypt$1024$8$1${pinhash._b64(salt)}${pinhash._b64(weak)}"
    User.update(pin_hash=old).where(User.name == "SITI").execute()
    assert users.authenticate(db, "siti", "1234", now=T0).pin_hash.startswith("scrypt$16384$8$1$")
    assert users.authenticate(db, "siti", "1234", now=T0).name == "SITI"
