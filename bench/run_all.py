"""Run every benchmark and write the table in docs/benchmarks.md.

    python bench/run_all.py [--big] [--only NAME ...] [--no-write]

Each benchmark runs in its own process and hands its figures (median, min and
max over interleaved rounds) back through a results file (``benchkit.report``).
The low-spec figures run a second time pinned to one core (``taskset -c 0``,
where the machine has it). The default sizes keep a whole run to a few minutes
on a 2-core machine; ``--big`` uses the sizes the goals name (sync of 100,000,
a storm of 200 stations with 500 items each, the desk at 100,000), which take
much longer. The table goes between the two markers in docs/benchmarks.md;
everything else in that file is left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchkit import conditions, cpu_times, stolen_share  # noqa: E402

DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- run_all:begin -->", "<!-- run_all:end -->"

# name: (arguments by default, arguments with --big, also pinned to one core)
BENCHES: dict[str, tuple[list[str], list[str], bool]] = {
    "startup": (["bench_startup.py", "--runs", "6"], ["bench_startup.py", "--runs", "20"], True),
    "memory": (["bench_memory.py", "--rounds", "5"], ["bench_memory.py", "--rounds", "9"], True),
    "suket": (["bench_suket.py", "--n", "100", "--rounds", "5"], ["bench_suket.py", "--n", "500", "--rounds", "9"],
              True),
    "intake": (["bench_intake_tx.py", "--queue", "0", "--n", "300", "--rounds", "5"],
               ["bench_intake_tx.py", "--queue", "0", "--n", "1000", "--rounds", "9"], True),
    "intake_full": (["bench_intake_tx.py", "--queue", "20000", "--n", "300", "--rounds", "5"],
                    ["bench_intake_tx.py", "--queue", "1000000", "--n", "1000", "--rounds", "9"], False),
    "sync": (["bench_sync.py", "--n", "2000", "--rounds", "5"], ["bench_sync.py", "--n", "100000", "--rounds", "5"],
             False),
    "outbox": (["bench_outbox_scale.py", "--small", "10000", "--large", "100000", "--rounds", "5"],
               ["bench_outbox_scale.py", "--small", "10000", "--large", "1000000", "--rounds", "5"], False),
    "central": (["bench_central_scale.py", "--small", "10000", "--large", "100000", "--rounds", "5"],
                ["bench_central_scale.py", "--small", "10000", "--large", "1000000", "--rounds", "5"], False),
    "storm": (["bench_storm.py", "--stations", "20", "--items", "100", "--rounds", "5"],
              ["bench_storm.py", "--stations", "200", "--items", "500", "--rounds", "5"], False),
    "desk": (["bench_desk.py", "--n", "10000", "--rounds", "5"], ["bench_desk.py", "--n", "100000", "--rounds", "5"],
             False),
    "desk_memory": (["bench_desk_memory.py", "--n", "10000", "--rounds", "5"],
                    ["bench_desk_memory.py", "--n", "100000", "--rounds", "5"], False),
    "file_size": (["bench_file_size.py", "--n", "3000", "--rounds", "5"],
                  ["bench_file_size.py", "--n", "20000", "--rounds", "5"], False),
}


def _run(name: str, argv: list[str], results: Path, pinned: bool) -> tuple[int, float, str]:
    command = [sys.executable, str(HERE / argv[0]), *argv[1:]]
    if pinned:
        command = ["taskset", "-c", "0", *command]
    env = dict(os.environ, BENCH_RESULTS=str(results), BENCH_PINNED="1" if pinned else "")
    print(f"\n== {name}{' (one core)' if pinned else ''}: {' '.join(argv)}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(done.stdout, end="", flush=True)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return done.returncode, time.perf_counter() - started, last


def _cell(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:,.0f} {unit}" if unit != "x" else f"{value:.2f}"


def table(rows: list[dict], failures: list[str], command: str, quiet: str = "") -> str:
    """The markdown table; ``failures`` are lines for benchmarks without figures (or that failed);
    ``quiet``: how busy the machine was (``benchkit.conditions``)."""
    lines = [BEGIN, "",
             f"Written by `{command}` on {dt.date.today().isoformat()}; machine: {rows[0]['machine'] if rows else '?'}.",
             *([f"Conditions: {quiet}."] if quiet else []),
             "Ratios are Loket over its baseline in the same run (lower is better); each row is the",
             "median, min and max over its interleaved rounds.", "",
             "| benchmark | figure | cores | median | min | max | rounds | target | note |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        cores = "1 (taskset)" if row.get("pinned") else "all"
        lines.append(f"| {row['bench']} | {row['figure']} | {cores} | **{_cell(row['median'], row['unit'])}** | "
                     f"{_cell(row['min'], row['unit'])} | {_cell(row['max'], row['unit'])} | {row['rounds']} | "
                     f"{row['target']} | {row.get('note', '')} |")
    for line in failures:
        lines.append(f"| {line} | | | | | | | | |")
    lines += ["", END]
    return "\n".join(lines)


def kept_rows(doc: str, rerun: set[str]) -> list[str]:
    """The table rows in ``doc`` of benchmarks not in ``rerun`` (a run with ``--only``
    replaces its own rows and keeps the others, which say which run they came from)."""
    if BEGIN not in doc or END not in doc:
        return []
    body = doc.split(BEGIN, 1)[1].split(END, 1)[0]
    rows = [line for line in body.splitlines()
            if line.startswith("| ") and not line.startswith(("| benchmark |", "| --- |"))]
    # A failure's line starts with its benchmark's name too: "central: failed (exit 1): ...".
    return [line for line in rows
            if line.split("|")[1].strip().split(":")[0].removesuffix(" (one core)") not in rerun]


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        doc = head + text + tail
    else:
        doc = doc.rstrip("\n") + "\n\n## The latest full run\n\n" + text + "\n"
    DOC.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="the sizes the goals name (takes long)")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHES), help="run only these")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/benchmarks.md alone")
    args = parser.parse_args()
    pin = shutil.which("taskset") is not None and hasattr(os, "sched_getaffinity")
    rows: list[dict] = []
    failures: list[str] = []
    load_at_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    ticks_at_start = cpu_times()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or list(BENCHES):
            small, big, low_spec = BENCHES[name]
            argv = big if args.big else small
            for pinned in ([False, True] if low_spec and pin else [False]):
                results = Path(tmp) / f"{name}-{int(pinned)}.jsonl"
                code, seconds, last = _run(name, argv, results, pinned)
                found = [json.loads(line) for line in results.read_text().splitlines()] if results.exists() else []
                for row in found:
                    row["pinned"] = pinned
                rows += found
                label = f"{name}{' (one core)' if pinned else ''}"
                if code != 0:
                    failures.append(f"{label}: failed (exit {code}): {last[:160]}")
                elif not found:  # a benchmark that prints its own summary only
                    failures.append(f"{label}: {last[:160]}")
                print(f"   ({seconds:.0f} s)", flush=True)
    command = "python bench/run_all.py" + (" --big" if args.big else "") + (
        f" --only {' '.join(args.only)}" if args.only else "")
    quiet = conditions(load_at_start, stolen_share(ticks_at_start, cpu_times()))
    text = table(rows, failures, command, quiet)
    if args.only and not args.no_write and DOC.exists():
        # Only some benchmarks ran: the other rows stay as the last run wrote them.
        rerun = {row["bench"] for row in rows} | set(args.only)
        kept = kept_rows(DOC.read_text(encoding="utf-8"), rerun)
        if kept:
            note = f"Rows other than {', '.join(sorted(rerun))} are from an earlier run (its date is in git's history)."
            text = text.replace("\n\n| benchmark |", f"\n{note}\n\n| benchmark |", 1)
            text = text.replace(f"\n\n{END}", "\n" + "\n".join(kept) + f"\n\n{END}", 1)
    print("\n" + text)
    if not args.no_write:
        write_doc(text)
        print(f"\nwritten to {DOC.relative_to(HERE.parent)}")
    return 1 if any("failed (exit" in line for line in failures) else 0


if __name__ == "__main__":
    sys.exit(main())
