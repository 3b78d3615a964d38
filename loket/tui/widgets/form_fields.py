"""The fields of the intake form: their order, their controls and choice labels."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select

from loket.i18n import t
from loket.i18n.labels import PURPOSE_LABELS, REQUEST_TYPE_LABELS, SEX_LABELS, label
from loket.intake.record import (
    BLOOD_TYPES,
    MARITAL_STATUSES,
    NATIONALITIES,
    PURPOSES,
    RELIGIONS,
    REQUEST_TYPES,
    SEXES,
)
from loket.tui.widgets.date_input import DateInput
from loket.tui.widgets.form_checkbox import FormCheckbox
from loket.tui.widgets.form_select import FormSelect
from loket.tui.widgets.region_picker import RegionPicker

REGION_LEVELS = ("province", "regency", "district", "village")
DIGITS = r"[0-9]*"
# Form order; also the order in which the first error gets the focus.
FIELD_ORDER = (
    "nik", "kk", "name", "birth_place", "birth_date", "sex", "mismatch_reason", "blood_type",
    "street", "rt", "rw", *REGION_LEVELS, "religion", "marital_status", "occupation",
    "nationality", "request_type", "purpose", "biometrics_recorded", "photo_path",
)
TEXT_INPUTS = {
    "nik": dict(restrict=DIGITS, max_length=16),
    "kk": dict(restrict=DIGITS, max_length=16),
    "name": dict(max_length=60),
    "birth_place": dict(max_length=60),
    # Room for a pre-filled "DD-MM-" followed by a whole date typed out of habit.
    "birth_date": dict(restrict=r"[0-9 ./-]*", max_length=14),
    "mismatch_reason": dict(max_length=200),
    "street": dict(max_length=120),
    "rt": dict(restrict=DIGITS, max_length=3),
    "rw": dict(restrict=DIGITS, max_length=3),
    "occupation": dict(max_length=60),
    "photo_path": dict(max_length=400),
}
# Choice fields: (values, their labels (loket.i18n.labels) or None to show the value, default).
CHOICES = {
    "sex": (SEXES, SEX_LABELS, None),
    "blood_type": (BLOOD_TYPES, None, "-"),
    "religion": (RELIGIONS, None, None),
    "marital_status": (MARITAL_STATUSES, None, None),
    "nationality": (NATIONALITIES, None, "WNI"),
    "request_type": (REQUEST_TYPES, REQUEST_TYPE_LABELS, "new_recording"),
    "purpose": (PURPOSES, PURPOSE_LABELS, "general"),
}
MISMATCH_CODES = ("nik_mismatch", "nik_mismatch_accepted")


def choice_label(name: str, value: str) -> str:
    labels = CHOICES[name][1]
    if labels:
        return label(labels, value)
    if name == "blood_type" and value == "-":
        return t("tui.form.blood_unknown")
    return value


def biometrics_label(recorded: bool) -> str:
    return t("tui.form.biometrics_yes" if recorded else "tui.form.biometrics_no")


def make_control(name: str):
    if name in TEXT_INPUTS:
        placeholder = t("tui.form.date_placeholder") if name == "birth_date" else ""
        kind = DateInput if name == "birth_date" else Input
        return kind(id=name, compact=True, placeholder=placeholder, **TEXT_INPUTS[name])
    if name in REGION_LEVELS:
        return RegionPicker(id=name, placeholder=t("tui.form.type_to_filter"))
    if name == "biometrics_recorded":
        return FormCheckbox(biometrics_label(False), id=name, compact=True)
    values, _prefix, default = CHOICES[name]
    return FormSelect(
        [(choice_label(name, v), v) for v in values],
        id=name,
        compact=True,
        allow_blank=default is None,
        value=default if default is not None else Select.NULL,
        prompt=t("tui.form.choose"),
    )


def has_typed_data(form) -> bool:
    """Whether ``form`` (an IntakeForm) holds anything beyond what an empty form shows."""
    if any(form.text(name).strip() for name in TEXT_INPUTS):
        return True
    if any(form.picker(level).text.strip() for level in REGION_LEVELS):
        return True
    if any(form.choice(name) != (default or "") for name, (_v, _p, default) in CHOICES.items()):
        return True
    return form.query_one("#biometrics_recorded", Checkbox).value
