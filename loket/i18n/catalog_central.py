"""Messages of the reference central server and the ``loket central`` command."""

MESSAGES = {
    "central.db.too_new": {
        "id": "Basis data pusat {path} dibuat oleh versi yang lebih baru (skema {found}; versi ini mengenal sampai {known}). Perbarui Loket.",
        "en": "Central database {path} was written by a newer version (schema {found}; this version knows up to {known}). Update Loket.",
    },
    "central.db.unusable": {
        "id": "Basis data pusat {path} tidak dapat dibuka: {error}",
        "en": "Cannot open central database {path}: {error}",
    },
    "central.station.bad_id": {
        "id": "ID stasiun '{value}' tidak sah: harus kode kantor 4 angka, tanda hubung, lalu 1-16 huruf besar/angka (contoh 7373-LKT01).",
        "en": "Station id '{value}' is not valid: it must be a 4-digit office code, a dash, then 1-16 capital letters or digits (e.g. 7373-LKT01).",
    },
    "central.station.bad_office": {
        "id": "Kode kantor '{value}' tidak sah: harus 4 angka (contoh 7373).",
        "en": "Office code '{value}' is not valid: it must be 4 digits (e.g. 7373).",
    },
    "central.station.exists": {
        "id": "Stasiun {station} sudah terdaftar; token lamanya tetap berlaku.",
        "en": "Station {station} is already registered; its existing token stays valid.",
    },
    "central.station.unknown": {
        "id": "Stasiun {station} tidak terdaftar di pusat.",
        "en": "Station {station} is not registered at central.",
    },
    "central.station.bad_reason": {
        "id": "Alasan wajib diisi, paling panjang {limit} karakter.",
        "en": "A reason is required, at most {limit} characters.",
    },
    "central.key.exists": {
        "id": "Kunci lain dengan kid {kid} sudah terdaftar; kunci tidak pernah diganti.",
        "en": "A different key with kid {kid} is already registered; keys are never replaced.",
    },
    "central.item.bad_status": {
        "id": "Status '{value}' tidak dikenal; pilih salah satu: {allowed}.",
        "en": "Unknown status '{value}'; choose one of: {allowed}.",
    },
    "central.item.reason_needed": {
        "id": "Permohonan yang ditolak harus disertai alasan.",
        "en": "A rejected request needs a reason.",
    },
    "central.item.unknown": {
        "id": "Tidak ada permohonan dengan nomor pusat {ref}.",
        "en": "No request has central reference {ref}.",
    },
    "central.listen.bad_host": {
        "id": "Tidak dapat mendengarkan di alamat {host}: {error}. Pakai alamat milik komputer ini, misalnya 127.0.0.1.",
        "en": "Cannot listen on address {host}: {error}. Use an address of this computer, such as 127.0.0.1.",
    },
    "central.listen.port_in_use": {
        "id": "Port {port} di {host} sudah dipakai program lain; pilih port lain dengan --port.",
        "en": "Port {port} on {host} is already in use by another program; choose another with --port.",
    },
    "central.listen.denied": {
        "id": "Tidak diizinkan memakai port {port} di {host}; pakai port di atas 1023.",
        "en": "Not allowed to use port {port} on {host}; use a port above 1023.",
    },
    "central.listen.failed": {
        "id": "Tidak dapat mendengarkan di {host}:{port}: {error}",
        "en": "Cannot listen on {host}:{port}: {error}",
    },
    "central.listen.bad_port": {
        "id": "Port {port} tidak sah: harus angka 0 sampai 65535.",
        "en": "Port {port} is not valid: it must be a number from 0 to 65535.",
    },
    "central.cli.listening": {
        "id": "Server pusat rujukan mendengarkan di {url} (basis data {db}). Tekan Ctrl+C untuk berhenti.",
        "en": "Reference central server listening on {url} (database {db}). Press Ctrl+C to stop.",
    },
    "central.cli.stopped": {"id": "Server pusat berhenti.", "en": "Central server stopped."},
    "central.cli.station_added": {
        "id": "Stasiun {station} (kantor {office}) didaftarkan di {db}. Tokennya dicetak sekali saja di bawah ini: "
              "masukkan ke pengaturan stasiun (loket setup --token ...). Pusat hanya menyimpan hash-nya.",
        "en": "Station {station} (office {office}) registered in {db}. Its token is printed below, once only: "
              "put it in the station's settings (loket setup --token ...). Central keeps only its hash.",
    },
    "central.cli.revoked": {
        "id": "Otorisasi stasiun {station} dicabut: {reason}",
        "en": "Authorization of station {station} revoked: {reason}",
    },
    "central.cli.restored": {
        "id": "Otorisasi stasiun {station} dipulihkan.",
        "en": "Authorization of station {station} restored.",
    },
    "central.cli.no_stations": {
        "id": "Belum ada stasiun terdaftar. Tambahkan dengan: loket central add-station KODE-LOKET",
        "en": "No station registered yet. Add one with: loket central add-station CODE-COUNTER",
    },
    "central.cli.col.station": {"id": "STASIUN", "en": "STATION"},
    "central.cli.col.status": {"id": "STATUS", "en": "STATUS"},
    "central.cli.col.since": {"id": "SEJAK", "en": "SINCE"},
    "central.cli.col.keys": {"id": "KUNCI (kid)", "en": "KEYS (kid)"},
    "central.cli.status.active": {"id": "aktif", "en": "active"},
    "central.cli.status.revoked": {"id": "dicabut", "en": "revoked"},
    "central.cli.revoked_because": {"id": "alasan: {reason}", "en": "reason: {reason}"},
}
