"""The outage dashboard: what the head of office asks for while central is out of reach.

What needs doing first (warnings: requests central refused, Sukets running out,
a queue older than the office's limit, the disk), then how many wait and since
when, who is urgent, how many Sukets went out on each of the last 14 days, and
how many days the link was down and why. The numbers are counted in a worker
thread (``loket.storage.stats``, ``alerts``), again every 30 seconds and on R;
the link line follows the app's link reading.
Escape goes back to the screen underneath.
"""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Sparkline, Static

from loket.i18n import t, tn
from loket.i18n.labels import PURPOSE_LABELS, STATE_LABELS, label
from loket.i18n.screen_labels import DASHBOARD_HEADS
from loket.tui.errors import describe_error
from loket.tui.keys import bind
from loket.tui.link_words import describe_link, local_time, number
from loket.tui.widgets.key_bar import KeyBar
from loket.tui.widgets.desk_header import DeskStationBar
from loket.tui.widgets.station_bar import StationBar
from loket.tui.reply import Reply

REFRESH_SECONDS = 30.0
CHART_DAYS = 14


def _duration(length: dt.timedelta) -> str:
    from loket.printing.report import duration_words  # wording only: fpdf is not imported by it

    return duration_words(length)


class DashboardScreen(Screen[None]):
    DEFAULT_CSS = """
    DashboardScreen #dash-body { padding: 0 2; }
    DashboardScreen #dash-title { text-style: bold; margin-top: 1; }
    DashboardScreen .dash-head { text-style: bold; margin-top: 1; color: $text-primary; }
    DashboardScreen .dash-line { height: auto; }
    DashboardScreen #dash-outage.-ongoing { color: $text-error; text-style: bold; }
    DashboardScreen #dash-warnings { margin-bottom: 1; }
    DashboardScreen #dash-warnings.-warn { color: $text-warning; }
    DashboardScreen #dash-sparkline { height: 3; max-width: 60; margin-top: 1; }
    DashboardScreen #dash-updated { color: $text-muted; margin-top: 1; }
    DashboardScreen #dash-updated.-error { color: $text-error; text-style: bold; }
    """

    BINDINGS = [
        bind("escape", "back", "dashboard_back"),
        bind("r", "refresh_numbers", "dashboard_refresh"),
    ]

    class Loaded(Reply):
        """The numbers were counted (``numbers``, ``warnings``), or could not be (``error``)."""

        def __init__(self, origin, numbers=None, warnings=(), chart=(), error: str = "") -> None:
            super().__init__(origin)
            self.numbers = numbers
            self.warnings = list(warnings)
            self.chart = list(chart)
            self.error = error

    def __init__(self, clock=None, limits=None, supervisor=None, borrowed: bool = False) -> None:
        """``clock``: what time it is (a fixed one for pictures); ``limits``: the warnings'
        limits (default: from the station's settings); ``supervisor``: whose desk opened it
        (its header then names them as the desk's does; ``borrowed``: over a clerk's session)."""
        super().__init__()
        self.supervisor = supervisor
        self.borrowed = borrowed
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.limits = limits
        self.numbers = None
        self.warnings: list = []
        self.chart: list = []  # documents per day, the last CHART_DAYS days whatever the period
        self.error = ""
        self.loaded_at: dt.datetime | None = None

    def compose(self) -> ComposeResult:
        yield DeskStationBar() if self.supervisor is not None else StationBar()
        with VerticalScroll(id="dash-body"):
            yield Static(id="dash-title")
            yield Static(id="dash-link", classes="dash-line", markup=False)
            yield Static(id="dash-outage", classes="dash-line", markup=False)
            # What needs doing comes first: on a small screen it is what shows.
            yield Static(id="dash-warnings-head", classes="dash-head")
            yield Static(id="dash-warnings", classes="dash-line", markup=False)
            yield Static(id="dash-period", classes="dash-line", markup=False)
            yield Static(id="dash-issued", classes="dash-line", markup=False)
            yield Static(id="dash-oldest", classes="dash-line", markup=False)
            yield Static(id="dash-states-head", classes="dash-head")
            yield Static(id="dash-states", classes="dash-line", markup=False)
            yield Static(id="dash-purposes-head", classes="dash-head")
            yield Static(id="dash-purposes", classes="dash-line", markup=False)
            yield Static(id="dash-urgent", classes="dash-line", markup=False)
            yield Static(id="dash-days-head", classes="dash-head")
            yield Sparkline([], summary_function=max, id="dash-sparkline")
            yield Static(id="dash-days", classes="dash-line", markup=False)
            yield Static(id="dash-updated", markup=False)
        yield KeyBar()  # wraps, so the demo's extra keys and English labels are never cut

    def on_mount(self) -> None:
        self.watch(self.app, "link", self._show_link)
        self.set_interval(REFRESH_SECONDS, self.reload)
        self.relabel()
        self.reload()

    # -- counting -----------------------------------------------------------------------

    def reload(self) -> None:
        station = getattr(self.app, "station", None)
        if station is None:
            return  # not open yet: the next tick counts
        self._count(station)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def _count(self, station) -> None:
        from loket.storage import alerts, stats

        try:
            now = self.clock()
            since = stats.default_since(station.db, now)
            numbers = stats.station_numbers(station.db, since, now, days=CHART_DAYS)
            chart = stats.last_days(station.db, CHART_DAYS, now)
            limits = self.limits or alerts.WarningLimits.from_settings(station.settings)
            found = alerts.warnings(station.db, station.paths.root, now, limits=limits, numbers=numbers)
        except Exception as exc:  # a locked or damaged database: said on the screen, kept trying
            self.post_message(self.Loaded(self, error=describe_error(exc)))
        else:
            self.post_message(self.Loaded(self, numbers, found, chart))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.error = message.error
        if not message.error:
            self.numbers, self.warnings, self.chart = message.numbers, message.warnings, message.chart
            self.loaded_at = self.clock()
        self._show_numbers()

    def action_refresh_numbers(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- showing ------------------------------------------------------------------------

    def relabel(self) -> None:
        self.query_one("#dash-title", Static).update(t("tui.dashboard.title"))
        for name in ("states", "purposes", "warnings"):
            self.query_one(f"#dash-{name}-head", Static).update(t(DASHBOARD_HEADS[name]))
        self.query_one("#dash-days-head", Static).update(t("tui.dashboard.per_day", days=CHART_DAYS))
        self._show_link(getattr(self.app, "link", None))
        self._show_numbers()

    def _set(self, name: str, text: str) -> None:
        self.query_one(f"#dash-{name}", Static).update(text)

    def _show_link(self, reading) -> None:
        # The header's own words: every state already says it is about the link to central.
        self._set("link", describe_link(reading) if reading is not None else "")

    def _show_numbers(self) -> None:
        numbers = self.numbers
        updated = self.query_one("#dash-updated", Static)
        updated.set_class(bool(self.error), "-error")
        if self.error:
            updated.update(t("tui.dashboard.failed", error=self.error))
        elif numbers is None:
            updated.update(t("tui.dashboard.loading"))
        else:
            updated.update(t("tui.dashboard.updated", time=local_time(self.loaded_at, self.loaded_at)))
        if numbers is None:
            return
        self._show_outage(numbers)
        if numbers.since is None:
            period = t("tui.dashboard.period_all")
        else:
            period = t("tui.dashboard.period", since=numbers.since.strftime("%d-%m-%Y"))
        self._set("period", period + " · " + t("tui.dashboard.days_offline", days=number(numbers.days_offline)))
        self._set("issued", t("tui.dashboard.issued",
                              sukets=tn("tui.dashboard.count_sukets", numbers.sukets_issued,
                                        count=number(numbers.sukets_issued)),
                              receipts=tn("tui.dashboard.count_receipts", numbers.receipts_issued,
                                          count=number(numbers.receipts_issued)),
                              taken=tn("tui.dashboard.count_requests", numbers.taken, count=number(numbers.taken))))
        if numbers.oldest_waiting is None:
            self._set("oldest", t("tui.dashboard.oldest_none"))
        else:
            self._set("oldest", t("tui.dashboard.oldest", since=local_time(numbers.oldest_waiting, numbers.now),
                                  duration=_duration(numbers.oldest_age)))
        self._set("states", self._states_text(numbers))
        self._set("purposes", self._purposes_text(numbers))
        self._set("urgent", t("tui.dashboard.urgent", count=number(numbers.urgent_waiting)))
        self._show_days(numbers)
        warnings = self.query_one("#dash-warnings", Static)
        warnings.set_class(bool(self.warnings), "-warn")
        warnings.update("\n".join(f"• {w.message}" for w in self.warnings) or t("tui.dashboard.no_warnings"))

    def _show_outage(self, numbers) -> None:
        from loket.printing.report_outages import CAUSE_NAMES  # wording only, as above

        line = self.query_one("#dash-outage", Static)
        ongoing = numbers.current_outage
        line.set_class(ongoing is not None, "-ongoing")
        if ongoing is not None:
            text = t("tui.dashboard.outage_now", since=local_time(ongoing.start, numbers.now),
                     duration=_duration(ongoing.length(numbers.now)))
            text += " " + t("dash.outage_cause", cause=t(CAUSE_NAMES[ongoing.cause]))
        elif numbers.outages:
            last = numbers.outages[-1]
            text = t("tui.dashboard.no_outage") + " " + t(
                "tui.dashboard.last_outage", start=local_time(last.start, numbers.now),
                end=local_time(last.end, numbers.now), duration=_duration(last.length(numbers.now)))
            text += " " + t("dash.outage_cause", cause=t(CAUSE_NAMES[last.cause]))
        else:
            text = t("tui.dashboard.no_outage")
        line.update(text)

    @staticmethod
    def _states_text(numbers) -> str:
        labels = {state: label(STATE_LABELS, state) for state in numbers.by_state}
        width = max(len(label) for label in labels.values())
        return "\n".join(f"{labels[state]:<{width}}  {number(count):>9}" for state, count in numbers.by_state.items())

    @staticmethod
    def _purposes_text(numbers) -> str:
        rows = [(t("tui.dashboard.col_purpose"), t("tui.dashboard.col_waiting"), t("tui.dashboard.col_open"),
                 t("tui.dashboard.col_taken"))]
        for purpose in numbers.by_purpose:
            rows.append((label(PURPOSE_LABELS, purpose.purpose), number(purpose.waiting),
                         number(purpose.open), number(purpose.taken)))
        width = max(len(row[0]) for row in rows)
        return "\n".join(f"{a:<{width}}  {b:>10}  {c:>13}  {d:>9}" for a, b, c, d in rows)

    def _show_days(self, numbers) -> None:
        days = self.chart
        self.query_one("#dash-sparkline", Sparkline).data = [day.sukets for day in days]
        if not days:
            self._set("days", "")
            return
        self._set("days", t(
            "tui.dashboard.per_day_range", first=days[0].day.strftime("%d-%m"), last=days[-1].day.strftime("%d-%m"),
            most=number(max(day.sukets for day in days)), today=number(days[-1].sukets)))
