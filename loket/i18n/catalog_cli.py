"""Messages of the command line."""

MESSAGES = {
    "cli.unexpected": {
        "id": "Terjadi kesalahan tak terduga ({error}). Rinciannya dicatat di {log}; tidak ada data yang hilang.",
        "en": "An unexpected error occurred ({error}). Details were written to {log}; no data was lost.",
    },
    "cli.pin_stdin_empty": {
        "id": "--pin-stdin dipakai tetapi tidak ada PIN di masukan standar.",
        "en": "--pin-stdin was given but standard input holds no PIN.",
    },
    "cli.pin_needs_tty": {
        "id": "PIN tidak dapat ditanyakan tanpa terminal; pakai --pin-stdin.",
        "en": "Cannot ask for a PIN without a terminal; use --pin-stdin.",
    },
    "cli.pin_again": {"id": "Ulangi PIN: ", "en": "PIN again: "},
    "cli.pin_mismatch": {"id": "Kedua PIN tidak sama.", "en": "The two PINs differ."},
    "cli.pin_prompt": {"id": "PIN {name}: ", "en": "PIN for {name}: "},
}
