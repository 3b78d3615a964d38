"""Messages of the JSON Lines import."""

MESSAGES = {
    "import.unreadable": {"id": "Berkas {path} tidak dapat dibuka: {error}", "en": "Cannot open {path}: {error}"},
    "import.line": {"id": "baris {n}", "en": "line {n}"},
    "import.not_json": {"id": "bukan JSON yang sah ({error}).", "en": "not valid JSON ({error})."},
    "import.not_utf8": {
        "id": "berkas bukan teks UTF-8 mulai baris ini; sisa berkas tidak dibaca.",
        "en": "the file is not UTF-8 text from this line on; the rest was not read.",
    },
    "import.shape.not_object": {"id": "{field} harus berupa objek JSON.", "en": "{field} must be a JSON object."},
    "import.shape.not_text": {"id": "{field} harus berupa teks.", "en": "{field} must be text."},
    "import.shape.not_date": {"id": "{field} harus tanggal YYYY-MM-DD.", "en": "{field} must be a date YYYY-MM-DD."},
    "import.shape.not_bool": {"id": "{field} harus true atau false.", "en": "{field} must be true or false."},
    "import.saved": {"id": "tersimpan, {kind} {number}. {message}", "en": "saved, {kind} {number}. {message}"},
    "import.summary": {
        "id": "{saved} permohonan tersimpan, {failed} ditolak.",
        "en": "{saved} requests saved, {failed} refused.",
    },
    "field.record": {"id": "Baris", "en": "The line"},
    "field.address": {"id": "Alamat", "en": "Address"},
    "kind.suket": {"id": "Suket", "en": "Suket"},
    "kind.receipt": {"id": "tanda terima", "en": "receipt"},
}
