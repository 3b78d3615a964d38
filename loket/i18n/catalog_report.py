"""Messages of the outage numbers: the dashboard screen, the report PDF and ``loket report``.

The PDF is attached to a letter and is always printed in Bahasa Indonesia; the
dashboard and the command follow the chosen language.
"""

MESSAGES = {
    # -- warnings (dashboard) ----------------------------------------------------------
    "report.warning.sukets_expired": {
        "id": "{count} Suket warga yang masih menunggu KTP-el sudah habis masa berlakunya: terbitkan yang baru.",
        "en": "{count} Sukets of residents still waiting for their e-KTP have expired: issue new ones.",
    },
    "report.warning.sukets_expiring": {
        "id": "{count} Suket warga yang masih menunggu habis berlaku dalam {days} hari (paling awal {date}).",
        "en": "{count} Sukets of residents still waiting expire within {days} days (the first on {date}).",
    },
    "report.warning.waiting_too_long": {
        "id": "Permohonan tertua sudah menunggu {days} hari (diterima {since}) dan belum terkirim ke pusat.",
        "en": "The oldest request has waited {days} days (taken {since}) and is not sent to central yet.",
    },
    "report.warning.low_disk": {
        "id": "Ruang disk tinggal {free_mb} MB di {path}: kosongkan atau pindahkan berkas sebelum penuh.",
        "en": "Only {free_mb} MB of disk space left at {path}: free some before it is full.",
    },
    "report.duration.days": {"id": "{days} hari {hours} jam", "en": "{days} d {hours} h"},
    "report.duration.hours": {"id": "{hours} jam {minutes} menit", "en": "{hours} h {minutes} min"},
    "report.duration.minutes": {"id": "{minutes} menit", "en": "{minutes} min"},
    # -- the dashboard -----------------------------------------------------------------
    "tui.key.dashboard_back": {"id": "Kembali", "en": "Back"},
    "tui.key.dashboard_refresh": {"id": "Muat ulang", "en": "Refresh"},
    "tui.dashboard.title": {"id": "Ringkasan layanan dan gangguan", "en": "Service and outage summary"},
    "tui.dashboard.loading": {"id": "Menghitung…", "en": "Counting…"},
    "tui.dashboard.failed": {"id": "Angka tidak dapat dibaca: {error}", "en": "The numbers could not be read: {error}"},
    "tui.dashboard.outage_now": {
        "id": "Gangguan sedang berlangsung sejak {since} ({duration}).",
        "en": "Outage in progress since {since} ({duration}).",
    },
    "tui.dashboard.no_outage": {"id": "Tidak ada gangguan yang sedang berlangsung.", "en": "No outage in progress."},
    "tui.dashboard.last_outage": {
        "id": "Gangguan terakhir: {start} s.d. {end} ({duration}).",
        "en": "Last outage: {start} to {end} ({duration}).",
    },
    "tui.dashboard.period": {"id": "Periode: sejak {since}", "en": "Period: since {since}"},
    "tui.dashboard.period_all": {"id": "Periode: seluruh catatan", "en": "Period: all records"},
    "tui.dashboard.days_offline": {
        "id": "Hari terdampak gangguan dalam periode: {days}",
        "en": "Days touched by an outage in the period: {days}",
    },
    "tui.dashboard.states": {"id": "Permohonan per status", "en": "Requests by state"},
    "tui.dashboard.purposes": {"id": "Per keperluan", "en": "By purpose"},
    "tui.dashboard.col_purpose": {"id": "Keperluan", "en": "Purpose"},
    "tui.dashboard.col_waiting": {"id": "Menunggu", "en": "Waiting"},
    "tui.dashboard.col_open": {"id": "Belum selesai", "en": "Not done"},
    "tui.dashboard.col_taken": {"id": "Periode", "en": "Period"},
    "tui.dashboard.urgent": {
        "id": "Mendesak (keperluan bertenggat) belum terkirim: {count}",
        "en": "Urgent (purpose with a deadline) not sent yet: {count}",
    },
    "tui.dashboard.issued": {
        "id": "Dalam periode: {sukets} Suket dan {receipts} tanda terima diterbitkan, {taken} permohonan diterima.",
        "en": "In the period: {sukets} Sukets and {receipts} receipts issued, {taken} requests taken.",
    },
    "tui.dashboard.per_day": {"id": "Suket per hari ({days} hari terakhir)", "en": "Sukets per day (last {days} days)"},
    "tui.dashboard.per_day_range": {
        "id": "{first} … {last}: terbanyak {most}, hari ini {today}",
        "en": "{first} … {last}: most {most}, today {today}",
    },
    "tui.dashboard.oldest": {
        "id": "Permohonan tertua yang menunggu: diterima {since} ({duration} yang lalu)",
        "en": "Oldest waiting request: taken {since} ({duration} ago)",
    },
    "tui.dashboard.oldest_none": {"id": "Tidak ada permohonan yang menunggu dikirim.", "en": "Nothing waits to be sent."},
    "tui.dashboard.warnings": {"id": "Perhatian", "en": "Attention"},
    "tui.dashboard.no_warnings": {"id": "Tidak ada peringatan.", "en": "No warnings."},
    "tui.dashboard.updated": {
        "id": "Diperbarui {time} · otomatis tiap 30 detik · R untuk memuat ulang",
        "en": "Updated {time} · every 30 seconds · R to refresh",
    },
    # -- the PDF (always Indonesian; English kept for the catalog's completeness) ------
    "report.pdf.title": {"id": "LAPORAN LAYANAN SELAMA GANGGUAN JARINGAN", "en": "SERVICE REPORT DURING THE NETWORK OUTAGE"},
    "report.pdf.subtitle": {
        "id": "Perekaman KTP-el dan penerbitan Surat Keterangan di loket {station}",
        "en": "e-KTP intake and Suket issuance at counter {station}",
    },
    "report.pdf.period": {"id": "Periode laporan", "en": "Period covered"},
    "report.pdf.period_range": {"id": "{start} s.d. {end}", "en": "{start} to {end}"},
    "report.pdf.period_all": {"id": "seluruh catatan s.d. {end}", "en": "all records up to {end}"},
    "report.pdf.outage": {"id": "Gangguan koneksi ke pusat", "en": "Outage of the link to central"},
    "report.pdf.outage_range": {"id": "{start} s.d. {end}", "en": "{start} to {end}"},
    "report.pdf.outage_ongoing": {"id": "{start} s.d. sekarang, masih berlangsung", "en": "{start} to now, still going on"},
    "report.pdf.outage_none": {"id": "tidak ada gangguan tercatat", "en": "no outage recorded"},
    "report.pdf.outage_more": {"id": "dan {count} gangguan sebelumnya", "en": "and {count} earlier outages"},
    "report.pdf.outage_revoked": {"id": "otorisasi dicabut pusat: {reason}", "en": "authorization revoked by central: {reason}"},
    "report.pdf.days_offline": {"id": "Hari terdampak gangguan", "en": "Days touched by an outage"},
    "report.pdf.days": {"id": "{count} hari", "en": "{count} days"},
    "report.pdf.section_documents": {"id": "A. Dokumen yang diterbitkan dalam periode", "en": "A. Documents issued in the period"},
    "report.pdf.sukets": {"id": "Surat Keterangan (Suket)", "en": "Sukets"},
    "report.pdf.receipts": {"id": "Tanda terima (tanpa biometrik)", "en": "Receipts (no biometrics)"},
    "report.pdf.section_requests": {"id": "B. Permohonan", "en": "B. Requests"},
    "report.pdf.taken": {"id": "Diterima dalam periode", "en": "Taken in the period"},
    "report.pdf.now_state": {"id": "- sekarang {state}", "en": "- now {state}"},
    "report.pdf.waiting_all": {"id": "Seluruh antrean belum terkirim", "en": "All not sent yet"},
    "report.pdf.urgent": {"id": "di antaranya mendesak (bertenggat)", "en": "of which urgent (with a deadline)"},
    "report.pdf.oldest": {"id": "Menunggu paling lama", "en": "Waiting longest"},
    "report.pdf.oldest_value": {"id": "sejak {since} ({duration})", "en": "since {since} ({duration})"},
    "report.pdf.none": {"id": "tidak ada", "en": "none"},
    "report.pdf.section_purposes": {"id": "C. Permohonan menurut keperluan", "en": "C. Requests by purpose"},
    "report.pdf.col_purpose": {"id": "Keperluan", "en": "Purpose"},
    "report.pdf.col_taken": {"id": "Diterima (periode)", "en": "Taken (period)"},
    "report.pdf.col_waiting": {"id": "Belum terkirim", "en": "Not sent"},
    "report.pdf.col_open": {"id": "Belum selesai", "en": "Not done"},
    "report.pdf.col_total": {"id": "Seluruhnya", "en": "All time"},
    "report.pdf.others": {"id": "Lainnya ({count} keperluan)", "en": "Others ({count} purposes)"},
    "report.pdf.total": {"id": "Jumlah", "en": "Total"},
    "report.pdf.section_days": {"id": "D. Suket diterbitkan per hari", "en": "D. Sukets issued per day"},
    "report.pdf.days_note": {
        "id": "Grafik hanya memuat {count} hari terakhir; jumlah seluruh periode ada di bagian A.",
        "en": "The chart shows the last {count} days only; the whole period's totals are in part A.",
    },
    "report.pdf.made": {"id": "Dibuat pada {when} oleh aplikasi Loket", "en": "Made on {when} by Loket"},
    "report.pdf.time": {"id": "{date} pukul {time}", "en": "{date} at {time}"},
    # -- loket report --------------------------------------------------------------------
    "report.cli.bad_since": {
        "id": "--since harus tanggal berbentuk TTTT-BB-HH (misalnya 2018-07-12), bukan {value!r}.",
        "en": "--since must be a date written YYYY-MM-DD (e.g. 2018-07-12), not {value!r}.",
    },
    "report.cli.future_since": {
        "id": "--since {value} masih di masa depan; laporan hanya mencakup hari yang sudah lewat.",
        "en": "--since {value} lies in the future; a report covers days that have begun.",
    },
    "report.cli.cannot_write": {
        "id": "Tidak dapat menulis {path}: {error}.",
        "en": "Cannot write {path}: {error}.",
    },
    "report.cli.same_file": {
        "id": "--out dan --csv menunjuk berkas yang sama ({path}); pilih dua nama berbeda.",
        "en": "--out and --csv name the same file ({path}); choose two names.",
    },
    "report.cli.done": {"id": "Laporan disimpan: {path}", "en": "Report saved: {path}"},
    "report.cli.done_csv": {"id": "Angka (CSV) disimpan: {path}", "en": "Numbers (CSV) saved: {path}"},
}
