"""The message key of every coded value the product shows: one fixed key per value.

Each mapping lists, for one family of codes (a request's state, a field's name, a footer key),
the complete key of its label, so every key the code can ask for is written out here: the
catalog test checks each against the .po files, and translation tools see them. Use
``label(STATE_LABELS, state)``; a code a mapping does not know is shown as itself, never as a key.
"""

from __future__ import annotations

from collections.abc import Mapping

from loket.i18n import t


def label(labels: Mapping[str, str], code: object, language: str | None = None) -> str:
    """The words for ``code`` in ``labels``' family, or the code itself when it has none."""
    key = labels.get(str(code))
    return t(key, language=language) if key is not None else ("" if code is None else str(code))


# -- Shared by every area ------------------------------------------------------------------

# Record fields, as forms, slips and error messages name them.
FIELD_LABELS = {
    "nik": "field.nik",
    "kk": "field.kk",
    "name": "field.name",
    "birth_place": "field.birth_place",
    "birth_date": "field.birth_date",
    "sex": "field.sex",
    "blood_type": "field.blood_type",
    "street": "field.street",
    "rt": "field.rt",
    "rw": "field.rw",
    "village": "field.village",
    "district": "field.district",
    "regency": "field.regency",
    "province": "field.province",
    "religion": "field.religion",
    "marital_status": "field.marital_status",
    "occupation": "field.occupation",
    "nationality": "field.nationality",
    "request_type": "field.request_type",
    "purpose": "field.purpose",
    "biometrics_recorded": "field.biometrics_recorded",
    "photo_path": "field.photo_path",
    "mismatch_reason": "field.mismatch_reason",
    "record": "field.record",
    "address": "field.address",
}
SEX_LABELS = {"L": "sex.L", "P": "sex.P"}
REQUEST_TYPE_LABELS = {
    "new_recording": "request_type.new_recording",
    "reprint_lost": "request_type.reprint_lost",
    "reprint_damaged": "request_type.reprint_damaged",
    "data_change": "request_type.data_change",
}
PURPOSE_LABELS = {
    "general": "purpose.general",
    "election_candidate": "purpose.election_candidate",
    "university_admission": "purpose.university_admission",
    "civil_service_application": "purpose.civil_service_application",
    "other": "purpose.other",
}
# A request's state, as every list and report names it.
STATE_LABELS = {
    "queued": "storage.state.queued",
    "sending": "storage.state.sending",
    "synced": "storage.state.synced",
    "rejected": "storage.state.rejected",
    "conflict": "storage.state.conflict",
    "completed": "storage.state.completed",
    "void": "storage.state.void",
}
ROLE_LABELS = {"clerk": "role.clerk", "supervisor": "role.supervisor"}
# The document a request got: a Suket or, for a reprint, a receipt.
KIND_LABELS = {"suket": "kind.suket", "receipt": "kind.receipt"}
# Month names for dates written out (``12 Juli 2018``), by month number.
MONTH_NAMES = {
    "1": "printing.month.1",
    "2": "printing.month.2",
    "3": "printing.month.3",
    "4": "printing.month.4",
    "5": "printing.month.5",
    "6": "printing.month.6",
    "7": "printing.month.7",
    "8": "printing.month.8",
    "9": "printing.month.9",
    "10": "printing.month.10",
    "11": "printing.month.11",
    "12": "printing.month.12",
}

# -- The link to central and the sync ------------------------------------------------------

LINK_STATES = {
    "unset": "link.state.unset",
    "unknown": "link.state.unknown",
    "online": "link.state.online",
    "offline": "link.state.offline",
    "degraded": "link.state.degraded",
    "revoked": "link.state.revoked",
    "unauthorized": "link.state.unauthorized",
}
# The counter's note on a link change that needs no detail.
LINK_NOTES = {
    "online": "tui.link.note.online",
    "offline": "tui.link.note.offline",
    "unauthorized": "tui.link.note.unauthorized",
}
# Why the link is degraded, in the status bar's words.
LINK_CAUSES = {
    "timeout": "tui.link.cause.timeout",
    "refused": "tui.link.cause.refused",
    "dropped": "tui.link.cause.dropped",
    "invalid_token": "tui.link.cause.invalid_token",
    "deadline": "tui.link.cause.deadline",
}
# Why a sync run stopped without a verdict.
SYNC_CAUSES = {
    "timeout": "sync.cause.timeout",
    "refused": "sync.cause.refused",
    "dropped": "sync.cause.dropped",
    "unreachable": "sync.cause.unreachable",
    "invalid_token": "sync.cause.invalid_token",
    "key_exists": "sync.cause.key_exists",
    "deadline": "sync.cause.deadline",
}
# How a sync run ended.
SYNC_OUTCOMES = {
    "drained": "sync.outcome.drained",
    "link_down": "sync.outcome.link_down",
    "revoked": "sync.outcome.revoked",
    "unauthorized": "sync.outcome.unauthorized",
    "failed": "sync.outcome.failed",
    "cancelled": "sync.outcome.cancelled",
    "busy": "office.sync_busy",
    "not_configured": "sync.outcome.not_configured",
}
# Central's refusals that need no parameter.
CENTRAL_REASONS = {
    "invalid_nik": "reason.invalid_nik",
    "bad_signature": "reason.bad_signature",
    "unknown_key": "reason.unknown_key",
    "unknown_region": "reason.unknown_region",
    "rejected": "reason.rejected",
    "conflict": "reason.conflict",
}
# A record's fate at central, in the desk's detail: by (purpose, where it stands).
FATE_LINES = {
    ("void", "pending"): "fate.detail.void.pending",
    ("void", "withdrawn"): "fate.detail.void.withdrawn",
    ("void", "refused"): "fate.detail.void.refused",
    ("void", "unsupported"): "fate.detail.void.unsupported",
    ("superseded", "pending"): "fate.detail.superseded.pending",
    ("superseded", "withdrawn"): "fate.detail.superseded.withdrawn",
    ("superseded", "refused"): "fate.detail.superseded.refused",
    ("superseded", "unsupported"): "fate.detail.superseded.unsupported",
}
# A station's standing at central (``loket central list``).
STATION_STATUSES = {"active": "central.cli.status.active", "revoked": "central.cli.status.revoked"}

# -- Seals, slips and reports --------------------------------------------------------------

# Why a seal is not genuine.
SEAL_VERDICTS = {
    "malformed": "printing.seal.malformed",
    "unknown_key": "printing.seal.unknown_key",
    "bad_signature": "printing.seal.bad_signature",
    "wrong_alg": "printing.seal.wrong_alg",
    "bad_payload": "printing.seal.bad_payload",
    "wrong_typ": "printing.seal.wrong_typ",
    "revoked": "printing.seal.revoked",
    "key_not_valid": "printing.seal.key_not_valid",
    "wrong_office": "printing.seal.wrong_office",
}
# Seal fields that are not record fields.
SEAL_FIELDS = {
    "suket_number": "printing.field.suket_number",
    "office_code": "printing.field.office_code",
    "station_id": "printing.field.station_id",
    "issued": "printing.field.issued",
    "valid_until": "printing.field.valid_until",
}
SEAL_PROBLEMS = {
    "not_16_digits": "printing.seal.problem.not_16_digits",
    "not_l_or_p": "printing.seal.problem.not_l_or_p",
    "not_date": "printing.seal.problem.not_date",
    "empty": "printing.seal.problem.empty",
    "before_issue": "printing.seal.problem.before_issue",
    "not_positive": "printing.seal.problem.not_positive",
}
# Why ``loket verify`` finds a seal not genuine.
VERIFY_REASONS = {
    "malformed": "verify.reason.malformed",
    "unknown_key": "verify.reason.unknown_key",
    "bad_signature": "verify.reason.bad_signature",
    "wrong_alg": "verify.reason.wrong_alg",
    "bad_payload": "verify.reason.bad_payload",
    "wrong_typ": "verify.reason.wrong_typ",
    "revoked": "verify.reason.revoked",
    "key_not_valid": "verify.reason.key_not_valid",
    "wrong_office": "verify.reason.wrong_office",
}
# The purposes table of the PDF report.
REPORT_COLUMNS = {
    "taken": "report.pdf.col_taken",
    "waiting": "report.pdf.col_waiting",
    "open": "report.pdf.col_open",
    "total": "report.pdf.col_total",
}

# -- Intake --------------------------------------------------------------------------------

# What validation finds wrong, by ``field.code`` or, for any field, ``code``.
INTAKE_PROBLEMS = {
    "required": "intake.required",
    "not_text": "intake.not_text",
    "too_long": "intake.too_long",
    "invalid_chars": "intake.invalid_chars",
    "no_letters": "intake.no_letters",
    "control_chars": "intake.control_chars",
    "choice": "intake.choice",
    "not_bool": "intake.not_bool",
    "not_object": "intake.not_object",
    "not_record": "intake.not_record",
    "rt_rw_format": "intake.rt_rw_format",
    "rt_rw_zero": "intake.rt_rw_zero",
    "not_found": "intake.not_found",
    "not_in_parent": "intake.not_in_parent",
    "region_data": "intake.region_data",
    "photo_extension": "intake.photo_extension",
    "photo_missing": "intake.photo_missing",
    "photo_too_big": "intake.photo_too_big",
    "photo_bad_size": "intake.photo_bad_size",
    "photo_not_file": "intake.photo_not_file",
    "photo_unreadable": "intake.photo_unreadable",
    "photo_not_image": "intake.photo_not_image",
    "nik.not_digits": "intake.nik.not_digits",
    "nik.length": "intake.nik.length",
    "nik.day": "intake.nik.day",
    "nik.month": "intake.nik.month",
    "nik.date": "intake.nik.date",
    "nik.serial": "intake.nik.serial",
    "nik.region_unknown": "intake.nik.region_unknown",
    "kk.not_digits": "intake.kk.not_digits",
    "kk.length": "intake.kk.length",
    "kk.day": "intake.kk.day",
    "kk.month": "intake.kk.month",
    "kk.date": "intake.kk.date",
    "kk.future": "intake.kk.future",
    "kk.serial": "intake.kk.serial",
    "kk.same_as_nik": "intake.kk.same_as_nik",
    "kk.region_unknown": "intake.kk.region_unknown",
    "sex.nik_mismatch": "intake.sex.nik_mismatch",
    "birth_date.nik_mismatch": "intake.birth_date.nik_mismatch",
    "nik_mismatch_accepted": "intake.nik_mismatch_accepted",
    "birth_date.not_date": "intake.birth_date.not_date",
    "birth_date.future": "intake.birth_date.future",
    "birth_date.too_young": "intake.birth_date.too_young",
    "preview.region_unknown": "intake.preview.region_unknown",
}

# -- Commands ------------------------------------------------------------------------------

# What is wrong with the shape of an imported record.
IMPORT_SHAPES = {
    "not_object": "import.shape.not_object",
    "not_text": "import.shape.not_text",
    "not_date": "import.shape.not_date",
    "not_bool": "import.shape.not_bool",
}
# ``loket setup``'s questions, by settings field.
SETUP_QUESTIONS = {
    "office_code": "setup.ask_office_code",
    "office_name": "setup.ask_office_name",
    "office_address": "setup.ask_office_address",
    "head_name": "setup.ask_head_name",
    "head_nip": "setup.ask_head_nip",
}
# What a demo control did.
DEMO_DONE = {
    "revoke": "demo.done.revoke",
    "restore": "demo.done.restore",
    "cut": "demo.done.cut",
    "heal": "demo.done.heal",
    "errors": "demo.done.errors",
    "rate_limit": "demo.done.rate_limit",
}
# The demo menu's entries.
DEMO_ACTIONS = {
    "revoke": "demo.action.revoke",
    "restore": "demo.action.restore",
    "cut": "demo.action.cut",
    "heal": "demo.action.heal",
    "errors": "demo.action.errors",
    "rate_limit": "demo.action.rate_limit",
}

# Setup's answers a person must give, named in "missing" messages.
SETUP_FIELDS = {
    "office_name": "counter.setup.field.office_name",
    "office_address": "counter.setup.field.office_address",
    "head_name": "counter.setup.field.head_name",
}
