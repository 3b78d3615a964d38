"""The station's SQLite file encrypted at rest with SQLCipher (``pip install 'loket[encrypt]'``).

- The file: SQLCipher 4 (AES-256 per page, an HMAC per page; the -wal file too),
  through the ``sqlcipher3`` module of the ``sqlcipher3-wheels`` package (wheels for
  Windows, Linux and macOS). A counter install without the extra stays lean; a
  station whose file is encrypted then says which command brings the extra.
- The key: 32 random bytes, given to SQLCipher as a raw key, so peewee's connection
  per thread does not pay a passphrase derivation each time.
- Where the key is: the operating system's credential store through ``keyring``
  (Windows Credential Manager, macOS Keychain, Secret Service) when one answers;
  otherwise ``keys/database.key`` beside the signing key, owner-only. That file
  protects against a stolen copy of the database alone, not a stolen PC
  (docs/security.md).
- How an encrypted file is known: its first 16 bytes are SQLCipher's random salt,
  not SQLite's header, so a plain station never looks for a key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import peewee

from loket.storage.db import SQLITE_HEADER
from loket.storage.errors import DatabaseUnavailable

KEYRING_SERVICE = "loket-database"
KEY_FILE = "database.key"
KEY_DIR = "keys"


def driver():
    """The ``sqlcipher3`` module, or DatabaseUnavailable saying how to install it."""
    try:
        import sqlcipher3
    except ImportError:
        raise DatabaseUnavailable("encrypt.missing_extra") from None
    return sqlcipher3


class CipherDatabase(peewee.SqliteDatabase):
    """peewee's SQLite database over SQLCipher: the key is the first statement of every connection."""

    def __init__(self, database, key: bytes, **kwargs):
        self._cipher_key = key
        super().__init__(database, **kwargs)

    def _connect(self):
        conn = driver().connect(self.database, timeout=self._timeout, isolation_level=None, **self.connect_params)
        try:
            conn.execute(f"PRAGMA key = \"x'{self._cipher_key.hex()}'\"")
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn


# -- the key ----------------------------------------------------------------------


def _account(db_path: Path) -> str:
    return str(Path(db_path).absolute())


def _key_file(db_path: Path) -> Path:
    return Path(db_path).absolute().parent / KEY_DIR / KEY_FILE


def _credential_store():
    """``keyring`` when it has a real backend here (not its "fail" or plain-text ones), else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def find_key(db_path: Path) -> bytes | None:
    """The key of the encrypted file ``db_path``: from the key file, else the credential store."""
    try:
        return bytes.fromhex(_key_file(db_path).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pass
    store = _credential_store()
    if store is None:
        return None
    try:
        text = store.get_password(KEYRING_SERVICE, _account(db_path))
        return bytes.fromhex(text) if text else None
    except Exception:  # noqa: BLE001 - a locked or broken store is "no key here", said by the caller
        return None


def keep_key(db_path: Path, key: bytes) -> str:
    """Store ``key`` before any file depends on it; returns where ("credential_store" or the file)."""
    store = _credential_store()
    if store is not None:
        try:
            store.set_password(KEYRING_SERVICE, _account(db_path), key.hex())
            if store.get_password(KEYRING_SERVICE, _account(db_path)) == key.hex():
                return "credential_store"
        except Exception:  # noqa: BLE001 - any failure of the store: fall back to the file
            pass
    from loket.files import private_folder, write_file

    path = _key_file(db_path)
    private_folder(path.parent)
    write_file(path, key.hex().encode("ascii") + b"\n", private=True)
    return str(path)


# -- encrypting a station's file ---------------------------------------------------


def looks_encrypted(header: bytes) -> bool:
    """SQLCipher's first 16 bytes are a random salt; a text file's are printable."""
    printable = all(32 <= byte < 127 or byte in (9, 10, 13) for byte in header)
    return len(header) == len(SQLITE_HEADER) and header != SQLITE_HEADER and not printable


def is_encrypted(db_path: Path) -> bool:
    try:
        with open(db_path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return looks_encrypted(header)


def encrypt_file(db_path: Path) -> str:
    """Rewrite the plain SQLite file ``db_path`` encrypted, under a new key; returns where the key is.

    Refuses (``encrypt.in_use``) while another program has the file open. The plain
    file's blocks stay on the disk until reused: see docs/security.md.
    """
    from loket.files import sync_folder

    sqlcipher3 = driver()
    db_path = Path(db_path).absolute()
    if is_encrypted(db_path):
        raise DatabaseUnavailable("encrypt.already", path=str(db_path))
    target = db_path.with_name(f".{db_path.name}.encrypting")
    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    key = secrets.token_bytes(32)
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600))  # owner-only from the start
    conn = sqlcipher3.connect(str(db_path), isolation_level=None, timeout=2)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and busy[0]:
            raise DatabaseUnavailable("encrypt.in_use", path=str(db_path))
        conn.execute("ATTACH DATABASE ? AS encrypted KEY \"x'" + key.hex() + "'\"", (str(target),))
        conn.execute("BEGIN IMMEDIATE")  # nobody writes while the copy is made
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE encrypted")
        _check_opens(sqlcipher3, target, key)  # the plain file is replaced only by one that opens
        where = keep_key(db_path, key)  # the key is safe before the file needs it
        conn.close()  # before the rename: Windows renames no file that is open
        os.replace(target, db_path)
        sync_folder(db_path.parent)
    except sqlcipher3.DatabaseError as error:
        raise DatabaseUnavailable("encrypt.failed", path=str(db_path), reason=str(error)) from None
    finally:
        conn.close()
        target.unlink(missing_ok=True)
    for stale in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        stale.unlink(missing_ok=True)
    return where


def _check_opens(sqlcipher3, path: Path, key: bytes) -> None:
    """Read the encrypted copy's schema with its key, as the next open will; a DatabaseError if not."""
    check = sqlcipher3.connect(str(path), isolation_level=None, timeout=2)
    try:
        check.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        check.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        check.close()


def copy_database(source: Path, dest: Path) -> None:
    """SQLite's online backup of ``source`` into the new file ``dest`` (created owner-only).

    A consistent snapshot even while clerks save. An encrypted file is copied
    encrypted under the same key: SQLCipher backs up between files of one key only.
    """
    import sqlite3

    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    key = find_key(source) if is_encrypted(source) else None
    module = driver() if key else sqlite3
    src = module.connect(f"file:{Path(source).absolute().as_posix()}?mode=ro", uri=True)
    try:
        out = module.connect(str(dest))
        try:
            if key:
                for conn in (src, out):
                    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            with out:
                src.backup(out)
        finally:
            out.close()
    except module.Error as error:
        raise OSError(str(error)) from None
    finally:
        src.close()
