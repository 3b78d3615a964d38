"""Words of running on each platform: printing through CUPS or the Windows spooler,
optional parts of the install, packaging."""

MESSAGES = {
    "settings.printer_command_not_list": {
        "id": "printer_command di {path} harus berupa daftar argumen, misalnya "
              "printer_command = ['lp', '-d', 'LOKET1'] atau "
              "printer_command = ['C:\\\\Program Files\\\\SumatraPDF\\\\SumatraPDF.exe', '-print-to', 'Printer Loket 1']. "
              "Alamat berkas PDF ditambahkan di belakangnya.",
        "en": "printer_command in {path} must be a list of arguments, for example "
              "printer_command = ['lp', '-d', 'LOKET1'] or "
              "printer_command = ['C:\\\\Program Files\\\\SumatraPDF\\\\SumatraPDF.exe', '-print-to', 'Counter Printer 1']. "
              "The PDF's path is appended to it.",
    },
    "printing.print.command_not_list": {
        "id": "Perintah printer harus berupa daftar argumen, bukan satu teks. Slip tersimpan di {path}.",
        "en": "The printer command must be a list of arguments, not one string. The slip is saved at {path}.",
    },
    "printing.print.handed_to": {
        "id": "Slip diserahkan ke perintah printer ({how}), yang selesai tanpa galat. Berkasnya tersimpan di {path}.",
        "en": "The slip was handed to the printer command ({how}), which finished without error. "
              "The file is saved at {path}.",
    },
    "printing.print.job_completed": {
        "id": "Slip tercetak: {how} menyelesaikan pekerjaan {job}. Berkasnya tersimpan di {path}.",
        "en": "The slip was printed: {how} completed job {job}. The file is saved at {path}.",
    },
    "printing.print.job_waiting": {
        "id": "Slip BELUM tercetak: pekerjaan {job} masih menunggu di {how} ({detail}). "
              "Slip akan keluar saat printer siap; berkasnya tersimpan di {path}.",
        "en": "The slip is NOT printed yet: job {job} is still waiting at {how} ({detail}). "
              "It prints when the printer is ready; the file is saved at {path}.",
    },
    "printing.print.job_failed": {
        "id": "Slip TIDAK tercetak: pekerjaan {job} di {how} dibatalkan atau gagal ({detail}). "
              "Slip tersimpan di {path}; cetak dari berkas itu.",
        "en": "The slip was NOT printed: job {job} at {how} was cancelled or failed ({detail}). "
              "The slip is saved at {path}; print it from there.",
    },
    "printing.print.queued_unchecked": {
        "id": "Slip masuk antrean {how} (pekerjaan {job}), tetapi statusnya tidak dapat diperiksa. "
              "Berkasnya tersimpan di {path}.",
        "en": "The slip was queued at {how} (job {job}), but its state could not be checked. "
              "The file is saved at {path}.",
    },
    "printing.print.spooled": {
        "id": "Slip diserahkan ke antrean cetak {how}. Berkasnya tersimpan di {path}.",
        "en": "The slip was handed to the {how} print spooler. The file is saved at {path}.",
    },
    "printing.print.no_sumatra": {
        "id": "Tidak ada printer yang diatur: pasang SumatraPDF (sumatrapdfreader.org) atau isi printer_command "
              "di pengaturan. Slip tersimpan di {path}.",
        "en": "No printer is set up: install SumatraPDF (sumatrapdfreader.org) or set printer_command "
              "in settings. The slip is saved at {path}.",
    },
    "platform.extra_missing": {
        "id": "{command} memerlukan bagian tambahan yang belum terpasang ({modules}). "
              "Pasang dengan: pip install 'loket[{extra}]'",
        "en": "{command} needs an optional part that is not installed ({modules}). "
              "Install it with: pip install 'loket[{extra}]'",
    },
}
