"""Messages of the hardening work: deadlines, supervisor authority on the command line,
crash recovery, clear disk errors."""

MESSAGES = {
    "sync.cause.deadline": {
        "id": "pusat tidak menjawab utuh dalam batas waktu; permintaan dikembalikan ke antrean",
        "en": "central did not answer in full within the deadline; the requests went back to the queue",
    },
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
}
