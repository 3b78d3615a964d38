"""The desk's detail pane: one request in full, what went wrong, and its history.

The record (with field labels), the warnings still standing and those a
supervisor confirmed, central's last answer, the Suket (number, validity,
copies) and the history from ``desk.history``: the audit trail and every sync
attempt, oldest first. Loaded in a worker; a newer choice replaces an older one.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.worker import get_current_worker

from loket.dates import format_moment
from loket.i18n import t
from loket.i18n.labels import FIELD_LABELS, PURPOSE_LABELS, REQUEST_TYPE_LABELS, SEX_LABELS, STATE_LABELS, label
from loket.i18n.screen_labels import DESK_DOCUMENT_KINDS, DESK_HISTORY, DESK_WARNINGS, EVENT_DETAILS
from loket.tui.errors import describe_error
from loket.tui.theme import LOKET_THEME
from loket.tui.widgets.queue_columns import shown_nik
from loket.tui.widgets.request_fate import fate_lines
from loket.tui.reply import Reply

# The record's fields in form order, address parts by their own labels.
RECORD_FIELDS = (
    "nik", "kk", "name", "birth_place", "birth_date", "sex", "blood_type", "street", "rt", "rw",
    "village", "district", "regency", "province", "religion", "marital_status", "occupation",
    "nationality", "request_type", "purpose", "biometrics_recorded", "photo_path", "mismatch_reason",
)
ADDRESS_PARTS = ("street", "rt", "rw", "village", "district", "regency", "province")
LABELLED_CHOICES = {"sex": SEX_LABELS, "request_type": REQUEST_TYPE_LABELS, "purpose": PURPOSE_LABELS}
LABEL_WIDTH = 26
ERROR_STYLE = f"bold {LOKET_THEME.error}"
WARNING_STYLE = LOKET_THEME.warning


def field_value(name: str, data: dict, full_nik: bool) -> str:
    value = (data.get("address") or {}).get(name, "") if name in ADDRESS_PARTS else data.get(name, "")
    if name == "nik" and value:
        return shown_nik(str(value), full_nik)
    if name == "birth_date" and value:
        try:
            return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
        except ValueError:
            return str(value)
    if name == "biometrics_recorded":
        return t("yes") if value is True else t("no")
    if name in LABELLED_CHOICES and value:
        return label(LABELLED_CHOICES[name], value)
    return "" if value is None else str(value)


def warning_text(code: str) -> str:
    return label(DESK_WARNINGS, code)


def action_text(entry) -> str:
    key = DESK_HISTORY.get(f"{entry.source}.{entry.action}")
    return t(key) if key else entry.action


def details_text(details: dict) -> str:
    """The parts of an event a supervisor reads: why, what changed, which number."""
    parts = []
    if details.get("changed"):
        parts.append(t("desk.detail.changed", fields=", ".join(label(FIELD_LABELS, f) for f in details["changed"])))
    for name in ("number", "copy", "code", "from", "central_ref"):
        if details.get(name) not in (None, ""):
            value = details[name]
            if name == "from":
                value = label(STATE_LABELS, value)
            parts.append(f"{t(EVENT_DETAILS[name])}: {value}")
    if details.get("reason"):
        parts.append(f"{t('desk.detail.reason')}: {details['reason']}")
    return " · ".join(parts)


def describe(view, history: list, full_nik: bool) -> Text:
    """The whole pane as one Text (the caller puts it in a scrolling Static)."""
    out = Text()
    out.append(f"{view.name} · NIK {shown_nik(view.nik, full_nik)}", style="bold")
    out.append(f" · {label(STATE_LABELS, view.state)}\n", style="bold")
    out.append(t("desk.detail.taken", queue_no=view.queue_no, year=view.queue_year,
                 at=format_moment(view.created_at), clerk=view.clerk_name, station=view.station_id) + "\n")
    if view.suket is not None:
        suket = view.suket
        kind = label(DESK_DOCUMENT_KINDS, suket.kind)
        line = f"{kind}: {suket.number}"
        if suket.valid_until and suket.kind == "suket":  # a receipt stands in for nothing, so it has no term
            line += " · " + t("desk.detail.valid_until", date=suket.valid_until.strftime("%d-%m-%Y"))
        line += " · " + t("desk.detail.copies", count=suket.copies)
        out.append(line)
        if suket.superseded:
            out.append(" · " + t("desk.detail.superseded"), style="italic")
        out.append("\n")
    out.append(t("desk.detail.attempts", count=view.attempts) + "\n")
    if view.last_error:
        from loket.sync.reasons import reason_words

        words = reason_words(view.last_error, view.state)
        said = words if words == view.last_error else f"{words} ({view.last_error})"
        out.append(t("desk.detail.central_said", reason=said) + "\n", style=ERROR_STYLE)
    for line in fate_lines(history):
        out.append(line + "\n", style=WARNING_STYLE)
    for code in view.warnings:
        out.append(t("desk.detail.warning", text=warning_text(code)) + "\n", style=WARNING_STYLE)
    for entry in view.local.get("overrides") or ():
        out.append(t("desk.detail.overridden", text=warning_text(str(entry.get("code"))),
                     by=entry.get("by", ""), reason=entry.get("reason", "")) + "\n")
    out.append("\n")
    data = {**view.payload, **{k: v for k, v in view.local.items() if k in ("photo_path", "mismatch_reason")}}
    for name in RECORD_FIELDS:
        value = field_value(name, data, full_nik)
        if value:
            out.append(f"{label(FIELD_LABELS, name)}:".ljust(LABEL_WIDTH), style="dim")
            out.append(value + "\n")
    out.append("\n" + t("desk.detail.history") + "\n", style="bold")
    if not history:
        out.append(t("desk.detail.no_history") + "\n", style="dim")
    for entry in history:
        out.append(f"{format_moment(entry.at)}  ", style="dim")
        out.append(f"{entry.actor}  ")
        out.append(action_text(entry), style="bold")
        extra = details_text(entry.details or {})
        out.append(f"  {extra}\n" if extra else "\n")
    return out


class RequestDetail(VerticalScroll):
    DEFAULT_CSS = """
    RequestDetail { background: $surface; border-top: solid $panel-lighten-2; padding: 0 1; }
    RequestDetail #detail-text { height: auto; }
    """

    class Loaded(Reply):
        def __init__(self, origin, request_id: int | None, view=None, history=None, error: str = "") -> None:
            super().__init__(origin)
            self.request_id = request_id
            self.view = view
            self.history = history or []
            self.error = error

    def __init__(self, db=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._db = db
        self.request_id: int | None = None
        self.view = None  # the RequestView shown (None: nothing chosen)
        self.history: list = []
        self.full_nik = False

    @property
    def db(self):
        return self._db if self._db is not None else self.app.station.db

    def compose(self) -> ComposeResult:
        yield Static(t("desk.detail.nothing"), id="detail-text")

    def show_request(self, request_id: int | None) -> None:
        """Load and show ``request_id`` (None: say nothing is chosen)."""
        self.request_id = request_id
        if request_id is None:
            self.view, self.history = None, []
            self._paint()
            return
        self._load(self.db, request_id)

    def reload(self) -> None:
        self.show_request(self.request_id)

    def set_full_nik(self, full: bool) -> None:
        self.full_nik = full
        self._paint()

    def relabel(self) -> None:
        self._paint()

    @work(thread=True, exclusive=True, exit_on_error=False, group="request-detail")
    def _load(self, db, request_id: int) -> None:
        from loket.storage import desk, queue

        try:
            view = queue.get_request(db, request_id)
            history = desk.history(db, request_id) if view is not None else []
        except Exception as exc:
            self.post_message(self.Loaded(self, request_id, error=describe_error(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(self, request_id, view, history))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        if message.request_id != self.request_id:
            return  # the cursor moved on meanwhile
        self.view, self.history = message.view, message.history
        self._paint(message.error)

    def _paint(self, error: str = "") -> None:
        text = self.query_one("#detail-text", Static)
        if error:
            text.update(Text(error, style=ERROR_STYLE))
        elif self.view is None:
            text.update(t("desk.detail.nothing"))
        else:
            text.update(describe(self.view, self.history, self.full_nik))
