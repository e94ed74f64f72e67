"""Block Kit of pilots: the pilot and log forms, check-ins, decisions and the `pilots` list."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.blocks import Blocks, cap, context, divider, escape, fit, header, section
from bot.blocks.corrections import undo_button
from bot.domain.models import Pilot, PilotMeasure
from bot.domain.money import RoleRates
from bot.domain.pilots import (
    MEASURE_SLOTS,
    Cadence,
    CheckIn,
    DecisionRecord,
    LogResult,
    MeasureSeries,
    PilotOutcome,
)
from bot.domain.progress import IhiScore
from bot.knowledge import MeasureDefinition
from bot.services.pilot_plans import CUSTOM_KINDS
from bot.services.pilots import PilotForm

PILOT_MODAL = "pilot_modal"
LOG_MODAL = "log_modal"
OPEN_LOG_MODAL = "open_log_modal"
OPTION_TEXT_MAX = 75
PLAIN_INPUT_MAX = 3000
PILOTS_SHOWN = 12  # each pilot takes about four blocks; a message holds 50


def _text(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": fit(text, limit)}


def _option(label: str, value: str) -> dict[str, Any]:
    return {"text": _text(label, OPTION_TEXT_MAX), "value": value}


def _input(
    block_id: str, label: str, element: dict[str, Any], optional: bool = False, hint: str = ""
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _text(label, 2000),
        "element": {**element, "action_id": block_id},
        "optional": optional,
    }
    if hint:
        block["hint"] = _text(hint, 2000)
    return block


def _text_input(
    initial: str = "", placeholder: str = "", multiline: bool = False
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline}
    if initial:
        element["initial_value"] = initial[:PLAIN_INPUT_MAX]
    if placeholder:
        element["placeholder"] = _text(placeholder, 150)
    return element


def _static_select(options: list[dict[str, Any]], initial: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "static_select", "options": options}
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def measure_option(measure: MeasureDefinition) -> dict[str, Any]:
    """A catalogue measure as a select option: its name and unit."""
    return _option(f"{measure.name} ({measure.unit})", measure.id)


def pilot_modal(
    form: PilotForm,
    channel_id: str,
    asker: str,
    suggested: Sequence[str] = (),
    rates: RoleRates | None = None,
) -> dict[str, Any]:
    """The form that turns an experiment into a pilot: three measure slots (the suggested
    measures chosen in them), a custom one, and whose time it gives back (for money)."""
    options = [measure_option(m) for m in form.measures]
    cadences = [_option(c.value.capitalize(), c.value) for c in Cadence]
    blocks: Blocks = [
        section(f"*{form.experiment.short_id}*: {escape(fit(form.experiment.text, 2500))}"),
        _input(
            "hypothesis",
            "Hypothesis",
            _text_input(form.hypothesis, multiline=True),
            hint="If we make this change, which measure moves from what to what?",
        ),
        _input(
            "owner", "Owner (gets the check-ins)", {"type": "users_select", "initial_user": asker}
        ),
        _input(
            "participants",
            "Participants (for hours reclaimed)",
            {"type": "multi_users_select"},
            optional=True,
        ),
        _input(
            "start_date",
            "Start",
            {"type": "datepicker", "initial_date": form.start_date.isoformat()},
        ),
        _input(
            "end_date", "End", {"type": "datepicker", "initial_date": form.end_date.isoformat()}
        ),
        _input("cadence", "Check-ins", _static_select(cadences, Cadence.WEEKLY.value)),
    ]
    if rates is not None:
        roles = [_option(r.name.capitalize(), r.id) for r in rates.roles]
        blocks.append(
            _input(
                "role",
                "Whose time does it give back?",
                _static_select(roles, rates.default_role),
                hint="Hours reclaimed are shown with the cost avoided a year at this role's rate.",
            )
        )
    blocks += _measure_slots(options, suggested)
    blocks += _custom_measure_inputs()
    blocks.append(
        context(
            "At least one measure must be staff time or satisfaction: taking burden off people "
            "is the point of the method."
        )
    )
    return {
        "type": "modal",
        "callback_id": PILOT_MODAL,
        "title": _text(f"Pilot {form.experiment.short_id}", 24),
        "submit": _text("Start pilot", 24),
        "close": _text("Cancel", 24),
        "private_metadata": json.dumps(
            {"experiment": form.experiment.number, "channel": channel_id}
        ),
        "blocks": cap(blocks, 100),
    }


def _measure_slots(options: list[dict[str, Any]], suggested: Sequence[str] = ()) -> Blocks:
    """Three optional slots, each a catalogue measure with its baseline and target."""
    blocks: Blocks = []
    chosen = [*suggested[: len(MEASURE_SLOTS)]]
    for position, slot in enumerate(MEASURE_SLOTS):
        initial = chosen[position] if position < len(chosen) else None
        blocks += [
            header(f"Measure {slot}"),
            _input(f"measure_{slot}", "Measure", _static_select(options, initial), optional=True),
            _input(
                f"baseline_{slot}",
                "Baseline (now)",
                _text_input(placeholder="e.g. 90, or values measured: 92; 88; 90; 91; 89; 90"),
                optional=True,
            ),
            _input(f"target_{slot}", "Target", _text_input(placeholder="e.g. 60"), optional=True),
        ]
    return blocks


def _custom_measure_inputs() -> Blocks:
    """The optional custom measure: name, unit, direction, what it speaks to, baseline, target."""
    directions = [_option("Lower is better", "lower"), _option("Higher is better", "higher")]
    kinds = [_option(label.capitalize(), kind) for kind, label in CUSTOM_KINDS.items()]
    return [
        header("Custom measure (optional)"),
        _input(
            "custom_name", "Name", _text_input(placeholder="e.g. Forms signed late"), optional=True
        ),
        _input(
            "custom_unit", "Unit", _text_input(placeholder="e.g. forms per week"), optional=True
        ),
        _input("custom_direction", "Better is", _static_select(directions), optional=True),
        _input("custom_kind", "It measures", _static_select(kinds), optional=True),
        _input(
            "custom_baseline",
            "Baseline (now)",
            _text_input(placeholder="one value, or values measured, oldest first: 4; 5; 3"),
            optional=True,
        ),
        _input("custom_target", "Target", _text_input(), optional=True),
    ]


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
                "text": _text(label, 75),
                "value": str(number),
                "style": "primary",
            }
        ],
    }


def log_modal(pilot: Pilot, measures: list[PilotMeasure], today: date, user: str) -> dict[str, Any]:
    """The form for one observation of a pilot: which measure, the value and the day."""
    options = [_option(f"{m.name} ({m.unit})", m.measure_id) for m in measures]
    first = measures[0].measure_id if len(measures) == 1 else None
    return {
        "type": "modal",
        "callback_id": LOG_MODAL,
        "title": _text(f"Log {pilot.short_id}", 24),
        "submit": _text("Log", 24),
        "close": _text("Cancel", 24),
        "private_metadata": json.dumps({"pilot": pilot.number, "user": user}),
        "blocks": [
            section(f"_{escape(fit(pilot.hypothesis, 2800))}_"),
            _input("measure", "Measure", _static_select(options, first)),
            _input("value", "Value", _text_input(placeholder="e.g. 45")),
            _input("day", "Measured on", {"type": "datepicker", "initial_date": today.isoformat()}),
        ],
    }


def logged_view(result: LogResult) -> dict[str, Any]:
    """What the log form turns into once the value is saved: the judgement so far."""
    _, blocks = log_answer(result)
    return {
        "type": "modal",
        "title": _text(f"Logged {result.pilot.short_id}", 24),
        "close": _text("Done", 24),
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


def pilots_message(outcomes: list[PilotOutcome], setting: str, command: str) -> tuple[str, Blocks]:
    """The group's pilots: status, cycle, IHI score, latest values, judgement and value."""
    if not outcomes:
        text = f"No pilots yet. Turn an idea into one with `{command} pilot E-12`."
        return text, [section(text)]
    blocks: Blocks = [header(f"Pilots of the {setting} group")]
    for outcome in outcomes[-PILOTS_SHOWN:]:
        blocks += pilot_outcome_blocks(outcome)
    if len(outcomes) > PILOTS_SHOWN:
        blocks.append(context(f"{len(outcomes) - PILOTS_SHOWN} older pilots not shown."))
    return f"{len(outcomes)} pilot(s) in the {setting} group.", cap(blocks)


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
