"""Charts as PNG images, drawn with matplotlib's Agg backend (no display, no network).

A run chart shows a measure's values by date: the baseline measured before the pilot's start,
then the current PDSA cycle. The start and each later cycle are marked with a vertical line,
the frozen baseline median is drawn across the baseline (solid) and extended across the pilot
period (dashed), the target is a flat green line, and only the points of a signal are marked:
a shift with orange squares, a trend with purple triangles, so shape tells them apart as well
as colour. A scale of whole numbers (a Mini-Z 1-5, clicks) gets whole-number ticks. Every chart
has alt text for screen readers (run_chart_alt_text, burnout_alt_text).

A report draws dozens of run charts, and building a figure costs more than drawing it, so one
figure is kept and only its data change from chart to chart (under a lock: summaries for two
leaders may be drawn at once)."""

from __future__ import annotations

import io
import threading
from datetime import date

import matplotlib

matplotlib.use("Agg")  # before any figure exists, so no GUI backend is ever chosen

import matplotlib.dates as mdates  # noqa: E402 - the backend must be chosen first
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import AutoLocator, MaxNLocator  # noqa: E402

from bot.domain.portfolio import MeasureReading  # noqa: E402
from bot.domain.pulse import BurnoutPoint  # noqa: E402
from bot.domain.run_chart import SignalKind  # noqa: E402

SIZE_INCHES, DPI = (7.0, 2.8), 80
POINT_COLOUR = "#34495e"
MEDIAN_COLOUR = "#7f8c8d"
BASELINE_COLOUR = "#c0392b"
TARGET_COLOUR = "#27ae60"
CYCLE_COLOUR = "#2c3e50"
# Each signal kind by colour and by shape, so the two read apart in grey print too.
SIGNAL_STYLES = {
    SignalKind.SHIFT: ("#e67e22", "s"),
    SignalKind.TREND: ("#8e44ad", "^"),
}
LEGEND = (
    "Run charts: baseline median grey (solid over the baseline, dashed where extended), "
    "target green, start and PDSA cycles as vertical lines; a shift is marked with orange "
    "squares, a trend with purple triangles."
)


class RunChartCanvas:
    """One reusable run-chart figure: dated points, frozen median, target, signals, cycles."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
        self.figure.subplots_adjust(left=0.09, right=0.98, top=0.86, bottom=0.14)
        axes = self.axes = self.figure.add_subplot()
        (self.points,) = axes.plot([], [], marker="o", markersize=4, color=POINT_COLOUR)
        (self.median,) = axes.plot([], [], linestyle="-", color=MEDIAN_COLOUR)
        (self.extended,) = axes.plot([], [], linestyle="--", color=MEDIAN_COLOUR)
        self.target = axes.axhline(0, linestyle="-.", color=TARGET_COLOUR)
        self.marks = {
            kind: axes.scatter([], [], s=60, marker=shape, color=colour, zorder=3)
            for kind, (colour, shape) in SIGNAL_STYLES.items()
        }
        self.title = axes.text(0, 1.05, "", transform=axes.transAxes, fontsize=10)
        self.cycles: list[Artist] = []  # vertical lines and labels of this chart's cycles
        locator = mdates.AutoDateLocator(maxticks=7)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        axes.grid(alpha=0.2)
        self.lock = threading.Lock()

    def draw(self, measure: MeasureReading, title: str) -> bytes:
        """The run chart of one measure, as PNG bytes."""
        with self.lock:
            days = [mdates.date2num(day) for day in measure.days]
            values = list(measure.values)
            self.points.set_data(days, values)
            self._median(measure, days)
            _level(self.target, measure.target)
            judgement = measure.judgement
            for kind, marks in self.marks.items():
                marked = sorted(
                    {
                        i
                        for signal in (judgement.signals if judgement else ())
                        if signal.kind is kind and not signal.possible
                        for i in range(signal.start, signal.end + 1)
                        if i < len(days)
                    }
                )
                marks.set_offsets([(days[i], values[i]) for i in marked] or _NOWHERE)
            self._cycles(measure)
            self.title.set_text(title)
            self.axes.set_ylabel(measure.unit, fontsize=8)
            whole = all(float(v).is_integer() for v in values)
            self.axes.yaxis.set_major_locator(
                MaxNLocator(6, integer=True) if whole else AutoLocator()
            )
            self.axes.relim(visible_only=True)
            self.axes.autoscale_view()
            if days:
                pad = max(1.0, (days[-1] - days[0]) * 0.03)
                self.axes.set_xlim(days[0] - pad, days[-1] + pad)
            return _png(self.figure)

    def _median(self, measure: MeasureReading, days: list[float]) -> None:
        """The frozen baseline median: solid over the baseline, dashed across the pilot."""
        judgement = measure.judgement
        median = judgement.median if judgement else None
        count = judgement.baseline_points if judgement else 0
        if median is None or not count or not days:
            self.median.set_data([], [])
            self.extended.set_data([], [])
            return
        self.median.set_data([days[0], days[count - 1]], [median, median])
        rest = days[count - 1 :]
        self.extended.set_data([rest[0], rest[-1]], [median, median])

    def _cycles(self, measure: MeasureReading) -> None:
        """Vertical lines at the pilot's start and at each later cycle's first value."""
        for artist in self.cycles:
            artist.remove()
        self.cycles = []
        starts: list[tuple[str, date]] = []
        if measure.start_date is not None:
            starts.append(("start", measure.start_date))
        starts += [(f"cycle {n}", day) for n, day in measure.cycle_starts if n > 1]
        shown = [mdates.date2num(day) for day in measure.days]
        for label, day in starts:
            x = mdates.date2num(day)
            if shown and not shown[0] <= x <= shown[-1] + 1:
                continue
            self.cycles.append(self.axes.axvline(x, color=CYCLE_COLOUR, linewidth=1, alpha=0.6))
            self.cycles.append(
                self.axes.text(
                    x,
                    1.0,
                    f" {label}",
                    transform=self.axes.get_xaxis_transform(),
                    fontsize=7,
                    va="bottom",
                    color=CYCLE_COLOUR,
                )  # fmt: skip
            )


_NOWHERE = [(float("nan"), float("nan"))]  # an empty scatter without data-limit side effects
_canvas: RunChartCanvas | None = None
_canvas_lock = threading.Lock()


def _level(line: object, value: float | None) -> None:
    """Move a flat line to `value`, or hide it when there is none."""
    visible = value is not None
    line.set_visible(visible)  # type: ignore[attr-defined]
    if visible:
        line.set_ydata([value, value])  # type: ignore[attr-defined]


def run_chart_png(measure: MeasureReading, title: str) -> bytes:
    """A run chart of one pilot measure, as PNG bytes."""
    global _canvas
    with _canvas_lock:
        if _canvas is None:
            _canvas = RunChartCanvas()
    return _canvas.draw(measure, title)


def run_chart_alt_text(measure: MeasureReading, title: str) -> str:
    """What the run chart shows, in words, for a screen reader (at most ~1,000 characters)."""
    judgement = measure.judgement
    if not measure.values:
        return f"Run chart of {title}: no values yet."
    first, last = measure.days[0].isoformat(), measure.days[-1].isoformat()
    reading = judgement.plain_text("values") if judgement else "not judged"
    target = f" Target {measure.target:g}." if measure.target is not None else ""
    return (
        f"Run chart of {title} ({measure.unit}), {len(measure.values)} values from {first} to "
        f"{last}, latest {measure.values[-1]:g}.{target} {reading}"
    )[:1000]


def burnout_trend_png(points: tuple[BurnoutPoint, ...]) -> bytes:
    """The monthly share of pulse answers at 3 or more with its 95% Wilson interval, as PNG
    bytes; a month with fewer than 5 answers is marked, never plotted as a share."""
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    figure.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.2)
    axes = figure.add_subplot()
    # Only months with answers have a place on the axis: no label for a month without data.
    labels = [point.label for point in points]
    shown = [(i, p.share) for i, p in enumerate(points) if p.share is not None]
    if shown:
        axes.errorbar(
            [i for i, _ in shown],
            [s.value * 100 for _, s in shown],
            yerr=[
                [(s.value - s.low) * 100 for _, s in shown],
                [(s.high - s.value) * 100 for _, s in shown],
            ],
            marker="o", color=BASELINE_COLOUR, capsize=3,
        )  # fmt: skip
        for i, share in shown:
            axes.annotate(f"n={share.total}", (i, share.value * 100), textcoords="offset points",
                          xytext=(4, 6), fontsize=6)  # fmt: skip
    for i, point in enumerate(points):
        if point.share is None:
            axes.annotate(f"<5 answers (n={point.answers})", (i, 2), fontsize=6, ha="center")
    axes.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    axes.set_ylim(0, 100)
    axes.set_ylabel("% at 3 or more", fontsize=8)
    axes.text(
        0, 1.03, "Burnout (Mini-Z 3 or more), anonymous pulse, per month, 95% interval",
        transform=axes.transAxes, fontsize=10,
    )  # fmt: skip
    # Month labels: at most six, tilted, so they never run into each other.
    step = max(1, -(-len(labels) // 6))
    axes.set_xticks(range(0, len(labels), step), labels[::step], fontsize=7, rotation=30)
    axes.grid(alpha=0.2)
    return _png(figure)


def burnout_alt_text(points: tuple[BurnoutPoint, ...]) -> str:
    """The burnout trend in words, for a screen reader."""
    if not points:
        return "Burnout trend: no pulse answers yet."
    first, last = points[0], points[-1]

    def said(point: BurnoutPoint) -> str:
        if point.share is None:
            return f"fewer than 5 answers in {point.label}"
        return f"{point.share.plain_text()} in {point.label}"

    return (
        "Burnout trend, share of the anonymous pulse's Mini-Z answers at 3 or more per month: "
        f"{said(first)}, {said(last)}, {len(points)} months with answers."
    )


def _png(figure: Figure) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
