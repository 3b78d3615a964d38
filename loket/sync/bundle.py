"""Hand delivery: every unsynced request in one signed file, for a courier to carry.

When the link stays cut for weeks, ``loket export --bundle FILE`` writes the queue
to a USB stick and central imports it (``loket central import FILE``). The format
(docs/hand-delivery.md) is JSON Lines, so both sides stream it and 100,000
requests never sit in memory at once:

    {"format": "loket-bundle/1", "station_id": ..., "created_at": ..., "kid": ..., "count": N}
    <item 1>                       one line per request, byte for byte the item the
    ...                            sync engine posts (built from the stored payload)
    <item N>
    {"signature": "<compact JWS>"}

The JWS (EdDSA, the station key that seals Sukets, ``kid`` its thumbprint) signs
``{"count", "created_at", "format", "sha256", "station_id"}``, where ``sha256`` covers
every byte before the signature line: changing, adding or removing any item, or
editing the header, breaks it.

Only ``queued`` and ``sending`` requests go in. ``rejected`` and ``conflict`` ones
wait for a supervisor (central would refuse them again); the export counts them
so the operator is told. Exporting changes no request: they still sync later, and
central answers ``duplicate`` for what the bundle delivered.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loket.errors import ExplainedError
from loket.files import writing
from loket.i18n.os_errors import os_reason
from loket.storage.states import REFUSED, UNSYNCED

FORMAT = "loket-bundle/1"
FORMAT_PREFIX = "loket-bundle/"
JWS_TYPE = "loket-bundle+jws"
INCLUDED_STATES = UNSYNCED
LEFT_OUT_STATES = REFUSED  # need a supervisor before central sees them again
SIGNED_CLAIMS = ("count", "created_at", "format", "sha256", "station_id")
PROGRESS_EVERY = 1000



class BundleError(ExplainedError):
    """A bundle that cannot be written or read; the message says what to do."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    station_id: str
    count: int
    left_out: int  # rejected or conflict requests, not in the bundle
    kid: str
    created_at: str
    file_sha256: str  # of the whole file, as the audit event records it


def utc_stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_claims(key, claims: dict) -> str:
    """Compact JWS over the canonical claims, made with the station key (like a Suket seal)."""
    from loket.jose import sign_compact

    return sign_compact(key, claims, JWS_TYPE)


def header_line(station_id: str, created_at: str, kid: str, count: int) -> bytes:
    header = {"format": FORMAT, "station_id": station_id, "created_at": created_at, "kid": kid, "count": count}
    return json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


def signature_line(key, station_id: str, created_at: str, count: int, content_sha256: str) -> bytes:
    claims = {"format": FORMAT, "station_id": station_id, "created_at": created_at, "count": count,
              "sha256": content_sha256}
    return json.dumps({"signature": sign_claims(key, claims)}).encode("ascii") + b"\n"


def default_name(station_id: str, now: dt.datetime) -> str:
    return f"loket-bundle-{station_id}-{now.astimezone().strftime('%Y%m%d-%H%M%S')}.jsonl"


def resolve_target(target: str | os.PathLike, station_id: str, now: dt.datetime) -> Path:
    """The file to write: ``target`` itself, or a dated name inside it when it is a folder."""
    path = Path(target).expanduser()
    if path.is_dir():
        path = path / default_name(station_id, now)
    if path.exists():
        raise BundleError("bundle.export.exists", path=str(path))
    if not path.parent.is_dir():
        raise BundleError("bundle.export.no_folder", path=str(path.parent))
    return path


def export_bundle(
    db,
    key,
    station_id: str,
    target: str | os.PathLike,
    *,
    actor: str = "operator",
    details: dict | None = None,
    now: dt.datetime | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write every unsynced request into one signed bundle; audit it as ``bundle.exported``.

    ``key`` is the station's ``StationKey``. The file appears under its name only
    when complete and on disk; a failure leaves nothing behind. ``details`` (e.g. the
    operator's OS user) are added to the audit event.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    path = resolve_target(target, station_id, now)
    partial = path.with_name(path.name + ".part")
    created_at = utc_stamp(now)
    if path.exists():
        raise BundleError("bundle.export.exists", path=str(path))
    opened = False
    try:
        # A named temporary file, created exclusively: never write into a file someone else
        # is writing, and a leftover from a power cut is reported, not overwritten.
        with writing(path, private=True, overwrite=False, temp=partial) as handle:
            opened = True
            count, left_out, file_sha256 = _write_items(db, key, station_id, created_at, handle, on_progress)
    except FileExistsError:
        taken = not opened
        raise BundleError("bundle.export.part_exists" if taken else "bundle.export.exists",
                          path=str(partial if taken else path)) from None
    except OSError as exc:
        raise BundleError("bundle.export.write_failed", path=str(path), error=os_reason(exc)) from None
    _audit(db, path, actor, details, now, count=count, left_out=left_out, sha256=file_sha256, kid=key.kid,
           created_at=created_at)
    return ExportResult(path, station_id, count, left_out, key.kid, created_at, file_sha256)


def _write_items(db, key, station_id: str, created_at: str, handle, on_progress) -> tuple[int, int, str]:
    """Stream the queue into ``handle``; returns (items written, left out, sha256 of the file)."""
    from loket.storage.db import translate_errors
    from loket.storage.models import Request, use
    from loket.storage.outbox import item_rows, outbox_item  # the engine's own item builder: identical bytes

    content = hashlib.sha256()
    whole = hashlib.sha256()

    def write(data: bytes, signed: bool = True) -> None:
        handle.write(data)
        whole.update(data)
        if signed:
            content.update(data)

    # One read transaction: the count in the header and the rows written come from the
    # same snapshot, while clerks go on saving and a sync may run.
    use(db)
    with translate_errors(db), db.atomic():
        total = Request.select().where(Request.state.in_(INCLUDED_STATES)).count()
        left_out = Request.select().where(Request.state.in_(LEFT_OUT_STATES)).count()
        write(header_line(station_id, created_at, key.kid, total))
        written = 0
        # Ordered by intake, the primary key: each line is exactly what a sync would post.
        cursor = db.execute(item_rows().where(Request.state.in_(INCLUDED_STATES)).order_by(Request.id))
        while True:
            rows = cursor.fetchmany(PROGRESS_EVERY)  # a page at a time, never the whole queue
            if not rows:
                break
            write("".join(outbox_item(row).json + "\n" for row in rows).encode("utf-8"))
            written += len(rows)
            if on_progress is not None:
                on_progress(written, total)
    if written != total:  # cannot happen inside one snapshot; a bundle must never lie about its count
        raise BundleError("bundle.export.count_changed", expected=total, found=written)
    write(signature_line(key, station_id, created_at, written, content.hexdigest()), signed=False)
    return written, left_out, whole.hexdigest()


def _audit(db, path: Path, actor: str, details: dict | None, now: dt.datetime, **facts) -> None:
    """One ``bundle.exported`` event; without it there is no bundle (the file is removed)."""
    from loket.storage import audit

    event = {**facts, "file": str(path), **(details or {})}
    try:
        audit.append(db, actor, "bundle.exported", path.name, event, now)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
