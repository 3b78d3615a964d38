"""The outage report: the PDF's text read back holds the database's numbers, on one page,
names the cause of the outage (a revocation, the network, or both) and lists every
outage of the period; ``loket report`` writes it (and a CSV a spreadsheet reads) or
says in one sentence why not."""

from __future__ import annotations

import csv
import datetime as dt

import pypdfium2 as pdfium
import pytest
from dbkit import run, station_rows  # noqa: F401

from linkkit import seed
from loket.printing.report import duration_words, id_number, render_report
from loket.printing.report_csv import csv_rows
from loket.i18n import set_language
from loket.storage import stats
from loket.storage.linklog import record_link_change
from loket.storage.transitions import change_state

pytestmark = pytest.mark.both_backends

def pdf_text(path, page: int = 0) -> tuple[int, str]:
    """The page count and one page's text (``page=None``: every page's, joined)."""
    document = pdfium.PdfDocument(str(path))
    try:
        pages = range(len(document)) if page is None else [page]
        text = " ".join(document[index].get_textpage().get_text_range() for index in pages)
        return len(document), " ".join(text.split())
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
    assert "masih berlangsung" in text and 'Alasan dari pusat: "Audit data oleh Kemendagri".' in text
    began = (dt.datetime.now() - dt.timedelta(days=1, hours=2)).date()
    assert f"Hari terdampak gangguan : {(dt.date.today() - began).days + 1} hari" in text
    # A revocation is an administrative decision: never called a network fault.
    assert "LAPORAN LAYANAN SELAMA PENCABUTAN OTORISASI LOKET" in text and "JARINGAN" not in text
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


def read_sheet(path, separator: str) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=separator))


def test_loket_report_writes_the_pdf_and_a_matching_csv(station, station_dir, loket_cli, tmp_path):
    out, sheet = tmp_path / "laporan.pdf", tmp_path / "angka.csv"
    done = loket_cli("report", "--out", str(out), "--csv", str(sheet), env={"LOKET_LANG": "id"})
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and str(sheet) in done.stdout
    pages, text = pdf_text(out)
    assert pages == 1 and "Surat Keterangan (Suket) 5" in text
    # Indonesian: headers in Indonesian, ';' between fields (the comma is the decimal mark).
    rows = read_sheet(sheet, ";")
    assert rows[0] == ["Bagian", "Butir", "Nilai", "Kode"]
    assert all(len(row) == 4 for row in rows)
    values = {code: value for _section, _item, value, code in rows[1:]}
    set_language("id")
    numbers = stats.station_numbers(station.db, stats.default_since(station.db))
    expected = {code: value for _section, _item, value, code in csv_rows(numbers, station.settings)}
    volatile = {"period.end", "period.outage_hours", "now.oldest_waiting_days", "outage.1.hours"}
    assert {k: v for k, v in values.items() if k not in volatile} == {
        k: v for k, v in expected.items() if k not in volatile}
    assert values["issued.sukets"] == "5" and values["taken.rejected"] == "1"
    labels = {code: (section, item) for section, item, _value, code in rows[1:]}
    assert labels["issued.sukets"] == ("Diterbitkan dalam periode", "Suket")
    # Times a spreadsheet reads as dates (DD/MM/YYYY HH:MM, local), durations as numbers.
    start = dt.datetime.strptime(values["outage.1.start"], "%d/%m/%Y %H:%M")
    began = (dt.datetime.now() - dt.timedelta(days=1, hours=2))
    assert abs(start - began) < dt.timedelta(minutes=2)
    assert values["outage.1.end"] == ""
    hours = float(values["outage.1.hours"].replace(",", "."))
    assert 25.9 < hours < 26.2 and "," in values["outage.1.hours"]
    assert values["outage.1.cause"].startswith("Otorisasi loket dicabut pusat")
    assert values["outage.1.reason"] == "Audit data oleh Kemendagri"
    # --since after the command and --data-dir after it too, typed DD-MM-YYYY.
    again = loket_cli("report", "--data-dir", str(station_dir), "--since", "12-07-2018", "--out", str(out),
                      data_dir=None)
    assert again.returncode == 0, again.stderr
    assert "12 Juli 2018 s.d." in pdf_text(out)[1]
    iso = loket_cli("report", "--since", "2018-07-12", "--out", str(out))  # ISO is accepted too
    assert iso.returncode == 0, iso.stderr


def test_the_csv_speaks_english_with_commas_and_takes_another_separator(station, loket_cli, tmp_path):
    sheet = tmp_path / "numbers.csv"
    done = loket_cli("report", "--out", str(tmp_path / "r.pdf"), "--csv", str(sheet), env={"LOKET_LANG": "en"})
    assert done.returncode == 0, done.stderr
    rows = read_sheet(sheet, ",")
    assert rows[0] == ["Section", "Item", "Value", "Code"]
    values = {code: value for _section, _item, value, code in rows[1:]}
    dt.datetime.strptime(values["outage.1.start"], "%Y-%m-%d %H:%M")  # ISO without T: a date everywhere
    assert "." in values["outage.1.hours"] and float(values["outage.1.hours"]) > 25
    assert values["period.cause"].startswith("Central withdrew the counter's authorization")
    tabbed = loket_cli("report", "--out", str(tmp_path / "r.pdf"), "--csv", str(sheet),
                       "--separator", "tab", env={"LOKET_LANG": "id"})
    assert tabbed.returncode == 0, tabbed.stderr
    assert read_sheet(sheet, "\t")[0] == ["Bagian", "Butir", "Nilai", "Kode"]


def test_until_ends_the_period(station, loket_cli, tmp_path):
    """``--until`` yesterday: today's requests and Sukets are outside the period."""
    sheet = tmp_path / "numbers.csv"
    yesterday = (dt.datetime.now().astimezone() - dt.timedelta(days=1)).strftime("%d-%m-%Y")
    done = loket_cli("report", "--out", str(tmp_path / "r.pdf"), "--csv", str(sheet),
                     "--since", "01-01-2018", "--until", yesterday, env={"LOKET_LANG": "en"})
    assert done.returncode == 0, done.stderr
    values = {code: value for _s, _i, value, code in read_sheet(sheet, ",")[1:]}
    assert values["issued.sukets"] == "0" and values["taken.total"] == "0"
    assert values["period.end"].endswith("23:59")


@pytest.mark.parametrize("args, words", [
    (("--since", "kemarin"), "--since 'kemarin': Type the date as DD-MM-YYYY"),
    (("--since", "31-02-2018"), "--since '31-02-2018': That date does not exist in the calendar."),
    (("--until", "12-07-18"), "--until '12-07-18': The year '18' has only 2 digits"),
    (("--since", "01-01-2999"), "lies in the future"),
    (("--since", "12-07-2018", "--until", "11-07-2018"), "falls before --since"),
    # The system's refusal in the station's words, not the C library's English.
    (("--out", "{missing}/laporan.pdf"), "that folder or file does not exist"),
    (("--out", "{tmp}"), "that is a folder, not a file"),
])
def test_bad_input_is_one_sentence_and_exit_1(station_dir, loket_cli, tmp_path, args, words):
    args = tuple(a.format(missing=tmp_path / "no-such-folder", tmp=tmp_path) for a in args)
    if "--out" not in args:
        args += ("--out", str(tmp_path / "laporan.pdf"))
    done = loket_cli("report", *args)
    assert done.returncode == 1
    assert words in done.stderr and "Traceback" not in done.stderr
    assert "birth" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_station_not_set_up_is_said_plainly(loket_cli, tmp_path):
    done = loket_cli("report", "--out", str(tmp_path / "laporan.pdf"), data_dir=tmp_path / "empty")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "laporan.pdf").exists()


# -- the cause of the outage, and every outage of the period ------------------------


@pytest.fixture
def quiet(station_dir):
    """Three requests, and no link history yet."""
    from loket.station import Station

    opened = Station.open(station_dir)
    seed(opened, 3, seed=43)
    yield opened
    opened.close()


def write_links(db, now, changes) -> None:
    """``(days_ago, to_state, reason[, revoked_days_ago])`` in time order, from online."""
    before = "online"
    record_link_change(db, now - dt.timedelta(days=70), "unknown", "online")
    for days_ago, to_state, reason, *revoked in changes:
        revoked_at = now - dt.timedelta(days=revoked[0]) if revoked else None
        record_link_change(db, now - dt.timedelta(days=days_ago), before, to_state, reason, revoked_at)
        before = to_state


def report_of(station, tmp_path, now) -> tuple[int, str, str]:
    """Pages, page 1's text and every page's text of the report of the last 60 days."""
    since = now.astimezone().date() - dt.timedelta(days=59)
    numbers = stats.station_numbers(station.db, since, now)
    path = tmp_path / "laporan.pdf"
    path.write_bytes(render_report(numbers, station.settings))
    pages, first = pdf_text(path)
    return pages, first, pdf_text(path, None)[1]


def cell_time(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%d-%m-%Y %H.%M")


def test_a_network_outage_is_named_a_network_fault(quiet, tmp_path):
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    write_links(quiet.db, now, [(20, "offline", "timeout"), (19, "online", None),
                                (3, "degraded", "http_503"), (2.5, "online", None)])
    pages, text, _ = report_of(quiet, tmp_path, now)
    assert pages == 1
    assert "LAPORAN LAYANAN SELAMA GANGGUAN JARINGAN" in text and "OTORISASI" not in text.upper()
    assert "Penyebab : Gangguan jaringan ke pusat" in text
    assert "Gangguan dalam periode : 2 kali, seluruhnya 1 hari 12 jam" in text
    first = now - dt.timedelta(days=20)
    assert (f"1 {cell_time(first)} {cell_time(first + dt.timedelta(days=1))} 1 hari 0 jam "
            "Gangguan jaringan (lambat)") in text
    assert "12 jam 0 menit Gangguan jaringan (HTTP 503)" in text


def test_a_revocation_with_the_network_down_too_is_named_both(quiet, tmp_path):
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    words = "Akses dihentikan sementara oleh Ditjen Dukcapil untuk audit data"
    write_links(quiet.db, now, [(10, "revoked", words, 10), (9, "offline", "refused"), (8, "revoked", words, 10)])
    pages, text, _ = report_of(quiet, tmp_path, now)
    assert pages == 1
    assert "LAPORAN LAYANAN SELAMA PENCABUTAN OTORISASI LOKET DAN GANGGUAN JARINGAN" in text
    from loket.printing.report import long_time

    revoked = long_time(now - dt.timedelta(days=10), stats.local_tz())
    assert f'Dicabut pusat {revoked}, dengan alasan: "{words}".' in text
    assert "Otorisasi loket dicabut pusat, dan jaringan ke pusat juga terganggu" in text
    assert f"1 {cell_time(now - dt.timedelta(days=10))} masih berlangsung 10 hari 0 jam" in text


def test_every_outage_of_a_60_day_period_is_listed_on_one_page(quiet, tmp_path):
    from loket.intake.record import PURPOSES

    seed(quiet, len(PURPOSES), seed=44, purposes=dict(enumerate(PURPOSES)))  # a full purpose table
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    changes = []
    for week in range(8):
        began = 56 - 7 * week
        if week == 5:
            changes += [(began, "revoked", "Audit data oleh Kemendagri"), (began - 2, "online", None)]
        else:
            changes += [(began, "offline", "dropped"), (began - 0.25, "online", None)]
    write_links(quiet.db, now, changes)
    pages, text, _ = report_of(quiet, tmp_path, now)
    assert pages == 1
    assert "LAPORAN LAYANAN SELAMA PENCABUTAN OTORISASI LOKET DAN GANGGUAN JARINGAN" in text
    assert "Gangguan dalam periode : 8 kali" in text and "sebelumnya" not in text
    # Separate outages: the revocation was not a network fault, and the page says so.
    assert "(keputusan administratif, bukan gangguan jaringan), dan pada waktu lain gangguan jaringan" in text
    for number, (days_ago, *_rest) in enumerate(changes[::2], 1):
        assert f"{number} {cell_time(now - dt.timedelta(days=days_ago))}" in text
    assert text.count("Gangguan jaringan (sambungan putus)") == 7
    assert text.count("Otorisasi dicabut pusat") == 1 and 'Alasan dari pusat: "Audit data oleh Kemendagri".' in text
    assert "berlanjut" not in text


def test_a_table_too_long_for_page_one_goes_on_over_page_two(quiet, tmp_path):
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    changes = []
    for number in range(40):
        began = 58 - 1.4 * number
        changes += [(began, "degraded", "http_503"), (began - 0.1, "online", None)]
    write_links(quiet.db, now, changes)
    pages, first, every = report_of(quiet, tmp_path, now)
    assert pages == 2
    # Page 1 keeps every number and the signature; the table goes on overleaf.
    assert "Daftar berlanjut di halaman berikutnya" in first and "NIP. 19680101 199003 1 005" in first
    assert "Lanjutan daftar gangguan dalam periode (halaman 2)" in every
    for number, (days_ago, *_rest) in enumerate(changes[::2], 1):
        assert every.count(f"{number} {cell_time(now - dt.timedelta(days=days_ago))} ") == 1
