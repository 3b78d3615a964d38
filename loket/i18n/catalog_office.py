"""Messages of the office database: choosing it, joining it, reaching it."""

MESSAGES = {
    "desk.filter.all_stations": {"id": "Semua loket", "en": "Every counter"},
    "settings.bad_database": {
        "id": "Alamat basis data kantor (database) tidak dapat dipakai: {error}",
        "en": "The office database address (database) cannot be used: {error}",
    },
    "settings.database_password": {
        "id": "Alamat basis data kantor di loket.toml memuat kata sandi. Hapus kata sandinya dari alamat; "
              "simpan di PGPASSWORD atau berkas kata sandi libpq.",
        "en": "The office database address in loket.toml holds a password. Remove it from the address; "
              "keep it in PGPASSWORD or the libpq password file.",
    },
    "office.url.scheme": {
        "id": "{url} bukan alamat PostgreSQL: tulis postgresql://PENGGUNA@HOST[:PORT]/BASISDATA.",
        "en": "{url} is not a PostgreSQL address: write postgresql://USER@HOST[:PORT]/DATABASE.",
    },
    "office.url.host": {
        "id": "Alamat {url} tidak menyebut server: tulis postgresql://PENGGUNA@HOST[:PORT]/BASISDATA.",
        "en": "The address {url} names no server: write postgresql://USER@HOST[:PORT]/DATABASE.",
    },
    "office.url.database": {
        "id": "Alamat {url} tidak menyebut satu nama basis data di akhirnya (…/loket).",
        "en": "The address {url} does not end with one database name (…/loket).",
    },
    "office.url.port": {
        "id": "Port pada alamat {url} bukan angka 1 sampai 65535.",
        "en": "The port in {url} is not a number from 1 to 65535.",
    },
    "office.driver_missing": {
        "id": "Paket untuk basis data kantor belum terpasang: jalankan pip install 'loket[office]'.",
        "en": "The office database package is not installed: run pip install 'loket[office]'.",
    },
    "office.bad_password": {
        "id": "Server basis data kantor {path} menolak kata sandi.",
        "en": "The office database server {path} refused the password.",
    },
    "office.needs_password": {
        "id": "Server basis data kantor {path} meminta kata sandi: isi PGPASSWORD, berkas kata sandi libpq, "
              "atau jalankan loket setup di terminal agar ditanyakan.",
        "en": "The office database server {path} asks for a password: set PGPASSWORD, the libpq password file, "
              "or run loket setup in a terminal to be asked.",
    },
    "office.no_database": {
        "id": "Basis data kantor {path} atau penggunanya belum dibuat di server (lihat docs/office-database.md).",
        "en": "The office database {path} or its user does not exist on the server (see docs/office-database.md).",
    },
    "office.no_permission": {
        "id": "Pengguna basis data kantor {path} tidak berhak mengubah tabel Loket: beri hak pemilik ke pengguna itu.",
        "en": "The office database user {path} may not change Loket's tables: make that user the owner.",
    },
    "office.unreachable": {
        "id": "Server basis data kantor {path} tidak dapat dihubungi (server mati atau kabel lepas).",
        "en": "The office database server {path} cannot be reached (server down or cable out).",
    },
    "office.station_taken": {
        "id": "Loket {station} sudah terdaftar di kantor dengan kunci lain ({kid}). Pilih nomor loket lain "
              "dengan --station-id.",
        "en": "Counter {station} is already registered with the office under another key ({kid}). Choose "
              "another counter id with --station-id.",
    },
    "office.backup_elsewhere": {
        "id": "Basis data kantor {database} dicadangkan di servernya dengan pg_dump (docs/office-database.md).",
        "en": "The office database {database} is backed up on its server with pg_dump (docs/office-database.md).",
    },
    "office.ask_station_id": {
        "id": "Nomor loket PC ini (mis. {office}-LKT02): ",
        "en": "This PC's counter id (e.g. {office}-LKT02): ",
    },
    "office.joined": {
        "id": "Bergabung dengan kantor {office} sebagai loket {station}.",
        "en": "Joined the office {office} as counter {station}.",
    },
    "office.ask_password": {
        "id": "Kata sandi basis data kantor {database}: ",
        "en": "Password of the office database {database}: ",
    },
    "office.ask_keep_password": {
        "id": "Simpan kata sandi di berkas kata sandi libpq {path}, agar loket dapat membuka basis data? [Y/n] ",
        "en": "Keep the password in the libpq password file {path}, so the counter can open the database? [Y/n] ",
    },
    "office.password_kept": {
        "id": "Kata sandi disimpan di {path} (hanya dapat dibaca akun ini).",
        "en": "Password kept in {path} (readable by this account only).",
    },
}
