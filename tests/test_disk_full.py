"""A full disk, for real: the station on a 4 MiB tmpfs filled to the last byte, in a private
mount namespace (``unshare``), so the kernel itself answers ENOSPC to SQLite and to the slip
writer.

Before, a full disk was reported as "disk read/write error" (SQLite's words when it cannot
size its -shm file), and even ``loket status --no-probe`` failed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLERK
from loket.intake.samples import sample_records

pytestmark = pytest.mark.skipif(os.name == "nt", reason="tmpfs and mount namespaces are Linux's")
DRIVER = Path(__file__).with_name("fulldisk_driver.py")


def _namespaces_work() -> str | None:
    """None when a private mount namespace with a tmpfs can be made here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare is missing (apt-get install util-linux)"
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"this kernel refuses a private tmpfs mount ({probe.stderr.strip()[:120]})"
    return None


def test_a_full_disk_says_so_names_the_folder_and_reads_still_work(station_dir, tmp_path):
    why_not = _namespaces_work()
    if why_not:
        pytest.skip(why_not)
    records = sample_records(3, seed=31)
    source = tmp_path / "paper.jsonl"
    source.write_text(json.dumps(records[0].to_request()) + "\n")
    (tmp_path / "paper-2.jsonl").write_text("".join(json.dumps(r.to_request()) + "\n" for r in records[1:]))
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", sys.executable, str(DRIVER),
                           str(station_dir), str(mount_point), str(source), CLERK[1]],
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["before"]["rc"] == 0, result["before"]
    assert result["filled"] == 28  # ENOSPC: the disk really is full
    folder = str(mount_point / "station")
    intake = result["intake"]
    assert intake["rc"] == 1 and "Disk full in the folder " + folder in intake["err"], intake
    assert "read/write error" not in intake["err"] and "Traceback" not in intake["err"]
    status = result["status"]
    assert status["rc"] == 0, status
    assert json.loads(status["out"])["queue"]["queued"] == 1  # the request saved before the disk filled
    assert result["audit"]["rc"] == 0 and "intact" in result["audit"]["out"], result["audit"]
    assert result["users"]["rc"] == 0 and "CLERK" in result["users"]["out"], result["users"]
    assert "disk full in the folder " + folder + "/slips" in result["slip"]
