"""The pilot form: one measure first, with "Add another measure" (and "Add my own measure")
buttons that rebuild the form with views.update, keeping what the member typed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.blocks import Blocks, cap, context, escape, fit, header, section
from bot.blocks.inputs import input_block, keep_typed, option, plain, static_select, text_input
from bot.domain.money import RoleRates
from bot.domain.pilots import MEASURE_SLOTS, Cadence
from bot.knowledge import MeasureDefinition
from bot.services.pilot_plans import CUSTOM_KINDS
from bot.services.pilots import PilotForm

PILOT_MODAL = "pilot_modal"
ADD_MEASURE = "pilot_add_measure"
ADD_CUSTOM_MEASURE = "pilot_add_custom_measure"
REMOVE_MEASURE = "pilot_remove_measure"
CUSTOM = "custom"


@dataclass(frozen=True)
class MeasureLayout:
    """Which measures the form shows: catalogue slots (at most the service's three, in the
    order added) and whether the custom measure is open."""

    slots: tuple[str, ...] = (MEASURE_SLOTS[0],)
    custom: bool = False

    @classmethod
    def of(cls, meta: dict[str, Any]) -> MeasureLayout:
        """The layout a form's private_metadata records (every slot for a form from before)."""
        slots = meta.get("slots")
        if not isinstance(slots, list):
            return cls(slots=MEASURE_SLOTS, custom=True)
        return cls(
            slots=tuple(s for s in MEASURE_SLOTS if s in slots) or cls().slots,
            custom=bool(meta.get("custom")),
        )

    @property
    def full(self) -> bool:
        """Whether every catalogue slot is shown."""
        return len(self.slots) >= len(MEASURE_SLOTS)

    def add(self) -> MeasureLayout:
        """One more catalogue slot: the first not shown."""
        missing = [s for s in MEASURE_SLOTS if s not in self.slots]
        if not missing:
            return self
        return replace(
            self, slots=tuple(s for s in MEASURE_SLOTS if s in {*self.slots, missing[0]})
        )

    def with_custom(self) -> MeasureLayout:
        """The custom measure opened."""
        return replace(self, custom=True)

    def remove(self, slot: str) -> MeasureLayout:
        """Without one slot (or the custom measure); the first slot always stays."""
        if slot == CUSTOM:
            return replace(self, custom=False)
        kept = tuple(s for s in self.slots if s != slot)
        return replace(self, slots=kept or self.slots)

    def metadata(self) -> dict[str, Any]:
        """The layout as private_metadata fields."""
        return {"slots": list(self.slots), "custom": self.custom}


def measure_option(measure: MeasureDefinition) -> dict[str, Any]:
    """A catalogue measure as a select option: its name and unit."""
    return option(f"{measure.name} ({measure.unit})", measure.id)


def pilot_modal(
    form: PilotForm,
    channel_id: str,
    asker: str,
    suggested: Sequence[str] = (),
    rates: RoleRates | None = None,
    layout: MeasureLayout | None = None,
    typed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The form that turns an experiment into a pilot: one measure first, buttons to add more
    (each added one preselects the next `suggested` measure), and whose time it gives back
    (for money). `typed` (a view's state.values) is kept as the fields' initial values."""
    layout = layout or MeasureLayout()
    suggested = [str(s) for s in suggested][: len(MEASURE_SLOTS)]
    blocks = _plan_inputs(form, asker, rates)
    blocks += _measure_slots(form, layout, suggested)
    if layout.custom:
        blocks += _custom_measure_inputs()
    blocks += _add_buttons(layout)
    blocks.append(
        context(
            "At least one measure must be staff time or satisfaction: taking burden off people "
            "is the point of the method."
        )
    )
    return {
        "type": "modal",
        "callback_id": PILOT_MODAL,
        "title": plain(f"Pilot {form.experiment.short_id}", 24),
        "submit": plain("Start pilot", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps(
            {
                "experiment": form.experiment.number,
                "channel": channel_id,
                "suggested": suggested,
                **layout.metadata(),
            }
        ),
        "blocks": cap(keep_typed(blocks, typed or {}), 100),
    }


def _plan_inputs(form: PilotForm, asker: str, rates: RoleRates | None) -> Blocks:
    """The idea, hypothesis, owner, participants, dates, check-ins and whose time."""
    cadences = [option(c.value.capitalize(), c.value) for c in Cadence]
    blocks: Blocks = [
        section(f"*{form.experiment.short_id}*: {escape(fit(form.experiment.text, 2500))}"),
        input_block(
            "hypothesis",
            "Hypothesis",
            text_input(form.hypothesis, multiline=True),
            hint="If we make this change, which measure moves from what to what?",
        ),
        input_block(
            "owner", "Owner (gets the check-ins)", {"type": "users_select", "initial_user": asker}
        ),
        input_block(
            "participants",
            "Participants (for hours reclaimed)",
            {"type": "multi_users_select"},
            hint="Who tries the change; choose yourself if only you do.",
        ),
        input_block(
            "start_date",
            "Start",
            {"type": "datepicker", "initial_date": form.start_date.isoformat()},
        ),
        input_block(
            "end_date", "End", {"type": "datepicker", "initial_date": form.end_date.isoformat()}
        ),
        input_block("cadence", "Check-ins", static_select(cadences, Cadence.WEEKLY.value)),
    ]
    if rates is not None:
        roles = [option(r.name.capitalize(), r.id) for r in rates.roles]
        blocks.append(
            input_block(
                "role",
                "Whose time does it give back?",
                static_select(roles, rates.default_role),
                hint="Hours reclaimed are shown with the cost avoided a year at this role's rate.",
            )
        )
    return blocks


def _measure_slots(form: PilotForm, layout: MeasureLayout, suggested: Sequence[str]) -> Blocks:
    """The shown catalogue measures, each with its baseline and target (slot n preselects the
    n-th suggested measure); the first is asked for, the others can be removed."""
    options = [measure_option(m) for m in form.measures]
    blocks: Blocks = []
    for position, slot in enumerate(layout.slots):
        index = MEASURE_SLOTS.index(slot)
        initial = suggested[index] if index < len(suggested) else None
        first = position == 0
        blocks += [
            header("Measure") if first else _removable("*Another measure*", slot),
            input_block(
                f"measure_{slot}", "Measure", static_select(options, initial), optional=True
            ),
            input_block(
                f"baseline_{slot}",
                "Baseline (now)",
                text_input(placeholder="e.g. 90, or values measured: 92; 88; 90; 91; 89; 90"),
                optional=True,
            ),
            input_block(
                f"target_{slot}", "Target", text_input(placeholder="e.g. 60"), optional=True
            ),
        ]
    return blocks


def _removable(title: str, slot: str) -> dict[str, Any]:
    """A measure's title with a Remove button."""
    return {
        "type": "section",
        "block_id": f"remove_{slot}",
        "text": {"type": "mrkdwn", "text": title},
        "accessory": {
            "type": "button",
            "action_id": REMOVE_MEASURE,
            "text": plain("Remove", 75),
            "value": slot,
        },
    }


def _custom_measure_inputs() -> Blocks:
    """The custom measure: name, unit, direction, what it speaks to, baseline, target."""
    directions = [option("Lower is better", "lower"), option("Higher is better", "higher")]
    kinds = [option(label.capitalize(), kind) for kind, label in CUSTOM_KINDS.items()]
    return [
        _removable("*Your own measure*", CUSTOM),
        input_block(
            "custom_name", "Name", text_input(placeholder="e.g. Forms signed late"), optional=True
        ),
        input_block(
            "custom_unit", "Unit", text_input(placeholder="e.g. forms per week"), optional=True
        ),
        input_block("custom_direction", "Better is", static_select(directions), optional=True),
        input_block("custom_kind", "It measures", static_select(kinds), optional=True),
        input_block(
            "custom_baseline",
            "Baseline (now)",
            text_input(placeholder="one value, or values measured, oldest first: 4; 5; 3"),
            optional=True,
        ),
        input_block("custom_target", "Target", text_input(), optional=True),
    ]


def _add_buttons(layout: MeasureLayout) -> Blocks:
    """ "Add another measure" while a catalogue slot is left; "Add my own measure" once."""
    buttons = []
    if not layout.full:
        buttons.append(_button("Add another measure", ADD_MEASURE))
    if not layout.custom:
        buttons.append(_button("Add my own measure", ADD_CUSTOM_MEASURE))
    return [{"type": "actions", "block_id": "add_measures", "elements": buttons}] if buttons else []


def _button(label: str, action_id: str) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "text": plain(label, 75), "value": action_id}
