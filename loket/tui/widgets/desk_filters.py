"""The desk's filter bar: state, purpose, station and the days the requests were taken.

It reads its own controls and posts ``DeskFilters.Changed`` with the filter's
parts only when they are valid and differ from the last ones sent; a date typed
wrongly is named on the bar's own line and the list keeps its last filter.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from loket.dates import TypedDayError, parse_day
from loket.i18n import t
from loket.i18n.labels import PURPOSE_LABELS, STATE_LABELS, label
from loket.i18n.screen_labels import DESK_FILTERS
from loket.intake.record import PURPOSES
from loket.tui.reply import Reply

# Every state a request can be in (loket.storage.models.STATES, not imported: it pulls in peewee).
STATES = ("queued", "sending", "synced", "rejected", "conflict", "completed", "void")
PENDING = "pending"
ALL = "all"


def state_options() -> list[tuple[str, str]]:
    return [(t("desk.filter.pending"), PENDING), (t("desk.filter.all_states"), ALL)] + [
        (label(STATE_LABELS, state), state) for state in STATES
    ]


def purpose_options() -> list[tuple[str, str]]:
    return [(t("desk.filter.all_purposes"), ALL)] + [(label(PURPOSE_LABELS, p), p) for p in PURPOSES]


def station_options(stations: list[str]) -> list[tuple[str, str]]:
    return [(t("desk.filter.all_stations"), ALL)] + [(station, station) for station in stations]


def reason_options(reasons: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """Central's codes present in the queue, each in words with the code and how many hold it."""
    from loket.sync.reasons import reason_words
    from loket.tui.widgets.queue_columns import thousands

    def words(code: str, count: int) -> str:
        said = reason_words(code)
        if said == code:  # a code without words of its own
            return t("desk.bulk.filter.reason_code", code=code, count=thousands(count))
        return t("desk.bulk.filter.reason", words=said, code=code, count=thousands(count))

    return [(t("desk.bulk.filter.all_reasons"), ALL)] + [(words(code, count), code) for code, count in reasons]


class DeskFilters(Vertical):
    DEFAULT_CSS = """
    DeskFilters { height: auto; padding: 0 1; background: $panel; }
    DeskFilters > Horizontal { height: auto; }
    DeskFilters Select { width: 29; margin-right: 1; }
    DeskFilters #filter-purpose { width: 26; }
    DeskFilters #filter-station { width: 20; }
    DeskFilters Input { width: 20; margin-right: 1; background: $boost; }
    DeskFilters #filter-from { width: 17; }
    DeskFilters #filter-to { width: 19; }
    DeskFilters #filter-reason { width: 1fr; max-width: 76; }
    DeskFilters Input:focus, DeskFilters Select:focus > SelectCurrent { background: $primary 35%; }
    DeskFilters #filter-problem { color: $text-error; height: auto; }
    DeskFilters #filter-problem.-clear { display: none; }
    """

    class Changed(Reply):
        """``parts``: keyword arguments of desk.DeskFilter except ``search``."""

        def __init__(self, origin, parts: dict) -> None:
            super().__init__(origin)
            self.parts = parts

    def __init__(self, stations: list[str] = (), **kwargs) -> None:
        """``stations``: the office's counters (one, on a single PC), offered in the station filter."""
        super().__init__(**kwargs)
        self.parts: dict | None = None
        self.stations = list(stations)
        self.reasons: list[tuple[str, int]] = []  # (code, how many), set by the desk's live check
        self._said = ""  # the problem line shown now (none at first)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Select(state_options(), id="filter-state", value=PENDING, allow_blank=False, compact=True)
            yield Select(purpose_options(), id="filter-purpose", value=ALL, allow_blank=False, compact=True)
            yield Select(station_options(self.stations), id="filter-station", value=ALL, allow_blank=False,
                         compact=True)
        # Two rows, so every control is on screen at 80 columns (Tab never lands off the edge).
        with Horizontal():
            date_rules = dict(restrict=r"[0-9 ./-]*", max_length=10, compact=True)
            yield Input(id="filter-from", placeholder=t("desk.filter.from"), **date_rules)
            yield Input(id="filter-to", placeholder=t("desk.filter.to"), **date_rules)
            yield Select(reason_options(self.reasons), id="filter-reason", value=ALL, allow_blank=False,
                         compact=True)
        yield Static(id="filter-problem", classes="-clear", markup=False)

    def on_mount(self) -> None:
        self.parts = self.read()

    def relabel(self) -> None:
        for select_id, options in (("#filter-state", state_options()), ("#filter-purpose", purpose_options()),
                                   ("#filter-station", station_options(self.stations)),
                                   ("#filter-reason", reason_options(self.reasons))):
            self._set_options(select_id, options)
        for input_id, key in (("#filter-from", "from"), ("#filter-to", "to")):
            self.query_one(input_id, Input).placeholder = t(DESK_FILTERS[key])
        self._check()

    def _set_options(self, select_id: str, options: list[tuple[str, str]]) -> None:
        """New choices for a list, keeping its value (a code no longer present stays chosen
        with its own name, so the list does not jump to another filter by itself)."""
        select = self.query_one(select_id, Select)
        value = select.value
        if value not in [v for _, v in options]:
            options = options + [(str(value), value)]
        with select.prevent(Select.Changed):
            select.set_options(options)
            select.value = value
            # The value may be the one it was while its name is not (F9): redraw the name.
            select.mutate_reactive(Select.value)

    def set_reasons(self, reasons: list[tuple[str, int]]) -> None:
        if reasons != self.reasons:
            self.reasons = list(reasons)
            self._set_options("#filter-reason", reason_options(self.reasons))

    def set_reason(self, code: str) -> None:
        """Choose central's reason from code (``all`` or a code)."""
        self.query_one("#filter-reason", Select).value = code

    def focus_first(self) -> None:
        self.query_one("#filter-state", Select).focus()

    def read(self) -> dict | None:
        """The filter as set now, or None (the problem shown) when a date is not a date."""
        from loket.storage.desk import PENDING_STATES

        state = self.query_one("#filter-state", Select).value
        purpose = self.query_one("#filter-purpose", Select).value
        station = self.query_one("#filter-station", Select).value
        reason = self.query_one("#filter-reason", Select).value
        days = {}
        for name in ("from", "to"):
            try:
                days[name] = parse_day(self.query_one(f"#filter-{name}", Input).value)
            except TypedDayError as exc:  # worded as the filter's date, not a birth date
                self._say(t("desk.filter.bad_date", which=t(DESK_FILTERS[f"{name}_name"]), problem=exc.message()))
                return None
        if days["from"] and days["to"] and days["from"] > days["to"]:
            self._say(t("desk.filter.dates_reversed"))
            return None
        self._say("")
        return {
            "states": PENDING_STATES if state == PENDING else () if state == ALL else (state,),
            "purpose": None if purpose == ALL else purpose,
            "station_id": None if station == ALL else station,
            "reason": None if reason == ALL else reason,
            "created_from": days["from"],
            "created_to": days["to"],
        }

    def set_state(self, value: str) -> None:
        """Choose the state filter from code (``pending``, ``all`` or a state)."""
        self.query_one("#filter-state", Select).value = value

    def _say(self, text: str) -> None:
        # Read on every keystroke in the search box: an unchanged line is left alone, as
        # updating it asks for a layout of the whole screen in the keystroke's frame.
        if text == self._said:
            return
        self._said = text
        problem = self.query_one("#filter-problem", Static)
        problem.update(text)
        problem.set_class(not text, "-clear")

    @on(Select.Changed)
    @on(Input.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self._check()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def _check(self) -> None:
        parts = self.read()
        if parts is not None and parts != self.parts:
            self.parts = parts
            self.post_message(self.Changed(self, parts))
