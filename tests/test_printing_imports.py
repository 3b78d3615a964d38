"""Importing the printing modules must not pull in the heavy libraries (start-up time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_printing_modules_import_lazily():
    code = (
        "import sys\n"
        "import loket.printing.keys, loket.printing.seal, loket.printing.qr, loket.printing.slip\n"
        "import loket.printing.printer, loket.printing.office, loket.printing.text\n"
        "heavy = [m for m in ('fpdf', 'qrcode', 'cryptography', 'PIL') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
