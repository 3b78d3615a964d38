"""Words of the full-screen counter app (the clerk reads these all day)."""

MESSAGES = {
    # Footer labels of key bindings (see loket.tui.keys).
    "tui.key.language": {"id": "English", "en": "Bahasa"},
    "tui.key.logout": {"id": "Keluar", "en": "Log out"},
    "tui.region.no_match": {
        "id": "Tidak ada yang cocok dengan \"{text}\"",
        "en": "Nothing matches \"{text}\"",
    },
    "tui.key.next_field": {"id": "Kolom berikutnya", "en": "Next field"},
    "tui.key.previous_field": {"id": "Kolom sebelumnya", "en": "Previous field"},
    "tui.key.confirm": {"id": "Simpan", "en": "Save"},
    "tui.key.new_person": {"id": "Baru", "en": "New"},
    "tui.key.next_person": {"id": "Berikutnya", "en": "Next person"},
    "tui.key.reprint": {"id": "Salinan", "en": "Copy"},
    "tui.key.back": {"id": "Kembali", "en": "Back"},
    "tui.key.yes": {"id": "Simpan", "en": "Save"},
    "tui.key.cancel": {"id": "Batal", "en": "Cancel"},
    "tui.key.sync_now": {"id": "Kirim", "en": "Send"},
    "tui.key.demo_menu": {"id": "Menu demo", "en": "Demo menu"},
    "tui.key.open_desk": {"id": "Meja", "en": "Desk"},
    "tui.key.recent": {"id": "Riwayat", "en": "Recent"},
    "tui.key.reload": {"id": "Muat ulang", "en": "Reload"},
    # Command palette.
    "tui.cmd.new_person": {"id": "Orang baru", "en": "New person"},
    "tui.cmd.new_person_help": {
        "id": "Kosongkan formulir untuk pemohon berikutnya",
        "en": "Clear the form for the next applicant",
    },
    "tui.cmd.language": {"id": "Ganti bahasa (English)", "en": "Switch language (Bahasa Indonesia)"},
    "tui.cmd.language_help": {"id": "Bahasa Indonesia / English", "en": "Bahasa Indonesia / English"},
    "tui.cmd.reprint": {"id": "Cetak salinan slip terakhir", "en": "Print a copy of the last slip"},
    "tui.cmd.reprint_help": {
        "id": "Perlu PIN supervisor; salinan bertanda SALINAN",
        "en": "Needs a supervisor PIN; the copy is marked SALINAN",
    },
    "tui.cmd.sync_now": {"id": "Kirim antrean ke pusat sekarang", "en": "Send the queue to central now"},
    "tui.cmd.sync_now_help": {
        "id": "Tanpa menunggu pemeriksaan sambungan berikutnya",
        "en": "Without waiting for the next link check",
    },
    "tui.cmd.demo_menu": {"id": "Menu demo: mainkan gangguan pusat", "en": "Demo menu: play a central outage"},
    "tui.cmd.demo_menu_help": {
        "id": "Cabut otorisasi, putuskan sambungan, buat pusat error",
        "en": "Revoke authorization, cut the link, make central fail",
    },
    "tui.cmd.logout": {"id": "Keluar akun", "en": "Log out"},
    "tui.cmd.logout_help": {"id": "Kembali ke layar masuk", "en": "Back to the login screen"},
    # Header.
    "tui.header.clerk": {"id": "Petugas: {name}", "en": "Clerk: {name}"},
    "tui.header.no_clerk": {"id": "belum masuk", "en": "not logged in"},
    "tui.link.label": {"id": "Tautan pusat: {state}", "en": "Central link: {state}"},
    "tui.link.unset": {"id": "belum diatur", "en": "not configured"},
    "tui.link.unknown": {"id": "tidak diketahui", "en": "unknown"},
    "tui.link.online": {"id": "Terhubung ke pusat", "en": "Connected to central"},
    "tui.link.offline": {"id": "Terputus dari pusat", "en": "Cut off from central"},
    "tui.link.offline_since": {"id": "Terputus sejak {since}", "en": "Offline since {since}"},
    "tui.link.offline_code": {"id": "Terputus ({code})", "en": "Offline ({code})"},
    "tui.link.offline_code_since": {"id": "Terputus ({code}) sejak {since}", "en": "Offline ({code}) since {since}"},
    "tui.link.degraded": {"id": "Pusat bermasalah ({code})", "en": "Central in trouble ({code})"},
    "tui.link.degraded_since": {
        "id": "Pusat bermasalah ({code}) sejak {since}",
        "en": "Central in trouble ({code}) since {since}",
    },
    "tui.link.degraded_plain": {"id": "Pusat bermasalah", "en": "Central in trouble"},
    "tui.link.degraded_plain_since": {"id": "Pusat bermasalah sejak {since}", "en": "Central in trouble since {since}"},
    "tui.link.revoked": {"id": "Otorisasi dicabut", "en": "Authorization revoked"},
    "tui.link.revoked_since": {"id": "Otorisasi dicabut sejak {since}", "en": "Authorization revoked since {since}"},
    "tui.link.with_reason": {"id": "{text}: {reason}", "en": "{text}: {reason}"},
    "tui.link.no_reason": {"id": "tanpa alasan yang disebutkan", "en": "no reason given"},
    "tui.link.unauthorized": {
        "id": "Stasiun tidak dikenali pusat: periksa token",
        "en": "Station not recognised by central: check the token",
    },
    # Short causes shown in brackets when central answers badly or slowly.
    "tui.link.cause.timeout": {"id": "lambat", "en": "slow"},
    "tui.link.cause.refused": {"id": "menolak sambungan", "en": "refusing connections"},
    "tui.link.cause.dropped": {"id": "sambungan putus", "en": "connections dropped"},
    "tui.link.cause.invalid_token": {"id": "token salah", "en": "wrong token"},
    # Notifications when the link changes.
    "tui.link.note_title": {"id": "Sambungan ke pusat", "en": "Central link"},
    "tui.link.note.online": {
        "id": "Tersambung lagi ke pusat. Antrean dikirim otomatis.",
        "en": "Connected to central again. The queue is sent automatically.",
    },
    "tui.link.note.offline": {
        "id": "Sambungan ke pusat terputus. Lanjutkan pelayanan: data tersimpan di PC ini "
        "dan dikirim begitu tersambung lagi.",
        "en": "The link to central is down. Carry on serving: data is kept on this PC "
        "and sent as soon as the link is back.",
    },
    "tui.link.note.degraded": {
        "id": "Pusat sedang bermasalah ({code}). Lanjutkan pelayanan; pengiriman dicoba lagi nanti.",
        "en": "Central is in trouble ({code}). Carry on serving; sending is retried later.",
    },
    "tui.link.note.revoked": {
        "id": "Pusat mencabut otorisasi stasiun ini: {reason}. Pelayanan tetap jalan dan data "
        "disimpan di PC ini, tetapi tidak dikirim. Beri tahu supervisor.",
        "en": "Central revoked this station's authorization: {reason}. Serving goes on and data "
        "is kept on this PC, but nothing is sent. Tell the supervisor.",
    },
    "tui.link.note.unauthorized": {
        "id": "Pusat tidak mengenali stasiun ini (token salah atau belum terdaftar). "
        "Data tetap disimpan di PC ini. Minta supervisor memeriksa token.",
        "en": "Central does not recognise this station (wrong or unregistered token). "
        "Data is still kept on this PC. Ask the supervisor to check the token.",
    },
    "tui.link.watch_failed": {
        "id": "Pemeriksaan sambungan ke pusat gagal: {error}",
        "en": "Checking the link to central failed: {error}",
    },
    # The sync strip under the header.
    "tui.sync.queue": {"id": "Antrean: {waiting} menunggu", "en": "Queue: {waiting} waiting"},
    "tui.sync.queue_action": {"id": " · {count} perlu tindakan", "en": " · {count} need action"},
    "tui.sync.queue_unknown": {"id": "Antrean: …", "en": "Queue: …"},
    "tui.sync.starting": {"id": "Mengirim…", "en": "Sending…"},
    "tui.sync.sending": {"id": "Mengirim {sent} dari {total}", "en": "Sending {sent} of {total}"},
    "tui.sync.never": {"id": "Belum pernah sinkron", "en": "Never synced yet"},
    "tui.sync.last": {"id": "Sinkron terakhir {time}: {summary}", "en": "Last sync {time}: {summary}"},
    "tui.sync.summary": {
        "id": "{sent} terkirim, {rejected} ditolak, sisa {left}",
        "en": "{sent} sent, {rejected} rejected, {left} left",
    },
    "tui.sync.summary_conflict": {"id": ", {conflict} konflik", "en": ", {conflict} in conflict"},
    "tui.sync.already_running": {
        "id": "Pengiriman ke pusat sedang berjalan; tunggu sampai selesai.",
        "en": "Sending to central is already running; wait for it to finish.",
    },
    "tui.sync.not_configured": {
        "id": "Alamat pusat belum diatur di stasiun ini: tidak ada yang bisa dikirim.",
        "en": "No central server is set for this station: there is nowhere to send to.",
    },
    "tui.sync.not_open": {
        "id": "Stasiun belum siap. Coba lagi sebentar.",
        "en": "The station is not ready yet. Try again in a moment.",
    },
    "tui.sync.failed": {"id": "Pengiriman ke pusat gagal: {error}", "en": "Sending to central failed: {error}"},
    "tui.sync.needs_action": {
        "id": "{count} permohonan ditolak atau bentrok di pusat: perlu diperiksa supervisor.",
        "en": "{count} requests were rejected or in conflict at central: a supervisor must look at them.",
    },
    # Errors.
    "tui.error.unexpected": {
        "id": "Terjadi kesalahan tak terduga ({error}). Data yang sudah diketik tetap ada.",
        "en": "An unexpected error occurred ({error}). What was typed is kept.",
    },
    # Login.
    "tui.login.title": {"id": "Masuk petugas", "en": "Clerk login"},
    "tui.login.name": {"id": "Nama pengguna", "en": "User name"},
    "tui.login.pin": {"id": "PIN", "en": "PIN"},
    "tui.login.hint": {
        "id": "Enter: lanjut · F9: English · Ctrl+Q: tutup",
        "en": "Enter: next · F9: Bahasa Indonesia · Ctrl+Q: quit",
    },
    "tui.login.need_name": {"id": "Ketik nama pengguna.", "en": "Type the user name."},
    "tui.login.need_pin": {"id": "Ketik PIN.", "en": "Type the PIN."},
    "tui.login.checking": {"id": "Memeriksa PIN…", "en": "Checking the PIN…"},
    "tui.login.no_station": {
        "id": "Stasiun belum siap. Coba lagi sebentar.",
        "en": "The station is not ready yet. Try again in a moment.",
    },
    # Intake form.
    "tui.form.type_to_filter": {"id": "ketik untuk menyaring…", "en": "type to filter…"},
    "tui.form.choose": {"id": "pilih…", "en": "choose…"},
    "tui.form.date_placeholder": {"id": "HH-BB-TTTT", "en": "DD-MM-YYYY"},
    "tui.form.biometrics_yes": {"id": "Sudah (terbit Suket)", "en": "Yes (Suket issued)"},
    "tui.form.biometrics_no": {"id": "Belum (tanda terima)", "en": "No (receipt only)"},
    "tui.form.blood_unknown": {"id": "- (tidak tahu)", "en": "- (unknown)"},
    "tui.date.format": {
        "id": "Tanggal lahir ditulis HH-BB-TTTT (atau HHBBTTTT), misalnya 17-08-1990.",
        "en": "Type the date of birth as DD-MM-YYYY (or DDMMYYYY), e.g. 17-08-1990.",
    },
    "tui.date.four_digit_year": {
        "id": "Tahun lahir '{year}' hanya {count} angka: tulis 4 angka (misalnya 1990).",
        "en": "The year of birth '{year}' has only {count} digits: type all 4 (e.g. 1990).",
    },
    "tui.date.no_such_day": {
        "id": "Tanggal lahir itu tidak ada di kalender.",
        "en": "That date of birth does not exist in the calendar.",
    },
    "tui.intake.hint": {
        "id": "Tab/Enter: kolom berikutnya · F2: periksa & simpan · F5: orang baru",
        "en": "Tab/Enter: next field · F2: check & save · F5: new person",
    },
    "tui.intake.checking": {"id": "Memeriksa data…", "en": "Checking…"},
    "tui.intake.fix_errors": {
        "id": "Belum dapat disimpan: {count} isian perlu diperbaiki (lihat tulisan merah).",
        "en": "Cannot save yet: {count} entries need fixing (see the red text).",
    },
    "tui.intake.confirm_prompt": {"id": "Periksa ringkasan data.", "en": "Check the summary."},
    "tui.intake.saving": {"id": "Menyimpan dan mencetak…", "en": "Saving and printing…"},
    "tui.intake.refused": {
        "id": "Tidak disimpan: ada isian yang belum benar.",
        "en": "Not saved: some entries are not right yet.",
    },
    # Confirm.
    "tui.confirm.born": {"id": "Tempat/tgl. lahir", "en": "Born (place, date)"},
    "tui.confirm.region": {"id": "Kel./Kec./Kab./Prov.", "en": "Village/district/city/province"},
    "tui.confirm.title": {"id": "Periksa data sebelum menyimpan", "en": "Check the data before saving"},
    "tui.confirm.issues_suket": {
        "id": "Akan diterbitkan: Surat Keterangan (Suket) bersegel.",
        "en": "Will issue: a sealed Surat Keterangan (Suket).",
    },
    "tui.confirm.issues_receipt": {
        "id": "Biometrik belum direkam: akan diberikan tanda terima dengan nomor antrean.",
        "en": "Biometrics not recorded: a receipt with a queue number will be given.",
    },
    "tui.confirm.question": {
        "id": "Simpan? Enter/Y: simpan · Esc/N: kembali mengubah · ↑↓: gulir",
        "en": "Save? Enter/Y: save · Esc/N: back to editing · ↑↓: scroll",
    },
    # Saved.
    "tui.saved.title": {"id": "Tersimpan", "en": "Saved"},
    "tui.saved.suket_number": {
        "id": "Nomor Suket: {number}   (antrean {queue_no})",
        "en": "Suket number: {number}   (queue {queue_no})",
    },
    "tui.saved.receipt_number": {
        "id": "Nomor tanda terima: {number}   (antrean {queue_no})",
        "en": "Receipt number: {number}   (queue {queue_no})",
    },
    "tui.saved.person": {"id": "{name} · NIK {nik}", "en": "{name} · NIK {nik}"},
    "tui.saved.valid_until": {"id": "Berlaku sampai {date}", "en": "Valid until {date}"},
    "tui.saved.pdf": {"id": "Berkas slip (di folder data): {path}", "en": "Slip file (in the data folder): {path}"},
    "tui.saved.printed": {"id": "Dikirim ke printer.", "en": "Sent to the printer."},
    "tui.saved.not_printed": {
        "id": "Belum dicetak: {message} Data sudah tersimpan; cetak dari berkas di atas.",
        "en": "Not printed: {message} The data is saved; print from the file above.",
    },
    "tui.saved.slip_failed": {
        "id": "Data tersimpan, tetapi slip gagal dibuat: {error}",
        "en": "The data is saved, but the slip could not be made: {error}",
    },
    "tui.saved.next_hint": {
        "id": "F5 atau N: pemohon berikutnya · F6 atau R: cetak salinan (perlu supervisor)",
        "en": "F5 or N: next applicant · F6 or R: print a copy (needs a supervisor)",
    },
    "tui.saved.reprinting": {"id": "Mencetak salinan…", "en": "Printing a copy…"},
    "tui.saved.copy_printed": {
        "id": "Salinan ke-{copy} (bertanda SALINAN) dikirim ke printer: {path}",
        "en": "Copy {copy} (marked SALINAN) sent to the printer: {path}",
    },
    "tui.saved.copy_not_printed": {
        "id": "Salinan ke-{copy} (bertanda SALINAN) dibuat tetapi belum dicetak: {message}",
        "en": "Copy {copy} (marked SALINAN) made but not printed: {message}",
    },
    # Supervisor authorisation.
    "tui.supervisor.title.reprint": {
        "id": "Cetak salinan: persetujuan supervisor",
        "en": "Print a copy: supervisor approval",
    },
    "tui.supervisor.title.desk": {
        "id": "Meja supervisor: persetujuan supervisor",
        "en": "Supervisor's desk: supervisor approval",
    },
    "tui.supervisor.name": {"id": "Nama supervisor", "en": "Supervisor name"},
    "tui.supervisor.pin": {"id": "PIN supervisor", "en": "Supervisor PIN"},
    "tui.supervisor.reason.reprint": {"id": "Alasan cetak ulang", "en": "Reason for the copy"},
    "tui.supervisor.reason.desk": {"id": "Keperluan membuka meja supervisor", "en": "Why the desk is opened"},
    "tui.supervisor.need_name": {"id": "Ketik nama supervisor.", "en": "Type the supervisor's name."},
    "tui.supervisor.need_pin": {"id": "Ketik PIN supervisor.", "en": "Type the supervisor's PIN."},
    "tui.supervisor.need_reason.reprint": {
        "id": "Tulis alasan cetak ulang.", "en": "Write the reason for the copy.",
    },
    "tui.supervisor.need_reason.desk": {
        "id": "Tulis keperluan membuka meja supervisor.", "en": "Write why the desk is opened.",
    },
    "tui.supervisor.not_supervisor.reprint": {
        "id": "{name} bukan supervisor; salinan hanya boleh disetujui supervisor.",
        "en": "{name} is not a supervisor; only a supervisor can approve a copy.",
    },
    "tui.supervisor.not_supervisor.desk": {
        "id": "{name} bukan supervisor; meja supervisor hanya untuk supervisor.",
        "en": "{name} is not a supervisor; the desk is for supervisors only.",
    },
    # The session: the desk's gate, the idle lock, this station's recent intakes.
    "tui.session.desk_over": {
        "id": "Meja supervisor dibuka oleh {supervisor} atas sesi {clerk}; tertutup lagi saat keluar akun atau layar terkunci.",
        "en": "Desk opened by {supervisor} over {clerk}'s session; it closes on logout or when the screen locks.",
    },
    "tui.lock.title": {"id": "Layar terkunci ({name})", "en": "Screen locked ({name})"},
    "tui.lock.pin": {"id": "PIN {name} untuk membuka", "en": "{name}'s PIN to unlock"},
    "tui.lock.hint": {
        "id": "Isian yang belum disimpan tetap ada. Petugas lain: Ctrl+L untuk keluar akun lalu masuk.",
        "en": "Unsaved entries are kept. Someone else: Ctrl+L to log out, then log in.",
    },
    "tui.recent.title": {
        "id": "Permohonan terakhir di {station} ({count} terbaru)",
        "en": "Latest requests at {station} (newest {count})",
    },
    "tui.recent.loading": {"id": "Memuat…", "en": "Loading…"},
    "tui.recent.none": {"id": "Belum ada permohonan di loket ini.", "en": "No requests at this station yet."},
    "tui.recent.col.queue_no": {"id": "No.", "en": "No."},
    "tui.recent.col.time": {"id": "Waktu", "en": "Time"},
    "tui.recent.col.nik": {"id": "NIK", "en": "NIK"},
    "tui.recent.col.name": {"id": "Nama", "en": "Name"},
    "tui.recent.col.type": {"id": "Jenis", "en": "Type"},
    "tui.recent.col.state": {"id": "Status", "en": "State"},
    "tui.recent.col.number": {"id": "Nomor Suket", "en": "Suket number"},
    "tui.cmd.open_desk": {"id": "Meja supervisor", "en": "Supervisor's desk"},
    "tui.cmd.open_desk_help": {
        "id": "Antrean tertunda, penyelesaian, dasbor gangguan (perlu supervisor)",
        "en": "Pending queue, resolution, outage dashboard (needs a supervisor)",
    },
    "tui.cmd.recent": {"id": "Riwayat loket ini", "en": "This station's recent requests"},
    "tui.cmd.recent_help": {
        "id": "Permohonan terakhir di loket ini dan statusnya",
        "en": "The latest requests at this station and where they stand",
    },
}
