"""Correcting a request central refused: the intake form, filled from the stored record.

Central's reason stands at the top. The form checks as at intake; F2 checks the
whole record, asks the supervisor why, and stores the correction in a worker
(``Station.correct``: same validation, a new idempotency key, queued again).
When a field the resident's paper shows changed, a new document was issued and
its slip is printed here. Dismissed with the sentence to show on the desk, or
``None`` when left with Escape.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Static
from textual.widgets.select import InvalidSelectValueError

from loket.i18n import t, tn
from loket.i18n.labels import FIELD_LABELS, label
from loket.i18n.notice import RequestName
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.typed_date import format_date
from loket.tui.widgets.form_fields import FIELD_ORDER, REGION_LEVELS
from loket.tui.widgets.intake_form import IntakeForm
from loket.tui.widgets.key_bar import KeyBar
from loket.tui.reply import Reply

TEXT_FIELDS = ("nik", "kk", "name", "birth_place", "occupation", "photo_path", "mismatch_reason")
ADDRESS_TEXT = ("street", "rt", "rw")
CHOICE_FIELDS = ("sex", "blood_type", "religion", "marital_status", "nationality", "request_type", "purpose")


class CorrectScreen(Screen[str | None]):
    DEFAULT_CSS = """
    CorrectScreen #correct-title { text-style: bold; padding: 0 1; background: $panel; }
    CorrectScreen #correct-central { color: $text-error; text-style: bold; padding: 0 1; height: auto; }
    CorrectScreen IntakeForm { height: 1fr; }
    CorrectScreen #correct-status { height: auto; max-height: 4; padding: 0 1; background: $panel; }
    CorrectScreen #correct-status.-error { color: $text-error; text-style: bold; }
    CorrectScreen #correct-status.-busy { color: $text-warning; }
    """

    BINDINGS = [
        bind("f2", "save", "desk_correct_save"),
        bind("escape", "back", "back"),
    ]

    class Prefill(Reply):
        def __init__(self, origin, record=None, regions: list | None = None, error: str = "") -> None:
            super().__init__(origin)
            self.record = record
            self.regions = regions or []  # (level, choices, code or None, name) top down
            self.error = error

    class Finished(Reply):
        def __init__(self, origin, text: str = "", problems: list | None = None, error: str = "") -> None:
            super().__init__(origin)
            self.text = text
            self.problems = problems or []
            self.error = error

    def __init__(self, request_view, supervisor) -> None:
        """``request_view``: the stored request (queue.RequestView); ``supervisor``: who corrects."""
        super().__init__()
        self.view = request_view
        self.supervisor = supervisor
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static(id="correct-title", markup=False)
        yield Static(id="correct-central", markup=False)
        yield IntakeForm(id="correct-form", correcting=self.view.id)
        yield Static(id="correct-status", markup=False)
        yield KeyBar()  # wraps: a one-line footer cut F8 and what follows at 80 columns

    @property
    def form(self) -> IntakeForm:
        return self.query_one(IntakeForm)

    def on_mount(self) -> None:
        self.relabel()
        self._say(t("desk.correct.loading"), "busy")
        self._read_record(self.view)

    def relabel(self) -> None:
        view = self.view
        self.query_one("#correct-title", Static).update(
            t("desk.correct.title", request=RequestName.of_view(view))
        )
        central = ""
        if view.last_error:
            from loket.sync.reasons import reason_words

            words = reason_words(view.last_error, view.state)
            said = words if words == view.last_error else f"{words} ({view.last_error})"
            central = t("desk.detail.central_said", reason=said)
        self.query_one("#correct-central", Static).update(central)
        self.form.relabel()

    def _say(self, text: str, kind: str = "") -> None:
        status = self.query_one("#correct-status", Static)
        status.set_classes(f"-{kind}" if kind else "")
        status.update(text)

    # -- filling the form from the stored record -----------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="correct-prefill")
    def _read_record(self, view) -> None:
        from loket.intake import regions
        from loket.intake.record import IntakeRecord

        try:
            record = IntakeRecord.from_request({**view.payload, **view.local})
            address = record.address
            names = [address.province, address.regency, address.district, address.village]
            codes = regions.find_address(*names).codes
            levels, parent = [], None
            for level, name in zip(REGION_LEVELS, names):
                choices = regions.province_choices() if level == "province" else (
                    regions.children(parent) if parent else [])
                levels.append((level, choices, codes.get(level), name))
                parent = codes.get(level)
        except Exception as exc:  # a stored record of an odd shape: say which field
            self.post_message(self.Prefill(self, error=describe_error(exc)))
            return
        self.post_message(self.Prefill(self, record, levels))

    @on(Prefill)
    def _prefill(self, message: Prefill) -> None:
        if message.error:
            self._say(message.error, "error")
            return
        form, record = self.form, message.record
        for name in TEXT_FIELDS:
            form.set_text(name, getattr(record, name) or "")
        for name in ADDRESS_TEXT:
            form.set_text(name, getattr(record.address, name) or "")
        form.set_text("birth_date", format_date(record.birth_date))
        off_list = []
        for name in CHOICE_FIELDS:
            value = getattr(record, name)
            if not value:
                continue
            try:
                form.set_choice(name, value)
            except InvalidSelectValueError:
                # What central refused may be exactly a value no list offers: leave the
                # choice open and say what was stored, so the supervisor picks the right one.
                off_list.append(t("desk.correct.off_list", field=label(FIELD_LABELS, name), value=value))
        form.query_one("#biometrics_recorded", Checkbox).value = record.biometrics_recorded
        for level, choices, code, name in message.regions:
            picker = form.picker(level)
            picker.set_choices(choices)
            if code:
                picker.set_value(code)
            else:  # a name not in today's region list: kept as typed, the check names it
                picker.input.value = name
        # Every problem shows at once: the supervisor is here to fix what is wrong.
        form.touched.update(FIELD_ORDER)
        form.recheck()
        self._say(" ".join([*off_list, t("desk.correct.hint")]), "error" if off_list else "")
        form.query_one("#nik", Input).focus()

    # -- saving the correction -------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return None if self.busy else True
        return True

    def action_save(self) -> None:
        self._say(t("tui.intake.checking"), "busy")
        self.form.recheck(final=True)

    def action_back(self) -> None:
        if not self.busy:
            self.dismiss(None)

    @on(IntakeForm.Refused)
    def _refused(self, message: IntakeForm.Refused) -> None:
        text = tn("tui.intake.fix_errors", message.count)
        self._say(" ".join([text, *message.general]), "error")

    @on(IntakeForm.Ready)
    def _ready(self, message: IntakeForm.Ready) -> None:
        from loket.tui.screens.reason_dialog import ReasonDialog

        if self.busy or self.app.screen is not self:
            return
        record = message.record

        def answered(reason: str | None) -> None:
            if not reason:
                self._say(t("desk.correct.hint"))
                return
            self.busy = True
            self.refresh_bindings()
            self._say(t("desk.correct.saving"), "busy")
            self._save(self.app.station, record, reason)

        self.app.push_screen(ReasonDialog(t("desk.reason.title.correct")), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="correct-save")
    def _save(self, station, record, reason: str) -> None:
        from loket.station import SubmitRefused

        try:
            corrected = station.correct(self.view.id, record, self.supervisor, reason)
        except SubmitRefused as refused:
            self.post_message(self.Finished(self, problems=refused.problems, error=t("desk.correct.refused")))
            return
        except Exception as exc:  # state moved on, duplicate NIK, nothing changed, not a supervisor
            self.post_message(self.Finished(self, error=describe_error(exc)))
            return
        fields = ", ".join(label(FIELD_LABELS, name) for name in corrected.changed)
        text = t("desk.correct.done", request=RequestName.of_view(self.view), fields=fields)
        if corrected.new_document and corrected.saved is not None:
            saved = corrected.saved
            try:
                outcome = station.print_slip(saved)
                text += " " + t("desk.correct.new_document", number=saved.number, message=outcome.message)
            except Exception as exc:  # stored already: the slip can be printed again from the desk
                text += " " + t("desk.correct.slip_failed", number=saved.number, error=describe_error(exc))
        self.post_message(self.Finished(self, text))

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.busy = False
        self.refresh_bindings()
        if not message.error:
            self.dismiss(message.text)
            return
        general = []
        for problem in message.problems:
            if problem.field in FIELD_ORDER:
                self.form.row(problem.field).set_message("error", problem.message())
            else:
                general.append(problem.message())
        self._say(" ".join([message.error, *general]), "error")
