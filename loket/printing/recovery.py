"""Crash recovery for slips, run when a station opens.

A request and its Suket (or receipt) are committed first; the slip's PDF is
rendered and saved just after. A crash or power cut in between left a saved
request with no slip: nothing flagged it, and the only way out was a reprint
marked SALINAN. Now the station renders the original (copy 0, not SALINAN) the
next time it opens, writes an audit event per slip for the desk, and returns the
list so the clerk is told (a notice in the app, a line on stderr from the CLI).

A crash while a slip was being written also left its hidden temporary file
(``.suket-….tmp``, with the resident's data) behind; those are removed.

Another program on the same station may be saving a slip at this very moment (the
app and ``loket intake`` side by side): slips and temporary files younger than
``GRACE`` are left to it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GRACE = dt.timedelta(seconds=30)
ACTOR = "station"
# A clerk reads each recovered slip's own line up to this many; beyond it (a station
# restored from a backup taken without its slips folder) one line counts the rest.
NAMED_SLIPS = 3
# save_slip's temporary name (loket.files): ".{file name}.{8 hex}.tmp", the file name starting
# with the slip's kind (suket, tanda-terima), "-salinan" for a copy.
_TEMP_NAME = re.compile(r"^\.(suket|tanda-terima|receipt)(-salinan|-copy)?-.+\.[0-9a-f]{8}\.tmp$")


@dataclass(frozen=True)
class RecoveredSlip:
    request_id: int
    number: str
    kind: str
    path: Path
    found: bool  # True: the PDF was on disk already, only its path had not been stored


@dataclass
class Recovery:
    slips: list[RecoveredSlip] = field(default_factory=list)
    removed_temp_files: int = 0
    problems: list[str] = field(default_factory=list)

    def messages(self) -> list[str]:
        """A sentence per recovered slip (the first few, then one for the rest) and per problem,
        for the clerk or the operator; the audit log holds an event for every slip."""
        from loket.i18n import t, tn

        named = self.slips if len(self.slips) <= NAMED_SLIPS + 1 else self.slips[:NAMED_SLIPS]
        lines = [t("recovery.slip_rendered", number=slip.number, path=str(slip.path)) for slip in named]
        if len(named) < len(self.slips):
            rest = self.slips[len(named):]
            lines.append(tn("recovery.slips_more", len(rest), folder=str(rest[0].path.parent)))
        if self.removed_temp_files:
            lines.append(t("recovery.temp_removed", count=self.removed_temp_files))
        lines.extend(t("recovery.problem", error=problem) for problem in self.problems)
        return lines


def recover_slips(db, slips_dir: Path, render: Callable[[int], Path], now: dt.datetime | None = None,
                  grace: dt.timedelta = GRACE, station_id: str | None = None) -> Recovery:
    """Render the missing original slips and remove leftover temporary files.

    ``render(request_id)`` renders and saves a request's original slip (storing its
    path) and returns the path: the station's own slip path. Never raises for a
    slip: a failure (a full disk, say) is kept in ``problems`` and the slip is
    tried again at the next opening.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    recovery = Recovery()
    recovery.removed_temp_files = _remove_leftovers(Path(slips_dir), now - grace)
    try:
        from loket.storage.missing_slips import current_without_pdf

        missing = current_without_pdf(db, issued_before=now - grace, station_id=station_id)
    except Exception as exc:  # a read-only or full disk must not stop the station opening
        recovery.problems.append(_describe(exc))
        return recovery
    for slip in missing:
        try:
            recovery.slips.append(_recover_one(db, Path(slips_dir), render, slip))
        except Exception as exc:
            recovery.problems.append(f"{slip.number}: {_describe(exc)}")
    if recovery.removed_temp_files:
        _audit(db, "slip.temp_removed", str(Path(slips_dir).absolute()), {"count": recovery.removed_temp_files})
    return recovery


def _recover_one(db, slips_dir: Path, render, slip) -> RecoveredSlip:
    from loket.printing.printer import slip_file_stem
    from loket.storage import queue

    existing = slips_dir / f"{slip_file_stem(slip.number, slip.kind)}.pdf"
    if _complete_pdf(existing):
        # Saved (written, synced, renamed) but the crash came before its path was stored.
        path = existing.absolute()
        queue.set_pdf_path(db, slip.suket_id, str(path))
        found = True
    else:
        path = render(slip.request_id)
        found = False
    _audit(db, "slip.recovered", slip.number,
           {"request_id": slip.request_id, "kind": slip.kind, "path": str(path), "found": found})
    return RecoveredSlip(slip.request_id, slip.number, slip.kind, Path(path), found)


def _complete_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(5)
            handle.seek(max(0, os.path.getsize(path) - 1024))
            tail = handle.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def _remove_leftovers(slips: Path, older_than: dt.datetime) -> int:
    removed = 0
    try:
        entries = list(os.scandir(slips))
    except OSError:
        return 0
    cutoff = older_than.timestamp()
    for entry in entries:
        if not _TEMP_NAME.match(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue  # gone already, or not ours to remove: the next opening tries again
    return removed


def _audit(db, action: str, subject: str, details: dict) -> None:
    from loket.storage import audit

    try:
        audit.append(db, ACTOR, action, subject, details)
    except Exception:
        pass  # the slip is on disk and the clerk is told; a full disk must not undo that


def _describe(exc: Exception) -> str:
    message = getattr(exc, "message", None)
    if callable(message):
        return message()
    if isinstance(message, str):
        return message
    return f"{type(exc).__name__}: {exc}"
