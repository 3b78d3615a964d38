"""Messages of the central link: sync runs and link states (CLI and app)."""

MESSAGES = {
    "sync.counts": {
        "id": "{sent} terkirim ({accepted} diterima, {duplicate} sudah ada), {rejected} ditolak, sisa {left}",
        "en": "{sent} sent ({accepted} accepted, {duplicate} already there), {rejected} refused, {left} left",
    },
    "sync.progress": {"id": "Mengirim: {done} dari {total}", "en": "Sending: {done} of {total}"},
    "sync.outcome.drained": {
        "id": "Sinkron selesai: {counts}.",
        "en": "Sync finished: {counts}.",
    },
    "sync.outcome.link_down": {
        "id": "Sinkron berhenti, pusat tidak dapat dihubungi ({detail}): {counts}. Antrean aman dan dikirim saat sambungan kembali.",
        "en": "Sync stopped, central cannot be reached ({detail}): {counts}. The queue is safe and is sent when the link returns.",
    },
    "sync.outcome.revoked": {
        "id": "Sinkron berhenti, otorisasi stasiun dicabut pusat ({detail}): {counts}. Antrean aman.",
        "en": "Sync stopped, central revoked this station's authorization ({detail}): {counts}. The queue is safe.",
    },
    "sync.outcome.unauthorized": {
        "id": "Sinkron berhenti, pusat tidak mengenali token stasiun ini ({detail}): periksa central_token. {counts}.",
        "en": "Sync stopped, central does not know this station's token ({detail}): check central_token. {counts}.",
    },
    "sync.outcome.failed": {
        "id": "Sinkron gagal ({detail}): {counts}. Antrean aman.",
        "en": "Sync failed ({detail}): {counts}. The queue is safe.",
    },
    "sync.outcome.cancelled": {
        "id": "Sinkron dihentikan: {counts}.",
        "en": "Sync stopped: {counts}.",
    },
    "sync.outcome.not_configured": {
        "id": "Alamat dan token pusat belum diatur (central_url, central_token): tidak ada yang dikirim. {counts}.",
        "en": "Central's address and token are not set (central_url, central_token): nothing was sent. {counts}.",
    },
    "sync.cause.timeout": {"id": "waktu tunggu habis", "en": "timed out"},
    "sync.cause.refused": {"id": "sambungan ditolak", "en": "connection refused"},
    "sync.cause.dropped": {"id": "sambungan terputus tanpa jawaban", "en": "connection dropped without an answer"},
    "sync.cause.unreachable": {"id": "alamat pusat tidak terjangkau", "en": "central's address cannot be reached"},
    "sync.cause.invalid_token": {"id": "token tidak dikenal", "en": "unknown token"},
    "sync.cause.key_exists": {
        "id": "pusat sudah menyimpan kunci lain dengan id yang sama",
        "en": "central already holds a different key with the same id",
    },
    "link.state.unset": {"id": "pusat belum diatur", "en": "central not configured"},
    "link.state.unknown": {"id": "belum diperiksa", "en": "not checked yet"},
    "link.state.online": {"id": "terhubung", "en": "online"},
    "link.state.offline": {"id": "terputus", "en": "offline"},
    "link.state.degraded": {"id": "pusat bermasalah", "en": "central failing"},
    "link.state.revoked": {"id": "otorisasi dicabut", "en": "authorization revoked"},
    "link.state.unauthorized": {"id": "stasiun tidak dikenali pusat", "en": "station not recognised by central"},
    "status.link": {"id": "Sambungan: {state}", "en": "Link: {state}"},
    "status.since": {"id": "sejak {when}", "en": "since {when}"},
    "status.lasting": {"id": "selama {duration}", "en": "for {duration}"},
    "status.duration.hours": {"id": "{hours} jam {minutes} menit", "en": "{hours} h {minutes} min"},
    "status.duration.days": {"id": "{days} hari {hours} jam", "en": "{days} d {hours} h"},
    "status.duration.minutes": {"id": "{minutes} menit", "en": "{minutes} min"},
    "status.reason": {"id": "alasan: {reason}", "en": "reason: {reason}"},
    "status.queue": {"id": "Antrean per status:", "en": "Queue by state:"},
    "status.last_sync": {"id": "Sinkron terakhir {when}: {outcome}", "en": "Last sync {when}: {outcome}"},
    "status.no_sync": {"id": "Belum pernah sinkron.", "en": "Never synced yet."},
    # Central's reasons and a run's causes, in words (loket.sync.reasons).
    "reason.invalid_field": {"id": "Pusat menolak isian {field}", "en": "Central refused the {field} field"},
    "reason.invalid_nik": {"id": "Pusat menolak NIK ini", "en": "Central refused this NIK"},
    "reason.bad_signature": {
        "id": "Pusat menolak segel Suket (tanda tangan tidak cocok)",
        "en": "Central refused the Suket seal (signature does not match)",
    },
    "reason.unknown_key": {
        "id": "Pusat tidak mengenal kunci tanda tangan loket ini",
        "en": "Central does not know this station's signing key",
    },
    "reason.unknown_region": {"id": "Pusat tidak mengenal kode wilayah", "en": "Central does not know the region code"},
    "reason.rejected": {"id": "Ditolak pusat (tanpa alasan)", "en": "Refused by central (no reason given)"},
    "reason.conflict": {
        "id": "Pusat menyimpan data lain untuk permohonan ini",
        "en": "Central holds different data for this request",
    },
    "reason.conflict_key": {
        "id": "Kunci permohonan ini sudah dipakai loket lain di pusat",
        "en": "Another station already used this request's key at central",
    },
    "reason.conflict_field": {
        "id": "Data berbeda di pusat: {field}", "en": "Central holds a different {field}",
    },
    "reason.conflict_suket": {
        "id": "Suket berbeda di pusat ({field})", "en": "Central holds a different Suket ({field})",
    },
    "reason.no_answer": {"id": "Tidak ada jawaban pusat: {cause}", "en": "No answer from central: {cause}"},
    "reason.http": {"id": "Pusat menjawab galat {status}", "en": "Central answered with error {status}"},
    "reason.bad_reply": {"id": "Jawaban pusat tidak bisa dibaca ({what})", "en": "Central's answer was unreadable ({what})"},
}
