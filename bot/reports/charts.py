"""Charts as PNG images, drawn with matplotlib's Agg backend (no display, no network).

A run chart shows a measure's points in time order with its median as the centre line,
the baseline and target as flat lines, and the points that make a shift or a trend circled,
so a leader sees at a glance what the run-chart rules found. The line styles are explained
beside each chart (report, Slack comment) rather than in a legend.

A report draws dozens of run charts, and building a figure costs more than drawing it, so one
figure is kept and only its data change from chart to chart (under a lock: summaries for two
leaders may be drawn at once)."""

from __future__ import annotations

import io
import threading

import matplotlib

matplotlib.use("Agg")  # before any figure exists, so no GUI backend is ever chosen

from matplotlib.figure import Figure  # noqa: E402 - the backend must be chosen first
from matplotlib.ticker import MaxNLocator  # noqa: E402

from bot.domain.portfolio import MeasureReading  # noqa: E402
from bot.domain.pulse import BurnoutPoint  # noqa: E402
from bot.domain.run_chart import SignalKind  # noqa: E402

SIZE_INCHES, DPI = (7.0, 2.8), 80
POINT_COLOUR = "#34495e"
MEDIAN_COLOUR = "#7f8c8d"
BASELINE_COLOUR = "#c0392b"
TARGET_COLOUR = "#27ae60"
SIGNAL_COLOURS = {SignalKind.SHIFT: "#e67e22", SignalKind.TREND: "#8e44ad"}


class RunChartCanvas:
    """One reusable run-chart figure: points, median, baseline, target and circled signals."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
        self.figure.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.12)
        axes = self.axes = self.figure.add_subplot()
        (self.points,) = axes.plot([], [], marker="o", markersize=4, color=POINT_COLOUR)
        self.median = axes.axhline(0, linestyle="--", color=MEDIAN_COLOUR)
        self.baseline = axes.axhline(0, linestyle=":", color=BASELINE_COLOUR)
        self.target = axes.axhline(0, linestyle="-.", color=TARGET_COLOUR)
        self.circles = {
            kind: axes.scatter(
                [], [], s=90, facecolors="none", edgecolors=colour, linewidths=2, zorder=3
            )
            for kind, colour in SIGNAL_COLOURS.items()
        }
        self.title = axes.text(0, 1.03, "", transform=axes.transAxes, fontsize=10)
        axes.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        axes.yaxis.set_major_locator(MaxNLocator(5))
        axes.grid(alpha=0.2)
        self.lock = threading.Lock()

    def draw(self, measure: MeasureReading, title: str) -> bytes:
        """The run chart of one measure, as PNG bytes."""
        with self.lock:
            xs = list(range(1, len(measure.values) + 1))
            self.points.set_data(xs, measure.values)
            judgement = measure.judgement
            _level(self.median, judgement.median if judgement else None)
            _level(self.baseline, measure.baseline)
            _level(self.target, measure.target)
            for kind, circles in self.circles.items():
                marked = sorted(
                    {
                        i
                        for signal in (judgement.signals if judgement else ())
                        if signal.kind is kind
                        for i in range(signal.start, signal.end + 1)
                    }
                )
                circles.set_offsets([(xs[i], measure.values[i]) for i in marked] or _NOWHERE)
            self.title.set_text(title)
            self.axes.set_ylabel(measure.unit, fontsize=8)
            self.axes.relim(visible_only=True)
            self.axes.autoscale_view()
            self.axes.set_xlim(0.5, max(len(xs), 2) + 0.5)
            return _png(self.figure)


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


def _png(figure: Figure) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
