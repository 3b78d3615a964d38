"""Messages of the counter's second round: typing safety, leaving a form, help, photo, setup."""

MESSAGES = {
    # -- lists that refuse text meant for another field --------------------------------
    "counter.select.no_match": {
        "id": "“{text}” bukan salah satu pilihan; tidak ada yang dipilih. Pilih dengan ↑/↓ lalu Enter.",
        "en": "“{text}” is not one of the choices; nothing was picked. Choose with ↑/↓ then Enter.",
    },
    # -- loket setup, asked one answer at a time ----------------------------------------
    "counter.setup.field.office_name": {"id": "nama kantor", "en": "office name"},
    "counter.setup.field.office_address": {"id": "alamat kantor", "en": "office address"},
    "counter.setup.field.head_name": {"id": "nama Kepala Dinas", "en": "head of office's name"},
    "counter.setup.region": {"id": "  → {city}, {province}", "en": "  → {city}, {province}"},
    "counter.setup.ask_station_id": {"id": "ID stasiun (loket ini): ", "en": "Station id (this counter): "},
    "counter.setup.ask_add_clerk": {
        "id": "Tambahkan petugas loket pertama sekarang? (y/t) ",
        "en": "Add the first counter clerk now? (y/n) ",
    },
    "counter.setup.yes": {"id": "y", "en": "y"},
    "counter.setup.yes_no": {
        "id": "Jawab y (ya) atau t (tidak), bukan '{value}'.",
        "en": "Answer y (yes) or n (no), not '{value}'.",
    },
    "counter.setup.ask_clerk": {"id": "Nama petugas loket: ", "en": "Name of the counter clerk: "},
    "counter.setup.clerk_added": {"id": "Petugas loket {name} ditambahkan.", "en": "Counter clerk {name} added."},
    "counter.setup.aborted": {
        "id": "Penyiapan dibatalkan; tidak ada yang disimpan. Jalankan loket setup lagi untuk mulai dari awal.",
        "en": "Setup cancelled; nothing was saved. Run loket setup again to start over.",
    },
    "counter.setup.next_steps": {
        "id": (
            "Buka aplikasi loket dengan: loket\n"
            "Tambah petugas lain dengan: loket user add NAMA --role clerk"
        ),
        "en": (
            "Open the counter app with: loket\n"
            "Add more clerks with: loket user add NAME --role clerk"
        ),
    },
    # -- asking before typed data is thrown away -----------------------------------------
    "counter.discard.new_person": {
        "id": "Kosongkan formulir untuk orang baru?",
        "en": "Empty the form for a new person?",
    },
    "counter.discard.logout": {"id": "Keluar akun dari loket ini?", "en": "Log out of this counter?"},
    "counter.discard.quit": {"id": "Tutup aplikasi Loket?", "en": "Close the Loket app?"},
    "counter.discard.body": {
        "id": "Data yang sudah diketik di formulir belum disimpan dan akan hilang.\n"
        "Y: ya, buang data itu   ·   N atau Esc: tidak, kembali ke formulir",
        "en": "The data typed into the form is not saved and will be lost.\n"
        "Y: yes, throw it away   ·   N or Esc: no, back to the form",
    },
    "tui.key.discard": {"id": "Ya, buang", "en": "Yes, discard"},
    "tui.key.keep": {"id": "Tidak, kembali", "en": "No, go back"},
    "tui.key.keep_short": {"id": "Kembali", "en": "Back"},
    # -- outage words for the counter ------------------------------------------------------
    "counter.outage.held_offline": {
        "id": "Sambungan ke pusat terputus: permohonan ini disimpan di antrean loket dan dikirim otomatis saat sambungan pulih.",
        "en": "The link to central is down: this request is held in the counter's queue and sent by itself when the link returns.",
    },
    "counter.outage.held_revoked": {
        "id": "Otorisasi loket sedang dicabut: permohonan ini disimpan di antrean loket dan dikirim otomatis setelah otorisasi dipulihkan.",
        "en": "The counter's authorization is revoked: this request is held in the counter's queue and sent by itself once it is restored.",
    },
    "counter.outage.tell_suket": {
        "id": "Sampaikan ke warga: Suket ini sah sebagai pengganti KTP-el; KTP-el dicetak setelah sambungan ke pusat pulih, tanpa perlu merekam ulang.",
        "en": "Tell the citizen: this Suket is valid in place of the e-KTP; the e-KTP is printed once the link to central returns, with no need to record again.",
    },
    "counter.outage.tell_receipt": {
        "id": "Sampaikan ke warga: simpan tanda terima ini; permohonan sudah tercatat dan diproses setelah sambungan ke pusat pulih.",
        "en": "Tell the citizen: keep this receipt; the request is recorded and is processed once the link to central returns.",
    },
    "counter.outage.tell_now": {
        "id": "Saat ini: {tell}",
        "en": "For now: {tell}",
    },
    # -- an open request found as soon as the NIK is complete ------------------------------
    "counter.open.other_type": {
        "id": "NIK ini masih punya permohonan {request_type} yang terbuka (antrean {queue_no}).",
        "en": "This NIK still has an open {request_type} request (queue {queue_no}).",
    },
    # -- the resident's photo ------------------------------------------------------------
    "intake.photo_too_big": {
        "id": "{field} \"{value}\" terlalu besar ({size_mb} MB); paling besar {limit_mb} MB.",
        "en": "{field} \"{value}\" is too large ({size_mb} MB); at most {limit_mb} MB.",
    },
    "intake.photo_bad_size": {
        "id": "{field} \"{value}\" berukuran {width}x{height} piksel; sisi foto harus antara {least} dan {most} piksel.",
        "en": "{field} \"{value}\" is {width}x{height} pixels; each side must be between {least} and {most} pixels.",
    },
    "counter.slip.no_photo": {"id": "TANPA FOTO", "en": "NO PHOTO"},
    "counter.slip.no_photo_note": {
        "id": "Foto belum direkam",
        "en": "Photo not recorded",
    },
    "counter.slip.photo_unreadable": {
        "id": "Foto penduduk {path} tidak dapat dibaca; slip tidak dicetak (permohonan tetap tersimpan).",
        "en": "The resident's photo {path} cannot be read; the slip was not printed (the request stays saved).",
    },
}
