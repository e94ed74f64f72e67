"""Builders for pilot tests: an experiment row, a started pilot and form values, in one line each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.clock import today
from bot.domain.models import MicroExperiment, Pilot, WorkingGroup
from bot.domain.pilots import Cadence, MeasurePlan, PilotPlan
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.offline.slack_payloads import state_values
from bot.store.tables import ExperimentRow

IDEA = "medical assistants pend refill requests"


def add_experiment(bot: LocalBot, group: WorkingGroup, text: str = IDEA) -> MicroExperiment:
    """Insert micro-experiment E-<next number> for the group, as the `idea` verb would."""
    with bot.services.database.transaction() as session:
        highest = session.scalar(
            select(func.max(ExperimentRow.number)).where(ExperimentRow.team_id == group.team_id)
        )
        row = ExperimentRow(
            team_id=group.team_id,
            number=int(highest or 0) + 1,
            group_id=group.id,
            question="delegate",
            text=text,
            status="proposed",
            proposed_by="U002",
        )
        session.add(row)
        session.flush()
        return MicroExperiment.model_validate(row)


def minutes_measure(baseline: float = 90, target: float = 60) -> MeasurePlan:
    """The catalogue's minutes-per-day measure with a baseline and target."""
    return MeasurePlan(
        slot="1",
        measure_id="task_minutes_per_day",
        name="Minutes per day on the task",
        unit="minutes per day",
        direction="lower",
        kind="human_time",
        baseline=baseline,
        target=target,
        min_value=0,
        max_value=1440,
    )


def burnout_measure(baseline: float = 3, target: float = 2) -> MeasurePlan:
    """The Mini-Z burnout item with a baseline and target."""
    return MeasurePlan(
        slot="2",
        measure_id="mini_z_burnout",
        name="Mini-Z burnout item",
        unit="score (1-5)",
        direction="lower",
        kind="satisfaction",
        baseline=baseline,
        target=target,
        min_value=1,
        max_value=5,
    )


def start_pilot(
    bot: LocalBot,
    experiment: MicroExperiment,
    channel: str,
    measures: tuple[MeasurePlan, ...] | None = None,
    start: date | None = None,
    participants: tuple[str, ...] = ("U002", "U003", "U004"),
    owner: str = "U001",
) -> Pilot:
    """Start a pilot of the experiment through the service, as the form would."""
    begin = start or today() - timedelta(days=7 * 20)
    plan = PilotPlan(
        experiment_number=experiment.number,
        channel_id=channel,
        hypothesis=f"If {experiment.text}, then inbox minutes fall from 90 to 60.",
        owner_id=owner,
        participant_ids=participants,
        start_date=begin,
        end_date=begin + timedelta(days=365),
        cadence=Cadence.WEEKLY,
        measures=measures or (minutes_measure(), burnout_measure()),
    )
    return bot.services.pilots.create(experiment.team_id, plan).pilot


def chosen(value: str, kind: str = "static_select") -> dict[str, Any]:
    """A select's state entry."""
    return {"type": kind, "selected_option": {"value": value}}


def pilot_form_values(**overrides: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The pilot form as a member fills it: inbox minutes 90 -> 60, weekly, 12 weeks."""
    start = today()
    values: dict[str, dict[str, Any]] = {
        "hypothesis": {"hypothesis": "If MAs pend refills, inbox minutes fall from 90 to 60."},
        "owner": {"owner": {"type": "users_select", "selected_user": "U001"}},
        "participants": {
            "participants": {"type": "multi_users_select", "selected_users": ["U002", "U003"]}
        },
        "start_date": {"start_date": {"type": "datepicker", "selected_date": start.isoformat()}},
        "end_date": {
            "end_date": {
                "type": "datepicker",
                "selected_date": (start + timedelta(weeks=12)).isoformat(),
            }
        },
        "cadence": {"cadence": chosen("weekly")},
        "measure_1": {"measure_1": chosen("task_minutes_per_day")},
        "baseline_1": {"baseline_1": "90"},
        "target_1": {"target_1": "60"},
    }
    values.update(overrides)
    return values


def press_in_form(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    form: ApiCall,
    action_id: str,
    typed: dict[str, dict[str, Any]],
    value: str | None = None,
    user: str = "U001",
) -> ApiCall:
    """Press a button of an open form after typing `typed` into it (Slack sends the form's
    state with the click); the views.update the bot answers with."""
    view = {**form.response["view"], "state": {"values": state_values(typed)}}
    since = slack_api.mark()
    block_id = f"remove_{value}" if value else None
    slack.block_action(action_id, value, user, view=view, block_id=block_id)
    return slack_api.wait_for("views.update", since=since, ok_only=False)


def input_ids(form: ApiCall) -> list[str]:
    """The block ids of a form's input blocks, in order."""
    return [b["block_id"] for b in form.response["view"]["blocks"] if b["type"] == "input"]


def open_drafted_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, channel: str = "C0GROUP", user: str = "U001"
) -> ApiCall:
    """`pilot E-1`, then the form as the drafted hypothesis leaves it (its views.update)."""
    since = slack_api.mark()
    slack.command("pilot E-1", channel=channel, user=user)
    slack_api.wait_for("views.open", since=since)
    return slack_api.wait_for("views.update", since=since)
