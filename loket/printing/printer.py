"""Keep every slip on disk, then try to put it on paper, and say truthfully what happened.

A slip is saved before anyone talks to a printer, so a jammed, missing or
misconfigured printer never loses it: the clerk is told where the file is.
``send_to_printer`` never raises. Where the slip goes, in order:

- ``printer_command`` from settings, a list of arguments; the PDF's path is appended.
- CUPS (Linux, macOS): ``lp`` to the printer chosen in settings, then the job's
  state from ``lpstat`` (``loket.printing.cups``).
- Windows: the spooler, through SumatraPDF's command line to the chosen printer.
- Otherwise the slip stays saved and the clerk is told so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from loket.i18n import t
from loket.i18n.os_errors import os_reason

PRINT_TIMEOUT_SECONDS = 30.0
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_COPIES = 10_000


@dataclass(frozen=True)
class PrintResult:
    """``how`` is ``command``, ``lp``, ``windows`` or ``saved``; ``message`` is for the clerk.

    ``sent`` is true only when the slip went where it should: CUPS says the job
    completed, or the configured program or the Windows spooler took it. ``job`` is
    CUPS' job id when there is one.
    """

    sent: bool
    how: str
    message: str
    job: str = ""


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
        reason = os_reason(error)
        if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            reason = t("disk.full_folder", folder=slips_dir.absolute())
        raise SlipSaveError(t("printing.save.failed", number=number, path=slips_dir, error=reason)) from None


def _failure_detail(completed: subprocess.CompletedProcess) -> str:
    """The last line the printer program wrote to stderr, or its exit code."""
    for stream in (completed.stderr, completed.stdout):
        lines = [line.strip() for line in (stream or b"").decode("utf-8", "replace").splitlines()]
        lines = [line for line in lines if line]
        if lines:
            return lines[-1][:200]
    return t("printing.print.exit_code", code=completed.returncode)


def _run(args: list[str], timeout: float, env: dict[str, str] | None = None
         ) -> tuple[subprocess.CompletedProcess | None, str]:
    """Run a printer program: (its result, "") or (None, why it could not run)."""
    try:
        return _run_with_timeout(args, timeout, env), ""
    except FileNotFoundError:
        return None, t("printing.print.not_found", program=args[0])
    except subprocess.TimeoutExpired:
        return None, t("printing.print.timeout", seconds=f"{timeout:g}")
    except OSError as exc:
        return None, os_reason(exc)


def _run_with_timeout(args: list[str], timeout: float, env: dict[str, str] | None = None
                      ) -> subprocess.CompletedProcess:
    """Run a printer command; on timeout end it and whatever it started (a shell wrapper's children)."""
    posix = os.name == "posix"
    process = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=posix, env=env,
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


def send_to_printer(pdf_path: Path, command: list[str] | None = None, printer: str = "",
                    timeout: float = PRINT_TIMEOUT_SECONDS, settle: float | None = None) -> PrintResult:
    """Print a saved slip (see the module's docstring for where it goes).

    ``command`` is a list of arguments such as ``["lp", "-d", "COUNTER1"]``; the
    file path is appended. ``printer`` is the printer's name for CUPS or Windows
    (empty: the default printer). A configured command that fails is reported, not
    replaced by another printer: the slip must not come out at another counter.
    ``settle`` is how long to watch a CUPS job before reporting it as waiting.
    """
    pdf_path = Path(pdf_path).absolute()
    try:
        if not pdf_path.is_file():
            return PrintResult(False, "saved", t("printing.print.missing_file", path=pdf_path))
        if isinstance(command, str):  # a caller from before lists: refuse rather than guess the quoting
            return PrintResult(False, "command", t("printing.print.command_not_list", path=pdf_path))
        if command:
            return _print_with_command(list(command), pdf_path, timeout)
        lp = shutil.which("lp")
        if lp and os.name != "nt":
            return _print_with_cups(lp, pdf_path, printer, timeout, settle)
        if os.name == "nt":
            return _print_on_windows(pdf_path, printer, timeout)
        return PrintResult(False, "saved", t("printing.print.saved", path=pdf_path))
    except Exception as error:  # a printer problem must never take the counter down
        return PrintResult(False, "saved", t("printing.print.failed", how="?", error=error, path=pdf_path))


def _print_with_command(command: list[str], pdf_path: Path, timeout: float) -> PrintResult:
    label = " ".join(command)
    completed, error = _run(command + [str(pdf_path)], timeout)
    if completed is not None and completed.returncode == 0:
        return PrintResult(True, "command", t("printing.print.handed_to", how=label, path=pdf_path))
    error = error or _failure_detail(completed)
    return PrintResult(False, "command", t("printing.print.failed", how=label, error=error, path=pdf_path))


def _print_with_cups(lp: str, pdf_path: Path, printer: str, timeout: float, settle: float | None) -> PrintResult:
    from loket.printing import cups

    label = f"CUPS {printer}".strip() if printer else "CUPS"
    completed, error = _run(cups.submit_args(lp, str(pdf_path), printer), timeout, cups.tool_env())
    lpstat = shutil.which("lpstat")
    if completed is None or completed.returncode != 0:
        error = error or cups.refusal(_failure_detail(completed), printer, lpstat)
        return PrintResult(False, "lp", t("printing.print.failed", how=label, error=error, path=pdf_path))
    job_id = cups.job_id_from(completed.stdout.decode("utf-8", "replace"))
    if job_id is None or lpstat is None:
        return PrintResult(True, "lp", t("printing.print.queued_unchecked", how=label, job=job_id or "?", path=pdf_path),
                           job_id or "")
    state = cups.watch_job(lpstat, job_id, cups.SETTLE_SECONDS if settle is None else settle)
    words = {
        "completed": "printing.print.job_completed",
        "waiting": "printing.print.job_waiting",
        "failed": "printing.print.job_failed",
        "unknown": "printing.print.queued_unchecked",
    }
    message = t(words[state.state], how=label, job=job_id, detail=state.detail or "-", path=pdf_path)
    return PrintResult(state.state == "completed", "lp", message, job_id)


def sumatra_program() -> str | None:
    """SumatraPDF's program file: on PATH, or where its installer puts it."""
    found = shutil.which("SumatraPDF") or shutil.which("SumatraPDF.exe")
    if found:
        return found
    for variable in ("LOCALAPPDATA", "ProgramFiles", "ProgramFiles(x86)"):
        base = os.environ.get(variable)
        if base:
            candidate = Path(base) / "SumatraPDF" / "SumatraPDF.exe"
            if candidate.is_file():
                return str(candidate)
    return None


def _print_on_windows(pdf_path: Path, printer: str, timeout: float) -> PrintResult:
    """Hand the PDF to the Windows spooler through SumatraPDF, which exits non-zero when it cannot."""
    program = sumatra_program()
    if program is None:
        return PrintResult(False, "saved", t("printing.print.no_sumatra", path=pdf_path))
    target = ["-print-to", printer] if printer else ["-print-to-default"]
    label = f"Windows {printer}".strip() if printer else "Windows"
    completed, error = _run([program, *target, "-silent", str(pdf_path)], timeout)
    if completed is not None and completed.returncode == 0:
        return PrintResult(True, "windows", t("printing.print.spooled", how=label, path=pdf_path))
    error = error or _failure_detail(completed)
    return PrintResult(False, "windows", t("printing.print.failed", how=label, error=error, path=pdf_path))
