"""Confirm before saving: the whole record read-only, with any warnings.

Enter or Y saves (``dismiss(True)``); Escape or N goes back to the form
(``dismiss(False)``) with everything still typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from loket.i18n import t
from loket.intake.record import IntakeRecord
from loket.tui.keys import bind
from loket.tui.typed_date import format_date
from loket.tui.widgets.form_fields import choice_label
from loket.tui.widgets.key_bar import KeyBar

LABEL_WIDTH = 22


def record_rows(record: IntakeRecord) -> list[tuple[str, str]]:
    """(label, value) pairs in form order, values as the slip will show them.

    Related fields share a line so the whole record fits an 80x24 terminal.
    """
    address = record.address
    rows = [
        (t("field.nik"), record.nik),
        (t("field.kk"), record.kk),
        (t("field.name"), record.name),
        (t("tui.confirm.born"), f"{record.birth_place}, {format_date(record.birth_date)}"),
        (t("field.sex"), choice_label("sex", record.sex) if record.sex else ""),
        (t("field.blood_type"), choice_label("blood_type", record.blood_type)),
        (t("field.street"), f"{address.street}, RT {address.rt} / RW {address.rw}"),
        (t("tui.confirm.region"), ", ".join((address.village, address.district, address.regency, address.province))),
        (t("field.religion"), record.religion),
        (t("field.marital_status"), record.marital_status),
        (t("field.occupation"), record.occupation),
        (t("field.nationality"), record.nationality),
        (t("field.request_type"), choice_label("request_type", record.request_type)),
        (t("field.purpose"), choice_label("purpose", record.purpose)),
        (t("field.biometrics_recorded"), t("yes") if record.biometrics_recorded else t("no")),
    ]
    if record.photo_path:
        rows.append((t("field.photo_path"), record.photo_path))
    if record.mismatch_reason:
        rows.append((t("field.mismatch_reason"), record.mismatch_reason))
    return rows


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = f"""
    ConfirmScreen {{ align: center middle; }}
    ConfirmScreen #confirm-box {{
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }}
    ConfirmScreen #confirm-title {{ text-style: bold; }}
    ConfirmScreen #confirm-record {{ height: auto; max-height: 17; }}
    ConfirmScreen #confirm-warnings {{ color: $text-warning; height: auto; }}
    ConfirmScreen #confirm-issue {{ text-style: bold; color: $text-success; }}
    ConfirmScreen .label {{ width: {LABEL_WIDTH}; padding-right: 1; color: $text-muted; }}
    ConfirmScreen .value {{ width: 1fr; }}
    """

    BINDINGS = [
        bind("enter", "save", "yes"),
        bind("escape", "back", "back"),
        Binding("y", "save", show=False),
        Binding("n", "back", show=False),
    ]

    def __init__(self, result) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        record = self.result.normalized
        with Vertical(id="confirm-box"):
            yield Static(t("tui.confirm.title"), id="confirm-title")
            with VerticalScroll(id="confirm-record"):
                for label, value in record_rows(record):
                    with HorizontalGroup(classes="confirm-row"):
                        yield Static(label, classes="label", markup=False)
                        yield Static(value or "-", classes="value", markup=False)
            warnings = [f"! {p.message()}" for p in self.result.warnings]
            yield Static("\n".join(warnings), id="confirm-warnings", markup=False)
            issue = "tui.confirm.issues_suket" if record.biometrics_recorded else "tui.confirm.issues_receipt"
            yield Static(t(issue), id="confirm-issue")
            yield Static(t("tui.confirm.question"), id="confirm-question")
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.result.warnings:
            self.query_one("#confirm-warnings").display = False

    def relabel(self) -> None:
        self.refresh(recompose=True)

    def action_save(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
