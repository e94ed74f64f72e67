"""Pilots: turn a micro-experiment into a measured PDSA cycle, record observations, decide.

Every refusal is a UserError raised before anything is stored. Whether the person is in the
group's channel is Slack's to say, so the Slack layer checks that before calling in here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from bot.clock import today
from bot.domain.log_text import number_problem
from bot.domain.measured import score_of
from bot.domain.models import (
    MicroExperiment,
    Observation,
    Pilot,
    PilotMeasure,
    PilotStatus,
    WorkingGroup,
)
from bot.domain.pilots import (
    DecisionRecord,
    LogRequest,
    LogResult,
    PilotFormInput,
    PilotPlan,
    convert_to_unit,
    hypothesis_template,
    parse_experiment_id,
    parse_pilot_id,
    parse_value,
    typed_unit,
)
from bot.domain.progress import Decision, IhiScore
from bot.errors import InvalidInput, NotFound, WrongStage
from bot.knowledge import KnowledgeBase, MeasureDefinition
from bot.outbox import OutgoingMessage
from bot.outbox.service import Outbox
from bot.services.money import load_role_rates
from bot.services.outcomes import OutcomeService, cycle_series
from bot.services.pilot_plans import read_plan
from bot.services.reminders import ReminderService
from bot.settings import Settings
from bot.store.database import Database
from bot.store.groups import GroupStore
from bot.store.pilots import ExperimentTaken, PilotStore
from bot.store.reminders import ReminderStore

DEFAULT_PILOT_WEEKS = 12
REASON_MAX_CHARS = 500
BASELINE_LOOKBACK_DAYS = 366  # how far before the start a baseline value may be dated
PILOTABLE = frozenset({"proposed", "settle_by_pilot", "parked", "adapted"})


class PilotForm(BaseModel):
    """What the pilot form opens with: the experiment, its group and sensible defaults."""

    model_config = ConfigDict(frozen=True)

    experiment: MicroExperiment
    group: WorkingGroup
    measures: tuple[MeasureDefinition, ...]
    hypothesis: str
    start_date: date
    end_date: date


@dataclass(frozen=True)
class PilotStarted:
    """A pilot just saved, with what its announcement names."""

    pilot: Pilot
    measures: list[PilotMeasure]
    experiment: MicroExperiment
    group: WorkingGroup


@dataclass(frozen=True)
class CreatedPilot:
    """A pilot saved with its measures, and the outbox messages that announce it (to deliver)."""

    pilot: Pilot
    measures: list[PilotMeasure]
    message_ids: tuple[int, ...] = ()


# Renders the channel's announcement of a new pilot (Block Kit lives with the Slack layer).
PilotAnnouncement = Callable[[PilotStarted], list[OutgoingMessage]]


class PilotService:
    """Pilots of a workspace: planning, observations, decisions and IHI progress."""

    def __init__(
        self,
        store: PilotStore,
        groups: GroupStore,
        knowledge: KnowledgeBase,
        outcomes: OutcomeService,
        reminders: ReminderService,
        command: str = "/unburden",
        outbox: Outbox | None = None,
    ) -> None:
        self._store = store
        self._groups = groups
        self.knowledge = knowledge
        self.outcomes = outcomes
        self.reminders = reminders
        self._command = command
        self._outbox = outbox

    # -- planning -------------------------------------------------------------------

    def form(self, team_id: str, experiment_text: str) -> PilotForm:
        """The pilot form's starting point for `pilot <E-id>`, or a user error."""
        experiment = self.experiment(team_id, experiment_text)
        group = self._groups.by_id(team_id, experiment.group_id)
        if group is None:
            raise NotFound(f"{experiment.short_id} has no working group any more.")
        start = today()
        return PilotForm(
            experiment=experiment,
            group=group,
            measures=tuple(self.knowledge.measures()),
            hypothesis=hypothesis_template(experiment.text, "<measure>", "<baseline>", "<target>"),
            start_date=start,
            end_date=start + timedelta(weeks=DEFAULT_PILOT_WEEKS),
        )

    def experiment(self, team_id: str, text: str) -> MicroExperiment:
        """The experiment an id such as E-12 names, if it can still become a pilot."""
        words = text.split()
        number = parse_experiment_id(words[0]) if words else None
        if number is None:
            raise InvalidInput(
                f"Say which experiment to pilot, e.g. `{self._command} pilot E-12` "
                f"(`{self._command} find <words>` looks ideas up)."
            )
        experiment = self._store.experiment(team_id, number)
        if experiment is None:
            raise NotFound(
                f"There is no experiment E-{number} in this workspace. "
                f"Try `{self._command} find <words>` to look it up."
            )
        if experiment.status.value not in PILOTABLE:
            raise WrongStage(
                f"{experiment.short_id} is {experiment.status.label}, so it cannot start a new "
                f"pilot. Type `{self._command} pilots` to see this group's pilots."
            )
        return experiment

    def pilotable(self, team_id: str, group_id: int) -> list[MicroExperiment]:
        """A group's micro-experiments that could start a pilot now."""
        return [
            e
            for e in self._store.group_experiments(team_id, group_id)
            if e.status.value in PILOTABLE
        ]

    def read_form(self, form: PilotFormInput) -> PilotPlan:
        """Check the submitted form; PlanProblems names each field to fix."""
        return read_plan(form, self.knowledge)

    def create(
        self,
        team_id: str,
        plan: PilotPlan,
        announcement: PilotAnnouncement | None = None,
        user_id: str | None = None,
    ) -> CreatedPilot:
        """Save the pilot, mark its experiment piloting, schedule the first check-in and write
        the channel's announcement to the outbox, all in one transaction: if any step fails,
        nothing is saved. `user_id` is told, with Post again, if the announcement is not posted."""
        experiment = self.experiment(team_id, f"E-{plan.experiment_number}")
        group = self._groups.by_id(team_id, experiment.group_id)
        if group is None:
            raise NotFound(f"{experiment.short_id} has no working group any more.")
        measured = any(m.baseline_values for m in plan.measures)
        score = IhiScore.ACTIVITY_NO_CHANGES if measured else IhiScore.PLANNING

        def also(session: Session, pilot: Pilot, measures: list[PilotMeasure]) -> list[int]:
            self.reminders.schedule_checkin(
                pilot, after=max(today(), plan.start_date), session=session
            )
            if announcement is None or self._outbox is None:
                return []
            messages = announcement(PilotStarted(pilot, measures, experiment, group))
            return self._outbox.add(session, team_id, messages, None, user_id)

        try:
            pilot, measures, ids = self._store.create(
                team_id, experiment.group_id, experiment.id, plan, float(score.value), also
            )
        except ExperimentTaken:
            raise WrongStage(
                f"{experiment.short_id} became a pilot a moment ago; type "
                f"`{self._command} pilots` to see it."
            ) from None
        return CreatedPilot(pilot, measures, tuple(ids or ()))

    # -- lookups ----------------------------------------------------------------------

    def pilot(self, team_id: str, text: str) -> Pilot:
        """The pilot an id such as P-3 names, or a user error that says how to find it."""
        number = parse_pilot_id(text)
        pilot = self._store.by_number(team_id, number) if number is not None else None
        if pilot is None:
            raise NotFound(
                f"There is no pilot `{text[:20]}` in this workspace. "
                f"Type `{self._command} pilots` in the group's channel to see its pilots."
            )
        return pilot

    def by_id(self, team_id: str, pilot_id: int) -> Pilot | None:
        """A pilot by its row id, within the workspace."""
        return self._store.by_id(team_id, pilot_id)

    def experiment_of(self, pilot: Pilot) -> MicroExperiment | None:
        """The micro-experiment the pilot tests."""
        return self._store.experiment_by_id(pilot.team_id, pilot.experiment_id)

    def group_of(self, pilot: Pilot) -> WorkingGroup:
        """The working group that runs the pilot."""
        group = self._groups.by_id(pilot.team_id, pilot.group_id)
        if group is None:
            raise NotFound(f"{pilot.short_id} has no working group any more.")
        return group

    def measures(self, pilot: Pilot) -> list[PilotMeasure]:
        """The measures a pilot tracks."""
        return self._store.measures(pilot.team_id, pilot.id)

    def observations(self, pilot: Pilot, cycle: int | None = None) -> list[Observation]:
        """A pilot's observations in time order (one cycle's, or all)."""
        return self._store.observations(pilot.team_id, pilot.id, cycle)

    def for_group(self, team_id: str, group_id: int) -> list[Pilot]:
        """A group's pilots, oldest first."""
        return self._store.for_group(team_id, group_id)

    # -- observations -----------------------------------------------------------------

    def record(self, team_id: str, user_id: str, request: LogRequest) -> LogResult:
        """Check and store one observation, move the IHI score, and judge the measure."""
        pilot = self.pilot(team_id, f"P-{request.pilot_number}")
        self.ensure_active(pilot)
        measure = self.resolve_measure(pilot, request.measure)
        value, conversion = self.read_value(pilot, measure, request.value_text)
        day = self.check_day(pilot, request.on)
        result = self.store_values(pilot, measure, [(day, value)], user_id)
        return result.model_copy(update={"conversion": conversion})

    def store_values(
        self, pilot: Pilot, measure: PilotMeasure, values: list[tuple[date, float]], user_id: str
    ) -> LogResult:
        """Store already checked values of one measure (the log verb, the modal, imports)."""
        # Read the pilot afresh: the caller's copy may predate a decision or a score change.
        pilot = self._store.by_id(pilot.team_id, pilot.id) or pilot
        self.ensure_active(pilot)
        self._store.add_observations(pilot, measure, values, user_id)
        # Baseline values may have been logged in any cycle: read them all.
        observations = self._store.observations(pilot.team_id, pilot.id)
        series = cycle_series(measure, observations, pilot.cycle, pilot.start_date)
        everything = [
            cycle_series(m, observations, pilot.cycle, pilot.start_date)
            for m in self.measures(pilot)
        ]
        score = score_of(everything)
        if score.value != pilot.ihi_score:
            self._store.set_score(pilot.team_id, pilot.id, float(score.value))
            pilot = pilot.model_copy(update={"ihi_score": float(score.value)})
        day, value = values[-1]
        return LogResult(pilot=pilot, measure=measure, value=value, observed_on=day, series=series)

    def resolve_measure(self, pilot: Pilot, text: str) -> PilotMeasure:
        """A pilot's measure by id, unique id prefix or name; NotFound lists the valid ids."""
        measures = self.measures(pilot)
        key = text.strip().lower().replace("-", "_")
        name = " ".join(text.lower().split())
        for candidate in (
            [m for m in measures if m.measure_id == key],
            [m for m in measures if m.name.lower() == name],
            [m for m in measures if key and m.measure_id.startswith(key)],
            [m for m in measures if name and m.name.lower().startswith(name)],
        ):
            if len(candidate) == 1:
                return candidate[0]
        valid = ", ".join(f"`{m.measure_id}`" for m in measures)
        raise NotFound(f"{pilot.short_id} does not track `{text[:40]}`. Its measures: {valid}.")

    def check_value(self, pilot: Pilot, measure: PilotMeasure, text: str) -> float:
        """The value as a number in the measure's unit and within its range, or a user error."""
        return self.read_value(pilot, measure, text)[0]

    def read_value(
        self, pilot: Pilot, measure: PilotMeasure, text: str
    ) -> tuple[float, str | None]:
        """The value in the measure's unit (a typed time unit converted, stated), or a user error."""
        typed = parse_value(text)
        if typed is None:
            ambiguous = number_problem(text)
            if ambiguous:
                raise InvalidInput(ambiguous)
            raise InvalidInput(
                f"`{text[:20]}` is not a number. Type e.g. "
                f"`{self._command} log {pilot.short_id} {measure.measure_id} "
                f"{_num(example_value(measure))}`."
            )
        converted = convert_to_unit(typed, typed_unit(text), measure.unit)
        if converted is None:
            raise InvalidInput(
                f"{measure.name} is measured in {measure.unit}, not `{typed_unit(text)[:20]}`. "
                f"Type the value in {measure.unit}, e.g. "
                f"`{self._command} log {pilot.short_id} {measure.measure_id} "
                f"{_num(example_value(measure, typed))}`."
            )
        value, conversion = converted
        low, high = measure.min_value, measure.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            raise InvalidInput(
                f"{measure.name} goes from {_num(low)} to {_num(high)} ({measure.unit}); "
                f"{_num(value)} is outside that range. Type e.g. "
                f"`{self._command} log {pilot.short_id} {measure.measure_id} "
                f"{_num(example_value(measure))}`."
            )
        return value, conversion

    def check_day(self, pilot: Pilot, on: date | None) -> date:
        """The observation's day: today by default, never in the future. A day before the
        pilot's start is a baseline value, up to a year before it."""
        now = today()
        day = on or now
        if day > now:
            raise InvalidInput(
                f"{day.isoformat()} is in the future; log what was measured, up to today."
            )
        if day < pilot.start_date - timedelta(days=BASELINE_LOOKBACK_DAYS):
            raise InvalidInput(
                f"{pilot.short_id} started on {pilot.start_date.isoformat()}; a baseline value "
                f"can be dated up to a year before that, and {day.isoformat()} is earlier."
            )
        return day

    def ensure_active(self, pilot: Pilot) -> None:
        """Refuse a value for a pilot that was adopted or abandoned."""
        if pilot.status is not PilotStatus.ACTIVE:
            raise WrongStage(self._closed(pilot))

    def _closed(self, pilot: Pilot) -> str:
        return (
            f"{pilot.short_id} is {pilot.status.value} and takes no more values. "
            f"Type `{self._command} pilots` to see the active pilots."
        )

    # -- decisions --------------------------------------------------------------------

    def decide(self, team_id: str, user_id: str, text: str) -> DecisionRecord:
        """`decide <P-id> adopt|adapt|abandon [reason]`: close the current PDSA cycle."""
        words = text.split(maxsplit=2)
        usage = f"Type `{self._command} decide P-3 adopt|adapt|abandon [reason]`."
        if len(words) < 2:
            raise InvalidInput(f"Say which pilot and what you decided. {usage}")
        pilot = self.pilot(team_id, words[0])
        try:
            decision = Decision(words[1].lower())
        except ValueError:
            raise InvalidInput(f"`{words[1][:20]}` is not a decision. {usage}") from None
        if pilot.status is not PilotStatus.ACTIVE:
            raise WrongStage(f"{pilot.short_id} is already {pilot.status.value}.")
        reason = words[2].strip()[:REASON_MAX_CHARS] if len(words) > 2 else None
        # The baseline stays frozen across cycles: the next cycle is judged against it too.
        decided = self._store.decide(pilot, decision, reason, user_id, {}, pilot.ihi_score)
        if decided is None:
            raise WrongStage(f"{pilot.short_id} cycle {pilot.cycle} was decided a moment ago.")
        if decision is not Decision.ADAPT:
            self.reminders.cancel(decided)
        experiment = self.experiment_of(pilot)
        return DecisionRecord(
            pilot=decided,
            experiment_short_id=experiment.short_id if experiment else "E-?",
            cycle=pilot.cycle,
            decision=decision,
            reason=reason,
            next_cycle=decided.cycle if decision is Decision.ADAPT else None,
        )


def build_pilot_service(
    settings: Settings, database: Database, outbox: Outbox | None = None
) -> PilotService:
    """The pilot service over the stores, with its outcome and reminder services."""
    groups = GroupStore(database)
    pilots = PilotStore(database)
    return PilotService(
        pilots,
        groups,
        KnowledgeBase.load(settings.unburden_knowledge_dir),
        OutcomeService(pilots, groups, load_role_rates(settings.unburden_knowledge_dir)),
        ReminderService(ReminderStore(database), pilots),
        settings.unburden_command,
        outbox,
    )


def example_value(measure: PilotMeasure, typed: float | None = None) -> float:
    """A value to show in an example that the measure accepts: the typed one when it is in
    range, else 12 when that is, else the middle of a bounded range (3 on a 1-5 scale), else
    the bound."""
    low, high = measure.min_value, measure.max_value

    def fits(value: float) -> bool:
        return (low is None or value >= low) and (high is None or value <= high)

    for candidate in (typed, 12.0):
        if candidate is not None and fits(candidate):
            return candidate
    if low is not None and high is not None:
        middle = float(round((low + high) / 2))
        return middle if fits(middle) else low
    return low if low is not None else high or 0.0


def _num(value: float | None) -> str:
    """A bound or value as a person writes it."""
    if value is None:
        return "any"
    return f"{value:g}"
