"""Words of the printing area: station keys, the QR seal, the Suket slip, the receipt, the printer.

The Suket is a legal document and is always printed in Bahasa Indonesia; the English
entries serve previews and the clerk's screen.
"""

MESSAGES = {
    # Month names for dates written out ("12 Juli 2018").
    "printing.month.1": {"id": "Januari", "en": "January"},
    "printing.month.2": {"id": "Februari", "en": "February"},
    "printing.month.3": {"id": "Maret", "en": "March"},
    "printing.month.4": {"id": "April", "en": "April"},
    "printing.month.5": {"id": "Mei", "en": "May"},
    "printing.month.6": {"id": "Juni", "en": "June"},
    "printing.month.7": {"id": "Juli", "en": "July"},
    "printing.month.8": {"id": "Agustus", "en": "August"},
    "printing.month.9": {"id": "September", "en": "September"},
    "printing.month.10": {"id": "Oktober", "en": "October"},
    "printing.month.11": {"id": "November", "en": "November"},
    "printing.month.12": {"id": "Desember", "en": "December"},
    # Station signing key.
    "printing.key.missing": {
        "id": "Kunci tanda tangan stasiun tidak ditemukan di {path}. Jalankan penyiapan stasiun untuk membuatnya.",
        "en": "The station signing key was not found at {path}. Run station setup to create it.",
    },
    "printing.key.unreadable": {
        "id": "Kunci tanda tangan di {path} tidak dapat dibaca: {error}.",
        "en": "The signing key at {path} cannot be read: {error}.",
    },
    "printing.key.not_pem": {
        "id": "Berkas {path} bukan kunci privat PEM yang sah.",
        "en": "The file {path} is not a valid PEM private key.",
    },
    "printing.key.encrypted": {
        "id": "Kunci di {path} dilindungi kata sandi; stasiun memerlukan kunci tanpa kata sandi.",
        "en": "The key at {path} is password-protected; the station needs an unencrypted key.",
    },
    "printing.key.not_ed25519": {
        "id": "Berkas {path} berisi kunci {kind}, bukan kunci Ed25519.",
        "en": "The file {path} holds a {kind} key, not an Ed25519 key.",
    },
    "printing.key.exists": {
        "id": "Kunci tanda tangan sudah ada di {path}; kunci yang ada tidak ditimpa.",
        "en": "A signing key already exists at {path}; the existing key is not overwritten.",
    },
    "printing.key.write_failed": {
        "id": "Kunci tanda tangan tidak dapat disimpan di {path}: {error}.",
        "en": "The signing key cannot be saved at {path}: {error}.",
    },
    # Seal data and checks.
    "printing.seal.bad_field": {
        "id": "Data segel tidak sah: {field} {problem}.",
        "en": "Invalid seal data: {field} {problem}.",
    },
    "printing.field.suket_number": {"id": "Nomor Suket", "en": "Suket number"},
    "printing.field.office_code": {"id": "Kode kantor", "en": "Office code"},
    "printing.field.station_id": {"id": "ID stasiun", "en": "Station id"},
    "printing.field.issued": {"id": "Tanggal terbit", "en": "Issue date"},
    "printing.field.valid_until": {"id": "Berlaku sampai", "en": "Valid until"},
    "printing.seal.problem.not_16_digits": {"id": "harus 16 angka", "en": "must be 16 digits"},
    "printing.seal.problem.not_l_or_p": {"id": "harus L atau P", "en": "must be L or P"},
    "printing.seal.problem.not_date": {"id": "harus berupa tanggal", "en": "must be a date"},
    "printing.seal.problem.empty": {"id": "tidak boleh kosong", "en": "must not be empty"},
    "printing.seal.problem.before_issue": {
        "id": "tidak boleh sebelum tanggal terbit",
        "en": "must not be before the issue date",
    },
    "printing.seal.problem.not_positive": {"id": "harus lebih dari nol", "en": "must be more than zero"},
    "printing.seal.ok": {
        "id": "Segel asli: ditandatangani dengan kunci {kid}.",
        "en": "Genuine seal: signed with key {kid}.",
    },
    "printing.seal.expired": {
        "id": "Segel asli, tetapi masa berlaku surat sudah habis pada {date}.",
        "en": "Genuine seal, but the letter's validity ended on {date}.",
    },
    "printing.seal.malformed": {
        "id": "Bukan segel Suket: isi kode tidak terbaca sebagai JWS Suket.",
        "en": "Not a Suket seal: the code does not read as a Suket JWS.",
    },
    "printing.seal.wrong_alg": {
        "id": "Segel ditolak: algoritme tanda tangan bukan EdDSA.",
        "en": "Seal rejected: the signature algorithm is not EdDSA.",
    },
    "printing.seal.bad_payload": {
        "id": "Segel ditolak: isinya bukan data Suket versi 1 yang lengkap.",
        "en": "Seal rejected: its content is not complete version 1 Suket data.",
    },
    "printing.qr.too_large": {
        "id": "Segel terlalu panjang untuk kode QR versi {max_version} ({length} byte).",
        "en": "The seal is too long for a version {max_version} QR code ({length} bytes).",
    },
    "printing.paper.unknown": {
        "id": "Ukuran kertas \"{paper}\" tidak dikenal; pilih A4 atau F4.",
        "en": "Unknown paper size \"{paper}\"; choose A4 or F4.",
    },
    "printing.copy.negative": {
        "id": "Nomor salinan tidak boleh negatif ({copy_number}).",
        "en": "The copy number cannot be negative ({copy_number}).",
    },
    # Slip text (Suket).
    "printing.slip.province": {"id": "PROVINSI {province}", "en": "PROVINCE OF {province}"},
    "printing.slip.government": {"id": "PEMERINTAH {regency}", "en": "GOVERNMENT OF {regency}"},
    "printing.slip.title": {"id": "SURAT KETERANGAN", "en": "CERTIFICATE"},
    "printing.slip.subtitle": {"id": "Pengganti KTP Elektronik", "en": "In place of the electronic ID card (e-KTP)"},
    "printing.slip.number": {"id": "Nomor: {number}", "en": "Number: {number}"},
    "printing.slip.copy": {"id": "SALINAN KE-{n}", "en": "COPY NO. {n}"},
    "printing.slip.opening": {
        "id": "Yang bertanda tangan di bawah ini, Kepala {office}, menerangkan bahwa:",
        "en": "The undersigned, Head of the {office}, states that:",
    },
    "printing.slip.birth": {"id": "Tempat/Tgl. lahir", "en": "Place/date of birth"},
    "printing.slip.rt_rw": {"id": "RT/RW", "en": "RT/RW"},
    "printing.slip.statement": {
        "id": (
            "adalah benar penduduk yang telah melakukan perekaman data Kartu Tanda Penduduk "
            "Elektronik (KTP-el) dan KTP-el yang bersangkutan sedang dalam proses pencetakan. "
            "Surat keterangan ini berlaku sebagai pengganti KTP-el sampai KTP-el diterbitkan, "
            "dan berlaku sampai {date}."
        ),
        "en": (
            "is a resident whose electronic ID card (e-KTP) data has been recorded, and whose "
            "e-KTP is being printed. This letter stands in for the e-KTP until it is issued, "
            "and is valid until {date}."
        ),
    },
    "printing.slip.closing": {
        "id": "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
        "en": "This letter is issued to be used as appropriate.",
    },
    "printing.slip.place_date": {"id": "{place}, {date}", "en": "{place}, {date}"},
    "printing.slip.head": {"id": "Kepala {office}", "en": "Head of the {office}"},
    "printing.slip.nip": {"id": "NIP. {nip}", "en": "NIP {nip}"},
    "printing.slip.key_id": {"id": "ID kunci: {kid}", "en": "Key id: {kid}"},
    # Receipt (tanda terima), printed when biometrics are not yet recorded.
    "printing.receipt.title": {"id": "TANDA TERIMA", "en": "RECEIPT"},
    "printing.receipt.subtitle": {
        "id": "Permohonan KTP Elektronik",
        "en": "Electronic ID card (e-KTP) request",
    },
    "printing.receipt.queue_number": {"id": "Nomor antrean", "en": "Queue number"},
    "printing.receipt.date": {"id": "Tanggal", "en": "Date"},
    "printing.receipt.office": {"id": "Kantor", "en": "Office"},
    "printing.receipt.statement": {
        "id": (
            "Permohonan di atas sudah diterima. Surat Keterangan pengganti KTP-el akan "
            "diterbitkan setelah perekaman biometrik (foto, sidik jari, iris mata dan tanda "
            "tangan) dilakukan. Simpan tanda terima ini dan tunjukkan kepada petugas."
        ),
        "en": (
            "The request above has been received. The Suket standing in for the e-KTP will "
            "be issued once biometrics (photo, fingerprints, iris and signature) are recorded. "
            "Keep this receipt and show it to the clerk."
        ),
    },
    "printing.receipt.not_a_suket": {
        "id": "Tanda terima ini bukan pengganti KTP-el.",
        "en": "This receipt does not stand in for the e-KTP.",
    },
    # Saving and printing.
    "printing.save.failed": {
        "id": "Slip {number} tidak dapat disimpan di {path}: {error}.",
        "en": "Slip {number} cannot be saved in {path}: {error}.",
    },
    "printing.print.missing_file": {
        "id": "Berkas slip {path} tidak ada; tidak ada yang dicetak.",
        "en": "The slip file {path} does not exist; nothing was printed.",
    },
    "printing.print.sent": {
        "id": "Slip dikirim ke printer ({how}). Berkasnya tersimpan di {path}.",
        "en": "The slip was sent to the printer ({how}). The file is saved at {path}.",
    },
    "printing.print.failed": {
        "id": "Printer gagal ({how}: {error}). Slip tetap tersimpan di {path}; cetak dari berkas itu.",
        "en": "The printer failed ({how}: {error}). The slip is still saved at {path}; print it from there.",
    },
    "printing.print.bad_command": {
        "id": "Perintah printer di pengaturan tidak dapat dibaca ({error}). Slip tersimpan di {path}.",
        "en": "The printer command in settings cannot be parsed ({error}). The slip is saved at {path}.",
    },
    "printing.print.not_found": {"id": "program {program} tidak ditemukan", "en": "program {program} not found"},
    "printing.print.timeout": {
        "id": "tidak selesai dalam {seconds} detik",
        "en": "did not finish within {seconds} seconds",
    },
    "printing.print.exit_code": {"id": "kode keluar {code}", "en": "exit code {code}"},
    "printing.print.saved": {
        "id": "Tidak ada printer yang diatur. Slip tersimpan di {path}.",
        "en": "No printer is set up. The slip is saved at {path}.",
    },
}
