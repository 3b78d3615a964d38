"""Signed checkpoints of the audit log: so it cannot be shortened or rewritten unnoticed.

The hash chain (storage/audit.py) catches an edit in the middle, but not a log cut
short at its end, nor one whose hashes were all recomputed after an edit: plain
sha256 needs no key. A checkpoint is the chain's head (its ``seq`` and ``hash``)
signed with the station's Ed25519 key (a compact JWS, ``typ`` below). It is kept:

- in the database (``audit_checkpoints``, append-only);
- outside it, in ``audit-checkpoint.json`` beside the station's data, written
  atomically and owner-only like the key (the newest per chain);
- at central, sent with each sync (docs/central-link.md);
- on the outage report, printed.

``loket audit verify`` then fails when the log ends before a checkpoint, is empty
after one, or no longer has a checkpoint's hash at its ``seq`` (re-hashed), and when
a checkpoint's signature is not the station key's (forged without the key).

When: at each sync, at each outage report, at a clean close of the station, and
after every ``EVERY_EVENTS`` events of a counter's own intake (that one on the
station's own thread, right after the save: loket/event_sealer.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from loket.i18n.os_errors import os_reason
from loket.jose import decode_compact, ed25519_public_key, sign_compact, verify_ed25519

TYP = "loket-audit-checkpoint+jws"
CHECKPOINT_FILE = "audit-checkpoint.json"
# A counter writes one or two events per resident (about 100 to 200 a day). Twenty
# events is a quarter of an hour of a busy counter: that much, at most, can be cut
# off the end unnoticed between a sync, a report or a close. A checkpoint costs a
# signature (tens of microseconds), one committed row and one file written and
# synced: about one save's time. It is made beside the saves, not inside one
# (loket/event_sealer.py), so no save waits for it.
EVERY_EVENTS = 20
REASONS = ("sync", "report", "close", "events")
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint read from its JWS (its signature is checked separately)."""

    jws: str
    kid: str
    station_id: str
    chain: str
    seq: int
    hash: str
    at: str
    reason: str

    def label(self) -> str:
        """One line for a printed report: enough to compare with the log and central."""
        return f"{self.station_id} #{self.seq} {self.hash[:16]} {self.at} {self.kid[:12]}"


def read(token: object) -> Checkpoint | None:
    """The checkpoint a compact JWS spells, or None when it is not one (signature unchecked)."""
    parts = decode_compact(token)
    if parts is None or parts.header.get("typ") != TYP or not isinstance(parts.header.get("kid"), str):
        return None
    body = parts.payload()
    if body is None:
        return None
    seq, digest = body.get("seq"), body.get("hash")
    texts = [body.get(name) for name in ("st", "chain", "at", "why")]
    if (not isinstance(seq, int) or isinstance(seq, bool) or seq < 1 or not isinstance(digest, str)
            or not _HEX64.fullmatch(digest) or not all(isinstance(text, str) for text in texts)):
        return None
    station_id, chain, at, why = texts
    return Checkpoint(str(token).strip(), parts.header["kid"], station_id, chain, seq, digest, at, why)


def signed_by(checkpoint: Checkpoint, jwk: dict | None) -> bool:
    """True when ``jwk`` (an Ed25519 public JWK) signed ``checkpoint``."""
    if not isinstance(jwk, dict) or jwk.get("kid") != checkpoint.kid:
        return False
    public = ed25519_public_key(jwk.get("x"))
    parts = decode_compact(checkpoint.jws)
    return public is not None and parts is not None and verify_ed25519(public, parts)


def sign(key, station_id: str, chain: str, seq: int, digest: str, reason: str, now: dt.datetime) -> Checkpoint:
    at = now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    payload = {"st": station_id, "chain": chain, "seq": seq, "hash": digest, "at": at, "why": reason}
    checkpoint = read(sign_compact(key, payload, TYP))
    assert checkpoint is not None  # we just made it
    return checkpoint


# -- the copy outside the database -------------------------------------------------


def file_path(root: Path) -> Path:
    return Path(root) / CHECKPOINT_FILE


def read_file(root: Path) -> tuple[dict[str, str], str | None]:
    """The file's newest checkpoint per chain (JWS text), and a problem in words if unreadable."""
    path = file_path(root)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError, RecursionError) as error:
        return {}, f"{path}: {os_reason(error) if isinstance(error, OSError) else error}"
    found = value.get("checkpoints") if isinstance(value, dict) else None
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        return {}, f"{path}: not a checkpoint file"
    return dict(found), None


def write_copy(root: Path, checkpoint: Checkpoint) -> None:
    """Keep ``checkpoint`` as its chain's newest in the file (never replacing a newer one)."""
    from loket.files import write_file

    found, _problem = read_file(root)
    current = read(found.get(checkpoint.chain))
    if current is not None and current.seq > checkpoint.seq:
        return
    found[checkpoint.chain] = checkpoint.jws
    text = json.dumps({"checkpoints": found}, indent=2, sort_keys=True) + "\n"
    write_file(file_path(root), text.encode("utf-8"), private=True)


def forget(root: Path, chain: str) -> None:
    """Drop ``chain``'s entry from the file: its database was set aside (kept as a record,
    a fresh file takes its place), so the next log of that name starts anew."""
    from loket.files import write_file

    found, problem = read_file(root)
    if problem or chain not in found:
        return
    del found[chain]
    text = json.dumps({"checkpoints": found}, indent=2, sort_keys=True) + "\n"
    write_file(file_path(root), text.encode("utf-8"), private=True)


# -- making one ------------------------------------------------------------------


class SealRefused(Exception):
    """The log does not match its newest checkpoint: it is not signed again as it is."""


def seal(db, key, station_id: str, root: Path, reason: str, now: dt.datetime | None = None,
         *, behind: int = 1, trusted: Checkpoint | None = None) -> Checkpoint | None:
    """Sign this connection's chain head when it is ``behind`` or more events past the
    newest checkpoint; returns the newest checkpoint (None for an empty log).

    A log cut short or re-hashed since its newest checkpoint is never signed again as
    it stands (SealRefused): that would bless the damage. ``trusted``: a checkpoint
    this process signed itself, whose signature need not be checked again.
    """
    from loket.storage import checkpoints
    from loket.storage.audit import chain_of

    chain = chain_of(db)
    newest = _newest_known(db, key, root, chain, trusted)
    start, digest = (newest.seq, newest.hash) if newest else (0, checkpoints.GENESIS_HASH)
    if newest is not None and checkpoints.hash_at(db, chain, newest.seq) != newest.hash:
        raise SealRefused(chain)
    reached = checkpoints.links_after(db, chain, start, digest)
    if reached is None:
        raise SealRefused(chain)
    seq, head_hash = reached
    if seq == 0 or (newest is not None and seq - newest.seq < behind):
        if newest is not None and reason != "events":
            write_copy(root, newest)  # the file may have been lost or be behind
        return newest
    checkpoint = sign(key, station_id, chain, seq, head_hash, reason, now or dt.datetime.now(dt.timezone.utc))
    checkpoints.record(db, checkpoints.StoredCheckpoint(chain, seq, head_hash, checkpoint.at, reason, checkpoint.jws))
    write_copy(root, checkpoint)
    return checkpoint


def due(db, root: Path) -> bool:
    """Cheap: has this connection's chain moved ``EVERY_EVENTS`` past its newest checkpoint?"""
    from loket.storage import checkpoints
    from loket.storage.audit import chain_of

    chain = chain_of(db)
    newest = checkpoints.latest(db, chain)
    return checkpoints.head(db, chain)[0] - (newest.seq if newest else 0) >= EVERY_EVENTS


def _newest_known(db, key, root: Path, chain: str, trusted: Checkpoint | None = None) -> Checkpoint | None:
    """The newest checkpoint of ``chain`` this key signed, from the database or the file."""
    from loket.storage import checkpoints

    jwk = key.public_jwk()
    candidates = []
    stored = checkpoints.latest(db, chain)
    if stored is not None:
        candidates.append(read(stored.jws))
    candidates.append(read(read_file(root)[0].get(chain)))
    good = [c for c in candidates if c is not None and c.chain == chain
            and ((trusted is not None and c.jws == trusted.jws and c.kid == jwk.get("kid")) or signed_by(c, jwk))]
    return max(good, key=lambda c: c.seq, default=None)


def seal_station(station, reason: str, *, known_due: bool = False) -> Checkpoint | None:
    """Checkpoint ``station``'s chain now (``events``: only when ``EVERY_EVENTS`` are new).

    Never in the way of the work that asked for it: a log that no longer matches
    its checkpoint, a missing key or a full disk leave the last checkpoint as it
    was (``loket audit verify`` says what is wrong) and return None.
    """
    return try_seal(station, reason, known_due=known_due)[0]


def try_seal(station, reason: str, *, known_due: bool = False,
             trusted: Checkpoint | None = None) -> tuple[Checkpoint | None, str | None]:
    """``seal_station``, with what stopped it in words (None when nothing did)."""
    import peewee

    from loket.printing.keys import StationKeyError
    from loket.storage.errors import StorageError

    db, root = station.db, station.paths.root
    try:
        if reason == "events" and not known_due and not due(db, root):
            return None, None
        return seal(db, station.key(), station.settings.station_id, root, reason,
                    behind=EVERY_EVENTS if reason == "events" else 1, trusted=trusted), None
    except SealRefused:
        return None, "the audit log no longer matches its newest checkpoint (loket audit verify says where)"
    except (StationKeyError, StorageError) as error:
        words = getattr(error, "message", None)  # a method on storage errors, text on key errors
        return None, str((words() if callable(words) else words) or error)
    except OSError as error:
        return None, f"{error.filename or ''}: {os_reason(error)}".lstrip(": ")
    except peewee.PeeweeException as error:
        return None, str(error)
