"""Printing through CUPS (Linux, macOS): submit with ``lp``, then ask ``lpstat`` what became of the job.

``lp`` exiting 0 only means the job was queued. The clerk is told it printed only
when CUPS says the job completed (the whole document reached the printer); a job
still waiting after a few seconds is reported as waiting, with the reason the
printer gives (off, out of paper, unreachable, stopped), and a job CUPS aborted
or that someone cancelled is reported as not printed.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass

from loket.i18n import t

# How long to watch a job before telling the clerk it is still waiting.
SETTLE_SECONDS = 15.0
_POLL_SECONDS = 0.25
_JOB_ID = re.compile(r"request id is (\S+)")
_FAILED_REASONS = ("canceled", "aborted", "stopped")
# lp's refusals (its words in the C locale, which ``tool_env`` fixes) and what they mean to
# the counter. lp says "printer does not exist" when no scheduler answers at all, so that
# is asked first (``refusal``).
_REFUSALS = (
    ("no default destination", "printing.cups.no_default"),
    ("printer or class does not exist", "printing.cups.unknown_printer"),
    ("not accepting jobs", "printing.cups.not_accepting"),
)


def tool_env() -> dict[str, str]:
    """The environment for lp and lpstat: their words in the C locale, so that they can be
    read here whatever language the PC speaks; the clerk reads this module's own words."""
    return {**os.environ, "LC_ALL": "C", "LANG": "C"}


@dataclass(frozen=True)
class JobState:
    """``state`` is ``completed``, ``waiting``, ``failed`` or ``unknown``; ``detail`` is CUPS' own words."""

    job_id: str
    state: str
    detail: str = ""


def submit_args(lp: str, pdf_path: str, printer: str) -> list[str]:
    """``lp`` for one file, to the chosen printer (else the default); ``--`` so no name is an option."""
    args = [lp]
    if printer:
        args += ["-d", printer]
    return args + ["-t", "Loket", "--", pdf_path]


def refusal(lp_line: str, printer: str, lpstat: str | None) -> str:
    """Why lp refused a slip, for the clerk and for whoever fixes the printer: the cause in
    the counter's language, with lp's own line after it. A line not known here is given as is."""
    if lpstat is not None and (_lpstat(lpstat, "-r") or "").strip() == "scheduler is not running":
        reason = t("printing.cups.no_scheduler")
    else:
        lowered = lp_line.casefold()
        found = [msgid for words, msgid in _REFUSALS if words in lowered]
        if not found:
            return lp_line
        which = t("printing.cups.named", name=printer) if printer else t("printing.cups.the_default")
        reason = t(found[0], printer=which)
    # "/usr/bin/lp: Error - No default destination." -> "lp: No default destination."
    said = lp_line.rpartition("Error - ")[2] if "Error - " in lp_line else lp_line
    return f"{reason} [lp: {said}]"


def job_id_from(lp_output: str) -> str | None:
    """``request id is COUNTER1-42 (1 file(s))`` -> ``COUNTER1-42``."""
    found = _JOB_ID.search(lp_output)
    return found.group(1) if found else None


def watch_job(lpstat: str, job_id: str, settle: float = SETTLE_SECONDS) -> JobState:
    """Poll the job until CUPS reports it finished, or ``settle`` seconds pass."""
    deadline = time.monotonic() + settle
    while True:
        pending = _jobs(lpstat, "not-completed", job_id)
        if pending is None:
            return JobState(job_id, "unknown")
        if job_id not in pending:
            done = _jobs(lpstat, "completed", job_id) or {}
            reasons = done.get(job_id, {}).get("alerts", "")
            if any(word in reasons for word in _FAILED_REASONS):
                return JobState(job_id, "failed", done[job_id].get("status") or reasons)
            return JobState(job_id, "completed")
        if time.monotonic() >= deadline:
            detail = pending[job_id].get("status") or _printer_state(lpstat, _queue_of(job_id))
            return JobState(job_id, "waiting", detail)
        time.sleep(_POLL_SECONDS)


def _jobs(lpstat: str, which: str, job_id: str) -> dict[str, dict[str, str]] | None:
    """``lpstat -l -W WHICH -o QUEUE`` as {job id: {"status": ..., "alerts": ...}}; None if lpstat fails."""
    done = _lpstat(lpstat, "-l", "-W", which, "-o", _queue_of(job_id))
    if done is None:
        return None
    jobs: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in done.splitlines():
        if line and not line[0].isspace():
            current = jobs.setdefault(line.split()[0], {})
        elif current is not None and ":" in line:
            name, _, value = line.strip().partition(":")
            current[name.strip().lower()] = value.strip()
    return jobs


def _printer_state(lpstat: str, queue: str) -> str:
    """Why a queue is not printing, in CUPS' words: ``disabled: toner habis``, or ``""``."""
    text = _lpstat(lpstat, "-p", queue) or ""
    lines = text.splitlines()
    reason = " ".join(line.strip() for line in lines[1:] if line.strip())
    if lines and " disabled " in f" {lines[0]} ":
        return f"disabled: {reason}" if reason else "disabled"
    return reason


def _lpstat(lpstat: str, *args: str) -> str | None:
    try:
        done = subprocess.run([lpstat, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=10, check=False, env=tool_env())
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _queue_of(job_id: str) -> str:
    """``COUNTER1-42`` -> ``COUNTER1`` (queue names may hold dashes; the job number does not)."""
    return job_id.rsplit("-", 1)[0]
