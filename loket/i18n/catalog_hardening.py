"""Messages of the hardening work: deadlines, supervisor authority on the command line,
crash recovery, clear disk errors."""

MESSAGES = {
    "sync.cause.deadline": {
        "id": "pusat tidak menjawab utuh dalam batas waktu; permintaan dikembalikan ke antrean",
        "en": "central did not answer in full within the deadline; the requests went back to the queue",
    },
}
