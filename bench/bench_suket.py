"""One Suket (payload, seal, QR, PDF bytes) against a fair floor doing the same work plainly.

    python bench/bench_suket.py [--n 200] [--rounds 5] [--paper F4]

The floor is the least any program must do to print the same letter: the same
payload JSON signed with Ed25519 by the same library, the same text (about 30
lines: letterhead, title, the resident's fields, statement, signature block)
placed with fpdf2's plain ``text()``, and a QR with one fixed mask (no search
over the eight masks) as one image on an fpdf2 page. Rounds interleave Loket's
slips and the floor's (``--n`` of each in all); each round's ratio is the
median Loket slip over the median floor slip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import check_rounds, interleaved, machine, ratios, report  # noqa: E402

from loket.intake.record import Address, IntakeRecord  # noqa: E402
from loket.printing.keys import generate_keypair  # noqa: E402
from loket.printing.office import OfficeInfo  # noqa: E402
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


def floor_text(sequence: int) -> list[str]:
    """The letter's words, as plain lines: what any Suket printer has to typeset."""
    r, a = RESIDENT, RESIDENT.address
    return [
        f"PEMERINTAH {OFFICE.regency.upper()}", OFFICE.name.upper(), OFFICE.address,
        "SURAT KETERANGAN PENGGANTI KTP-EL", "(Surat Keterangan Perekaman KTP-el)",
        f"Nomor: 471/{sequence:04d}/7373-LKT01/VII/2018",
        f"Yang bertanda tangan di bawah ini, Kepala {OFFICE.name}, menerangkan bahwa:",
        f"NIK : {r.nik}", f"Nama : {r.name}", f"Tempat/Tgl. Lahir : {r.birth_place}, {r.birth_date:%d-%m-%Y}",
        f"Jenis Kelamin : {r.sex}", f"Alamat : {a.street}", f"RT/RW : {a.rt}/{a.rw}", f"Kel/Desa : {a.village}",
        f"Kecamatan : {a.district}", f"Kabupaten/Kota : {a.regency}", f"Provinsi : {a.province}",
        f"Agama : {r.religion}", f"Status Perkawinan : {r.marital_status}", f"Pekerjaan : {r.occupation}",
        f"Kewarganegaraan : {r.nationality}",
        "telah melakukan perekaman data KTP-el dan KTP-el yang bersangkutan dalam proses pencetakan.",
        "Surat keterangan ini berlaku sampai dengan 12 Januari 2019.",
        "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
        "Pindai kode QR untuk memeriksa keaslian surat ini.", f"{OFFICE.city}, 12 Juli 2018",
        f"Kepala {OFFICE.name}", OFFICE.head_name, f"NIP. {OFFICE.head_nip}",
    ]


def fair_floor(private_key, sequence: int, paper_size: tuple[float, float]) -> bytes:
    """The same letter the plain way: sign, one fixed-mask QR image, text() lines on an fpdf2 page."""
    import base64
    import json

    import qrcode
    from fpdf import FPDF

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    r = RESIDENT
    payload = {"v": 1, "no": f"471/{sequence:04d}/7373-LKT01/VII/2018", "nik": r.nik, "nm": r.name,
               "dob": r.birth_date.isoformat(), "sx": r.sex, "of": OFFICE.code, "st": "7373-LKT01",
               "iat": ISSUED.isoformat(), "exp": valid_until(ISSUED, 6).isoformat()}
    header = b64(json.dumps({"alg": "EdDSA", "kid": "floor", "typ": "suket+jws"}, separators=(",", ":")).encode())
    signing_input = f"{header}.{b64(json.dumps(payload, separators=(',', ':')).encode())}"
    jws = f"{signing_input}.{b64(private_key.sign(signing_input.encode('ascii')))}"
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=2, mask_pattern=2)
    code.add_data(jws)
    code.make(fit=True)
    image = code.make_image().get_image()
    pdf = FPDF(unit="mm", format=paper_size)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    y = 20.0
    for line in floor_text(sequence):
        pdf.text(20, y, line)
        y += 6
    pdf.image(image, 20, y, 50, 50)
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
    parser.add_argument("--n", type=int, default=200, help="Sukets of each kind in all (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--paper", choices=("A4", "F4"), default="F4")
    args = parser.parse_args()
    if args.n < args.rounds:
        parser.error("--n must be at least --rounds")
    check_rounds(parser, args.rounds)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    print(f"machine: {machine()}")
    print(f"fpdf2 {version('fpdf2')}, qrcode {version('qrcode')}, cryptography {version('cryptography')}; "
          f"{args.n} Sukets of each kind on {args.paper}")
    sizes = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}
    per_round = args.n // args.rounds
    with tempfile.TemporaryDirectory() as key_dir:
        key = generate_keypair(Path(key_dir), "7373-LKT01")
        floor_key = Ed25519PrivateKey.generate()
        all_loket, all_floor = [], []

        def loket() -> float:
            samples = timed(lambda index: one_suket(key, index, args.paper), per_round)
            all_loket.extend(samples)
            return statistics.median(samples)

        def floor() -> float:
            samples = timed(lambda index: fair_floor(floor_key, index, sizes[args.paper]), per_round)
            all_floor.extend(samples)
            return statistics.median(samples)

        ours, theirs = interleaved(args.rounds, loket, floor)
    print(f"Suket (payload+seal+QR+PDF):   {summary(all_loket)}")
    print(f"fair floor (same work, plain): {summary(all_floor)}")
    report("suket", "one Suket: loket / fair floor (fixed-mask QR image, text() on fpdf2)", ratios(ours, theirs),
           loket=ours, bare=theirs, note=f"loket p50 {statistics.median(all_loket):.1f} ms (goal under 25 ms)")
    report("suket", "one Suket, ms (goal under 25)", ours, unit="ms", target="< 25")
    return 0


if __name__ == "__main__":
    sys.exit(main())
