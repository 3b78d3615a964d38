"""Cold start of `loket` to its first painted screen, next to a bare Textual app.

Both run in a real pseudo-terminal (80x24); the clock stops when a word of the first
screen appears in the program's output. Runs alternate so that both see the same
machine state. Usage: python bench/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchkit import check_rounds, interleaved, machine, ratios, report  # noqa: E402
from ptyrun import time_to_text  # noqa: E402

# A word the login screen shows once it has painted (its PIN field's label).
LOKET_MARKER = b"PIN"
BARE_MARKER = b"BAREREADY"


def make_station(root: Path) -> None:
    from loket.config import Settings
    from loket.setup import setup_station

    settings = Settings(office_code="7373", office_name="Disdukcapil Kota Palopo", station_id="7373-LKT01")
    setup_station(root, settings, "SUPERVISOR", "123456")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    check_rounds(parser, args.runs)
    # An installed package has its bytecode compiled at install time (the installer
    # does it); a source checkout may not, when PYTHONDONTWRITEBYTECODE is set.
    # Compile first, so both programs start the way they would on a counter PC.
    import compileall

    compileall.compile_dir(str(HERE.parent / "loket"), quiet=1)
    compileall.compile_file(str(HERE / "bare_app.py"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        station = Path(tmp) / "station"
        make_station(station)
        env = dict(os.environ, LOKET_LANG="id")
        loket_argv = [sys.executable, "-m", "loket.cli", "--data-dir", str(station)]
        bare_argv = [sys.executable, str(HERE / "bare_app.py")]
        # One warm-up each: the first run pays for reading files into the page cache.
        time_to_text(loket_argv, LOKET_MARKER, env)
        time_to_text(bare_argv, BARE_MARKER, env)
        loket, bare = interleaved(args.runs, lambda: time_to_text(loket_argv, LOKET_MARKER, env),
                                  lambda: time_to_text(bare_argv, BARE_MARKER, env))
    lm, bm = statistics.median(loket), statistics.median(bare)
    print(f"machine: {machine()}; {args.runs} interleaved runs each, 80x24 pseudo-terminal")
    print(f"bare Textual app (Input + DataTable) to first paint: median {bm * 1000:.0f} ms, best {min(bare) * 1000:.0f} ms")
    print(f"loket to login screen:                               median {lm * 1000:.0f} ms, best {min(loket) * 1000:.0f} ms")
    report("startup", "first paint: loket login screen / bare Textual app", ratios(loket, bare), target="<= 1.15",
           loket=loket, bare=bare)


if __name__ == "__main__":
    main()
