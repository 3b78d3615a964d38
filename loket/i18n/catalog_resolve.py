"""Messages of a supervisor resolving stuck requests: send again, correct, cancel, confirm a warning."""

MESSAGES = {
    "resolve.requeued": {
        "id": "Permohonan #{id} masuk antrean kirim lagi dengan kunci kirim baru.",
        "en": "Request #{id} is queued to be sent again under a new sending key.",
    },
    "resolve.cannot_requeue": {
        "id": "Permohonan #{id} berstatus {state}: hanya permohonan yang ditolak pusat atau datanya berbeda di pusat yang bisa dikirim ulang.",
        "en": "Request #{id} is {state}: only requests rejected by central or with conflicting data there can be sent again.",
    },
    "resolve.voided": {
        "id": "Permohonan #{id} dibatalkan; Suket atau tanda terimanya tidak berlaku lagi. Datanya tetap tersimpan.",
        "en": "Request #{id} is cancelled; its Suket or receipt is no longer valid. Its data stays on record.",
    },
    "resolve.cannot_void": {
        "id": "Permohonan #{id} berstatus {state} dan tidak bisa dibatalkan.",
        "en": "Request #{id} is {state} and cannot be cancelled.",
    },
    "resolve.cannot_correct": {
        "id": "Permohonan #{id} berstatus {state}: hanya permohonan yang ditolak pusat atau datanya berbeda di pusat yang bisa dikoreksi.",
        "en": "Request #{id} is {state}: only requests rejected by central or with conflicting data there can be corrected.",
    },
    "resolve.nothing_changed": {
        "id": "Tidak ada isian permohonan #{id} yang diubah. Untuk mengirim ulang tanpa perubahan, pakai 'Kirim ulang'.",
        "en": "No field of request #{id} was changed. To send it again unchanged, use 'Send again'.",
    },
    "resolve.changed_meanwhile": {
        "id": "Permohonan #{id} baru saja diubah di tempat lain. Buka lagi permohonan itu, lalu ulangi koreksinya.",
        "en": "Request #{id} was just changed elsewhere. Open it again, then redo the correction.",
    },
    "resolve.override_closed": {
        "id": "Permohonan #{id} berstatus {state}; peringatannya tidak perlu dikonfirmasi lagi.",
        "en": "Request #{id} is {state}; its warnings no longer need confirming.",
    },
    "resolve.warning_not_found": {
        "id": "Permohonan #{id} tidak punya peringatan '{code}' yang menunggu konfirmasi.",
        "en": "Request #{id} has no warning '{code}' waiting to be confirmed.",
    },
}
