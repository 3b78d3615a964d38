"""How long one Suket takes: payload, seal, QR and PDF bytes, against a bare fpdf2 baseline.

    python bench/bench_suket.py [--n 200] [--paper F4]

The baseline is what a first attempt looks like: a bare fpdf2 page with the same
seal in a QR made with qrcode's default settings (it scores all eight masks) and
drawn as one filled square per dark module. Both are measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loket.intake.record import Address, IntakeRecord  # noqa: E402
from loket.printing.keys import generate_keypair  # noqa: E402
from loket.printing.office import OfficeInfo  # noqa: E402
from loket.printing.qr import qr_matrix  # noqa: E402
from loket.printing.seal import make_seal, suket_payload, valid_until  # noqa: E402
from loket.printing.slip import SlipData, render_suket  # noqa: E402

OFFICE = OfficeInfo(
    province="Sulawesi Selatan", regency="Kota Palopo",
    name="Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
    address="Jl. Andi Djemma No. 1, Palopo, Sulawesi Selatan 91921", city="Palopo",
    head_name="Drs. ANDI MUHAMMAD, M.Si", head_nip="19680101 199003 1 005", code="7373",
)
RESIDENT = IntakeRecord(
    nik="7373015207900002", kk="7373010101900001", name="ANDI MUHAMMAD SYAHRUL RAMADHAN PUTRA PRATAMA",
    birth_place="PALOPO", birth_date=dt.date(1990, 7, 12), sex="L",
    address=Address("JL. ANDI DJEMMA NO. 12 LORONG 3", "001", "002", "AMASANGAN", "WARA", "KOTA PALOPO",
                    "SULAWESI SELATAN"),
    religion="ISLAM", marital_status="KAWIN", occupation="PEGAWAI NEGERI SIPIL", nationality="WNI",
    biometrics_recorded=True,
)
ISSUED = dt.date(2018, 7, 12)


def one_suket(key, sequence: int, paper: str) -> bytes:
    """The whole job at the counter: payload, seal, QR and the PDF bytes."""
    number = f"471/{sequence:04d}/7373-LKT01/VII/2018"
    until = valid_until(ISSUED, 6)
    payload = suket_payload(number, RESIDENT.nik, RESIDENT.name, RESIDENT.birth_date, RESIDENT.sex,
                            OFFICE.code, "7373-LKT01", ISSUED, until)
    data = SlipData(OFFICE, number, RESIDENT, ISSUED, until, make_seal(key, payload))
    return render_suket(data, paper)


def bare_baseline(jws: str, paper_size: tuple[float, float]) -> bytes:
    """A bare fpdf2 page with the same seal as a QR, qrcode defaults, drawn the simple way."""
    import qrcode
    from fpdf import FPDF

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(jws)
    code.make(fit=True)
    pdf = FPDF(unit="mm", format=paper_size)
    pdf.add_page()
    module = 50 / code.modules_count
    for y, row in enumerate(code.modules):
        for x, dark in enumerate(row):
            if dark:
                pdf.rect(20 + x * module, 200 + y * module, module, module, style="F")
    return bytes(pdf.output())


def timed(function, runs: int) -> list[float]:
    function(0)  # warm-up: imports, font metrics, blank QR templates
    samples = []
    for index in range(runs):
        started = time.perf_counter()
        function(index)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(samples):6.2f} ms   mean {statistics.mean(samples):6.2f} ms   p95 {p95:6.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="Sukets per measurement (default 200)")
    parser.add_argument("--paper", choices=("A4", "F4"), default="F4")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")

    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()} {platform.release()}")
    print(f"python {platform.python_version()} ({platform.python_implementation()}); "
          f"fpdf2 {version('fpdf2')}, qrcode {version('qrcode')}, cryptography {version('cryptography')}")
    print(f"{args.n} Sukets on {args.paper}\n")

    with tempfile.TemporaryDirectory() as key_dir:
        key = generate_keypair(Path(key_dir), "7373-LKT01")
        full = timed(lambda index: one_suket(key, index, args.paper), args.n)

        sample_seal = make_seal(key, suket_payload(
            "471/0001/7373-LKT01/VII/2018", RESIDENT.nik, RESIDENT.name, RESIDENT.birth_date, RESIDENT.sex,
            OFFICE.code, "7373-LKT01", ISSUED, valid_until(ISSUED, 6)))
        qr_only = timed(lambda index: qr_matrix(sample_seal), args.n)
        sizes = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}
        bare = timed(lambda index: bare_baseline(sample_seal, sizes[args.paper]), args.n)

    print(f"Suket (payload+seal+QR+PDF):   {summary(full)}")
    print(f"  of which the QR matrix:      {summary(qr_only)}")
    print(f"bare baseline (fpdf2 + QR):    {summary(bare)}")
    print(f"ratio bare / Suket (p50):      {statistics.median(bare) / statistics.median(full):.1f}x")
    print(f"seal length {len(sample_seal)} characters; one Suket PDF {len(one_suket(key, 1, args.paper))} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
