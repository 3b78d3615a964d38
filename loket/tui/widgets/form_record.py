"""The intake record as the form holds it now: what a check or a save is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Checkbox

from loket.intake.record import Address, IntakeRecord
from loket.tui.typed_date import TypedDateError, parse_typed_date
from loket.tui.widgets.form_fields import REGION_LEVELS

if TYPE_CHECKING:
    from loket.tui.widgets.intake_form import IntakeForm


def record_of(form: IntakeForm) -> IntakeRecord:
    """Strings as typed (validation normalises); a date that does not parse is no date."""
    try:
        born = parse_typed_date(form.text("birth_date"))
    except TypedDateError:
        born = None
    return IntakeRecord(
        nik=form.text("nik"),
        kk=form.text("kk"),
        name=form.text("name"),
        birth_place=form.text("birth_place"),
        birth_date=born,
        sex=form.choice("sex"),
        blood_type=form.choice("blood_type"),
        address=Address(
            street=form.text("street"),
            rt=form.text("rt"),
            rw=form.text("rw"),
            **{level: form.region_name(level) for level in REGION_LEVELS},
        ),
        religion=form.choice("religion"),
        marital_status=form.choice("marital_status"),
        occupation=form.text("occupation"),
        nationality=form.choice("nationality"),
        request_type=form.choice("request_type"),
        purpose=form.choice("purpose"),
        biometrics_recorded=form.query_one("#biometrics_recorded", Checkbox).value,
        photo_path=form.text("photo_path").strip(),
        mismatch_reason=form.text("mismatch_reason") if form.has_class("-mismatch") else "",
    )
