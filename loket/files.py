"""Writing files whole or not at all, and keeping them to this account.

One helper for every file Loket writes that must survive a power cut: the bytes go
to a temporary file in the same folder, are forced to disk, and only then get their
name; the folder is forced to disk too where the platform allows, so the new name
survives as well. A reader sees the old file or the new one, never half of one.

File protection differs by platform and lives here, in one place:

- POSIX: folders 0700, private files 0600 from their first byte (``os.open`` mode,
  ``os.fchmod`` for a file opened earlier).
- Windows: permission bits mean nothing there (Python reports every writable file
  as 0o666 and lacks ``os.fchmod`` before 3.13). A private folder gets an ACL that
  grants this account (and SYSTEM, which backups run as) full control and drops what
  it would inherit, set with the standard ``icacls`` tool, run without a shell.
  Files created inside inherit that ACL. The default data folder is already in the
  user's profile, which Windows keeps to that user, SYSTEM and administrators.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

WINDOWS = os.name == "nt"
# Windows' os.open is in text mode unless told: a read stops at the first Ctrl-Z byte (0x1a)
# and turns CR LF into LF. Every os.open of a file whose bytes matter adds this flag.
BINARY = getattr(os, "O_BINARY", 0)
_ACL_DONE: set[str] = set()


def write_file(path: Path, data: bytes, *, private: bool = False, overwrite: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically and durably.

    ``private`` makes the file owner-only on POSIX (on Windows the folder's ACL holds).
    With ``overwrite=False`` an existing ``path`` is never replaced: FileExistsError.
    """
    with writing(path, private=private, overwrite=overwrite) as handle:
        handle.write(data)
    return Path(path)


def write_new_file(candidates: Iterable[Path], data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` under the first name in ``candidates`` not yet taken; returns it.

    The bytes are written and synced once; each candidate name is then tried
    atomically, so two writers never take the same name. FileExistsError if every
    name is taken.
    """
    names = iter(candidates)
    first = Path(next(names))
    folder = first.parent
    tmp, handle = _open_temp(folder, first.name, private)
    try:
        with handle:
            handle.write(data)
            _flush(handle)
        for final in (first, *names):
            try:
                _publish(tmp, Path(final), overwrite=False)
            except FileExistsError:
                continue
            sync_folder(folder)
            return Path(final)
        raise FileExistsError(first)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def writing(path: Path, *, private: bool = False, overwrite: bool = True,
            temp: Path | None = None) -> Iterator[BinaryIO]:
    """Stream into a temporary file that becomes ``path`` only when the block ends cleanly.

    ``temp`` names the temporary file (created exclusively: FileExistsError if it is
    there, e.g. left by an earlier run cut off by a power failure); by default it is a
    fresh hidden name beside ``path``. Any error removes the temporary file.
    """
    path = Path(path)
    if temp is None:
        tmp, handle = _open_temp(path.parent, path.name, private)
    else:
        tmp = Path(temp)
        handle = os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, _mode(private)), "wb")
    try:
        with handle:
            yield handle
            _flush(handle)
        _publish(tmp, path, overwrite=overwrite)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Force a folder's entries to disk, so a new name survives a power cut.

    Windows cannot open a folder for this; NTFS journals the rename itself.
    """
    if WINDOWS:
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def private_folder(path: Path) -> None:
    """Create ``path`` (and parents) and keep it to this account."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    if WINDOWS:
        # One icacls run per folder and process: slips are saved into the same folder all day.
        key = os.path.normcase(os.path.abspath(path))
        if key not in _ACL_DONE and _restrict_folder_acl(path):
            _ACL_DONE.add(key)
    else:
        os.chmod(path, 0o700)


def restrict_open_file(fd: int, created: bool) -> None:
    """Owner-only access for a file already open (a database, whose -wal and -shm copy its mode).

    A file we just created becomes 0600; an existing one loses group and other bits.
    Someone else's file that we may still write keeps its mode. On Windows the
    folder's ACL is what protects the file, and there is no mode to change.
    """
    if WINDOWS:
        return
    mode = os.fstat(fd).st_mode & 0o777
    wanted = 0o600 if created else mode & 0o700
    if mode != wanted:
        with contextlib.suppress(PermissionError):
            os.fchmod(fd, wanted)


def _restrict_folder_acl(path: Path) -> bool:
    """This account and SYSTEM, full control, inherited by what is created inside; True if set."""
    user = os.environ.get("USERNAME")
    if not user:
        return False
    domain = os.environ.get("USERDOMAIN")
    account = f"{domain}\\{user}" if domain else user
    args = ["icacls", str(path), "/inheritance:r",
            "/grant:r", f"{account}:(OI)(CI)F", "/grant:r", "*S-1-5-18:(OI)(CI)F"]
    try:
        done = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _mode(private: bool) -> int:
    return 0o600 if private else 0o644


def _open_temp(folder: Path, name: str, private: bool) -> tuple[Path, BinaryIO]:
    folder = Path(folder)
    tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, _mode(private))
    return tmp, os.fdopen(fd, "wb")


def _flush(handle: BinaryIO) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _publish(tmp: Path, final: Path, *, overwrite: bool) -> None:
    """Give ``tmp`` the name ``final``; without ``overwrite``, FileExistsError if it is taken."""
    if overwrite:
        os.replace(tmp, final)
    elif WINDOWS:
        os.rename(tmp, final)  # never replaces an existing file on Windows
    else:
        try:
            os.link(tmp, final)  # atomic, and never replaces an existing file
        except FileExistsError:
            raise
        except OSError:
            # File systems without hard links (FAT on a USB stick): check, then rename.
            if os.path.lexists(final):
                raise FileExistsError(final) from None
            os.rename(tmp, final)
            return
        os.unlink(tmp)
