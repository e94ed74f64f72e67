"""Reading the pilot form: every field checked against the measure catalogue, every mistake
named by the form field it belongs to, so the form can show them all at once."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import today
from bot.domain.log_text import number_problem
from bot.domain.pilots import (
    CUSTOM_MEASURE_ID,
    HUMAN_COST_KINDS,
    HYPOTHESIS_MAX_CHARS,
    MEASURE_SLOTS,
    Cadence,
    CustomMeasureInput,
    MeasurePlan,
    PilotFormInput,
    PilotPlan,
    PlanProblems,
    convert_to_unit,
    parse_value,
    typed_unit,
    value_parts,
)
from bot.knowledge import KnowledgeBase, UnknownMeasure

NAME_MAX_CHARS = 80
UNIT_MAX_CHARS = 40
# What a custom measure "speaks to", as the form offers it, mapped to the catalogue's kinds.
CUSTOM_KINDS = {
    "human_time": "staff time",
    "satisfaction": "job satisfaction or burnout",
    "quality": "quality of care",
    "financial": "cost",
    "other": "something else",
}
# How far from today a pilot may start: further is almost always a mistyped year.
START_WITHIN_DAYS = 365
HUMAN_COST_NEEDED = (
    "Track at least one time or satisfaction measure (e.g. minutes per day on the task, or "
    "the Mini-Z burnout item): taking burden off people is the point of the method."
)


def read_plan(form: PilotFormInput, knowledge: KnowledgeBase) -> PilotPlan:
    """The form as a PilotPlan, or PlanProblems mapping each field to what to fix."""
    problems: dict[str, str] = {}
    hypothesis = " ".join(form.hypothesis.split())
    if not hypothesis:
        problems["hypothesis"] = "Write the hypothesis: if we make this change, what will move?"
    elif len(hypothesis) > HYPOTHESIS_MAX_CHARS:
        problems["hypothesis"] = f"Keep the hypothesis under {HYPOTHESIS_MAX_CHARS} characters."
    _check_owner_and_dates(form, problems)
    try:
        cadence = Cadence(form.cadence or Cadence.WEEKLY.value)
    except ValueError:
        problems["cadence"] = "Choose weekly, fortnightly or monthly check-ins."
        cadence = Cadence.WEEKLY
    before = len(problems)
    measures = _catalogue_measures(form, knowledge, problems)
    custom = _custom_measure(form.custom, problems)
    if custom is not None:
        measures.append(custom)
    # A measure chosen but mistyped is named under its own field, and nowhere else.
    if len(problems) == before:
        if not measures:
            problems["measure_1"] = "Choose at least one measure, with its baseline and target."
        elif not any(m.kind in HUMAN_COST_KINDS for m in measures):
            problems["measure_1"] = HUMAN_COST_NEEDED
    if problems:
        raise PlanProblems(problems)
    assert form.owner_id and form.start_date and form.end_date  # checked above
    return PilotPlan(
        experiment_number=form.experiment_number,
        channel_id=form.channel_id,
        hypothesis=hypothesis,
        owner_id=form.owner_id,
        participant_ids=tuple(dict.fromkeys(form.participant_ids)),
        start_date=form.start_date,
        end_date=form.end_date,
        cadence=cadence,
        measures=tuple(measures),
        role=form.role,
    )


def _check_owner_and_dates(form: PilotFormInput, problems: dict[str, str]) -> None:
    """An owner, participants, a start within a year of today, and an end after the start."""
    if not form.owner_id:
        problems["owner"] = "Choose who owns the pilot; they get the check-ins."
    if not form.participant_ids:
        # Hours reclaimed are multiplied by this count: a silent 1 would understate them.
        problems["participants"] = (
            "Choose who tries the change (yourself, if only you): hours reclaimed count each one."
        )
    earliest = today() - timedelta(days=START_WITHIN_DAYS)
    latest = today() + timedelta(days=START_WITHIN_DAYS)
    if form.start_date is None:
        problems["start_date"] = "Choose the day the pilot starts."
    elif not earliest <= form.start_date <= latest:
        problems["start_date"] = (
            f"Choose a start within a year of today, between {earliest.isoformat()} and "
            f"{latest.isoformat()}."
        )
    if form.end_date is None:
        problems["end_date"] = "Choose the day the pilot ends."
    elif form.start_date is not None and form.end_date <= form.start_date:
        problems["end_date"] = "The end date must come after the start date."


def _catalogue_measures(
    form: PilotFormInput, knowledge: KnowledgeBase, problems: dict[str, str]
) -> list[MeasurePlan]:
    """The measures chosen in the numbered slots, each with a checked baseline and target."""
    chosen: list[MeasurePlan] = []
    for slot in MEASURE_SLOTS:
        entry = form.slots.get(slot)
        if entry is None or not entry.measure_id:
            if entry is not None and (entry.baseline.strip() or entry.target.strip()):
                problems[f"measure_{slot}"] = "Choose the measure this baseline and target are for."
            continue
        try:
            definition = knowledge.measure(entry.measure_id)
        except UnknownMeasure as unknown:
            problems[f"measure_{slot}"] = str(unknown)
            continue
        if any(m.measure_id == definition.id for m in chosen):
            problems[f"measure_{slot}"] = f"{definition.name} is already chosen above."
            continue
        scale = _Scale(
            definition.name, definition.unit, definition.direction, definition.min, definition.max
        )
        keys = {"baseline": f"baseline_{slot}", "target": f"target_{slot}"}
        numbers = _baseline_and_target(scale, entry.baseline, entry.target, keys, problems)
        if numbers is not None:
            baselines, target = numbers
            chosen.append(
                MeasurePlan(
                    slot=slot,
                    measure_id=definition.id,
                    name=definition.name,
                    unit=definition.unit,
                    direction=definition.direction,
                    kind=definition.kind,
                    baseline=statistics.median(baselines),
                    baseline_values=baselines if len(baselines) > 1 else (),
                    target=target,
                    min_value=definition.min,
                    max_value=definition.max,
                )
            )
    return chosen


@dataclass(frozen=True)
class _Scale:
    """What a baseline and target are read against: the measure's unit, direction and range."""

    name: str
    unit: str  # "" when unknown (a custom unit still to fix): the number is taken as typed
    direction: str | None
    low: float | None = None
    high: float | None = None


class _Unreadable(Exception):
    """A baseline or target that cannot be read; `message` says what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _baseline_and_target(
    scale: _Scale, baseline: str, target: str, keys: dict[str, str], problems: dict[str, str]
) -> tuple[tuple[float, ...], float] | None:
    """The baseline values (one or several, oldest first) and the target, or None with each
    problem named under its field in `keys`: a target must be better than the baseline."""
    read: dict[str, tuple[float, ...]] = {}
    for field, text in (("baseline", baseline), ("target", target)):
        try:
            read[field] = _figures(field, text, scale)
        except _Unreadable as problem:
            problems[keys[field]] = problem.message
    if len(read) < 2:
        return None
    middle, goal = statistics.median(read["baseline"]), read["target"][0]
    better = {"lower": goal < middle, "higher": goal > middle}.get(scale.direction or "", True)
    if not better:
        below = "below" if scale.direction == "lower" else "above"
        problems[keys["target"]] = (
            f"For {scale.unit or scale.name} {scale.direction} is better: "
            f"give a target {below} the baseline {middle:g}."
        )
        return None
    return read["baseline"], goal


def _figures(field: str, text: str, scale: _Scale) -> tuple[float, ...]:
    """The values typed in a baseline (several allowed) or target field, read as `log` reads
    a value: a time word converted to the measure's unit (`1 hour` on a minutes measure is
    60), a number that reads two ways (`2.500`) asked about. Raises _Unreadable."""
    parts = value_parts(text) if field == "baseline" else [text.strip()]
    in_unit = f" ({scale.unit})" if scale.unit else ""
    values = []
    for part in parts:
        number = parse_value(part)
        if number is None:
            raise _Unreadable(number_problem(part) or f"Give the {field} as a number{in_unit}.")
        converted = convert_to_unit(number, typed_unit(part), scale.unit) if scale.unit else None
        if scale.unit and converted is None:
            raise _Unreadable(
                f"{scale.name} is measured in {scale.unit}, not `{typed_unit(part)[:20]}`: "
                f"type the {field} in {scale.unit}, e.g. `{number:g}`."
            )
        value = (converted[0] if converted else number) + 0.0  # -0 is shown as 0
        if (scale.low is not None and value < scale.low) or (
            scale.high is not None and value > scale.high
        ):
            raise _Unreadable(
                f"{scale.name} goes from {scale.low:g} to {scale.high:g}{in_unit}; "
                f"{value:g} is outside it."
            )
        values.append(value)
    if not values:
        raise _Unreadable(f"Give the {field} as a number{in_unit}.")
    return tuple(values)


def _custom_measure(custom: CustomMeasureInput, problems: dict[str, str]) -> MeasurePlan | None:
    """The optional custom measure, when a name was given."""
    name = " ".join(custom.name.split())
    if not name:
        if custom.baseline.strip() or custom.target.strip():
            problems["custom_name"] = "Name the custom measure, or clear its baseline and target."
        return None
    before = len(problems)
    if len(name) > NAME_MAX_CHARS:
        problems["custom_name"] = f"Keep the name under {NAME_MAX_CHARS} characters."
    unit = " ".join(custom.unit.split())
    if not unit or len(unit) > UNIT_MAX_CHARS:
        problems["custom_unit"] = (
            f"Give the unit in under {UNIT_MAX_CHARS} characters, e.g. `forms per week`."
        )
    if custom.direction not in ("lower", "higher"):
        problems["custom_direction"] = "Say whether lower or higher is better."
    scale = _Scale(name, "" if "custom_unit" in problems else unit, custom.direction)
    keys = {"baseline": "custom_baseline", "target": "custom_target"}
    numbers = _baseline_and_target(scale, custom.baseline, custom.target, keys, problems)
    if numbers is None or len(problems) > before:
        return None
    baselines, target = numbers
    return MeasurePlan(
        slot="custom",
        measure_id=CUSTOM_MEASURE_ID,
        name=name,
        unit=unit,
        direction=str(custom.direction),
        kind=custom.kind if custom.kind in CUSTOM_KINDS else "other",
        baseline=statistics.median(baselines),
        baseline_values=baselines if len(baselines) > 1 else (),
        target=target,
    )
