"""Machine instructions a full save executes, by library, counted by valgrind (Linux).

    python bench/bench_save_instructions.py [--n 200] [--dir DIR]

A save's time on a shared 2-core machine moves by a third between runs; the count of
instructions it executes barely moves, so a change of a few per cent in its CPU shows
here when the timed benchmarks cannot show it. The same process as in
bench_intake_tx.py (a real station at 0 queued, ``Station.submit``, the key loaded, 20
saves first) runs twice under ``valgrind --tool=callgrind``: with no timed saves and
with ``--n``; the difference over ``--n`` is a save's count in the saving thread (the
station's own thread, which makes the audit checkpoint every 20 saves and indexes the
new requests for the search, is counted apart: how much it does at a time depends on
timing). Split by the library the instructions ran in:
the Python interpreter (libpython), SQLite, the C library (memory, copying), the
signature's (cryptography's Rust and OpenSSL). Needs valgrind and callgrind_annotate;
each run takes about half a minute. Put ``--dir`` on a memory file system (/dev/shm)
to keep the disk out of it.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

# Library file names, and what the table calls them. The signature's instructions land in
# cryptography's Rust module or in OpenSSL depending on the run: they are counted together.
LIBRARIES = {"libpython": "the Python interpreter", "libsqlite3": "SQLite", "libc.so": "the C library",
             "libcrypto": "the signature", "_rust": "the signature", "_json": "json's C encoder",
             "_sqlite3": "Python's sqlite3 module"}


def _saves(count: int, made: int, where: str | None) -> None:
    """The measured process: a station, ``made`` records made, 20 saves, then ``count`` more
    (both runs make as many records, so making them is not counted as saving)."""
    from bench_intake_tx import SUPERVISOR, fresh_records, make_station

    with tempfile.TemporaryDirectory(dir=where) as tmp:
        station = make_station(Path(tmp) / "station", 0)
        clerk = station.login(*SUPERVISOR)
        records = fresh_records(station, made + 20)[:count + 20]
        station.key()
        now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        for record in records[:20]:
            station.submit(record, clerk, now=now)
        station.event_sealer.wait()
        for record in records[20:]:
            station.submit(record, clerk, now=now)
        station.event_sealer.wait()
        station.close()


def _count(count: int, made: int, where: str | None, out: Path) -> tuple[collections.Counter, int]:
    """Instructions by library of the saving thread, and of the other threads in all, for
    one run of ``_saves`` under callgrind."""
    command = ["valgrind", "--tool=callgrind", "--cache-sim=no", "--separate-threads=yes",
               f"--callgrind-out-file={out}", sys.executable, __file__, "--child", str(count), "--n", str(made)]
    subprocess.run(command + (["--dir", where] if where else []), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    others = sum(sum(_by_library(path).values()) for path in out.parent.glob(f"{out.name}-*")
                 if not path.name.endswith("-01"))
    return _by_library(out.parent / f"{out.name}-01"), others


def _by_library(path: Path) -> collections.Counter:
    listing = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", str(path)],
                             check=True, capture_output=True, text=True).stdout
    by_library: collections.Counter = collections.Counter()
    for line in listing.splitlines():
        found = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+.*\[(.+)\]\s*$", line)
        if found:
            name = Path(found.group(2)).name
            kind = next((label for known, label in LIBRARIES.items() if known in name), "other")
            by_library[kind] += int(found.group(1).replace(",", ""))
    return by_library


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="saves counted (default 200)")
    parser.add_argument("--dir", help="where the station's files go (default: a temporary folder)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _saves(args.child, args.n, args.dir)
        return 0
    if args.n < 1:
        parser.error("--n must be at least 1")
    with tempfile.TemporaryDirectory() as tmp:
        without, without_others = _count(0, args.n, args.dir, Path(tmp) / "none.out")
        with_saves, with_others = _count(args.n, args.n, args.dir, Path(tmp) / "saves.out")
    each = {name: (with_saves[name] - without[name]) / args.n for name in set(without) | set(with_saves)}
    print(f"instructions a save in the saving thread, over {args.n} saves at 0 queued: "
          f"{sum(each.values()) / 1e3:,.0f} k")
    for name, value in sorted(each.items(), key=lambda item: -item[1]):
        print(f"  {name:24} {value / 1e3:8,.0f} k")
    print(f"the station's own thread (checkpoints, the search index), a save: "
          f"{(with_others - without_others) / args.n / 1e3:,.0f} k")
    return 0


if __name__ == "__main__":
    sys.exit(main())
