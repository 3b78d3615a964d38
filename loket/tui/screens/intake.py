"""The intake screen: the form, a status line, and the keys to check, save and start over.

Saving is two steps in one worker thread: ``station.submit`` (one database
transaction) then ``station.print_slip`` (PDF, printer). A refusal or failure
leaves the form exactly as typed.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from loket.i18n import t, tn
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.widgets.intake_form import IntakeForm
from loket.tui.widgets.key_bar import KeyBar
from loket.tui.widgets.station_bar import StationBar
from loket.tui.reply import Reply


class IntakeScreen(Screen[None]):
    DEFAULT_CSS = """
    IntakeScreen IntakeForm { height: 1fr; }
    IntakeScreen #intake-status {
        height: auto; max-height: 4; padding: 0 1;
        background: $panel; color: $text-muted;
    }
    IntakeScreen #intake-status.-error { color: $text-error; text-style: bold; }
    IntakeScreen #intake-status.-busy { color: $text-warning; }
    """

    BINDINGS = [
        bind("f2", "confirm", "confirm"),
        bind("f5", "new_person", "new_person"),
        # Enter in a plain text field moves on at once, like Tab (see the app's Tab
        # binding): keys typed right after it must not land in the field being left.
        # In a region picker, Enter must first see the letters typed before it, so
        # there it stays an ordinary key (check_action below).
        bind("enter", "enter_next", "next_field", show=False, priority=True),
    ]

    class SaveDone(Reply):
        def __init__(self, origin, saved, outcome, slip_error: str) -> None:
            super().__init__(origin)
            self.saved = saved
            self.outcome = outcome
            self.slip_error = slip_error

    class SaveFailed(Reply):
        def __init__(self, origin, text: str, problems: list) -> None:
            super().__init__(origin)
            self.text = text
            self.problems = problems

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self._status_key: str | None = None
        self._status_kind = ""
        self._status_params: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield StationBar()
        yield IntakeForm(id="intake-form")
        yield Static(id="intake-status", markup=False)
        yield KeyBar()  # wraps: at 80 columns a one-line footer cut its last keys

    help_name = "counter.screen.intake"

    def field_help(self) -> list[tuple[str, str]]:
        from loket.tui.widgets.form_fields import FIELD_ORDER

        from loket.i18n.labels import FIELD_LABELS, label
        from loket.i18n.screen_labels import FIELD_HELP

        return [(label(FIELD_LABELS, name), label(FIELD_HELP, name)) for name in FIELD_ORDER]

    @property
    def form(self) -> IntakeForm:
        return self.query_one(IntakeForm)

    def on_mount(self) -> None:
        self.show_status("tui.intake.hint")
        self.query_one("#nik").focus()
        self.watch(self.app, "link", self._link_changed, init=False)

    def _link_changed(self, _reading) -> None:
        if self._status_key == "tui.intake.hint":
            self.show_status("tui.intake.hint")

    def relabel(self) -> None:
        self.form.relabel()
        if self._status_key is not None:
            self.show_status(self._status_key, self._status_kind, **self._status_params)

    def show_status(self, key: str, kind: str = "", n: int | None = None, **params: object) -> None:
        """A status line from the catalog: re-translated when the language changes.

        ``n`` marks a plural message and is the number that picks its form."""
        text = t(key, **params) if n is None else tn(key, n, **params)
        if key == "tui.intake.hint":
            text = self._with_outage_line(text)
        self.set_status(text, kind)
        self._status_key, self._status_kind, self._status_params = key, kind, dict(params, n=n)

    def _with_outage_line(self, hint: str) -> str:
        """While the link is down or the counter revoked, what to tell the citizen comes first."""
        from loket.tui.outage_words import tell_citizen

        reading = getattr(self.app, "link", None)
        tell = tell_citizen(reading.state if reading is not None else None)
        return f"{t('counter.outage.tell_now', tell=tell)}\n{hint}" if tell else hint

    def set_status(self, text: str, kind: str = "") -> None:
        """A status line already in words (a storage or printer message)."""
        self._status_key = None
        status = self.query_one("#intake-status", Static)
        status.set_classes(f"-{kind}" if kind else "")
        status.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter_next":
            return self._in_plain_text_field()
        if action in ("confirm", "new_person") and self.busy:
            return None  # shown, but not while a save is running
        return True

    def _in_plain_text_field(self) -> bool:
        from textual.widgets import Input

        from loket.tui.widgets.region_picker import RegionPicker

        focused = self.focused
        return (
            isinstance(focused, Input)
            and focused in self.form.query(Input)
            and not any(isinstance(node, RegionPicker) for node in focused.ancestors)
        )

    # -- actions --------------------------------------------------------------------

    def action_enter_next(self) -> None:
        self.focus_next()

    def action_new_person(self) -> None:
        if not self.form.has_typed_data():
            self._start_over()
            return
        from loket.tui.screens.discard_dialog import DiscardDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self._start_over()

        self.app.push_screen(DiscardDialog("counter.discard.new_person"), answered)

    def _start_over(self) -> None:
        self.form.clear()
        self.show_status("tui.intake.hint")

    def action_confirm(self) -> None:
        if self.app.station is None:
            self.set_status(self.app.open_error or t("tui.login.no_station"), "error")
            return
        self.show_status("tui.intake.checking", "busy")
        self.form.recheck(final=True)

    @on(IntakeForm.Refused)
    def _refused(self, message: IntakeForm.Refused) -> None:
        if message.general:
            text = tn("tui.intake.fix_errors", message.count)
            self.set_status(" ".join([text, *message.general]), "error")
        else:
            self.show_status("tui.intake.fix_errors", "error", n=message.count)

    @on(IntakeForm.Ready)
    def _ready(self, message: IntakeForm.Ready) -> None:
        from loket.tui.screens.confirm import ConfirmScreen

        if isinstance(self.app.screen, ConfirmScreen):
            return  # already asking
        self.show_status("tui.intake.confirm_prompt")

        def decided(save: bool | None) -> None:
            if save:
                self._start_save(message.record)
            else:
                self.show_status("tui.intake.hint")

        self.app.push_screen(ConfirmScreen(message.result), decided)

    # -- saving ---------------------------------------------------------------------

    def _start_save(self, record) -> None:
        self.busy = True
        self.refresh_bindings()
        self.show_status("tui.intake.saving", "busy")
        self._save(self.app.station, self.app.clerk, record)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, station, clerk, record) -> None:
        from loket.station import SubmitRefused

        try:
            saved = station.submit(record, clerk)
        except SubmitRefused as refused:
            self.post_message(self.SaveFailed(self, t("tui.intake.refused"), refused.problems))
            return
        except Exception as exc:  # duplicate open request, database trouble: nothing was saved
            self.post_message(self.SaveFailed(self, describe_error(exc), []))
            return
        # The request is stored from here on; a slip problem must not look like a lost save.
        try:
            outcome, slip_error = station.print_slip(saved), ""
        except Exception as exc:
            outcome, slip_error = None, describe_error(exc)
        self.post_message(self.SaveDone(self, saved, outcome, slip_error))

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        self.busy = False
        self.refresh_bindings()
        self.set_status(message.text, "error")
        if message.problems:
            self.form.recheck(final=True)

    @on(SaveDone)
    def _save_done(self, message: SaveDone) -> None:
        from loket.tui.screens.saved import SavedScreen

        self.busy = False
        self.refresh_bindings()
        self.show_status("tui.intake.hint")

        def next_person(_result: object) -> None:
            self._start_over()  # saved: nothing typed is lost

        self.app.push_screen(SavedScreen(message.saved, message.outcome, message.slip_error), next_person)
