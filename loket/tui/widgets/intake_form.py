"""The intake form: every field of one request, checked as the clerk types.

Checking runs in worker threads (validation reads the photo file and the region
table; a complete NIK is looked up for open requests); results come back as
messages and are shown beside each field. A field's errors appear once the clerk
has left it, or for every field when the clerk asks to save.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.events import DescendantBlur
from textual.widgets import Checkbox, Input, Select
from textual.worker import get_current_worker

from loket.i18n import t
from loket.intake.record import IntakeRecord
from loket.tui.typed_date import TypedDateError, parse_typed_date
from loket.tui.widgets.field_row import FieldRow
from loket.tui.widgets.form_checkbox import FormCheckbox
from loket.tui.widgets.form_record import record_of
from loket.tui.widgets.form_select import FormSelect
from loket.tui.widgets.form_fields import (
    has_typed_data,
    CHOICES,
    FIELD_ORDER,
    MISMATCH_CODES,
    REGION_LEVELS,
    TEXT_INPUTS,
    biometrics_label,
    choice_label,
    make_control,
)
from loket.tui.widgets.nik_prefill import prefill_from_nik
from loket.tui.widgets.open_nik import describe_open
from loket.tui.widgets.region_picker import RegionPicker
from loket.tui.reply import Reply


class IntakeForm(VerticalScroll):
    DEFAULT_CSS = """
    IntakeForm { padding: 0 1; }
    IntakeForm Input, IntakeForm SelectCurrent { background: $boost; }
    IntakeForm Input:focus, IntakeForm Select:focus > SelectCurrent {
        background: $primary 35%;
    }
    IntakeForm #row-mismatch_reason { display: none; }
    """

    class Checked(Reply):
        def __init__(self, origin, record: IntakeRecord, result, final: bool) -> None:
            super().__init__(origin)
            self.record = record
            self.result = result
            self.final = final

    class NikDescribed(Reply):
        def __init__(self, origin, text: str, preview) -> None:
            super().__init__(origin)
            self.text = text
            self.preview = preview

    class OpenLookedUp(Reply):
        """The open requests of ``nik`` (read as soon as its 16 digits were typed)."""

        def __init__(self, origin, nik: str, found: list) -> None:
            super().__init__(origin)
            self.nik = nik
            self.found = found

    class Ready(Reply):
        """The record passed every check; the screen asks the clerk to confirm."""

        def __init__(self, origin, record: IntakeRecord, result) -> None:
            super().__init__(origin)
            self.record = record
            self.result = result

    class Refused(Reply):
        """Saving was asked for but errors remain; ``count`` of them, ``general`` unplaced."""

        def __init__(self, origin, count: int, general: list[str]) -> None:
            super().__init__(origin)
            self.count = count
            self.general = general

    def __init__(self, *, correcting: int | None = None, **kwargs) -> None:
        """``correcting``: the id of the stored request this form corrects (it is not its own duplicate)."""
        super().__init__(**kwargs)
        self.correcting = correcting
        self.touched: set[str] = set()
        self.last_result = None
        self.prefilled: dict[str, str] = {}
        self.nik_sex = ""  # what the complete NIK says, "" until it is complete
        self.open_found: tuple[str, list] | None = None  # (nik, its open requests)

    # -- building -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        for name in FIELD_ORDER:
            yield FieldRow(name, make_control(name))

    def on_mount(self) -> None:
        self._load_provinces()

    @work(thread=True, exit_on_error=False, group="regions")
    def _load_provinces(self) -> None:
        from loket.intake import regions

        choices = regions.province_choices()  # the first call reads the region table
        self.app.call_from_thread(self._set_provinces, choices)

    def _set_provinces(self, choices: list[tuple[str, str]]) -> None:
        self.picker("province").set_choices(choices)

    def relabel(self) -> None:
        for row in self.query(FieldRow):
            row.relabel()
        for name in CHOICES:
            select = self.query_one(f"#{name}", Select)
            value = select.value
            select.set_options([(choice_label(name, v), v) for v in CHOICES[name][0]])
            select.prompt = t("tui.form.choose")
            if value != Select.NULL:
                select.value = value
            # The value may be unchanged while its label is not: redraw it.
            select.mutate_reactive(Select.value)
        for level in REGION_LEVELS:
            self.picker(level).set_placeholder(t("tui.form.type_to_filter"))
        self.query_one("#birth_date", Input).placeholder = t("tui.form.date_placeholder")
        box = self.query_one("#biometrics_recorded", Checkbox)
        box.label = biometrics_label(box.value)
        if self.last_result is not None:
            self._show(self.last_result)

    # -- access ---------------------------------------------------------------------

    def row(self, name: str) -> FieldRow:
        return self.query_one(f"#row-{name}", FieldRow)

    def picker(self, level: str) -> RegionPicker:
        return self.query_one(f"#{level}", RegionPicker)

    def text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def choice(self, name: str) -> str:
        value = self.query_one(f"#{name}", Select).value
        return "" if value == Select.NULL else str(value)

    def region_name(self, level: str) -> str:
        from loket.intake import regions

        picker = self.picker(level)
        return (regions.name_of(picker.value) if picker.value else None) or picker.text

    def typed_date_error(self) -> str:
        try:
            parse_typed_date(self.text("birth_date"))
        except TypedDateError as exc:
            return exc.message()
        return ""

    def read_record(self) -> IntakeRecord:
        """The record as typed now (strings as typed; validation normalises)."""
        return record_of(self)

    def has_typed_data(self) -> bool:
        """Anything in the form beyond what an empty form shows (asked before it is thrown away)."""
        return has_typed_data(self)

    # -- clearing -------------------------------------------------------------------

    def clear(self) -> None:
        """Empty every field for the next person and put the cursor on NIK."""
        for name in TEXT_INPUTS:
            self.query_one(f"#{name}", Input).clear()
        for name, (_values, _prefix, default) in CHOICES.items():
            select = self.query_one(f"#{name}", Select)
            if default is None:
                select.clear()
            else:
                select.value = default
        for level in REGION_LEVELS:
            self.picker(level).clear()
        self.query_one("#biometrics_recorded", Checkbox).value = False
        self.touched.clear()
        self.last_result = None
        self.prefilled.clear()
        self.nik_sex = ""
        self.open_found = None
        self.show_mismatch(False)
        for row in self.query(FieldRow):
            for kind in ("error", "warning", "info"):
                row.set_message(kind, "")
        self.scroll_home(animate=False)
        self.query_one("#nik", Input).focus()

    # -- checking as the clerk types ----------------------------------------------------

    def _field_of(self, widget) -> str | None:
        for node in widget.ancestors_with_self:
            if isinstance(node, FieldRow):
                return node.field_name
        return None

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "nik":
            self.preview_nik(event.value)
        self.recheck()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.screen.focus_next()

    @on(Select.Changed)
    def _select_changed(self) -> None:
        self.recheck()

    @on(FormSelect.Picked)
    def _picked(self, event: FormSelect.Picked) -> None:
        event.stop()
        if event.select.id == "sex" and self._sex_disagrees_with_nik():
            # Show the reason field now, before moving on, so the next field is the reason
            # (the check in its worker would show it only after the focus had passed it).
            self.show_mismatch(True)
        # After Select's own handler, which takes the focus back from its list.
        self.call_after_refresh(self._focus_after, self._field_of(event.select))

    def _focus_after(self, name: str | None) -> None:
        order = [field for field in FIELD_ORDER if field != "mismatch_reason" or self.has_class("-mismatch")]
        if name in order and order.index(name) + 1 < len(order):
            self.focus_field(order[order.index(name) + 1])
        else:
            self.screen.focus_next()

    @on(FormSelect.Refused)
    @on(FormCheckbox.Refused)
    def _select_refused(self, event) -> None:
        event.stop()
        name = self._field_of(event.control)
        if name is not None:
            self.row(name).set_message("warning", t("counter.select.no_match", text=event.text))

    def _sex_disagrees_with_nik(self) -> bool:
        return bool(self.nik_sex and self.choice("sex") and self.choice("sex") != self.nik_sex)

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = biometrics_label(event.value)
        self.recheck()

    @on(RegionPicker.Changed)
    def _region_changed(self, event: RegionPicker.Changed) -> None:
        from loket.intake import regions

        level = event.picker.id
        below = REGION_LEVELS.index(level) + 1
        # A pick emptied by typing over it leaves the levels below alone: a clerk who
        # types into the province and picks the same one again keeps the regency,
        # district and village. Picking another one narrows them (and clears a pick
        # that is not among its children); a level cleared that way clears its own.
        if below < len(REGION_LEVELS) and not event.typed_over:
            self.picker(REGION_LEVELS[below]).set_choices(regions.children(event.value) if event.value else [])
        self.recheck()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        name = self._field_of(event.widget)
        now_focused = self.screen.focused
        if now_focused is not None and self._field_of(now_focused) == name:
            return  # focus went into the field's own list: the clerk has not left it
        if name is not None and name not in self.touched:
            self.touched.add(name)
            self.recheck()

    def recheck(self, final: bool = False) -> None:
        station = self.app.station
        if station is None:
            return
        record = self.read_record()
        if final:
            self._final_check(station, record)
        else:
            self._live_check(station, record)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-check")
    def _live_check(self, station, record: IntakeRecord) -> None:
        result = station.check(record)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Checked(self, record, result, final=False))

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-final")
    def _final_check(self, station, record: IntakeRecord) -> None:
        result = station.check(record)
        if not get_current_worker().is_cancelled:  # F2 pressed again: only the last one counts
            self.post_message(self.Checked(self, record, result, final=True))

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        message.stop()
        if message.final:
            self.touched.update(FIELD_ORDER)
        self.last_result = message.result
        self._show(message.result)
        if not message.final:
            return
        errors = list(message.result.errors)
        date_error = self.typed_date_error()
        if not errors and not date_error:
            self.post_message(self.Ready(self, message.record, message.result))
            return
        placed = {p.field for p in errors if p.field in FIELD_ORDER}
        if date_error:
            placed.add("birth_date")
        first = next(name for name in FIELD_ORDER if name in placed) if placed else None
        if first is not None:
            self.focus_field(first)
        general = [p.message() for p in errors if p.field not in FIELD_ORDER]
        self.post_message(self.Refused(self, len(errors) + (1 if date_error else 0), general))

    def show_mismatch(self, shown: bool) -> None:
        # On the row itself, not by a CSS class: the focus order includes it at once.
        self.set_class(shown, "-mismatch")
        self.row("mismatch_reason").display = shown

    def _focus_appeared_reason(self) -> None:
        """The reason field just appeared: it takes the focus if the clerk is at its neighbours."""
        focused = self.screen.focused
        if focused is not None and self._field_of(focused) in ("sex", "blood_type"):
            self.query_one("#mismatch_reason", Input).focus()

    def focus_field(self, name: str) -> None:
        if name == "mismatch_reason":
            self.show_mismatch(True)
        widget = self.picker(name) if name in REGION_LEVELS else self.query_one(f"#{name}")
        widget.focus()
        self.row(name).scroll_visible(animate=False)

    def _show(self, result) -> None:
        """Put each problem beside its field (errors only once the field was visited)."""
        mismatch = any(p.code in MISMATCH_CODES for p in result.errors + result.warnings)
        if mismatch or self.text("mismatch_reason").strip() or self._sex_disagrees_with_nik():
            if not self.has_class("-mismatch"):
                self.show_mismatch(True)
                self._focus_appeared_reason()
        else:
            self.show_mismatch(False)
        date_error = self.typed_date_error()
        for name in FIELD_ORDER:
            row = self.row(name)
            visited = name in self.touched
            errors = [p.message() for p in result.errors if p.field == name]
            if name == "birth_date" and date_error:
                errors = [date_error]  # say why the typed text is not a date, not just "required"
            warnings = [p.message() for p in result.warnings if p.field == name]
            if name == "nik":
                kind, text = describe_open(self.open_found, self.text("nik"), self.choice("request_type"))
                if kind == "error" and not errors:
                    errors, visited = [text], True  # shown at once: nothing else should be typed first
                elif kind == "warning":
                    warnings = [text, *warnings]
            row.set_message("error", errors[0] if errors and visited else "")
            row.set_message("warning", warnings[0] if warnings and (visited or name == "nik") else "")

    # -- the NIK, decoded as it is typed ------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="nik")
    def preview_nik(self, text: str) -> None:
        from loket.intake.nik import describe_nik

        preview = describe_nik(text)  # may read the region table: not on the UI thread
        if not get_current_worker().is_cancelled:
            self.post_message(self.NikDescribed(self, text, preview))

    @on(NikDescribed)
    def _nik_described(self, message: NikDescribed) -> None:
        message.stop()
        if message.text != self.text("nik"):
            return  # the clerk typed on since
        preview = message.preview
        self.row("nik").set_message("info", preview.summary() if preview.digits else "")
        if preview.problem and preview.problem != "length" and "nik" not in self.touched:
            # The digits typed so far already cannot be a NIK: say so now, not on leaving.
            self.touched.add("nik")
            self.recheck()
        self.nik_sex = (preview.sex or "") if preview.complete else ""
        if preview.complete:
            prefill_from_nik(self, preview, self.prefilled)
            if self.app.station is not None:
                self._look_up_open(self.app.station, message.text)
        elif self.open_found is not None:
            self.open_found = None
            self._show_duplicate()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-nik")
    def _look_up_open(self, station, nik: str) -> None:
        from loket.storage.open_requests import find_open_requests

        found = find_open_requests(station.db, nik, excluding=self.correcting)
        if not get_current_worker().is_cancelled:
            self.post_message(self.OpenLookedUp(self, nik, found))

    @on(OpenLookedUp)
    def _open_looked_up(self, message: OpenLookedUp) -> None:
        message.stop()
        if message.nik != self.text("nik"):
            return  # the clerk changed the NIK since
        self.open_found = (message.nik, message.found)
        self._show_duplicate()

    def _show_duplicate(self) -> None:
        if self.last_result is not None:
            self._show(self.last_result)
            return
        kind, text = describe_open(self.open_found, self.text("nik"), self.choice("request_type"))
        for name in ("error", "warning"):  # before the first check: the NIK's row alone
            self.row("nik").set_message(name, text if kind == name else "")

    # -- small setters the NIK prefill uses -------------------------------------------

    def set_text(self, name: str, value: str) -> None:
        widget = self.query_one(f"#{name}", Input)
        widget.value = value
        widget.cursor_position = len(value)

    def set_choice(self, name: str, value: str) -> None:
        self.query_one(f"#{name}", Select).value = value
