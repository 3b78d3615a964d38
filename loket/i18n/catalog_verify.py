"""Messages of seal verification: the trust list, ``loket verify``, and the Cek Suket page."""

MESSAGES = {
    "printing.seal.wrong_typ": {
        "id": "Segel ditolak: jenisnya (typ) bukan segel Suket.",
        "en": "Seal rejected: its type (typ) is not a Suket seal.",
    },
    "printing.seal.revoked": {
        "id": "Segel ditolak: kunci {kid} sudah dicabut sebelum surat ini diterbitkan.",
        "en": "Seal rejected: key {kid} had been revoked before this letter was issued.",
    },
    "printing.seal.key_not_valid": {
        "id": "Segel ditolak: kunci {kid} tidak berlaku pada tanggal terbit surat ini.",
        "en": "Seal rejected: key {kid} was not valid on this letter's issue date.",
    },
    "printing.seal.wrong_office": {
        "id": "Segel ditolak: kunci {kid} milik kantor atau stasiun lain daripada yang tertulis di segel.",
        "en": "Seal rejected: key {kid} belongs to another office or station than the seal names.",
    },
    "verify.reason.wrong_typ": {
        "id": "jenis segel (typ) bukan segel Suket.",
        "en": "the seal's type (typ) is not a Suket seal.",
    },
    "verify.reason.revoked": {
        "id": "kunci penanda tangan sudah dicabut sebelum surat ini diterbitkan.",
        "en": "the signing key had been revoked before this letter was issued.",
    },
    "verify.reason.key_not_valid": {
        "id": "kunci penanda tangan tidak berlaku pada tanggal terbit surat ini.",
        "en": "the signing key was not valid on this letter's issue date.",
    },
    "verify.reason.wrong_office": {
        "id": "kunci penanda tangan milik kantor lain daripada yang tertulis di segel.",
        "en": "the signing key belongs to another office than the seal names.",
    },
    "verify.office_code": {"id": "kantor kode {code}", "en": "office code {code}"},
    "verify.office_region": {
        "id": "Dinas Kependudukan dan Pencatatan Sipil {region}",
        "en": "Dinas Kependudukan dan Pencatatan Sipil {region}",
    },
    "verify.trust.not_signed": {
        "id": "bukan daftar kunci bertanda tangan (JWS suket-keys+jws).",
        "en": "not a signed trust list (a suket-keys+jws JWS).",
    },
    "verify.trust.bad_signer": {
        "id": "kunci penanda tangan daftar ini tidak sah.",
        "en": "the key that signed this list is not valid.",
    },
    "verify.trust.bad_signature": {
        "id": "tanda tangan daftar tidak cocok: daftar ini telah diubah.",
        "en": "the list's signature does not match: the list was changed.",
    },
    "verify.trust.no_keys": {"id": "daftar ini tidak memuat kunci.", "en": "this list holds no keys."},
    "verify.trust.unusable": {
        "id": "Daftar kunci {path} tidak dapat dipakai: {problem}",
        "en": "Trust list {path} cannot be used: {problem}",
    },
    "verify.trust.unreadable": {
        "id": "Daftar kunci {path} tidak dapat dibaca: {error}",
        "en": "Cannot read trust list {path}: {error}",
    },
    "verify.trust.loaded": {
        "id": "Daftar kunci dari {issuer} per {date}, ditandatangani kunci {kid}.",
        "en": "Trust list from {issuer} as of {date}, signed with key {kid}.",
    },
    "verify.photo_covered": {
        "id": "Segel ini mencakup foto pemilik; cocokkan dengan --photo BERKAS.",
        "en": "This seal covers the holder's photo; compare it with --photo FILE.",
    },
    "verify.photo_match": {
        "id": "Foto {path} COCOK dengan segel.",
        "en": "Photo {path} MATCHES the seal.",
    },
    "verify.photo_mismatch": {
        "id": "Foto {path} TIDAK COCOK dengan segel: foto telah diganti.",
        "en": "Photo {path} does NOT match the seal: the photo was replaced.",
    },
    "verify.photo_none": {
        "id": "Segel ini tidak mencakup foto; --photo tidak dapat dicocokkan.",
        "en": "This seal covers no photo; --photo cannot be compared.",
    },
    "verify.photo_unreadable": {
        "id": "Berkas foto {path} tidak dapat dibaca: {error}",
        "en": "Cannot read photo file {path}: {error}",
    },
    "central.key.unknown": {"id": "Kunci {kid} tidak terdaftar.", "en": "Key {kid} is not registered."},
    "settings.bad_verify_url": {
        "id": "Alamat halaman Cek Suket (verify_url) harus diawali http:// atau https://, bukan '{value}'.",
        "en": "The Cek Suket page's address (verify_url) must start with http:// or https://, not '{value}'.",
    },
    "central.cli.key_revoked": {
        "id": "Kunci {kid} dicabut sejak {at}; Suket yang disegelnya sejak hari itu ditolak.",
        "en": "Key {kid} revoked as of {at}; Sukets it seals from that day on fail.",
    },
    "keys.set_written": {
        "id": "Daftar kunci ({count} kunci, kantor {office}) ditulis ke {path}.",
        "en": "Trust list ({count} keys, office {office}) written to {path}.",
    },
    "keys.write_failed": {
        "id": "Berkas {path} tidak dapat ditulis: {error}",
        "en": "Cannot write {path}: {error}",
    },
    "verifypage.written": {
        "id": "Halaman Cek Suket ditulis ke {path} ({size} KB, {count} kunci dari {issuer}).",
        "en": "Cek Suket page written to {path} ({size} KB, {count} keys from {issuer}).",
    },
    "verifypage.missing_build": {
        "id": "Berkas halaman Cek Suket tidak ada dalam paket ini; bangun ulang dengan: {command}",
        "en": "The Cek Suket page is missing from this package; rebuild it with: {command}",
    },
    "printing.slip.verify_page": {
        "id": "Cek keaslian: pindai kode QR ini dengan halaman Cek Suket\n{url}\n(bekerja tanpa internet; tidak ada data yang dikirim).",
        "en": "Check it: scan this QR code with the Cek Suket page\n{url}\n(works offline; no data is sent).",
    },
    "printing.slip.verify_contact": {
        "id": "Cek keaslian surat ini pada {office}:\n{contact}.",
        "en": "Check this letter with the {office}:\n{contact}.",
    },
    "printing.slip.verify_office": {
        "id": "Cek keaslian surat ini pada {office}.",
        "en": "Check this letter with the {office}.",
    },
    "printing.slip.verify_phone": {"id": "telp. {phone}", "en": "phone {phone}"},
    # The Cek Suket page (loket/web): every "cek.*" entry is embedded in the page.
    "cek.title": {"id": "Cek Suket", "en": "Cek Suket: check a Suket"},
    "cek.lead": {
        "id": "Periksa keaslian Surat Keterangan pengganti KTP-el (Suket) dari kode QR-nya.",
        "en": "Check that a Suket (the letter standing in for an e-KTP) is genuine, from its QR code.",
    },
    "cek.offline": {
        "id": "Halaman ini bekerja tanpa internet dan tidak mengirim apa pun ke mana pun: "
              "pemeriksaan dilakukan di perangkat ini saja.",
        "en": "This page works without internet and sends nothing anywhere: "
              "the check happens on this device only.",
    },
    "cek.language": {"id": "English", "en": "Bahasa Indonesia"},
    "cek.scan": {"id": "Pindai dengan kamera", "en": "Scan with the camera"},
    "cek.stop": {"id": "Hentikan kamera", "en": "Stop the camera"},
    "cek.photo": {"id": "Pilih foto kode QR", "en": "Choose a photo of the QR code"},
    "cek.paste": {"id": "atau tempel isi kode QR:", "en": "or paste the QR code's text:"},
    "cek.check": {"id": "Periksa", "en": "Check"},
    "cek.camera_unavailable": {
        "id": "Kamera tidak dapat dipakai di sini; pilih foto kode QR atau tempel isinya.",
        "en": "The camera cannot be used here; choose a photo of the QR code or paste its text.",
    },
    "cek.camera_hint": {
        "id": "Arahkan kamera ke kode QR pada Suket.",
        "en": "Point the camera at the QR code on the Suket.",
    },
    "cek.no_qr": {
        "id": "Tidak ada kode QR yang terbaca pada gambar ini. Coba foto yang lebih tajam dan lebih dekat.",
        "en": "No QR code could be read in this picture. Try a sharper, closer photo.",
    },
    "cek.reading": {"id": "Membaca gambar…", "en": "Reading the picture…"},
    "cek.genuine": {"id": "ASLI", "en": "GENUINE"},
    "cek.not_genuine": {"id": "TIDAK ASLI", "en": "NOT GENUINE"},
    "cek.reason.ok": {
        "id": "Tanda tangan cocok dengan kunci resmi {office}, dan surat ini masih berlaku.",
        "en": "The signature matches the official key of {office}, and the letter is still valid.",
    },
    "cek.reason.malformed": {
        "id": "Teks ini bukan segel Suket.",
        "en": "This text is not a Suket seal.",
    },
    "cek.reason.wrong_alg": {
        "id": "Segel memakai algoritme tanda tangan yang tidak diterima ({alg}).",
        "en": "The seal uses a signature algorithm that is not accepted ({alg}).",
    },
    "cek.reason.wrong_typ": {
        "id": "Jenis segel ({typ}) bukan segel Suket.",
        "en": "The seal's type ({typ}) is not a Suket seal.",
    },
    "cek.reason.unknown_key": {
        "id": "Segel ditandatangani dengan kunci yang tidak ada dalam daftar kunci resmi ({kid}).",
        "en": "The seal was signed with a key that is not in the official key list ({kid}).",
    },
    "cek.reason.bad_signature": {
        "id": "Tanda tangan tidak cocok: isi segel telah diubah atau dipalsukan.",
        "en": "The signature does not match: the seal's content was changed or forged.",
    },
    "cek.reason.bad_payload": {
        "id": "Segel bertanda tangan, tetapi isinya bukan data Suket yang lengkap.",
        "en": "The seal is signed, but its content is not complete Suket data.",
    },
    "cek.reason.revoked": {
        "id": "Kunci penanda tangan sudah dicabut pada {date}, sebelum surat ini diterbitkan.",
        "en": "The signing key was revoked on {date}, before this letter was issued.",
    },
    "cek.reason.key_not_valid": {
        "id": "Kunci penanda tangan tidak berlaku pada tanggal terbit surat ini.",
        "en": "The signing key was not valid on this letter's issue date.",
    },
    "cek.reason.wrong_office": {
        "id": "Kunci penanda tangan milik kantor lain daripada yang tertulis di segel.",
        "en": "The signing key belongs to another office than the seal names.",
    },
    "cek.reason.expired": {
        "id": "Masa berlaku surat ini sudah habis pada {date}: surat ini tidak dapat dipakai lagi.",
        "en": "This letter's validity ended on {date}: it can no longer be used.",
    },
    "cek.compare": {
        "id": "Cocokkan dengan surat yang diserahkan: nama, NIK dan nomor harus sama persis.",
        "en": "Compare with the letter handed to you: name, NIK and number must be exactly the same.",
    },
    "cek.field.name": {"id": "Nama", "en": "Name"},
    "cek.field.nik": {"id": "NIK", "en": "NIK"},
    "cek.field.dob": {"id": "Tanggal lahir", "en": "Date of birth"},
    "cek.field.sex": {"id": "Jenis kelamin", "en": "Sex"},
    "cek.field.office": {"id": "Diterbitkan oleh", "en": "Issued by"},
    "cek.field.number": {"id": "Nomor Suket", "en": "Suket number"},
    "cek.field.iat": {"id": "Tanggal terbit", "en": "Issued on"},
    "cek.field.exp": {"id": "Berlaku sampai", "en": "Valid until"},
    "cek.sex.L": {"id": "LAKI-LAKI", "en": "MALE"},
    "cek.sex.P": {"id": "PEREMPUAN", "en": "FEMALE"},
    "cek.show_nik": {"id": "Tampilkan NIK", "en": "Show NIK"},
    "cek.hide_nik": {"id": "Sembunyikan NIK", "en": "Hide NIK"},
    "cek.photo_covered": {
        "id": "Segel ini mencakup foto pemilik. Untuk mencocokkan, pilih berkas foto dari kantor (tidak wajib):",
        "en": "This seal covers the holder's photo. To compare, choose the photo file from the office (optional):",
    },
    "cek.photo_pick": {"id": "Pilih berkas foto", "en": "Choose the photo file"},
    "cek.photo_match": {
        "id": "Foto COCOK dengan segel.",
        "en": "The photo MATCHES the seal.",
    },
    "cek.photo_mismatch": {
        "id": "Foto TIDAK COCOK dengan segel: ini bukan foto yang dicetak kantor.",
        "en": "The photo does NOT match the seal: it is not the photo the office printed.",
    },
    "cek.trust": {
        "id": "Daftar kunci resmi: {issuer}, per {date}, {count} kunci (ditandatangani kunci {kid}).",
        "en": "Official key list: {issuer}, as of {date}, {count} keys (signed with key {kid}).",
    },
    "cek.trust_bad": {
        "id": "Daftar kunci di halaman ini rusak atau telah diubah, jadi halaman ini tidak dapat memeriksa Suket. "
              "Ambil halaman ini lagi dari situs resmi kantor.",
        "en": "The key list in this page is damaged or was changed, so this page cannot check a Suket. "
              "Get the page again from the office's official site.",
    },
    "cek.engine": {"id": "Tanda tangan diperiksa dengan {engine}.", "en": "Signature checked with {engine}."},
    "cek.licenses": {"id": "Lisensi perangkat lunak di halaman ini", "en": "Licences of the software in this page"},
}
