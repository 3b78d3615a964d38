"""After saving: the number to tell the resident, where the slip is, whether it printed.

F5 or N starts the next person (the intake form is cleared underneath); F6 or
R prints a copy marked SALINAN once a supervisor authorises it.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from loket.i18n import t
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.widgets.key_bar import KeyBar
from loket.tui.widgets.station_bar import StationBar
from loket.tui.reply import Reply


class SavedScreen(Screen[None]):
    DEFAULT_CSS = """
    SavedScreen #saved-box { padding: 1 2; height: auto; }
    SavedScreen #saved-title { text-style: bold; color: $text-success; }
    SavedScreen #saved-number { text-style: bold; margin-top: 1; }
    SavedScreen .saved-line { margin-top: 1; height: auto; }
    SavedScreen #saved-print.-failed { color: $text-error; }
    SavedScreen #saved-print.-busy { color: $text-warning; }
    SavedScreen #saved-next { margin-top: 1; color: $text-muted; }
    SavedScreen #saved-held { color: $text-warning; }
    SavedScreen #saved-tell { text-style: bold; }
    """

    BINDINGS = [
        bind("f5", "next_person", "next_person"),
        bind("f6", "reprint", "reprint"),
        Binding("n", "next_person", show=False),
        Binding("r", "reprint", show=False),
    ]

    class ReprintDone(Reply):
        """A copy was made (``copy_number``, ``outcome``) or refused (``error``)."""

        def __init__(self, origin, copy_number: int = 0, outcome=None, error: str = "") -> None:
            super().__init__(origin)
            self.copy_number = copy_number
            self.outcome = outcome
            self.error = error

    def __init__(self, saved, outcome, slip_error: str = "") -> None:
        super().__init__()
        self.saved = saved
        self.outcome = outcome
        self.slip_error = slip_error
        self.busy = False
        self._last_copy: SavedScreen.ReprintDone | None = None

    def compose(self) -> ComposeResult:
        yield StationBar()
        with Vertical(id="saved-box"):
            yield Static(id="saved-title")
            yield Static(id="saved-number", markup=False)
            yield Static(id="saved-person", classes="saved-line", markup=False)
            yield Static(id="saved-pdf", classes="saved-line", markup=False)
            yield Static(id="saved-print", classes="saved-line", markup=False)
            yield Static(id="saved-held", classes="saved-line", markup=False)
            yield Static(id="saved-tell", classes="saved-line", markup=False)
            yield Static(id="saved-next")
        yield KeyBar()  # wraps, so the demo's extra keys and English labels are never cut

    def on_mount(self) -> None:
        self.relabel()
        self.watch(self.app, "link", self._show_outage, init=False)

    def _show_outage(self, _reading=None) -> None:
        """While the link is down or the counter revoked: the request is held; what to tell the citizen."""
        from loket.tui.outage_words import held_line, tell_citizen

        reading = getattr(self.app, "link", None)
        state = reading.state if reading is not None else None
        for widget_id, text in (("#saved-held", held_line(state)), ("#saved-tell", tell_citizen(state, self.saved.kind))):
            line = self.query_one(widget_id, Static)
            line.update(text)
            line.display = bool(text)

    def relabel(self) -> None:
        saved = self.saved
        self.query_one("#saved-title", Static).update(t("tui.saved.title"))
        if saved.kind == "suket":
            number = t("tui.saved.suket_number", number=saved.number, queue_no=saved.queue_no)
        else:
            number = t("tui.saved.receipt_number", number=saved.number, queue_no=saved.queue_no)
        self.query_one("#saved-number", Static).update(number)
        person = t("tui.saved.person", name=saved.record.name, nik=saved.record.nik)
        if saved.valid_until and saved.kind == "suket":  # a receipt stands in for nothing: no term to tell
            person += "\n" + t("tui.saved.valid_until", date=saved.valid_until.strftime("%d-%m-%Y"))
        self.query_one("#saved-person", Static).update(person)
        pdf = t("tui.saved.pdf", path=self._shown_path(self.outcome.pdf_path)) if self.outcome else ""
        self.query_one("#saved-pdf", Static).update(pdf)
        self.query_one("#saved-pdf").display = bool(pdf)
        if not self.busy:
            self._show_print_state()
        self.query_one("#saved-next", Static).update(t("tui.saved.next_hint"))
        self._show_outage()

    def _shown_path(self, path) -> str:
        """Slips live in the station's data folder: show the path from there, short."""
        try:
            return str(path.relative_to(self.app.station.paths.root))
        except (AttributeError, ValueError):
            return str(path)

    def _show_print_state(self) -> None:
        """The slip's print outcome, or that of the last copy once one was asked for."""
        line = self.query_one("#saved-print", Static)
        copy, outcome = self._last_copy, self.outcome
        if copy is not None:
            if copy.error:
                text, ok = copy.error, False
            elif copy.outcome.printed:
                path = self._shown_path(copy.outcome.pdf_path)
                text, ok = t("tui.saved.copy_printed", copy=copy.copy_number, path=path), True
            else:
                text = t("tui.saved.copy_not_printed", copy=copy.copy_number, message=copy.outcome.message)
                ok = False
        elif outcome is None:
            text, ok = t("tui.saved.slip_failed", error=self.slip_error), False
        elif outcome.printed:
            text, ok = t("tui.saved.printed"), True
        else:
            text, ok = t("tui.saved.not_printed", message=outcome.message), False
        line.update(text)
        line.set_classes("saved-line" if ok else "saved-line -failed")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a copy prints, stay: its outcome is shown here.
        return None if self.busy else True

    def action_next_person(self) -> None:
        self.dismiss(None)

    # The command palette offers "new person" everywhere; here it means the same.
    action_new_person = action_next_person

    # -- a copy, authorised by a supervisor -------------------------------------------

    def action_reprint(self) -> None:
        from loket.tui.screens.supervisor import SupervisorScreen

        def authorised(approval) -> None:
            if approval is None:
                return
            supervisor, reason = approval
            self.busy = True
            self.refresh_bindings()
            line = self.query_one("#saved-print", Static)
            line.update(t("tui.saved.reprinting"))
            line.set_classes("saved-line -busy")
            self._reprint(self.app.station, supervisor, reason)

        self.app.push_screen(SupervisorScreen(), authorised)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reprint")
    def _reprint(self, station, supervisor, reason: str) -> None:
        try:
            copy_number, outcome = station.reprint(self.saved.request_id, supervisor, reason)
        except Exception as exc:  # not allowed, superseded, printer trouble: said plainly
            self.post_message(self.ReprintDone(self, error=describe_error(exc)))
        else:
            self.post_message(self.ReprintDone(self, copy_number, outcome))

    @on(ReprintDone)
    def _reprint_done(self, message: ReprintDone) -> None:
        self.busy = False
        self.refresh_bindings()
        self._last_copy = message
        self._show_print_state()
