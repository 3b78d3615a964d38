"""The outage report: the PDF's text read back holds the database's numbers, on one page,
and ``loket report`` writes it (and a matching CSV) or says in one sentence why not."""

from __future__ import annotations

import csv
import datetime as dt

import pypdfium2 as pdfium
import pytest
from dbkit import run, station_rows  # noqa: F401
from conftest import BACKENDS

from linkkit import seed
from loket.printing.report import csv_rows, duration_words, id_number, render_report
from loket.storage import stats
from loket.storage.linklog import record_link_change
from loket.storage.transitions import change_state

@pytest.fixture(params=BACKENDS)
def station_backend(request):
    """Every test here that uses a station runs on a SQLite file and on an office database."""
    return request.param



def pdf_text(path) -> tuple[int, str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document), " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()


@pytest.fixture
def station(station_dir):
    """Six requests (one receipt), one rejected, one synced, one void; the link down since yesterday."""
    from loket.station import Station

    opened = Station.open(station_dir)
    saved = seed(opened, 6, seed=41, receipts={5})
    db = opened.db
    for index, path in ((0, ("sending", "rejected")), (1, ("sending", "synced")), (2, ("void",))):
        for state in path:
            change_state(db, saved[index].request_id, state, actor="test", reason="NIK tidak dikenal")
    now = dt.datetime.now(dt.timezone.utc)
    record_link_change(db, now - dt.timedelta(days=3), "unknown", "online")
    record_link_change(db, now - dt.timedelta(days=1, hours=2), "online", "revoked", "Audit data oleh Kemendagri")
    yield opened
    opened.close()


def test_numbers_are_written_the_indonesian_way():
    assert [id_number(n) for n in (0, 999, 1234, 100000, 1234567)] == ["0", "999", "1.234", "100.000", "1.234.567"]
    assert duration_words(dt.timedelta(days=2, hours=3, minutes=4), "id") == "2 hari 3 jam"
    assert duration_words(dt.timedelta(minutes=75), "id") == "1 jam 15 menit"


def test_the_pdf_holds_the_database_numbers_on_one_page(station, tmp_path):
    db = station.db
    numbers = stats.station_numbers(db, stats.default_since(db))
    path = tmp_path / "laporan.pdf"
    path.write_bytes(render_report(numbers, station.settings))
    pages, text = pdf_text(path)
    assert pages == 1
    (sukets,) = run(db, "SELECT COUNT(*) FROM sukets WHERE kind = 'suket'").fetchone()
    assert (numbers.sukets_issued, numbers.receipts_issued) == (sukets, 1) == (5, 1)
    assert f"Surat Keterangan (Suket) {sukets}" in text
    assert "Tanda terima (tanpa biometrik) 1" in text
    assert "Diterima dalam periode 6" in text
    for state, count in (("menunggu dikirim", 3), ("terkirim ke pusat", 1), ("ditolak pusat", 1),
                         ("dibatalkan", 1), ("selesai (KTP-el dicetak)", 0)):
        assert f"- sekarang {state} {count}" in text
    assert "masih berlangsung" in text and "otorisasi dicabut pusat: Audit data oleh Kemendagri" in text
    began = (dt.datetime.now() - dt.timedelta(days=1, hours=2)).date()
    assert f"Hari terdampak gangguan : {(dt.date.today() - began).days + 1} hari" in text
    assert "LAPORAN LAYANAN SELAMA GANGGUAN JARINGAN" in text
    assert "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in text
    assert "Drs. ANDI MUHAMMAD, M.Si" in text and "NIP. 19680101 199003 1 005" in text
    for purpose in numbers.by_purpose:
        assert f" {purpose.taken} {purpose.waiting} {purpose.open} {purpose.total}" in text


def test_many_purposes_and_a_long_period_still_fit_one_page(station, tmp_path):
    db = station.db
    seed(station, 4, seed=42)
    # Requests of purposes the form no longer offers, taken years ago: the table and
    # the chart are capped, and the page says so.
    run(db, "UPDATE requests SET purpose = 'purpose_' || id")
    for (suket_id,) in run(db, "SELECT id FROM sukets").fetchall():
        run(db, "UPDATE sukets SET issued_at = ? WHERE id = ?", (f"2016-01-{suket_id:02d}T02:00:00.000000Z", suket_id))
    station.settings.office_address = "Jl. Andi Djemma No. 1, Kelurahan Amassangan, Kecamatan Wara " * 3
    numbers = stats.station_numbers(db, dt.date(2015, 1, 1))
    assert len(numbers.by_purpose) == 10
    path = tmp_path / "panjang.pdf"
    path.write_bytes(render_report(numbers, station.settings))
    pages, text = pdf_text(path)
    assert pages == 1
    assert "Lainnya (5 keperluan)" in text
    assert "Grafik hanya memuat 14 hari terakhir" in text
    assert "Dibuat pada" in text
    document = pdfium.PdfDocument(str(path))
    textpage = document[0].get_textpage()
    lowest = min(textpage.get_charbox(i)[1] for i in range(textpage.count_chars()))
    document.close()
    assert lowest > 12 / 25.4 * 72  # every letter above the bottom margin, none cut off


def test_loket_report_writes_the_pdf_and_a_matching_csv(station, station_dir, loket_cli, tmp_path):
    out, sheet = tmp_path / "laporan.pdf", tmp_path / "angka.csv"
    done = loket_cli("report", "--out", str(out), "--csv", str(sheet))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and str(sheet) in done.stdout
    pages, text = pdf_text(out)
    assert pages == 1 and "Surat Keterangan (Suket) 5" in text
    with open(sheet, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["section", "key", "value"]
    values = {(section, key): value for section, key, value in rows[1:]}
    numbers = stats.station_numbers(station.db, stats.default_since(station.db))
    expected = {(section, key): value for section, key, value in csv_rows(numbers, station.settings)}
    volatile = {("period", "end"), ("now", "oldest_waiting")}
    assert {k: v for k, v in values.items() if k not in volatile} == {
        k: v for k, v in expected.items() if k not in volatile}
    assert values[("issued", "sukets")] == "5" and values[("taken", "rejected")] == "1"
    assert values[("outage.1", "state")] == "revoked" and values[("outage.1", "end")] == ""
    # --since after the command and --data-dir after it too.
    again = loket_cli("report", "--data-dir", str(station_dir), "--since", "2018-07-12", "--out", str(out),
                      data_dir=None)
    assert again.returncode == 0, again.stderr
    assert "12 Juli 2018 s.d." in pdf_text(out)[1]


@pytest.mark.parametrize("args, words", [
    (("--since", "12-07-2018"), "--since must be a date written YYYY-MM-DD"),
    (("--since", "2999-01-01"), "lies in the future"),
    (("--out", "{missing}/laporan.pdf"), "Cannot write"),
    (("--out", "{tmp}"), "Cannot write"),
])
def test_bad_input_is_one_sentence_and_exit_1(station_dir, loket_cli, tmp_path, args, words):
    args = tuple(a.format(missing=tmp_path / "no-such-folder", tmp=tmp_path) for a in args)
    if "--out" not in args:
        args += ("--out", str(tmp_path / "laporan.pdf"))
    done = loket_cli("report", *args)
    assert done.returncode == 1
    assert words in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_station_not_set_up_is_said_plainly(loket_cli, tmp_path):
    done = loket_cli("report", "--out", str(tmp_path / "laporan.pdf"), data_dir=tmp_path / "empty")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "laporan.pdf").exists()
