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
    "move.foreign_requests": {
        "id": "Berkas ini memuat permohonan loket lain ({others}) selain {station}: pindahkan satu loket per berkas.",
        "en": "This file holds requests of other counters ({others}) besides {station}: move one counter per file.",
    },
    "move.already_there": {
        "id": "Loket {station} sudah ada di basis data kantor itu (log auditnya sudah dipindahkan).",
        "en": "Counter {station} is already in that office database (its audit log was moved before).",
    },
    "move.ids_taken": {
        "id": "Basis data kantor sudah memuat permohonan bernomor sama dengan loket {station}; log audit menyebut "
              "permohonan dengan nomornya, jadi tidak dapat diubah. Pindahkan ke basis data kantor yang baru, "
              "lalu loket lain bergabung dengan loket setup --database.",
        "en": "The office database already holds requests with the same ids as counter {station}; the audit log "
              "names requests by id, so they cannot change. Move into a fresh office database, then let the "
              "other counters join with loket setup --database.",
    },
    "move.already_office": {
        "id": "Loket ini sudah memakai basis data kantor {database}.",
        "en": "This counter already uses the office database {database}.",
    },
    "move.other_office": {
        "id": "Basis data itu milik kantor {office}, sedangkan loket ini milik kantor {mine}.",
        "en": "That database belongs to office {office}, while this counter belongs to office {mine}.",
    },
    "move.chain_broken": {
        "id": "Log audit di basis data kantor tidak utuh setelah pemindahan: {problem}. Tidak ada yang diubah di PC ini.",
        "en": "The audit log in the office database is not intact after the move: {problem}. Nothing on this PC changed.",
    },
    "move.done": {
        "id": "Loket {station} dipindahkan ke {database}: {requests} permohonan, {sukets} surat, {events} catatan audit.",
        "en": "Counter {station} moved to {database}: {requests} requests, {sukets} documents, {events} audit events.",
    },
    "move.users_merged": {
        "id": "Pengguna yang sudah ada di kantor memakai akun kantornya (PIN kantor): {names}.",
        "en": "Users the office already had keep their office account (the office PIN): {names}.",
    },
    "move.kept": {
        "id": "Berkas lama disimpan sebagai {path}.",
        "en": "The old file is kept as {path}.",
    },
    "office.tui.title": {"id": "Basis data kantor", "en": "Office database"},
    "office.tui.holding": {
        "id": "Server kantor tidak terjangkau. Loket tetap melayani: permohonan disimpan di PC ini dan "
              "dipindahkan ke server kantor begitu tersambung lagi.",
        "en": "The office server cannot be reached. The counter keeps serving: requests are kept on this PC "
              "and moved to the office server as soon as it answers again.",
    },
    "office.tui.down": {
        "id": "Server kantor terputus sejak {since} · disimpan di PC ini: {held} permohonan",
        "en": "Office server down since {since} · kept on this PC: {held} requests",
    },
    "office.tui.moved": {
        "id": "Server kantor tersambung lagi: {count} permohonan yang disimpan di PC ini sudah dipindahkan.",
        "en": "The office server is back: {count} requests kept on this PC have moved there.",
    },
    "office.status.up": {
        "id": "Basis data kantor: tersambung (antrean di bawah ini milik semua loket kantor).",
        "en": "Office database: connected (the queue below is every counter's of the office).",
    },
    "office.status.down": {
        "id": "Basis data kantor: tidak terjangkau sejak {since}; {held} permohonan disimpan di PC ini "
              "(dipindahkan begitu tersambung lagi).",
        "en": "Office database: unreachable since {since}; {held} requests kept on this PC "
              "(moved as soon as it answers again).",
    },
}
