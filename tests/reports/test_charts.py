"""Run charts people read: dates, the start and cycles, the frozen median, signal points only."""

from __future__ import annotations

from datetime import date, timedelta

import matplotlib.dates as mdates

from bot.domain.portfolio import MeasureReading
from bot.domain.run_chart import Direction, SignalKind, judge
from bot.reports import charts

START = date(2026, 9, 7)
BASELINE = [61, 58, 63, 60, 59, 62]  # median 60.5, measured before the start
PERIOD = [57, 60, 52, 50, 49, 51, 48, 50]  # a shift of 8 below it (the 60 is below too)


def reading(values: list[float], baseline: int, cycle_starts=()) -> MeasureReading:
    """A weekly lower-is-better measure whose first `baseline` values precede the start."""
    days = tuple(START + timedelta(weeks=i - baseline) for i in range(len(values)))
    return MeasureReading(
        measure_id="task_minutes_per_day",
        name="Inbox minutes per day",
        unit="minutes per day",
        direction="lower",
        kind="human_time",
        baseline=60,
        target=40,
        days=days,
        values=tuple(values),
        judgement=judge(values, Direction.LOWER_IS_BETTER, baseline),
        start_date=START,
        cycle_starts=((1, START), *cycle_starts),
    )


def drawn(measure: MeasureReading) -> charts.RunChartCanvas:
    """Draw the chart and hand back the canvas to look at what it holds."""
    png = charts.run_chart_png(measure, "P-1 · Inbox minutes per day")
    assert png.startswith(b"\x89PNG")
    assert charts._canvas is not None
    return charts._canvas


def test_points_are_placed_on_their_dates() -> None:
    measure = reading([*BASELINE, *PERIOD], len(BASELINE))
    canvas = drawn(measure)
    xs = list(canvas.points.get_xdata())
    assert xs == [mdates.date2num(day) for day in measure.days]


def test_only_the_points_of_the_shift_are_marked_with_squares() -> None:
    canvas = drawn(reading([*BASELINE, *PERIOD], len(BASELINE)))
    shift = canvas.marks[SignalKind.SHIFT].get_offsets()
    assert len(shift) == len(PERIOD)  # the eight pilot-period points, no baseline point
    assert canvas.marks[SignalKind.SHIFT].get_paths() != canvas.marks[SignalKind.TREND].get_paths()


def test_frozen_median_covers_the_baseline_and_is_extended_across_the_pilot() -> None:
    measure = reading([*BASELINE, *PERIOD], len(BASELINE))
    canvas = drawn(measure)
    days = [mdates.date2num(day) for day in measure.days]
    assert list(canvas.median.get_ydata()) == [60.5, 60.5]
    assert list(canvas.median.get_xdata()) == [days[0], days[5]]
    assert list(canvas.extended.get_xdata()) == [days[5], days[-1]]
    assert canvas.extended.get_linestyle() == "--"


def test_the_start_and_each_later_cycle_are_marked() -> None:
    cycle_2 = START + timedelta(weeks=4)
    canvas = drawn(reading([*BASELINE, *PERIOD], len(BASELINE), ((2, cycle_2),)))
    labels = [a.get_text().strip() for a in canvas.cycles if hasattr(a, "get_text")]
    assert labels == ["start", "cycle 2"]


def test_a_whole_number_scale_gets_whole_number_ticks() -> None:
    ratings = [3, 4, 3, 3, 4, 3, 2, 2, 2, 1, 2, 2, 2, 1]
    mini_z = reading(ratings, 6).model_copy(update={"unit": "score (1-5)", "target": 2.0})
    canvas = drawn(mini_z)
    low, high = canvas.axes.get_ylim()
    ticks = [t for t in canvas.axes.get_yticks() if low <= t <= high]
    assert len(ticks) >= 3 and all(float(t).is_integer() for t in ticks)


def test_alt_text_says_what_the_chart_shows() -> None:
    text = charts.run_chart_alt_text(reading([*BASELINE, *PERIOD], 6), "P-1 Inbox")
    assert text == (
        "Run chart of P-1 Inbox (minutes per day), 14 values from 2026-07-27 to 2026-10-26, "
        "latest 50. Target 40. Improvement: 8 values in a row below the baseline median (shift)."
    )
