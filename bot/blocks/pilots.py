"""Block Kit of pilots: the log form, check-ins, decisions and the `pilots` list (the pilot
form is `bot.blocks.pilot_form`)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.blocks import Blocks, cap, context, divider, escape, fit, header, section
from bot.blocks.corrections import undo_button
from bot.blocks.inputs import input_block, option, plain, static_select, text_input
from bot.domain.models import Pilot, PilotMeasure
from bot.domain.pilots import (
    Cadence,
    CheckIn,
    DecisionRecord,
    LogResult,
    MeasureSeries,
    PilotOutcome,
)
from bot.domain.progress import IhiScore

LOG_MODAL = "log_modal"
OPEN_LOG_MODAL = "open_log_modal"
PILOTS_SHOWN = 12  # each pilot takes about four blocks; a message holds 50


def pilot_announcement(
    pilot: Pilot, measures: list[PilotMeasure], experiment: str, command: str
) -> tuple[str, Blocks]:
    """Tell the channel a pilot has started: hypothesis, owner, measures, how to log."""
    lines = "\n".join(
        f"• {escape(m.name)}: {_num(m.baseline)} → {_num(m.target)} {escape(m.unit)}"
        for m in measures
    )
    text = f"Pilot {pilot.short_id} started: {experiment}"
    blocks = [
        section(f"*Pilot {pilot.short_id} started* ({escape(experiment)})"),
        section(f"_{escape(pilot.hypothesis)}_"),
        section(
            f"Owner <@{pilot.owner_id}>, {pilot.participants} "
            f"participant{'s' if pilot.participants != 1 else ''}, "
            f"{pilot.start_date.isoformat()} to {_day(pilot.end_date)}, "
            f"{Cadence.from_days(pilot.cadence_days).value} check-ins.\n{lines}"
        ),
        _log_button(pilot.number, "Log a value"),
        context(
            f"Log with `{command} log {pilot.short_id} <measure> <value>`; "
            f"IHI score {IhiScore(pilot.ihi_score).describe()}."
        ),
    ]
    return fit(text, 3000), blocks


def _log_button(number: int, label: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "block_id": f"log_P-{number}",
        "elements": [
            {
                "type": "button",
                "action_id": OPEN_LOG_MODAL,
                "text": plain(label, 75),
                "value": str(number),
                "style": "primary",
            }
        ],
    }


def log_modal(pilot: Pilot, measures: list[PilotMeasure], today: date, user: str) -> dict[str, Any]:
    """The form for one observation of a pilot: which measure, the value and the day."""
    options = [option(f"{m.name} ({m.unit})", m.measure_id) for m in measures]
    first = measures[0].measure_id if len(measures) == 1 else None
    return {
        "type": "modal",
        "callback_id": LOG_MODAL,
        "title": plain(f"Log {pilot.short_id}", 24),
        "submit": plain("Log", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"pilot": pilot.number, "user": user}),
        "blocks": [
            section(f"_{escape(fit(pilot.hypothesis, 2800))}_"),
            input_block("measure", "Measure", static_select(options, first)),
            input_block("value", "Value", text_input(placeholder="e.g. 45")),
            input_block(
                "day", "Measured on", {"type": "datepicker", "initial_date": today.isoformat()}
            ),
        ],
    }


def logged_view(result: LogResult) -> dict[str, Any]:
    """What the log form turns into once the value is saved: the judgement so far."""
    _, blocks = log_answer(result)
    return {
        "type": "modal",
        "title": plain(f"Logged {result.pilot.short_id}", 24),
        "close": plain("Done", 24),
        "blocks": blocks,
    }


def log_answer(result: LogResult) -> tuple[str, Blocks]:
    """The answer to a logged value: what was stored and what the run chart says now."""
    measure, series = result.measure, result.series
    stored = (
        f"Logged {_num(result.value)} {measure.unit} ({measure.name}) for "
        f"{result.pilot.short_id} on {result.observed_on.isoformat()}"
        + (f" (converted: {result.conversion})." if result.conversion else ".")
    )
    return stored, [
        section(escape(stored)),
        section(f"*Run chart:* {escape(series.judgement_line())}"),
        context(
            f"{series.baseline_count} baseline values before the start, "
            f"{len(series.period_values)} since in cycle {series.cycle}; "
            f"target {_num(measure.target)}; IHI {IhiScore(result.pilot.ihi_score).describe()}."
        ),
        undo_button(result.pilot.number),
    ]


def checkin_message(checkin: CheckIn) -> tuple[str, Blocks]:
    """The owner's direct-message check-in, with a button that opens the log form."""
    measures = ", ".join(checkin.measure_names)
    text = f"Check-in for pilot {checkin.pilot_short_id}: time to log {measures}."
    blocks = [
        section(
            f"*Check-in for pilot {checkin.pilot_short_id}* "
            f"({escape(fit(checkin.experiment_text, 300))})"
        ),
        section(f"Time to log this period's values: {escape(measures)}."),
        _log_button(checkin.pilot_number, "Log values"),
    ]
    return fit(text, 3000), blocks


def decision_message(record: DecisionRecord, command: str) -> tuple[str, Blocks]:
    """Tell the channel how a PDSA cycle ended."""
    pilot = record.pilot
    verbs = {"adopt": "adopted", "adapt": "adapted", "abandon": "abandoned"}
    text = f"{pilot.short_id} cycle {record.cycle}: {verbs[record.decision.value]}."
    blocks = [
        section(
            f"*{escape(text)}*" + (f" Reason: {escape(record.reason)}" if record.reason else "")
        )
    ]
    if record.next_cycle:
        blocks.append(
            section(
                f"Cycle {record.next_cycle} starts now with the same measures, judged against "
                f"the same frozen baseline median. Keep logging with "
                f"`{command} log {pilot.short_id} ...`."
            )
        )
    blocks.append(
        context(f"{record.experiment_short_id}; IHI {IhiScore(pilot.ihi_score).describe()}.")
    )
    return text, blocks


def pilots_message(
    outcomes: list[PilotOutcome], setting: str, command: str, idea_id: str | None = None
) -> tuple[str, Blocks]:
    """The group's pilots: status, cycle, IHI score, latest values, judgement and value. With
    none, how to start one: from `idea_id` (one of the group's ideas) when given, else by
    proposing an idea first."""
    if not outcomes:
        if idea_id:
            text = f"No pilots yet. Turn an idea into one, e.g. `{command} pilot {idea_id}`."
        else:
            text = (
                f"No pilots yet, and this group has no idea to pilot. Propose one in a meeting "
                f"(`{command} start`, then `{command} idea <change>`), then "
                f"`{command} pilot E-<number>`."
            )
        return text, [section(text)]
    blocks: Blocks = [header(f"Pilots of the {setting} group")]
    for outcome in outcomes[-PILOTS_SHOWN:]:
        blocks += pilot_outcome_blocks(outcome)
    if len(outcomes) > PILOTS_SHOWN:
        blocks.append(context(f"{len(outcomes) - PILOTS_SHOWN} older pilots not shown."))
    count = len(outcomes)
    return f"{count} pilot{'' if count == 1 else 's'} in the {setting} group.", cap(blocks)


def pilot_outcome_blocks(outcome: PilotOutcome) -> Blocks:
    """One pilot as a few blocks: title line, measures, value/burden."""
    pilot = outcome.pilot
    title = (
        f"*{pilot.short_id}* ({outcome.experiment_short_id}) {escape(fit(outcome.experiment_text, 200))}\n"
        f"{pilot.status.value}, cycle {pilot.cycle}, IHI {outcome.score.describe()}"
    )
    lines = [_series_line(s) for s in outcome.series]
    blocks = [divider(), section(title), section("\n".join(lines) or "No measures.")]
    value_lines = value_burden_lines(outcome)
    if value_lines:
        blocks.append(context(" ".join(value_lines)))
    return blocks


# Ratings a pilot's owner logs for this item stand for one person, not the group (DOMAIN.md:
# no burnout figure from fewer than 5 answers); burnout comes from the anonymous pulse instead.
MINI_Z_MEASURE = "mini_z_burnout"


def _series_line(series: MeasureSeries) -> str:
    measure = series.measure
    if measure.measure_id == MINI_Z_MEASURE:
        count = len(series.values)
        return (
            f"• *{escape(measure.name)}*: {count} rating{'' if count == 1 else 's'} logged, "
            "not shown: burnout is read from the group's anonymous pulse, never from fewer "
            "than 5 answers."
        )
    latest = _num(series.latest) if series.latest is not None else "no values yet"
    median = series.baseline_median
    baseline = (
        f"baseline median {_num(median)} of {series.baseline_count} values"
        if median is not None
        else f"baseline {_num(measure.baseline)} typed, not measured"
    )
    return (
        f"• *{escape(measure.name)}*: latest {latest} ({baseline}, "
        f"target {_num(measure.target)} {escape(measure.unit)}). {escape(series.judgement_line())}"
    )


def value_burden_lines(outcome: PilotOutcome) -> list[str]:
    """Hours reclaimed, burnout, quality and cost changes, and value/burden beside its formula."""
    lines = []
    if outcome.hours is not None:
        lines.append(outcome.hours.plain_text())
    if outcome.burnout is not None:
        lines.append(outcome.burnout.plain_text())
    for change in outcome.changes:
        if change.kind in ("quality", "financial"):
            lines.append(
                f"{change.name}: median {_num(change.baseline)} → {_num(change.current)} "
                f"{change.unit} ({change.moved}; baseline median → pilot-period median)."
            )
    if outcome.value is not None:
        lines.append(outcome.value.plain_text())
        if outcome.quality_but_more_burden():
            lines.append("This pilot raises quality but adds burden.")
    return lines


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def _day(day: date | None) -> str:
    return day.isoformat() if day else "open-ended"
