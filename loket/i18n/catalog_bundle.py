"""Messages of hand delivery: ``loket export --bundle`` and ``loket central import``."""

MESSAGES = {
    # -- export, at the station ------------------------------------------------------
    "bundle.export.done": {
        "id": "Berkas kiriman ditulis: {path}\n{count} permohonan yang belum terkirim, ditandatangani dengan kunci {kid}.\nSHA-256 berkas: {sha256}",
        "en": "Bundle written: {path}\n{count} unsent requests, signed with key {kid}.\nFile SHA-256: {sha256}",
    },
    "bundle.export.left_out": {
        "id": "{count} permohonan yang ditolak atau bentrok di pusat tidak ikut: supervisor harus menyelesaikannya dulu.",
        "en": "{count} requests that central rejected or found in conflict are not included: a supervisor must resolve them first.",
    },
    "bundle.export.still_queued": {
        "id": "Permohonan tetap dalam antrean dan akan dikirim lagi saat jaringan kembali; pusat akan menjawab \"duplikat\" untuk yang sudah diterima dari berkas ini.",
        "en": "The requests stay in the queue and are sent again when the link returns; central answers \"duplicate\" for those it already took from this bundle.",
    },
    "bundle.export.progress": {
        "id": "Menulis {done} dari {total} permohonan...",
        "en": "Writing {done} of {total} requests...",
    },
    "bundle.export.exists": {
        "id": "Berkas {path} sudah ada dan tidak akan ditimpa. Pilih nama lain, atau sebut foldernya saja agar nama bertanggal dibuat otomatis.",
        "en": "File {path} already exists and will not be overwritten. Choose another name, or give just the folder for an automatic dated name.",
    },
    "bundle.export.no_folder": {
        "id": "Folder {path} tidak ada. Periksa apakah USB sudah terpasang, lalu sebut folder yang ada.",
        "en": "Folder {path} does not exist. Check that the USB stick is mounted, then name a folder that exists.",
    },
    "bundle.export.write_failed": {
        "id": "Berkas kiriman {path} tidak dapat ditulis: {error}. Tidak ada berkas yang tertinggal; periksa ruang kosong dan izin tulis, lalu ulangi.",
        "en": "Cannot write bundle {path}: {error}. No file was left behind; check free space and write permission, then try again.",
    },
    "bundle.export.part_exists": {
        "id": "Berkas sementara {path} sudah ada: ekspor lain sedang berjalan, atau ada yang terputus. Bila tidak ada ekspor yang berjalan, hapus berkas itu lalu ulangi.",
        "en": "Temporary file {path} already exists: another export is running, or one was cut off. If no export is running, delete that file and try again.",
    },
    "bundle.export.count_changed": {
        "id": "Antrean berubah saat dibaca ({expected} diharapkan, {found} terbaca); berkas tidak dibuat. Ulangi perintahnya.",
        "en": "The queue changed while being read ({expected} expected, {found} read); no bundle was made. Run the command again.",
    },
    # -- the station's public key, at central --------------------------------------------
    "bundle.key.unreadable": {
        "id": "Berkas kunci {path} tidak dapat dibaca: {error}",
        "en": "Cannot read key file {path}: {error}",
    },
    "bundle.key.not_json": {
        "id": "Berkas kunci {path} bukan JWK (JSON). Gunakan signing-key.pub.jwk dari folder keys stasiun, atau keluaran 'loket keys export'.",
        "en": "Key file {path} is not a JWK (JSON). Use signing-key.pub.jwk from the station's keys folder, or the output of 'loket keys export'.",
    },
    "bundle.key.not_jwk": {
        "id": "Berkas kunci {path} bukan kunci publik Ed25519 yang sah: {problem}",
        "en": "Key file {path} is not a valid Ed25519 public key: {problem}",
    },
    "bundle.key.bad_kid": {
        "id": "Berkas kunci {path} telah diubah: kid-nya bukan sidik kunci itu sendiri. Minta berkas kunci publik yang asli dari stasiun.",
        "en": "Key file {path} has been edited: its kid is not the key's own thumbprint. Ask the station for its original public key file.",
    },
    # -- import, at central -------------------------------------------------------------
    "bundle.import.unreadable": {
        "id": "Berkas kiriman {path} tidak dapat dibaca: {error}",
        "en": "Cannot read bundle {path}: {error}",
    },
    "bundle.import.empty": {
        "id": "Berkas {path} kosong: tidak ada isinya. Salin ulang berkas kiriman dari stasiun.",
        "en": "File {path} is empty. Copy the bundle from the station again.",
    },
    "bundle.import.not_bundle": {
        "id": "Berkas {path} bukan berkas kiriman Loket (baris pertamanya bukan kepala kiriman). Pilih berkas yang dibuat 'loket export --bundle'.",
        "en": "File {path} is not a Loket bundle (its first line is not a bundle header). Choose the file 'loket export --bundle' made.",
    },
    "bundle.import.newer_format": {
        "id": "Berkas kiriman {path} berformat {found}; versi ini hanya membaca {known}. Perbarui Loket di pusat.",
        "en": "Bundle {path} is in format {found}; this version reads {known} only. Update Loket at central.",
    },
    "bundle.import.bad_header": {
        "id": "Kepala berkas kiriman {path} rusak: kolom '{field}' tidak ada atau tidak sah. Tidak ada yang disimpan.",
        "en": "The header of bundle {path} is damaged: field '{field}' is missing or invalid. Nothing was stored.",
    },
    "bundle.import.line_too_long": {
        "id": "Baris {line} berkas kiriman {path} lebih dari {limit} byte: berkas ini rusak. Tidak ada yang disimpan.",
        "en": "Line {line} of bundle {path} is longer than {limit} bytes: the file is damaged. Nothing was stored.",
    },
    "bundle.import.line_not_object": {
        "id": "bukan objek JSON",
        "en": "not a JSON object",
    },
    "bundle.import.incomplete": {
        "id": "Berkas kiriman {path} tidak lengkap: berhenti di baris {lines} tanpa baris tanda tangan (salinannya terpotong?). Salin ulang dari stasiun. Tidak ada yang disimpan.",
        "en": "Bundle {path} is incomplete: it ends at line {lines} without its signature line (was the copy cut short?). Copy it from the station again. Nothing was stored.",
    },
    "bundle.import.unknown_station": {
        "id": "Pusat tidak mengenal stasiun {station}. Daftarkan dulu dengan 'loket central add-station {station}', lalu impor lagi. Tidak ada yang disimpan.",
        "en": "Central does not know station {station}. Onboard it first with 'loket central add-station {station}', then import again. Nothing was stored.",
    },
    "bundle.import.revoked": {
        "id": "Otorisasi stasiun {station} dicabut ({revoked_at}: {reason}); pusat tidak menerima permohonannya. Pulihkan dulu bila memang harus diterima. Tidak ada yang disimpan.",
        "en": "Station {station}'s authorization is revoked ({revoked_at}: {reason}); central takes no requests from it. Restore it first if they should be taken. Nothing was stored.",
    },
    "bundle.import.unknown_key": {
        "id": "Berkas ini ditandatangani dengan kunci {kid}, yang tidak terdaftar untuk stasiun {station}. Bila stasiun belum pernah terhubung ke pusat, sertakan kunci publiknya: --key signing-key.pub.jwk (cocokkan kid-nya dengan 'loket keys export' di stasiun). Tidak ada yang disimpan.",
        "en": "This bundle is signed with key {kid}, which is not registered for station {station}. If the station never reached central, pass its public key: --key signing-key.pub.jwk (check its kid against 'loket keys export' at the station). Nothing was stored.",
    },
    "bundle.import.other_key": {
        "id": "Berkas ini ditandatangani dengan kunci {kid}, padahal stasiun {station} sudah punya kunci terdaftar ({registered}). Pusat tidak menerima kunci kedua dari berkas: kunci baru didaftarkan stasiun sendiri saat tersambung (dibuktikan dengan tokennya). Tidak ada yang disimpan.",
        "en": "This bundle is signed with key {kid}, but station {station} already has a registered key ({registered}). Central takes no second key from a file: a new key is registered by the station itself when it connects (its token proves it). Nothing was stored.",
    },
    "bundle.import.key_mismatch": {
        "id": "Berkas kunci yang diberikan adalah kunci {given}, tetapi berkas kiriman ditandatangani dengan kunci {signer}. Gunakan kunci publik stasiun yang membuat berkas ini. Tidak ada yang disimpan.",
        "en": "The key file given holds key {given}, but the bundle is signed with key {signer}. Use the public key of the station that made this bundle. Nothing was stored.",
    },
    "bundle.import.bad_signature": {
        "id": "Tanda tangan berkas kiriman tidak cocok dengan kunci {kid} milik stasiun {station}: berkas ini bukan buatan stasiun itu atau telah diubah. Tidak ada yang disimpan.",
        "en": "The bundle's signature does not verify with station {station}'s key {kid}: the file was not made by that station, or it was changed. Nothing was stored.",
    },
    "bundle.import.altered": {
        "id": "Isi berkas kiriman {path} berbeda dari yang ditandatangani stasiun {station}: ada permohonan yang diubah, ditambah atau dihapus. Minta berkas baru dari stasiun. Tidak ada yang disimpan.",
        "en": "The contents of bundle {path} differ from what station {station} signed: a request was changed, added or removed. Ask the station for a new bundle. Nothing was stored.",
    },
    "bundle.import.bad_item": {
        "id": "Baris {line} berkas kiriman {path} bukan permohonan yang sah: {problem}. Tidak ada yang disimpan.",
        "en": "Line {line} of bundle {path} is not a valid request item: {problem}. Nothing was stored.",
    },
    "bundle.import.changed": {
        "id": "Berkas kiriman {path} berubah saat diimpor; impor dihentikan. {stored} permohonan yang sudah diperiksa telah disimpan. Salin ulang berkasnya dan impor lagi: yang sudah tersimpan akan dijawab duplikat.",
        "en": "Bundle {path} changed while it was being imported; the import stopped. {stored} requests, already verified, were stored. Copy the file again and import it again: those already stored come back as duplicates.",
    },
    "bundle.import.revoked_during": {
        "id": "Otorisasi stasiun {station} dicabut saat impor berjalan; impor dihentikan setelah {stored} permohonan (sudah diperiksa dan disimpan). Sisanya tidak disimpan.",
        "en": "Station {station}'s authorization was revoked while the import ran; the import stopped after {stored} requests (verified and stored). The rest were not stored.",
    },
    "bundle.import.region_data": {
        "id": "Pusat tidak dapat memeriksa alamat saat ini (data wilayah tidak terbaca); impor dihentikan setelah {stored} permohonan. Perbaiki data wilayah lalu impor lagi: yang sudah tersimpan akan dijawab duplikat.",
        "en": "Central cannot check addresses right now (region data unreadable); the import stopped after {stored} requests. Fix the region data, then import again: those already stored come back as duplicates.",
    },
    "bundle.import.verified": {
        "id": "Berkas kiriman dari stasiun {station} (dibuat {created_at}, {count} permohonan) sah: ditandatangani dengan kunci {kid}.",
        "en": "Bundle from station {station} (made {created_at}, {count} requests) is genuine: signed with key {kid}.",
    },
    "bundle.import.key_registered": {
        "id": "Kunci {kid} kini terdaftar untuk stasiun {station}.",
        "en": "Key {kid} is now registered for station {station}.",
    },
    "bundle.import.counts": {
        "id": "Diterima {accepted}, duplikat {duplicate}, ditolak {rejected}, bentrok {conflict}.",
        "en": "Accepted {accepted}, duplicate {duplicate}, rejected {rejected}, conflict {conflict}.",
    },
    "bundle.import.sha256": {
        "id": "SHA-256 berkas: {sha256} (cocokkan dengan catatan audit stasiun).",
        "en": "File SHA-256: {sha256} (compare it with the station's audit log).",
    },
    "bundle.import.refused_item": {
        "id": "  {key}: {status} ({reason})",
        "en": "  {key}: {status} ({reason})",
    },
    "bundle.import.more_refused": {
        "id": "  ... dan {count} lagi.",
        "en": "  ... and {count} more.",
    },
    "bundle.import.refused_note": {
        "id": "Yang ditolak atau bentrok tidak disimpan; stasiun mendapat jawaban yang sama saat sinkron, dan supervisornya menyelesaikannya di sana.",
        "en": "Rejected and conflicting requests were not stored; the station gets the same answers when it syncs, and its supervisor resolves them there.",
    },
    "bundle.import.progress": {
        "id": "Menyimpan {done} dari {total} permohonan...",
        "en": "Storing {done} of {total} requests...",
    },
}
