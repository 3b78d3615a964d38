"""Run inside a private mount namespace: put a station on a tiny tmpfs, fill it, and run
commands the way an operator would. Prints one JSON object: each command's exit status
and output. Used by test_disk_full.py (``unshare --user --map-root-user --mount``), so
the small file system disappears with this process whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys


def main(template: str, mount_point: str, records: str, pin: str) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount_point], check=True)
    station = os.path.join(mount_point, "station")
    shutil.copytree(template, station)
    env = dict(os.environ, LOKET_LANG="en")
    env.pop("LOKET_DATA_DIR", None)

    def loket(*args: str, stdin: str = "") -> dict:
        done = subprocess.run([sys.executable, "-m", "loket.cli", "--data-dir", station, *args], input=stdin,
                              capture_output=True, text=True, env=env, timeout=120)
        return {"rc": done.returncode, "out": done.stdout, "err": done.stderr}

    results = {"before": loket("intake", "--json", records, "--clerk", "CLERK", "--pin-stdin", stdin=pin + "\n")}
    with open(os.path.join(mount_point, "filler"), "wb") as filler:  # until the disk says no
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError as exc:
            results["filled"] = exc.errno
    # The database closed cleanly, so its -shm is gone and cannot be made again.
    results["intake"] = loket("intake", "--json", records.replace(".jsonl", "-2.jsonl"), "--clerk", "CLERK",
                              "--pin-stdin", stdin=pin + "\n")
    results["status"] = loket("status", "--no-probe", "--json")
    results["audit"] = loket("audit", "verify")
    results["users"] = loket("user", "list")
    from loket.i18n import set_language
    from loket.printing.printer import SlipSaveError, save_slip

    set_language("en")

    try:
        save_slip(b"%PDF-" + b"x" * 200_000, os.path.join(station, "slips"), "471/0099/7373-LKT01/V/2026", "suket")
        results["slip"] = "saved"
    except SlipSaveError as exc:
        results["slip"] = str(exc)
    print(json.dumps(results))


if __name__ == "__main__":
    main(*sys.argv[1:])
