"""Words of the supervisor's desk: the queue list, its filters, the detail pane and the actions."""

MESSAGES = {
    # Footer labels (see loket.tui.keys).
    "tui.key.desk_requeue": {"id": "Kirim ulang", "en": "Send again"},
    "tui.key.desk_correct": {"id": "Koreksi", "en": "Correct"},
    "tui.key.desk_void": {"id": "Batalkan", "en": "Cancel"},
    "tui.key.desk_reprint": {"id": "Salinan", "en": "Copy"},
    "tui.key.desk_override": {"id": "Terima", "en": "Accept"},
    "tui.key.desk_nik": {"id": "NIK", "en": "NIK"},
    "tui.key.desk_sort": {"id": "Urutkan", "en": "Sort"},
    "tui.key.desk_reverse": {"id": "Balik urutan", "en": "Reverse"},
    "tui.key.desk_refresh": {"id": "Muat", "en": "Reload"},
    "tui.key.desk_dashboard": {"id": "Dasbor", "en": "Dashboard"},
    "tui.key.desk_correct_save": {"id": "Periksa & simpan koreksi", "en": "Check & save correction"},
    # How long a request has waited.
    "desk.age.minutes": {"id": "{n} mnt", "en": "{n} min"},
    "desk.age.hours": {"id": "{n} jam", "en": "{n} h"},
    "desk.age.days": {"id": "{n} hari", "en": "{n} d"},
    # Short labels of the purposes that make a request urgent.
    "desk.urgent.election_candidate": {"id": "Pemilu", "en": "Election"},
    "desk.urgent.university_admission": {"id": "Kuliah", "en": "Univ."},
    "desk.urgent.civil_service_application": {"id": "CPNS", "en": "CPNS"},
    "desk.urgent.general": {"id": "Umum", "en": "General"},
    "desk.urgent.other": {"id": "Lain", "en": "Other"},
    # Column titles.
    "desk.col.age": {"id": "Umur", "en": "Age"},
    "desk.col.urgency": {"id": "Segera", "en": "Urgent"},
    "desk.col.number": {"id": "Nomor Suket", "en": "Suket number"},
    "desk.col.nik": {"id": "NIK", "en": "NIK"},
    "desk.col.name": {"id": "Nama", "en": "Name"},
    "desk.col.request_type": {"id": "Jenis", "en": "Type"},
    "desk.col.state": {"id": "Status", "en": "State"},
    "desk.col.attempts": {"id": "Coba", "en": "Tries"},
    "desk.col.last_error": {"id": "Alasan terakhir", "en": "Last error"},
    # The list's bottom line.
    "desk.list.loading": {"id": "Memuat antrean…", "en": "Loading the queue…"},
    "desk.list.empty": {"id": "Tidak ada permohonan yang cocok.", "en": "No request matches."},
    "desk.list.position": {"id": "{first}–{last} dari {total}", "en": "{first}–{last} of {total}"},
    "desk.list.position_unknown": {"id": "… dari {total}", "en": "… of {total}"},
    "desk.list.marked": {"id": "{count} ditandai", "en": "{count} marked"},
    # The filter bar and the search box.
    "desk.filter.pending": {"id": "Tertunda (perlu tindakan)", "en": "Pending (needs action)"},
    "desk.filter.all_states": {"id": "Semua status", "en": "Every state"},
    "desk.filter.all_purposes": {"id": "Semua keperluan", "en": "Every purpose"},
    "desk.filter.station": {"id": "Loket (7373-LKT01)", "en": "Station (7373-LKT01)"},
    "desk.filter.from": {"id": "Dari HH-BB-TTTT", "en": "From DD-MM-YYYY"},
    "desk.filter.to": {"id": "Sampai HH-BB-TTTT", "en": "To DD-MM-YYYY"},
    "desk.filter.from_name": {"id": "Tanggal \"dari\"", "en": "The \"from\" date"},
    "desk.filter.to_name": {"id": "Tanggal \"sampai\"", "en": "The \"to\" date"},
    "desk.filter.bad_date": {"id": "{which}: {problem}", "en": "{which}: {problem}"},
    "desk.filter.dates_reversed": {
        "id": "Tanggal \"dari\" jatuh sesudah tanggal \"sampai\": tukar keduanya.",
        "en": "The \"from\" date falls after the \"to\" date: swap them.",
    },
    "desk.search.placeholder": {
        "id": "Cari: NIK (angka), nomor Suket (471/… atau TT/…) atau awal nama",
        "en": "Search: NIK (digits), Suket number (471/… or TT/…) or the start of a name",
    },
    # Intake warnings by their codes.
    "desk.warning.region_unknown": {
        "id": "Kode wilayah NIK tidak ada dalam daftar wilayah",
        "en": "The NIK's region code is not in the region list",
    },
    "desk.warning.nik_mismatch_accepted": {
        "id": "NIK tidak cocok dengan data, diterima petugas dengan alasan",
        "en": "NIK disagrees with the data, accepted by the clerk with a reason",
    },
    # The detail pane.
    "desk.detail.nothing": {"id": "Pilih permohonan di daftar.", "en": "Pick a request in the list."},
    "desk.detail.taken": {
        "id": "Antrean {queue_no}/{year} · diterima {at} oleh {clerk} di {station}",
        "en": "Queue {queue_no}/{year} · taken {at} by {clerk} at {station}",
    },
    "desk.detail.kind.suket": {"id": "Suket", "en": "Suket"},
    "desk.detail.kind.receipt": {"id": "Tanda terima", "en": "Receipt"},
    "desk.detail.valid_until": {"id": "berlaku s.d. {date}", "en": "valid until {date}"},
    "desk.detail.copies": {"id": "salinan dicetak: {count}", "en": "copies printed: {count}"},
    "desk.detail.superseded": {"id": "sudah tidak berlaku", "en": "no longer valid"},
    "desk.detail.attempts": {"id": "Percobaan kirim: {count}", "en": "Send attempts: {count}"},
    "desk.detail.central_said": {"id": "Jawaban pusat: {reason}", "en": "Central said: {reason}"},
    "desk.detail.warning": {"id": "Peringatan: {text}", "en": "Warning: {text}"},
    "desk.detail.overridden": {
        "id": "Diterima supervisor: {text} (oleh {by}: {reason})",
        "en": "Accepted by a supervisor: {text} (by {by}: {reason})",
    },
    "desk.detail.history": {"id": "Riwayat", "en": "History"},
    "desk.detail.no_history": {"id": "Belum ada riwayat.", "en": "No history yet."},
    "desk.detail.changed": {"id": "diubah: {fields}", "en": "changed: {fields}"},
    "desk.detail.number": {"id": "nomor", "en": "number"},
    "desk.detail.copy": {"id": "salinan ke", "en": "copy"},
    "desk.detail.code": {"id": "peringatan", "en": "warning"},
    "desk.detail.from": {"id": "dari status", "en": "from"},
    "desk.detail.reason": {"id": "alasan", "en": "reason"},
    # History lines: audit actions and sync results.
    "desk.history.audit.intake.saved": {"id": "diterima di loket", "en": "taken at the counter"},
    "desk.history.audit.request.sending": {"id": "dikirim", "en": "sent"},
    "desk.history.audit.request.queued": {"id": "kembali ke antrean", "en": "back in the queue"},
    "desk.history.audit.request.synced": {"id": "diterima pusat", "en": "accepted by central"},
    "desk.history.audit.request.rejected": {"id": "ditolak pusat", "en": "rejected by central"},
    "desk.history.audit.request.conflict": {"id": "data berbeda di pusat", "en": "conflict at central"},
    "desk.history.audit.request.completed": {"id": "KTP-el dicetak", "en": "e-KTP printed"},
    "desk.history.audit.request.void": {"id": "dibatalkan", "en": "cancelled"},
    "desk.history.audit.request.requeued": {"id": "dikirim ulang", "en": "sent again"},
    "desk.history.audit.request.corrected": {"id": "dikoreksi", "en": "corrected"},
    "desk.history.audit.request.warning_overridden": {"id": "peringatan diterima", "en": "warning accepted"},
    "desk.history.audit.suket.reprinted": {"id": "salinan dicetak", "en": "copy printed"},
    "desk.history.sync.accepted": {"id": "kirim: diterima", "en": "sync: accepted"},
    "desk.history.sync.duplicate": {"id": "kirim: sudah ada di pusat", "en": "sync: already at central"},
    "desk.history.sync.rejected": {"id": "kirim: ditolak", "en": "sync: rejected"},
    "desk.history.sync.conflict": {"id": "kirim: data berbeda", "en": "sync: conflict"},
    "desk.history.sync.card_printed": {"id": "pusat: KTP-el dicetak", "en": "central: e-KTP printed"},
    # Asking why.
    "desk.reason.label": {"id": "Alasan (dicatat di log audit):", "en": "Reason (written to the audit log):"},
    "desk.reason.required": {"id": "Tulis alasannya dulu.", "en": "Write the reason first."},
    "desk.reason.title.requeue": {
        "id": "Kirim ulang {count} permohonan ke pusat", "en": "Send {count} request(s) to central again",
    },
    "desk.reason.title.void": {"id": "Batalkan {count} permohonan", "en": "Cancel {count} request(s)"},
    "desk.reason.title.reprint": {"id": "Cetak salinan Suket", "en": "Print a copy of the Suket"},
    "desk.reason.title.override": {
        "id": "Terima kode wilayah NIK yang tidak dikenal", "en": "Accept the unknown NIK region code",
    },
    "desk.reason.title.correct": {"id": "Simpan koreksi permohonan", "en": "Save the correction"},
    # Outcomes.
    "desk.requeue.done": {"id": "{count} permohonan dikirim ulang.", "en": "{count} request(s) queued to send again."},
    "desk.void.done": {"id": "{count} permohonan dibatalkan.", "en": "{count} request(s) cancelled."},
    "desk.refused": {"id": "{count} tidak bisa:", "en": "{count} could not be:"},
    "desk.nik.shown": {
        "id": "NIK lengkap ditampilkan (dicatat di log audit).", "en": "Full NIKs shown (written to the audit log).",
    },
    "desk.nik.masked": {"id": "NIK disamarkan lagi.", "en": "NIKs masked again."},
    "desk.reprint.no_document": {
        "id": "Permohonan ini tidak punya Suket atau tanda terima untuk dicetak.",
        "en": "This request has no Suket or receipt to print.",
    },
    "desk.reprint.printed": {"id": "Salinan ke-{copy} dicetak. {message}", "en": "Copy {copy} printed. {message}"},
    "desk.reprint.not_printed": {
        "id": "Salinan ke-{copy} dibuat tapi belum dicetak: {message}",
        "en": "Copy {copy} made but not printed: {message}",
    },
    "desk.override.done": {
        "id": "Kode wilayah permohonan {id} diterima.", "en": "Region code of request {id} accepted.",
    },
    # The correction screen.
    "desk.correct.gone": {"id": "Permohonan {id} tidak ditemukan.", "en": "Request {id} was not found."},
    "desk.correct.title": {
        "id": "Koreksi permohonan {id} (antrean {queue_no}): {name}",
        "en": "Correcting request {id} (queue {queue_no}): {name}",
    },
    "desk.correct.loading": {"id": "Membaca data permohonan…", "en": "Reading the request…"},
    "desk.correct.off_list": {
        "id": "{field} tersimpan \"{value}\" bukan salah satu pilihan: pilih yang benar.",
        "en": "The stored {field} \"{value}\" is not one of the choices: pick the right one.",
    },
    "desk.correct.hint": {
        "id": "Perbaiki data sesuai jawaban pusat, lalu F2 untuk memeriksa dan menyimpan. Esc: kembali tanpa menyimpan.",
        "en": "Fix the data as central's answer says, then F2 to check and save. Esc: back without saving.",
    },
    "desk.correct.saving": {"id": "Menyimpan koreksi…", "en": "Saving the correction…"},
    "desk.correct.refused": {"id": "Koreksi belum disimpan: perbaiki yang ditandai.", "en": "Not saved: fix what is marked."},
    "desk.correct.done": {
        "id": "Permohonan {id} dikoreksi ({fields}) dan masuk antrean kirim lagi.",
        "en": "Request {id} corrected ({fields}) and queued to send again.",
    },
    "desk.correct.new_document": {
        "id": "Suket baru {number}: {message}", "en": "New document {number}: {message}",
    },
    "desk.correct.slip_failed": {
        "id": "Suket baru {number} tersimpan, tapi slip gagal dibuat: {error}",
        "en": "New document {number} stored, but its slip failed: {error}",
    },
}
