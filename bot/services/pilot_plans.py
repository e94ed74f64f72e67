"""Reading the pilot form: every field checked against the measure catalogue, every mistake
named by the form field it belongs to, so the form can show them all at once."""

from __future__ import annotations

import statistics

from bot.domain.pilots import (
    CUSTOM_MEASURE_ID,
    HUMAN_COST_KINDS,
    HYPOTHESIS_MAX_CHARS,
    MEASURE_SLOTS,
    Cadence,
    CustomMeasureInput,
    MeasurePlan,
    MeasureSlotInput,
    PilotFormInput,
    PilotPlan,
    PlanProblems,
    parse_baseline_values,
    parse_value,
)
from bot.knowledge import KnowledgeBase, MeasureDefinition, UnknownMeasure

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
    measures = _catalogue_measures(form, knowledge, problems)
    custom = _custom_measure(form.custom, problems)
    if custom is not None:
        measures.append(custom)
    if not measures and "measure_1" not in problems:
        problems["measure_1"] = "Choose at least one measure, with its baseline and target."
    elif measures and not any(m.kind in HUMAN_COST_KINDS for m in measures):
        problems.setdefault("measure_1", HUMAN_COST_NEEDED)
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
    """An owner, a start, and an end after the start."""
    if not form.owner_id:
        problems["owner"] = "Choose who owns the pilot; they get the check-ins."
    if form.start_date is None:
        problems["start_date"] = "Choose the day the pilot starts."
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
        numbers = _slot_numbers(definition, entry, slot, problems)
        if len(numbers) == 2:
            chosen.append(
                MeasurePlan(
                    slot=slot,
                    measure_id=definition.id,
                    name=definition.name,
                    unit=definition.unit,
                    direction=definition.direction,
                    kind=definition.kind,
                    baseline=numbers["baseline"],
                    baseline_values=_several(entry.baseline),
                    target=numbers["target"],
                    min_value=definition.min,
                    max_value=definition.max,
                )
            )
    return chosen


def _slot_numbers(
    definition: MeasureDefinition, entry: MeasureSlotInput, slot: str, problems: dict[str, str]
) -> dict[str, float]:
    """A slot's baseline and target, each a number within the measure's range."""
    numbers = {}
    for field, text in (("baseline", entry.baseline), ("target", entry.target)):
        values = parse_baseline_values(text) if field == "baseline" else None
        value = statistics.median(values) if values else parse_value(text)
        outside = [v for v in values or (value,) if v is not None and not definition.accepts(v)]
        if value is None:
            problems[f"{field}_{slot}"] = f"Give the {field} as a number ({definition.unit})."
        elif outside:
            problems[f"{field}_{slot}"] = (
                f"{definition.name} goes from {definition.min:g} to {definition.max:g} "
                f"({definition.unit}); {outside[0]:g} is outside it."
            )
        else:
            numbers[field] = value
    return numbers


def _several(text: str) -> tuple[float, ...]:
    """The measured baseline values typed in the form, when more than one (else none)."""
    values = parse_baseline_values(text) or ()
    return values if len(values) > 1 else ()


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
    numbers = {}
    for field, text in (("baseline", custom.baseline), ("target", custom.target)):
        values = parse_baseline_values(text) if field == "baseline" else None
        value = statistics.median(values) if values else parse_value(text)
        if value is None:
            problems[f"custom_{field}"] = f"Give the {field} as a number."
        else:
            numbers[field] = value
    if len(problems) > before:
        return None
    return MeasurePlan(
        slot="custom",
        measure_id=CUSTOM_MEASURE_ID,
        name=name,
        unit=unit,
        direction=str(custom.direction),
        kind=custom.kind if custom.kind in CUSTOM_KINDS else "other",
        baseline=numbers["baseline"],
        baseline_values=_several(custom.baseline),
        target=numbers["target"],
    )
