"""Messages of the counter's second round: typing safety, leaving a form, help, photo, setup."""

MESSAGES = {
    # -- lists that refuse text meant for another field --------------------------------
    "counter.select.no_match": {
        "id": "“{text}” bukan salah satu pilihan; tidak ada yang dipilih. Pilih dengan ↑/↓ lalu Enter.",
        "en": "“{text}” is not one of the choices; nothing was picked. Choose with ↑/↓ then Enter.",
    },
}
