"""Messages of the hardening work: deadlines, supervisor authority on the command line,
crash recovery, clear disk errors."""

MESSAGES = {
    "sync.cause.deadline": {
        "id": "pusat tidak menjawab utuh dalam batas waktu",
        "en": "central did not answer in full within the deadline",
    },
    "tui.link.cause.deadline": {"id": "terlalu lambat", "en": "too slow"},
    "authority.needs_supervisor": {
        "id": "'loket {command}' perlu persetujuan supervisor: tambahkan --as NAMA (PIN-nya akan ditanyakan, "
              "atau baris pertama stdin dengan --pin-stdin)",
        "en": "'loket {command}' needs a supervisor: add --as NAME (their PIN is asked, "
              "or read from the first line of stdin with --pin-stdin)",
    },
    "authority.pin_prompt": {"id": "PIN supervisor {name}: ", "en": "PIN of supervisor {name}: "},
    "authority.refused": {"id": "Tidak diizinkan: {reason}", "en": "Not authorized: {reason}"},
    "authority.not_supervisor": {
        "id": "{name} bukan supervisor: 'loket {command}' perlu supervisor",
        "en": "{name} is not a supervisor: 'loket {command}' needs a supervisor",
    },
    "central.item.suket_taken": {
        "id": "{ref} tidak dapat dipulihkan: nomor Suket-nya sudah dipakai permintaan lain yang tersimpan",
        "en": "{ref} cannot be restored: its Suket number is held by another stored request",
    },
    "recovery.slip_rendered": {
        "id": "Slip {number} belum tersimpan saat program berhenti mendadak; slip aslinya kini dibuat: {path}",
        "en": "The slip of {number} was not saved when the program stopped abruptly; its original is now made: {path}",
    },
    "recovery.temp_removed": {
        "id": "{count} berkas sementara slip sisa penghentian mendadak dihapus.",
        "en": "{count} temporary slip files left by an abrupt stop were removed.",
    },
    "recovery.problem": {
        "id": "Slip yang tertinggal belum dapat dibuat ({error}); dicoba lagi saat dibuka berikutnya.",
        "en": "A missing slip could not be made yet ({error}); it is tried again at the next opening.",
    },
    "recovery.notice_title": {"id": "Pemulihan slip", "en": "Slip recovery"},
    "intake.summary": {
        "id": "{saved} permohonan tersimpan sekarang, {already} sudah tersimpan sebelumnya, {refused} ditolak.",
        "en": "{saved} requests saved now, {already} saved before, {refused} refused.",
    },
    "intake.already_saved": {
        "id": "sudah tersimpan sebelumnya, nomor {number} (antrean {queue_no}); tidak ditambahkan lagi.",
        "en": "already saved before, number {number} (queue {queue_no}); not added again.",
    },
    "intake.line_too_long": {
        "id": "baris lebih panjang dari {limit} bita: bukan satu permohonan; dilewati.",
        "en": "the line is longer than {limit} bytes: not one request; skipped.",
    },
    "intake.line_not_utf8": {
        "id": "baris ini bukan teks UTF-8; dilewati, baris berikutnya tetap dibaca.",
        "en": "this line is not UTF-8 text; skipped, the next lines are still read.",
    },
    "intake.too_deep": {
        "id": "JSON bersarang terlalu dalam untuk sebuah permohonan; dilewati.",
        "en": "JSON nested too deeply for a request; skipped.",
    },
    "intake.slip_later": {
        "id": "slip belum dapat dibuat ({error}); dibuat otomatis saat stasiun dibuka lagi.",
        "en": "the slip could not be made yet ({error}); it is made when the station next opens.",
    },
    "disk.full_folder": {
        "id": "disk penuh di folder {folder}; kosongkan ruang disk",
        "en": "disk full in the folder {folder}; free some disk space",
    },
}
