"""Messages of users, seals and the audit log as the CLI reports them."""

MESSAGES = {
    "role.clerk": {"id": "petugas", "en": "clerk"},
    "role.supervisor": {"id": "supervisor", "en": "supervisor"},
    "user.added": {"id": "Pengguna {name} ({role}) ditambahkan.", "en": "User {name} ({role}) added."},
    "user.locked": {"id": "terkunci", "en": "locked"},
    "user.inactive": {"id": "nonaktif", "en": "disabled"},
    "user.pin_set": {"id": "PIN {name} diganti; kuncian dibuka.", "en": "PIN of {name} changed; any lockout lifted."},
    "user.enabled": {"id": "{name} dapat masuk lagi.", "en": "{name} can log in again."},
    "user.disabled": {
        "id": "{name} tidak dapat masuk lagi; permohonannya tetap tercatat atas namanya.",
        "en": "{name} can no longer log in; their requests stay recorded under their name.",
    },
    "slip.saved_at": {"id": "Disimpan di {path}.", "en": "Saved at {path}."},
    "verify.key_unreadable": {"id": "Berkas kunci {path} tidak dapat dibaca: {error}", "en": "Cannot read key file {path}: {error}"},
    "verify.key_not_json": {
        "id": "Berkas kunci {path} bukan JWK (JSON) yang sah.",
        "en": "Key file {path} is not a valid JWK (JSON).",
    },
    "verify.not_genuine": {"id": "TIDAK ASLI: {reason}", "en": "NOT GENUINE: {reason}"},
    "verify.reason.malformed": {"id": "teks ini bukan segel Suket.", "en": "this text is not a Suket seal."},
    "verify.reason.unknown_key": {
        "id": "ditandatangani dengan kunci yang tidak dikenal.",
        "en": "signed with a key that is not known.",
    },
    "verify.reason.bad_signature": {
        "id": "tanda tangan tidak cocok: isi segel telah diubah atau dipalsukan.",
        "en": "the signature does not match: the seal was changed or forged.",
    },
    "verify.reason.wrong_alg": {"id": "algoritme tanda tangan tidak diterima.", "en": "signature algorithm not accepted."},
    "verify.reason.bad_payload": {"id": "isi segel tidak lengkap.", "en": "the seal's content is incomplete."},
    "verify.genuine": {
        "id": "ASLI: Suket {number} untuk {name} (NIK {nik}), diterbitkan {office}, stasiun {station}.",
        "en": "GENUINE: Suket {number} for {name} (NIK {nik}), issued by {office}, station {station}.",
    },
    "verify.valid_until": {"id": "Terbit {iat}, berlaku sampai {exp}.", "en": "Issued {iat}, valid until {exp}."},
    "verify.expired": {
        "id": "Terbit {iat}, SUDAH KEDALUWARSA sejak {exp}.",
        "en": "Issued {iat}, EXPIRED (valid until {exp}).",
    },
    "audit.chain_ok": {
        "id": "Log audit utuh: {count} catatan, rantai hash cocok.",
        "en": "Audit log intact: {count} entries, hash chain matches.",
    },
    "audit.chain_broken": {
        "id": "Log audit RUSAK pada catatan #{id} (dari {count}): {problem}",
        "en": "Audit log BROKEN at entry #{id} (of {count}): {problem}",
    },
}

MESSAGES.update({
    "backup.done": {
        "id": "Cadangan dibuat di {path} (basis data, pengaturan, kunci). Simpan di tempat terkunci: berisi kunci tanda tangan.",
        "en": "Backup made in {path} (database, settings, key). Keep it locked away: it holds the signing key.",
    },
    "backup.failed": {"id": "Cadangan ke {path} gagal: {error}", "en": "Backup to {path} failed: {error}"},
})
