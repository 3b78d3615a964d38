"""Words of `loket demo` and its demo menu (F12): for whoever shows Loket to others."""

MESSAGES = {
    # loket demo (terminal).
    "demo.ready": {"id": "Stasiun demo siap di {path}", "en": "Demo station ready in {path}"},
    "demo.central": {
        "id": "Pusat (server rujukan) berjalan di {url}; stasiun {station} sudah terdaftar.",
        "en": "Central (reference server) running at {url}; station {station} is onboarded.",
    },
    "demo.user": {"id": "  Pengguna {name} ({role}), PIN {pin}", "en": "  User {name} ({role}), PIN {pin}"},
    "demo.seeded": {
        "id": "{count} permohonan contoh menunggu dikirim ke pusat.",
        "en": "{count} sample requests are waiting to be sent to central.",
    },
    "demo.menu_hint": {
        "id": "Di aplikasi, F12 membuka menu demo: cabut otorisasi, putuskan sambungan, buat pusat error.",
        "en": "In the app, F12 opens the demo menu: revoke authorization, cut the link, make central fail.",
    },
    "demo.press_enter": {"id": "Tekan Enter untuk membuka aplikasi… ", "en": "Press Enter to open the app… "},
    "demo.stopped": {"id": "Pusat demo dihentikan.", "en": "Demo central stopped."},
    "demo.welcome": {
        "id": "Mode demo. Masuk sebagai {clerk} (PIN {clerk_pin}) atau {supervisor} (PIN {supervisor_pin}). "
        "F12: menu demo.",
        "en": "Demo mode. Log in as {clerk} (PIN {clerk_pin}) or {supervisor} (PIN {supervisor_pin}). "
        "F12: demo menu.",
    },
    "demo.bad_port": {
        "id": "Port harus 0 sampai 65535 (0: port bebas mana saja), bukan {port}.",
        "en": "The port must be 0 to 65535 (0: any free port), not {port}.",
    },
    "demo.bad_samples": {
        "id": "Jumlah permohonan contoh harus 0 sampai 1000, bukan {count}.",
        "en": "The number of sample requests must be 0 to 1000, not {count}.",
    },
    "demo.not_a_demo_dir": {
        "id": "{path} berisi berkas tetapi bukan folder demo Loket; pilih folder lain dengan --data-dir "
        "(demo tidak akan menimpa atau menghapus data stasiun sungguhan).",
        "en": "{path} holds files but is not a Loket demo folder; choose another with --data-dir "
        "(the demo never overwrites or deletes a real station's data).",
    },
    "demo.port_busy": {
        "id": "Pusat demo tidak dapat dibuka di port {port}: {error}. Pilih port lain dengan --port.",
        "en": "The demo central cannot listen on port {port}: {error}. Choose another with --port.",
    },
    "demo.token_mismatch": {
        "id": "Token stasiun demo tidak cocok dengan pusat demo di {path}. Mulai ulang dengan --fresh.",
        "en": "The demo station's token does not match the demo central in {path}. Start anew with --fresh.",
    },
    "demo.unknown_action": {"id": "Perintah demo tidak dikenal: {action}", "en": "Unknown demo action: {action}"},
    "demo.control_unreachable": {
        "id": "Pusat demo di {url} tidak dapat dihubungi: {error}",
        "en": "The demo central at {url} cannot be reached: {error}",
    },
    "demo.control_refused": {
        "id": "Pusat demo menolak perintah ({status}): {error}",
        "en": "The demo central refused the command ({status}): {error}",
    },
    # What each demo action did.
    "demo.done.revoke": {
        "id": "Pusat mencabut otorisasi {station}: {reason}",
        "en": "Central revoked the authorization of {station}: {reason}",
    },
    "demo.done.restore": {"id": "Otorisasi {station} dipulihkan.", "en": "Authorization of {station} restored."},
    "demo.done.cut": {
        "id": "Sambungan diputus: pusat tidak menjawab sama sekali.",
        "en": "Link cut: central answers nothing at all.",
    },
    "demo.done.heal": {"id": "Sambungan pulih: semua gangguan dihapus.", "en": "Link restored: every fault cleared."},
    "demo.done.errors": {
        "id": "Pusat kini menjawab setiap panggilan dengan 503 (tidak tersedia).",
        "en": "Central now answers every call with 503 (unavailable).",
    },
    "demo.done.rate_limit": {
        "id": "Pusat kini membatasi kiriman: setiap panggilan dijawab 429.",
        "en": "Central now rate-limits: every call is answered with 429.",
    },
    # The demo menu (F12).
    "demo.menu.title": {"id": "Menu demo: mainkan gangguan pusat", "en": "Demo menu: play a central outage"},
    "demo.menu.central": {"id": "Pusat {url} · stasiun {station}", "en": "Central {url} · station {station}"},
    "demo.menu.reason": {"id": "Alasan pencabutan (untuk pilihan pertama)", "en": "Reason for revoking (first choice)"},
    "demo.menu.hint": {
        "id": "↑↓ pilih · Enter: jalankan · Esc: tutup",
        "en": "↑↓ choose · Enter: run · Esc: close",
    },
    "demo.menu.no_central": {
        "id": "Stasiun ini belum punya alamat pusat: menu demo tidak dapat dipakai.",
        "en": "This station has no central address: the demo menu cannot be used.",
    },
    "demo.action.revoke": {"id": "Cabut otorisasi stasiun", "en": "Revoke the station's authorization"},
    "demo.action.restore": {"id": "Pulihkan otorisasi", "en": "Restore the authorization"},
    "demo.action.cut": {"id": "Putuskan sambungan ke pusat", "en": "Cut the link to central"},
    "demo.action.heal": {"id": "Sambungkan lagi (hapus gangguan)", "en": "Restore the link (clear faults)"},
    "demo.action.errors": {"id": "Pusat error (503)", "en": "Central errors (503)"},
    "demo.action.rate_limit": {"id": "Pusat membatasi kiriman (429)", "en": "Central rate-limits (429)"},
}
