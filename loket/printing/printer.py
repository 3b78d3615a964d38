"""Keep every slip on disk, then try to put it on paper.

A slip is saved before anyone talks to a printer, so a jammed, missing or
misconfigured printer never loses it: the clerk is told where the file is.
``send_to_printer`` never raises.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from loket.i18n import t

PRINT_TIMEOUT_SECONDS = 30.0
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_COPIES = 10_000


@dataclass(frozen=True)
class PrintResult:
    """``how`` is ``command``, ``lp``, ``windows`` or ``saved``; ``message`` is for the clerk."""

    sent: bool
    how: str
    message: str


class SlipSaveError(Exception):
    """The slip could not be written; the message names the folder and the reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def slip_file_stem(number: str, kind: str) -> str:
    """A file name from a slip number: ``470/0001/2018`` -> ``suket-470-0001-2018``."""
    safe = _UNSAFE_NAME.sub("_", str(number).replace("/", "-").replace("\\", "-")).strip("._-")
    safe_kind = _UNSAFE_NAME.sub("_", str(kind)).strip("._-") or "slip"
    return f"{safe_kind}-{safe[:120] or 'slip'}"


def save_slip(pdf_bytes: bytes, slips_dir: Path, number: str, kind: str) -> Path:
    """Write the PDF durably and privately (``loket.files``); never over another slip.

    A second slip with the same number (a reprint) gets ``-2``, ``-3``... appended.
    """
    from loket.files import private_folder, write_new_file

    slips_dir = Path(slips_dir)
    stem = slip_file_stem(number, kind)
    names = (slips_dir / (f"{stem}.pdf" if copy == 1 else f"{stem}-{copy}.pdf") for copy in range(1, _MAX_COPIES))
    try:
        private_folder(slips_dir)
        return write_new_file(names, pdf_bytes, private=True)
    except OSError as error:
        raise SlipSaveError(
            t("printing.save.failed", number=number, path=slips_dir, error=error.strerror or error)
        ) from None


def _failure_detail(completed: subprocess.CompletedProcess) -> str:
    """The last line the printer program wrote to stderr, or its exit code."""
    for stream in (completed.stderr, completed.stdout):
        lines = [line.strip() for line in (stream or b"").decode("utf-8", "replace").splitlines()]
        lines = [line for line in lines if line]
        if lines:
            return lines[-1][:200]
    return t("printing.print.exit_code", code=completed.returncode)


def _run(args: list[str], how: str, label: str, pdf_path: Path, timeout: float) -> PrintResult:
    try:
        completed = _run_with_timeout(args, timeout)
    except FileNotFoundError:
        error = t("printing.print.not_found", program=args[0])
    except subprocess.TimeoutExpired:
        error = t("printing.print.timeout", seconds=f"{timeout:g}")
    except OSError as exc:
        error = exc.strerror or str(exc)
    else:
        if completed.returncode == 0:
            return PrintResult(True, how, t("printing.print.sent", how=label, path=pdf_path))
        error = _failure_detail(completed)
    return PrintResult(False, how, t("printing.print.failed", how=label, error=error, path=pdf_path))


def _run_with_timeout(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run a printer command; on timeout end it and whatever it started (a shell wrapper's children)."""
    posix = os.name == "posix"
    process = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=posix,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        # Collect what is left; a grandchild that escaped the group must not hang the counter.
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=2)
        raise
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def send_to_printer(pdf_path: Path, command: str | None = None,
                    timeout: float = PRINT_TIMEOUT_SECONDS) -> PrintResult:
    """Print a saved slip: the command from settings, else CUPS ``lp``, else Windows, else keep it saved.

    ``command`` is a string such as ``lp -d COUNTER1``; the file path is appended.
    A configured command that fails is reported, not replaced by another printer:
    the slip must not come out of a printer at another counter.
    """
    pdf_path = Path(pdf_path).absolute()
    try:
        if not pdf_path.is_file():
            return PrintResult(False, "saved", t("printing.print.missing_file", path=pdf_path))
        if command is not None and command.strip():
            try:
                args = shlex.split(command, posix=os.name != "nt")
            except ValueError as error:
                return PrintResult(False, "command", t("printing.print.bad_command", error=error, path=pdf_path))
            return _run(args + [str(pdf_path)], "command", command.strip(), pdf_path, timeout)
        lp = shutil.which("lp")
        if lp:
            return _run([lp, str(pdf_path)], "lp", "lp", pdf_path, timeout)
        startfile = getattr(os, "startfile", None)
        if startfile is not None:
            try:
                startfile(str(pdf_path), "print")
            except OSError as error:
                return PrintResult(False, "windows", t("printing.print.failed", how="Windows",
                                                       error=error.strerror or error, path=pdf_path))
            return PrintResult(True, "windows", t("printing.print.sent", how="Windows", path=pdf_path))
        return PrintResult(False, "saved", t("printing.print.saved", path=pdf_path))
    except Exception as error:  # a printer problem must never take the counter down
        return PrintResult(False, "saved", t("printing.print.failed", how="?", error=error, path=pdf_path))
