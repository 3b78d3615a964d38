"""The committed Cek Suket page is what its sources build: a rebuild reproduces it byte for byte.

The page is committed inside the package so that installing loket needs no Node.js;
this test holds the committed file to ``web/cek-suket`` (sources, package-lock.json).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "web" / "cek-suket"
BUILT = ROOT / "loket" / "web" / "cek_suket.html"
INSTALL = "apt-get install -y nodejs npm"


def test_every_bundled_package_is_locked_and_its_licence_is_in_the_page():
    lock = json.loads((SOURCE / "package-lock.json").read_text(encoding="utf-8"))
    wanted = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))["dependencies"]
    page = BUILT.read_text(encoding="utf-8")
    for name, version in wanted.items():
        locked = lock["packages"][f"node_modules/{name}"]
        assert locked["version"] == version and locked["integrity"].startswith("sha512-")
        assert f"{name} {version} ({locked['license']})" in page


def test_a_rebuild_reproduces_the_committed_page(tmp_path):
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        message = f"Node.js is missing; install it with: {INSTALL}"
        if os.environ.get("CI") == "true" and os.name != "nt":
            pytest.fail(message)
        pytest.skip(message)
    if not (SOURCE / "node_modules" / "esbuild").is_dir():
        # Exactly the locked versions; esbuild's binary comes from its platform package.
        subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=SOURCE, check=True,
                       capture_output=True, timeout=600)
    out = tmp_path / "rebuilt.html"
    subprocess.run([node, "build.mjs", str(out)], cwd=SOURCE, check=True, capture_output=True, timeout=300)
    assert out.read_bytes() == BUILT.read_bytes(), "loket/web/cek_suket.html is stale: run `npm run build` in web/cek-suket"
