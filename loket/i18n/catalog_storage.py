"""Messages of the storage layer: the database file, the queue, users and the audit log."""

MESSAGES = {
    # The database file.
    "storage.db.not_a_database": {
        "id": "Berkas {path} bukan basis data Loket (atau isinya rusak). Periksa lokasi data atau pulihkan dari cadangan.",
        "en": "{path} is not a Loket database (or its content is damaged). Check the data location or restore a backup.",
    },
    "storage.db.corrupt": {
        "id": "Basis data {path} rusak. Hentikan pelayanan dan pulihkan dari cadangan terakhir.",
        "en": "The database {path} is damaged. Stop service and restore the latest backup.",
    },
    "storage.db.read_only": {
        "id": "Basis data {path} hanya bisa dibaca. Aplikasi perlu izin menulis ke berkas ini.",
        "en": "The database {path} is read-only. The application needs permission to write to it.",
    },
    "storage.db.cannot_open": {
        "id": "Basis data {path} tidak bisa dibuka. Periksa apakah foldernya ada dan boleh ditulisi.",
        "en": "The database {path} cannot be opened. Check that its folder exists and is writable.",
    },
    "storage.db.dir_unusable": {
        "id": "Folder data {path} tidak bisa dipakai ({reason}). Aplikasi perlu izin membuat berkas di folder ini.",
        "en": "The data folder {path} cannot be used ({reason}). The application needs permission to create files in it.",
    },
    "storage.db.busy": {
        "id": "Basis data {path} sedang dipakai proses lain terlalu lama. Coba lagi sebentar lagi.",
        "en": "The database {path} has been held by another process for too long. Try again in a moment.",
    },
    "storage.db.disk_full": {
        "id": "Disk penuh di folder {folder}: basis data {path} tidak bisa menyimpan. Kosongkan ruang disk lalu coba lagi; data yang sudah tersimpan aman.",
        "en": "Disk full in the folder {folder}: the database {path} cannot save. Free some disk space and try again; what was saved is safe.",
    },
    "storage.db.io_error": {
        "id": "Kesalahan baca/tulis disk pada basis data {path}. Periksa disk komputer ini.",
        "en": "Disk read/write error on the database {path}. Check this computer's disk.",
    },
    "storage.db.failed": {
        "id": "Basis data {path} gagal: {detail}",
        "en": "The database {path} failed: {detail}",
    },
    "storage.db.foreign": {
        "id": "Berkas {path} adalah basis data SQLite milik program lain, bukan milik Loket. Pilih lokasi data lain.",
        "en": "{path} is an SQLite database of another program, not Loket's. Choose another data location.",
    },
    "storage.db.too_new": {
        "id": "Basis data {path} dibuat oleh Loket yang lebih baru (skema versi {found}; aplikasi ini mengenal sampai versi {supported}). Perbarui aplikasi Loket.",
        "en": "The database {path} was written by a newer Loket (schema version {found}; this application knows up to version {supported}). Update Loket.",
    },
    # Request states, as a clerk reads them.
    "storage.state.queued": {"id": "menunggu dikirim", "en": "waiting to be sent"},
    "storage.state.sending": {"id": "sedang dikirim", "en": "being sent"},
    "storage.state.synced": {"id": "terkirim ke pusat", "en": "sent to central"},
    "storage.state.rejected": {"id": "ditolak pusat", "en": "rejected by central"},
    "storage.state.conflict": {"id": "data berbeda di pusat", "en": "conflicting data at central"},
    "storage.state.completed": {"id": "selesai (KTP-el dicetak)", "en": "completed (e-KTP printed)"},
    "storage.state.void": {"id": "dibatalkan", "en": "cancelled"},
    # The queue.
    "storage.duplicate_open": {
        "id": "NIK {nik} masih punya permohonan {request_type} yang belum selesai: antrean {queue_no}, nomor {number}, status {state}. Selesaikan atau batalkan permohonan itu dulu.",
        "en": "NIK {nik} still has an open {request_type} request: queue {queue_no}, number {number}, status {state}. Finish or cancel that request first.",
    },
    "storage.request_incomplete": {
        "id": "Permohonan tidak bisa disimpan: isian '{field}' kosong atau tidak sah.",
        "en": "The request cannot be saved: field '{field}' is empty or invalid.",
    },
    "storage.issue_invalid": {
        "id": "Penerbitan {kind} gagal: tanda tangan atau masa berlaku tidak dihasilkan. Tidak ada yang disimpan.",
        "en": "Issuing the {kind} failed: no seal or validity date was produced. Nothing was saved.",
    },
    "storage.number_taken": {
        "id": "Nomor surat yang dihasilkan pola penomoran sudah pernah dipakai. Periksa pola nomor di pengaturan. Tidak ada yang disimpan.",
        "en": "The number pattern produced a number that is already in use. Check the number pattern in settings. Nothing was saved.",
    },
    "storage.request_not_found": {"id": "Permohonan #{id} tidak ditemukan.", "en": "Request #{id} not found."},
    "storage.suket_not_found": {"id": "Suket #{id} tidak ditemukan.", "en": "Suket #{id} not found."},
    "storage.suket_superseded": {
        "id": "Suket {number} sudah tidak berlaku (KTP-el sudah dicetak atau permohonan dibatalkan) dan tidak bisa dicetak ulang.",
        "en": "Suket {number} is no longer current (e-KTP printed or request cancelled) and cannot be reprinted.",
    },
    "storage.needs_supervisor": {
        "id": "Tindakan ini harus dilakukan oleh supervisor.",
        "en": "This action needs a supervisor.",
    },
    "storage.reason_required": {"id": "Alasan wajib diisi.", "en": "A reason is required."},
    "storage.bad_transition": {
        "id": "Permohonan #{id} berstatus '{from_state}' dan tidak bisa diubah menjadi '{to_state}'.",
        "en": "Request #{id} is '{from_state}' and cannot be changed to '{to_state}'.",
    },
    # Number patterns (settings).
    "storage.pattern.empty": {"id": "Pola nomor surat kosong.", "en": "The number pattern is empty."},
    "storage.pattern.bad_syntax": {
        "id": "Pola nomor '{pattern}' tidak bisa dibaca: periksa tanda kurung kurawal {{ }}.",
        "en": "The number pattern '{pattern}' cannot be read: check the braces {{ }}.",
    },
    "storage.pattern.unknown_placeholder": {
        "id": "Pola nomor '{pattern}' memakai {name} yang tidak dikenal. Yang bisa dipakai: {known}.",
        "en": "The number pattern '{pattern}' uses unknown {name}. Available: {known}.",
    },
    "storage.pattern.bad_format": {
        "id": "Pola nomor '{pattern}': format {name} tidak didukung. Pakai {{seq}} atau {{seq:04d}} (nol di depan).",
        "en": "The number pattern '{pattern}': format {name} is not supported. Use {{seq}} or {{seq:04d}} (leading zeros).",
    },
    "storage.pattern.missing": {
        "id": "Pola nomor '{pattern}' harus memuat {name}, supaya setiap nomor unik.",
        "en": "The number pattern '{pattern}' must contain {name}, so that every number is unique.",
    },
    "storage.pattern.too_long": {
        "id": "Pola nomor '{pattern}' menghasilkan nomor lebih dari {limit} karakter.",
        "en": "The number pattern '{pattern}' makes numbers longer than {limit} characters.",
    },
    # Users and login.
    "storage.user.name_empty": {"id": "Nama pengguna wajib diisi.", "en": "A user name is required."},
    "storage.user.name_invalid": {
        "id": "Nama pengguna '{name}' tidak sah: paling banyak {limit} karakter, berupa huruf, angka, spasi, titik, tanda petik atau tanda hubung.",
        "en": "User name '{name}' is not valid: at most {limit} characters of letters, digits, spaces, dots, apostrophes or hyphens.",
    },
    "storage.user.name_taken": {
        "id": "Nama pengguna {name} sudah ada. Pilih nama lain.",
        "en": "User name {name} already exists. Choose another name.",
    },
    "storage.user.role_invalid": {
        "id": "Peran '{role}' tidak dikenal: pilih petugas (clerk) atau supervisor.",
        "en": "Unknown role '{role}': choose clerk or supervisor.",
    },
    "storage.user.pin_invalid": {
        "id": "PIN harus 4 sampai 12 angka (0-9), tanpa huruf atau spasi.",
        "en": "The PIN must be 4 to 12 digits (0-9), no letters or spaces.",
    },
    "storage.user.not_found": {"id": "Pengguna {name} tidak ditemukan.", "en": "User {name} not found."},
    "storage.auth.bad_credentials": {
        "id": "Nama pengguna atau PIN salah.",
        "en": "Wrong user name or PIN.",
    },
    "storage.auth.locked": {
        "id": "Akun dikunci karena terlalu banyak PIN salah. Coba lagi setelah pukul {until}, atau minta supervisor mengganti PIN.",
        "en": "The account is locked after too many wrong PINs. Try again after {until}, or ask a supervisor to reset the PIN.",
    },
    # The audit chain.
    "storage.audit.id_gap": {
        "id": "ada catatan yang hilang (nomor urut melompat)",
        "en": "an entry is missing (the sequence skips)",
    },
    "storage.audit.link_broken": {
        "id": "rantai terputus: catatan sebelumnya diubah atau diganti",
        "en": "the chain is broken: the previous entry was changed or replaced",
    },
    "storage.audit.hash_mismatch": {
        "id": "isi catatan ini diubah setelah ditulis",
        "en": "this entry was changed after it was written",
    },
}
