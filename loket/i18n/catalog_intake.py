"""Intake validation messages. Every one starts from ``{field}``, the field's label,
so the clerk knows where to look; keys are ``intake.<field>.<code>`` or ``intake.<code>``."""

MESSAGES = {
    # The labels ``field.record`` and ``field.address`` (problems with the record as a
    # whole) live in catalog_import, which reports the same two for JSON lines.
    # Any field.
    "intake.required": {"id": "{field} wajib diisi.", "en": "{field} is required."},
    "intake.not_text": {"id": "{field} harus berupa teks.", "en": "{field} must be text."},
    "intake.too_long": {
        "id": "{field} terlalu panjang: {length} karakter, paling banyak {max}.",
        "en": "{field} is too long: {length} characters, at most {max}.",
    },
    "intake.invalid_chars": {
        "id": "{field} hanya boleh berisi huruf, spasi dan tanda . , ' - (tidak boleh: {chars}).",
        "en": "{field} may only contain letters, spaces and . , ' - (not allowed: {chars}).",
    },
    "intake.no_letters": {"id": "{field} harus berisi huruf.", "en": "{field} must contain letters."},
    "intake.control_chars": {
        "id": "{field} berisi karakter yang tidak dapat dicetak ({chars}).",
        "en": "{field} contains characters that cannot be printed ({chars}).",
    },
    "intake.choice": {
        "id": "{field} \"{value}\" tidak dikenal; pilih salah satu: {allowed}.",
        "en": "{field} \"{value}\" is not a valid choice; choose one of: {allowed}.",
    },
    "intake.not_bool": {"id": "{field} harus diisi ya atau tidak.", "en": "{field} must be yes or no."},
    "intake.not_object": {
        "id": "{field} harus berisi jalan, RT, RW, kelurahan/desa, kecamatan, kabupaten/kota dan provinsi.",
        "en": "{field} must consist of street, RT, RW, village, district, regency and province.",
    },
    "intake.not_record": {
        "id": "{field} bukan data permohonan KTP-el.",
        "en": "{field} is not an e-KTP request record.",
    },
    # RT / RW.
    "intake.rt_rw_format": {
        "id": "{field} harus 1 sampai 3 angka (contoh: 001); yang diisi \"{value}\".",
        "en": "{field} must be 1 to 3 digits (e.g. 001); got \"{value}\".",
    },
    "intake.rt_rw_zero": {"id": "{field} tidak boleh 000.", "en": "{field} cannot be 000."},
    # Province, regency, district, village.
    "intake.not_found": {
        "id": "{field} \"{value}\" tidak ada dalam daftar kode wilayah.",
        "en": "{field} \"{value}\" is not in the list of regions.",
    },
    "intake.not_in_parent": {
        "id": "{field} \"{value}\" tidak berada di {parent_field} \"{parent}\"; nama itu ada di {elsewhere}.",
        "en": "{field} \"{value}\" is not in {parent_field} \"{parent}\"; that name is in {elsewhere}.",
    },
    "intake.region_data": {
        "id": "{field}: daftar kode wilayah tidak dapat dibaca; pasang ulang aplikasi.",
        "en": "{field}: the list of regions cannot be read; reinstall the application.",
    },
    # Photo.
    "intake.photo_extension": {
        "id": "{field} \"{value}\" harus berkas .jpg, .jpeg atau .png.",
        "en": "{field} \"{value}\" must be a .jpg, .jpeg or .png file.",
    },
    "intake.photo_missing": {
        "id": "{field} \"{value}\" tidak ditemukan.",
        "en": "{field} \"{value}\" does not exist.",
    },
    "intake.photo_not_file": {
        "id": "{field} \"{value}\" bukan berkas (mungkin folder).",
        "en": "{field} \"{value}\" is not a file (perhaps a folder).",
    },
    "intake.photo_unreadable": {
        "id": "{field} \"{value}\" tidak dapat dibaca.",
        "en": "{field} \"{value}\" cannot be read.",
    },
    "intake.photo_not_image": {
        "id": "{field} \"{value}\" bukan gambar JPEG atau PNG.",
        "en": "{field} \"{value}\" is not a JPEG or PNG image.",
    },
    # NIK.
    "intake.nik.not_digits": {
        "id": "{field} hanya boleh berisi angka (spasi, titik dan tanda hubung diabaikan).",
        "en": "{field} may only contain digits (spaces, dots and dashes are ignored).",
    },
    "intake.nik.length": {
        "id": "{field} harus 16 angka; yang diisi {length} angka.",
        "en": "{field} must have 16 digits; it has {length}.",
    },
    "intake.nik.day": {
        "id": "{field}: angka tanggal lahir (angka ke-7 dan ke-8) \"{day}\" tidak sah; "
        "harus 01-31, atau 41-71 untuk perempuan.",
        "en": "{field}: the birth day (digits 7-8) \"{day}\" is invalid; it must be 01-31, or 41-71 for a woman.",
    },
    "intake.nik.month": {
        "id": "{field}: angka bulan lahir (angka ke-9 dan ke-10) \"{month}\" tidak sah; harus 01-12.",
        "en": "{field}: the birth month (digits 9-10) \"{month}\" is invalid; it must be 01-12.",
    },
    "intake.nik.date": {
        "id": "{field}: tanggal lahir {date} tidak ada di kalender.",
        "en": "{field}: the birth date {date} does not exist.",
    },
    "intake.nik.serial": {
        "id": "{field}: nomor urut (4 angka terakhir) tidak boleh 0000.",
        "en": "{field}: the serial number (last 4 digits) cannot be 0000.",
    },
    "intake.nik.region_unknown": {
        "id": "{field}: kode kecamatan {prefix} (6 angka pertama) tidak ada di daftar kode wilayah tahun mana pun; "
        "periksa kembali.",
        "en": "{field}: district code {prefix} (first 6 digits) is in no year's list of regions; please check it.",
    },
    # KK.
    "intake.kk.not_digits": {
        "id": "{field} hanya boleh berisi angka (spasi, titik dan tanda hubung diabaikan).",
        "en": "{field} may only contain digits (spaces, dots and dashes are ignored).",
    },
    "intake.kk.length": {
        "id": "{field} harus 16 angka; yang diisi {length} angka.",
        "en": "{field} must have 16 digits; it has {length}.",
    },
    "intake.kk.day": {
        "id": "{field}: angka tanggal pencatatan (angka ke-7 dan ke-8) \"{day}\" tidak sah; harus 01-31 "
        "(nomor KK tidak memakai tambahan 40).",
        "en": "{field}: the recording day (digits 7-8) \"{day}\" is invalid; it must be 01-31 "
        "(a KK number never adds 40).",
    },
    "intake.kk.month": {
        "id": "{field}: angka bulan pencatatan (angka ke-9 dan ke-10) \"{month}\" tidak sah; harus 01-12.",
        "en": "{field}: the recording month (digits 9-10) \"{month}\" is invalid; it must be 01-12.",
    },
    "intake.kk.date": {
        "id": "{field}: tanggal pencatatan {date} tidak ada di kalender.",
        "en": "{field}: the recording date {date} does not exist.",
    },
    "intake.kk.future": {
        "id": "{field}: tanggal pencatatan {date} belum terjadi.",
        "en": "{field}: the recording date {date} is in the future.",
    },
    "intake.kk.serial": {
        "id": "{field}: nomor urut (4 angka terakhir) tidak boleh 0000.",
        "en": "{field}: the serial number (last 4 digits) cannot be 0000.",
    },
    "intake.kk.same_as_nik": {
        "id": "{field} tidak boleh sama dengan NIK.",
        "en": "{field} cannot be the same as the NIK.",
    },
    "intake.kk.region_unknown": {
        "id": "{field}: kode kecamatan {prefix} (6 angka pertama) tidak ada di daftar kode wilayah tahun mana pun; "
        "periksa kembali.",
        "en": "{field}: district code {prefix} (first 6 digits) is in no year's list of regions; please check it.",
    },
    # Agreement with the NIK.
    "intake.sex.nik_mismatch": {
        "id": "{field} ({value}) tidak sesuai dengan NIK, yang menunjukkan {expected}. "
        "Perbaiki, atau catat alasan ketidaksesuaiannya.",
        "en": "{field} ({value}) does not match the NIK, which says {expected}. "
        "Correct it, or record the reason for the mismatch.",
    },
    "intake.birth_date.nik_mismatch": {
        "id": "{field} ({value}) tidak sesuai dengan NIK, yang menunjukkan {expected} (tgl-bln-thn). "
        "Perbaiki, atau catat alasan ketidaksesuaiannya.",
        "en": "{field} ({value}) does not match the NIK, which says {expected} (dd-mm-yy). "
        "Correct it, or record the reason for the mismatch.",
    },
    "intake.nik_mismatch_accepted": {
        "id": "{field} ({value}) tidak sesuai dengan NIK ({expected}); diterima dengan alasan: {reason}",
        "en": "{field} ({value}) does not match the NIK ({expected}); accepted for the reason: {reason}",
    },
    # Birth date.
    "intake.birth_date.not_date": {
        "id": "{field} \"{value}\" bukan tanggal yang sah.",
        "en": "{field} \"{value}\" is not a valid date.",
    },
    "intake.birth_date.future": {
        "id": "{field} {value} belum terjadi.",
        "en": "{field} {value} is in the future.",
    },
    "intake.birth_date.too_young": {
        "id": "{field}: pemohon baru berumur {age} tahun; KTP-el untuk umur {adult_age} tahun ke atas "
        "atau yang sudah/pernah kawin.",
        "en": "{field}: the applicant is only {age}; an e-KTP is for those aged {adult_age} or over "
        "or who are or have been married.",
    },
    # Beside the NIK field while typing.
    "intake.preview.region_unknown": {
        "id": "kode wilayah {code} tidak dikenal",
        "en": "unknown region code {code}",
    },
}
