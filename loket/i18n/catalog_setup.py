"""Messages of station setup."""

MESSAGES = {
    "setup.need_supervisor": {
        "id": "Stasiun baru memerlukan supervisor pertama: tambahkan --supervisor NAMA (dan --pin-stdin).",
        "en": "A new station needs its first supervisor: add --supervisor NAME (and --pin-stdin).",
    },
    "setup.ask_supervisor": {"id": "Nama supervisor pertama: ", "en": "Name of the first supervisor: "},
    "setup.ask_office_code": {"id": "Kode wilayah kantor: ", "en": "Office region code: "},
    "setup.ask_office_name": {
        "id": "Nama kantor: ",
        "en": "Office name: ",
    },
    "setup.ask_office_address": {"id": "Alamat kantor: ", "en": "Office address: "},
    "setup.ask_head_name": {"id": "Nama Kepala Dinas: ", "en": "Head of office's name: "},
    "setup.ask_head_nip": {"id": "NIP Kepala Dinas (18 angka): ", "en": "Head of office's NIP (18 digits): "},
    "setup.ask_station_id": {"id": "ID stasiun [{default}]: ", "en": "Station id [{default}]: "},
    "setup.done_created": {"id": "Stasiun disiapkan di {path}.", "en": "Station set up in {path}."},
    "setup.done_updated": {
        "id": "Pengaturan stasiun di {path} diperbarui; data, kunci dan pengguna tetap utuh.",
        "en": "Station settings in {path} updated; data, key and users were kept.",
    },
    "setup.station": {"id": "Stasiun {station}: {office}", "en": "Station {station}: {office}"},
    "setup.key_new": {"id": "Kunci tanda tangan baru dibuat (kid {kid}).", "en": "New signing key made (kid {kid})."},
    "setup.key_kept": {"id": "Kunci tanda tangan yang ada dipakai (kid {kid}).", "en": "Existing signing key kept (kid {kid})."},
    "setup.supervisor_added": {"id": "Supervisor {name} ditambahkan.", "en": "Supervisor {name} added."},
}
