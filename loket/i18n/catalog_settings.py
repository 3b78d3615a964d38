"""Messages about station settings and setup."""

MESSAGES = {
    "settings.not_set_up": {
        "id": "Stasiun ini belum disiapkan (folder data: {path}). Jalankan `loket setup` dahulu.",
        "en": "This station is not set up yet (data folder: {path}). Run `loket setup` first.",
    },
    "settings.unreadable": {
        "id": "Berkas pengaturan {path} tidak dapat dibaca: {error}",
        "en": "The settings file {path} cannot be read: {error}",
    },
    "settings.bad_toml": {
        "id": "Berkas pengaturan {path} rusak: {error}",
        "en": "The settings file {path} is malformed: {error}",
    },
    "settings.bad_type": {
        "id": "Pengaturan '{name}' di {path} jenisnya salah.",
        "en": "Setting '{name}' in {path} has the wrong type.",
    },
    "settings.missing": {
        "id": "Pengaturan '{name}' wajib diisi.",
        "en": "Setting '{name}' is required.",
    },
    "settings.bad_office_code": {
        "id": "Kode kantor harus 4 angka kode wilayah kabupaten/kota (misalnya 7373), bukan '{value}'.",
        "en": "The office code must be the 4-digit regency/city code (e.g. 7373), not '{value}'.",
    },
    "settings.unknown_office_code": {
        "id": "Kode kantor {value} tidak ada dalam daftar kode wilayah.",
        "en": "Office code {value} is not in the region-code list.",
    },
    "settings.bad_station_id": {
        "id": "ID stasiun harus kode kantor, tanda hubung, lalu kode loket (misalnya {office}-LKT01), bukan '{value}'.",
        "en": "The station id must be the office code, a dash, then the counter id (e.g. {office}-LKT01), not '{value}'.",
    },
    "settings.bad_paper": {
        "id": "Ukuran kertas harus A4 atau F4, bukan '{value}'.",
        "en": "Paper must be A4 or F4, not '{value}'.",
    },
    "settings.bad_validity": {
        "id": "Masa berlaku Suket harus 1 sampai 24 bulan, bukan '{value}'.",
        "en": "Suket validity must be 1 to 24 months, not '{value}'.",
    },
    "settings.bad_idle_lock": {
        "id": "Kunci layar otomatis (idle_lock_minutes) harus 0 sampai 480 menit (0 = tidak pernah), bukan '{value}'.",
        "en": "The idle lock (idle_lock_minutes) must be 0 to 480 minutes (0 = never), not '{value}'.",
    },
    "settings.bad_probe_interval": {
        "id": "Jeda pemeriksaan sambungan (probe_interval) harus 0,1 sampai 3600 detik, bukan '{value}'.",
        "en": "The link probe interval (probe_interval) must be 0.1 to 3600 seconds, not '{value}'.",
    },
    "settings.bad_language": {
        "id": "Bahasa harus 'id' atau 'en', bukan '{value}'.",
        "en": "Language must be 'id' or 'en', not '{value}'.",
    },
    "settings.bad_central_url": {
        "id": "Alamat server pusat harus diawali http:// atau https://, bukan '{value}'.",
        "en": "The central URL must start with http:// or https://, not '{value}'.",
    },
    "settings.bad_nip": {
        "id": "NIP kepala dinas harus 18 angka, bukan '{value}'.",
        "en": "The head of office's NIP must be 18 digits, not '{value}'.",
    },
    "settings.bad_number_pattern": {
        "id": "Pola nomor Suket tidak dapat dipakai: {error}",
        "en": "The Suket number pattern cannot be used: {error}",
    },
}
