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
    # The Cek Suket page (loket/web): every "page.*" entry is embedded in the page.
    "page.title": {"id": "Cek Suket", "en": "Cek Suket: check a Suket"},
    "page.lead": {
        "id": "Periksa keaslian Surat Keterangan pengganti KTP-el (Suket) dari kode QR-nya.",
        "en": "Check that a Suket (the letter standing in for an e-KTP) is genuine, from its QR code.",
    },
    "page.offline": {
        "id": "Halaman ini bekerja tanpa internet dan tidak mengirim apa pun ke mana pun: "
              "pemeriksaan dilakukan di perangkat ini saja.",
        "en": "This page works without internet and sends nothing anywhere: "
              "the check happens on this device only.",
    },
    "page.language": {"id": "English", "en": "Bahasa Indonesia"},
    "page.scan": {"id": "Pindai dengan kamera", "en": "Scan with the camera"},
    "page.stop": {"id": "Hentikan kamera", "en": "Stop the camera"},
    "page.photo": {"id": "Pilih foto kode QR", "en": "Choose a photo of the QR code"},
    "page.paste": {"id": "atau tempel isi kode QR:", "en": "or paste the QR code's text:"},
    "page.check": {"id": "Periksa", "en": "Check"},
    "page.camera_unavailable": {
        "id": "Kamera tidak dapat dipakai di sini; pilih foto kode QR atau tempel isinya.",
        "en": "The camera cannot be used here; choose a photo of the QR code or paste its text.",
    },
    "page.camera_hint": {
        "id": "Arahkan kamera ke kode QR pada Suket.",
        "en": "Point the camera at the QR code on the Suket.",
    },
    "page.no_qr": {
        "id": "Tidak ada kode QR yang terbaca pada gambar ini. Coba foto yang lebih tajam dan lebih dekat.",
        "en": "No QR code could be read in this picture. Try a sharper, closer photo.",
    },
    "page.reading": {"id": "Membaca gambar…", "en": "Reading the picture…"},
    "page.genuine": {"id": "ASLI", "en": "GENUINE"},
    "page.not_genuine": {"id": "TIDAK ASLI", "en": "NOT GENUINE"},
    "page.reason.ok": {
        "id": "Tanda tangan cocok dengan kunci resmi {office}, dan surat ini masih berlaku.",
        "en": "The signature matches the official key of {office}, and the letter is still valid.",
    },
    "page.reason.malformed": {
        "id": "Teks ini bukan segel Suket.",
        "en": "This text is not a Suket seal.",
    },
    "page.reason.wrong_alg": {
        "id": "Segel memakai algoritme tanda tangan yang tidak diterima ({alg}).",
        "en": "The seal uses a signature algorithm that is not accepted ({alg}).",
    },
    "page.reason.wrong_typ": {
        "id": "Jenis segel ({typ}) bukan segel Suket.",
        "en": "The seal's type ({typ}) is not a Suket seal.",
    },
    "page.reason.unknown_key": {
        "id": "Segel ditandatangani dengan kunci yang tidak ada dalam daftar kunci resmi ({kid}).",
        "en": "The seal was signed with a key that is not in the official key list ({kid}).",
    },
    "page.reason.bad_signature": {
        "id": "Tanda tangan tidak cocok: isi segel telah diubah atau dipalsukan.",
        "en": "The signature does not match: the seal's content was changed or forged.",
    },
    "page.reason.bad_payload": {
        "id": "Segel bertanda tangan, tetapi isinya bukan data Suket yang lengkap.",
        "en": "The seal is signed, but its content is not complete Suket data.",
    },
    "page.reason.revoked": {
        "id": "Kunci penanda tangan sudah dicabut pada {date}, sebelum surat ini diterbitkan.",
        "en": "The signing key was revoked on {date}, before this letter was issued.",
    },
    "page.reason.key_not_valid": {
        "id": "Kunci penanda tangan tidak berlaku pada tanggal terbit surat ini.",
        "en": "The signing key was not valid on this letter's issue date.",
    },
    "page.reason.wrong_office": {
        "id": "Kunci penanda tangan milik kantor lain daripada yang tertulis di segel.",
        "en": "The signing key belongs to another office than the seal names.",
    },
    "page.reason.expired": {
        "id": "Masa berlaku surat ini sudah habis pada {date}: surat ini tidak dapat dipakai lagi.",
        "en": "This letter's validity ended on {date}: it can no longer be used.",
    },
    "page.compare": {
        "id": "Cocokkan dengan surat yang diserahkan: nama, NIK dan nomor harus sama persis.",
        "en": "Compare with the letter handed to you: name, NIK and number must be exactly the same.",
    },
    "page.field.name": {"id": "Nama", "en": "Name"},
    "page.field.nik": {"id": "NIK", "en": "NIK"},
    "page.field.dob": {"id": "Tanggal lahir", "en": "Date of birth"},
    "page.field.sex": {"id": "Jenis kelamin", "en": "Sex"},
    "page.field.office": {"id": "Diterbitkan oleh", "en": "Issued by"},
    "page.field.number": {"id": "Nomor Suket", "en": "Suket number"},
    "page.field.iat": {"id": "Tanggal terbit", "en": "Issued on"},
    "page.field.exp": {"id": "Berlaku sampai", "en": "Valid until"},
    "page.sex.L": {"id": "LAKI-LAKI", "en": "MALE"},
    "page.sex.P": {"id": "PEREMPUAN", "en": "FEMALE"},
    "page.show_nik": {"id": "Tampilkan NIK", "en": "Show NIK"},
    "page.hide_nik": {"id": "Sembunyikan NIK", "en": "Hide NIK"},
    "page.photo_covered": {
        "id": "Segel ini mencakup foto pemilik. Untuk mencocokkan, pilih berkas foto dari kantor (tidak wajib):",
        "en": "This seal covers the holder's photo. To compare, choose the photo file from the office (optional):",
    },
    "page.photo_match": {
        "id": "Foto COCOK dengan segel.",
        "en": "The photo MATCHES the seal.",
    },
    "page.photo_mismatch": {
        "id": "Foto TIDAK COCOK dengan segel: ini bukan foto yang dicetak kantor.",
        "en": "The photo does NOT match the seal: it is not the photo the office printed.",
    },
    "page.trust": {
        "id": "Daftar kunci resmi: {issuer}, per {date}, {count} kunci (ditandatangani kunci {kid}).",
        "en": "Official key list: {issuer}, as of {date}, {count} keys (signed with key {kid}).",
    },
    "page.trust_bad": {
        "id": "Daftar kunci di halaman ini rusak atau telah diubah, jadi halaman ini tidak dapat memeriksa Suket. "
              "Ambil halaman ini lagi dari situs resmi kantor.",
        "en": "The key list in this page is damaged or was changed, so this page cannot check a Suket. "
              "Get the page again from the office's official site.",
    },
    "page.engine": {"id": "Tanda tangan diperiksa dengan {engine}.", "en": "Signature checked with {engine}."},
    "page.licenses": {"id": "Lisensi perangkat lunak di halaman ini", "en": "Licences of the software in this page"},
}
