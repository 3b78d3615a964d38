"""The message keys of the counter app's and the desk's coded values: key bars, columns,
headings, filters and help. The same rule as ``labels``: one whole key per value, shown
with ``labels.label(FAMILY, code)``.
"""

from __future__ import annotations

# Footer labels, by the name given to ``loket.tui.keys.bind``.
KEY_LABELS = {
    "close": "tui.key.close",
    "help": "tui.key.help",
    "discard": "tui.key.discard",
    "keep": "tui.key.keep",
    "keep_short": "tui.key.keep_short",
    "language": "tui.key.language",
    "logout": "tui.key.logout",
    "next_field": "tui.key.next_field",
    "previous_field": "tui.key.previous_field",
    "confirm": "tui.key.confirm",
    "new_person": "tui.key.new_person",
    "next_person": "tui.key.next_person",
    "reprint": "tui.key.reprint",
    "back": "tui.key.back",
    "yes": "tui.key.yes",
    "cancel": "tui.key.cancel",
    "sync_now": "tui.key.sync_now",
    "demo_menu": "tui.key.demo_menu",
    "open_desk": "tui.key.open_desk",
    "recent": "tui.key.recent",
    "reload": "tui.key.reload",
    "dashboard_back": "tui.key.dashboard_back",
    "dashboard_refresh": "tui.key.dashboard_refresh",
    "desk_requeue": "tui.key.desk_requeue",
    "desk_correct": "tui.key.desk_correct",
    "desk_void": "tui.key.desk_void",
    "desk_reprint": "tui.key.desk_reprint",
    "desk_override": "tui.key.desk_override",
    "desk_nik": "tui.key.desk_nik",
    "desk_sort": "tui.key.desk_sort",
    "desk_reverse": "tui.key.desk_reverse",
    "desk_refresh": "tui.key.desk_refresh",
    "desk_dashboard": "tui.key.desk_dashboard",
    "desk_all_states": "desk.search.key_all_states",
    "desk_correct_save": "tui.key.desk_correct_save",
    "desk_mark_all": "desk.keys.mark_all",
    "desk_filters": "desk.keys.filters",
    "desk_search": "desk.keys.search",
    "bulk_mark": "desk.keys.mark",
    "bulk_stop": "desk.keys.stop",
    "bulk_close": "desk.keys.close",
}
# Why a request of a bulk action was refused, by the refusal's code (its message key),
# in words that name no request: the summary lists the requests under it.
BULK_REFUSALS = {
    "resolve.cannot_requeue": "desk.bulk.refusal.cannot_requeue",
    "resolve.cannot_void": "desk.bulk.refusal.cannot_void",
    "resolve.override_closed": "desk.bulk.refusal.override_closed",
    "resolve.warning_not_found": "desk.bulk.refusal.warning_not_found",
    "storage.request_not_found": "desk.bulk.refusal.not_found",
    "fate.refused.central_holds": "desk.bulk.refusal.central_holds",
    "fate.refused.pending": "desk.bulk.refusal.withdrawal_pending",
}
DASHBOARD_HEADS = {
    "states": "tui.dashboard.states",
    "purposes": "tui.dashboard.purposes",
    "warnings": "tui.dashboard.warnings",
}
RECENT_COLUMNS = {
    "queue_no": "tui.recent.col.queue_no",
    "time": "tui.recent.col.time",
    "nik": "tui.recent.col.nik",
    "name": "tui.recent.col.name",
    "type": "tui.recent.col.type",
    "state": "tui.recent.col.state",
    "number": "tui.recent.col.number",
}
# What the supervisor dialog asks for first.
SUPERVISOR_NEEDS = {
    "name": "tui.supervisor.need_name",
    "pin": "tui.supervisor.need_pin",
    "reason.reprint": "tui.supervisor.need_reason.reprint",
    "reason.desk": "tui.supervisor.need_reason.desk",
}
# The supervisor dialog, by what it is opened for.
SUPERVISOR_TITLES = {"reprint": "tui.supervisor.title.reprint", "desk": "tui.supervisor.title.desk"}
SUPERVISOR_REASONS = {"reprint": "tui.supervisor.reason.reprint", "desk": "tui.supervisor.reason.desk"}
NOT_SUPERVISOR = {
    "reprint": "tui.supervisor.not_supervisor.reprint",
    "desk": "tui.supervisor.not_supervisor.desk",
}
DESK_COLUMNS = {
    "age": "desk.col.age",
    "urgency": "desk.col.urgency",
    "number": "desk.col.number",
    "nik": "desk.col.nik",
    "name": "desk.col.name",
    "request_type": "desk.col.request_type",
    "state": "desk.col.state",
    "attempts": "desk.col.attempts",
    "last_error": "desk.col.last_error",
}
# Short labels of the purposes that make a request urgent.
DESK_URGENT = {
    "election_candidate": "desk.urgent.election_candidate",
    "university_admission": "desk.urgent.university_admission",
    "civil_service_application": "desk.urgent.civil_service_application",
    "general": "desk.urgent.general",
    "other": "desk.urgent.other",
}
DESK_FILTERS = {
    "pending": "desk.filter.pending",
    "all_states": "desk.filter.all_states",
    "all_purposes": "desk.filter.all_purposes",
    "station": "desk.filter.station",
    "from": "desk.filter.from",
    "to": "desk.filter.to",
    "from_name": "desk.filter.from_name",
    "to_name": "desk.filter.to_name",
    "bad_date": "desk.filter.bad_date",
    "dates_reversed": "desk.filter.dates_reversed",
}
# What a history line of the desk shows about its event.
EVENT_DETAILS = {
    "number": "desk.detail.number",
    "copy": "desk.detail.copy",
    "code": "desk.detail.code",
    "from": "desk.detail.from",
    "central_ref": "fate.detail.central_ref",
}
DESK_DOCUMENT_KINDS = {"suket": "desk.detail.kind.suket", "receipt": "desk.detail.kind.receipt"}
# Intake warnings a request carries, in a word or two.
DESK_WARNINGS = {
    "region_unknown": "desk.warning.region_unknown",
    "nik_mismatch_accepted": "desk.warning.nik_mismatch_accepted",
}
# A request's history lines, by ``source.action``.
DESK_HISTORY = {
    "audit.intake.saved": "desk.history.audit.intake.saved",
    "audit.request.sending": "desk.history.audit.request.sending",
    "audit.request.queued": "desk.history.audit.request.queued",
    "audit.request.synced": "desk.history.audit.request.synced",
    "audit.request.rejected": "desk.history.audit.request.rejected",
    "audit.request.conflict": "desk.history.audit.request.conflict",
    "audit.request.completed": "desk.history.audit.request.completed",
    "audit.request.void": "desk.history.audit.request.void",
    "audit.request.requeued": "desk.history.audit.request.requeued",
    "audit.request.corrected": "desk.history.audit.request.corrected",
    "audit.request.warning_overridden": "desk.history.audit.request.warning_overridden",
    "audit.suket.reprinted": "desk.history.audit.suket.reprinted",
    "audit.request.withdrawal_asked": "fate.history.asked",
    "audit.request.withdrawn": "fate.history.withdrawn",
    "audit.request.withdrawal_refused": "fate.history.refused",
    "audit.request.withdrawal_unsupported": "fate.history.unsupported",
    "sync.accepted": "desk.history.sync.accepted",
    "sync.duplicate": "desk.history.sync.duplicate",
    "sync.rejected": "desk.history.sync.rejected",
    "sync.conflict": "desk.history.sync.conflict",
    "sync.card_printed": "desk.history.sync.card_printed",
}


# What each field of the intake form wants, for the F1 help.
FIELD_HELP = {
    "nik": "counter.help.field.nik",
    "kk": "counter.help.field.kk",
    "name": "counter.help.field.name",
    "birth_place": "counter.help.field.birth_place",
    "birth_date": "counter.help.field.birth_date",
    "sex": "counter.help.field.sex",
    "mismatch_reason": "counter.help.field.mismatch_reason",
    "blood_type": "counter.help.field.blood_type",
    "street": "counter.help.field.street",
    "rt": "counter.help.field.rt",
    "rw": "counter.help.field.rw",
    "province": "counter.help.field.province",
    "regency": "counter.help.field.regency",
    "district": "counter.help.field.district",
    "village": "counter.help.field.village",
    "religion": "counter.help.field.religion",
    "marital_status": "counter.help.field.marital_status",
    "occupation": "counter.help.field.occupation",
    "nationality": "counter.help.field.nationality",
    "request_type": "counter.help.field.request_type",
    "purpose": "counter.help.field.purpose",
    "biometrics_recorded": "counter.help.field.biometrics_recorded",
    "photo_path": "counter.help.field.photo_path",
}
