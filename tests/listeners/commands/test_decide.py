"""`/unburden decide <P-id> adopt|adapt|abandon [reason]` closes a PDSA cycle."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import today
from bot.domain.models import ExperimentStatus, Pilot, PilotStatus
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR

# Minutes a day: ten weeks at about 90 before the start (the baseline), then ten at about 60
# since the start (a clear shift below the baseline median).
BEFORE = [91, 89, 92, 90, 88, 93, 90, 91, 89, 92]
AFTER = [62, 60, 58, 61, 59, 63, 60, 57, 61, 60]


def decide(
    slack: SignedSlackClient, slack_api: FakeSlackApi, text: str, user: str = FACILITATOR
) -> ApiCall:
    since = slack_api.mark()
    slack.command(f"decide {text}", channel=CHANNEL, user=user)
    return slack_api.wait_for("response_url", since=since)


def log_weeks(bot: LocalBot, pilot: Pilot, values: list[int], baseline: bool = False) -> None:
    """Record one value a week through the service, oldest first: ending last week, or (for a
    baseline) ending the week before the pilot's start."""
    pilots = bot.services.pilots
    current = pilots.pilot(pilot.team_id, pilot.short_id)
    [minutes] = [m for m in pilots.measures(current) if m.measure_id == "task_minutes_per_day"]
    end = current.start_date if baseline else today()
    first = end - timedelta(weeks=len(values))
    days = [(first + timedelta(weeks=i), float(v)) for i, v in enumerate(values)]
    pilots.store_values(current, minutes, days, FACILITATOR)


def experiment_status(bot: LocalBot, pilot: Pilot) -> ExperimentStatus:
    found = bot.services.pilots.experiment_of(pilot)
    assert found is not None
    return found.status


def test_adopt_after_an_improvement_closes_the_pilot_and_scores_it(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    log_weeks(bot, pilot, BEFORE, baseline=True)
    log_weeks(bot, pilot, AFTER)

    answer = decide(slack, slack_api, "P-1 adopt inbox time fell by a third")

    assert answer.args["response_type"] == "in_channel"
    assert "P-1 cycle 1: adopted" in answer.args["text"]
    assert "inbox time fell by a third" in str(answer.args["blocks"])
    closed = bot.services.pilots.pilot(pilot.team_id, "P-1")
    assert closed.status is PilotStatus.ADOPTED
    # From a baseline median of 90.5 to 60 (median of the last four) with target 60, held:
    # the goal is met and sustained.
    assert closed.ihi_score == 5.0
    assert experiment_status(bot, pilot) is ExperimentStatus.ADOPTED
    assert bot.services.pilots.reminders.pending(closed) == []


def test_adapt_starts_the_next_cycle_against_the_same_frozen_baseline(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    log_weeks(bot, pilot, BEFORE, baseline=True)
    log_weeks(bot, pilot, AFTER)

    answer = decide(slack, slack_api, "P-1 adapt add the nurses' pool too")

    assert "Cycle 2 starts now" in str(answer.args["blocks"])
    pilots = bot.services.pilots
    adapted = pilots.pilot(pilot.team_id, "P-1")
    assert (adapted.cycle, adapted.status) == (2, PilotStatus.ACTIVE)
    [minutes] = [m for m in pilots.measures(adapted) if m.measure_id == "task_minutes_per_day"]
    assert minutes.baseline == 90.0  # the form's value, not overwritten by cycle 1's median
    log_weeks(bot, adapted, [55])
    outcome = pilots.outcomes.outcome_of(pilots.pilot(pilot.team_id, "P-1"))
    [series] = [s for s in outcome.series if s.measure.measure_id == "task_minutes_per_day"]
    # Cycle 2 is judged on its own points, against the baseline measured before the start.
    assert series.values == [*map(float, BEFORE), 55.0]
    assert (series.baseline_count, series.baseline_median) == (10, 90.5)
    assert experiment_status(bot, pilot) is ExperimentStatus.PILOTING


def test_abandon_marks_pilot_and_experiment_abandoned(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    decide(slack, slack_api, "P-1 abandon the vendor left")

    assert bot.services.pilots.pilot(pilot.team_id, "P-1").status is PilotStatus.ABANDONED
    assert experiment_status(bot, pilot) is ExperimentStatus.ABANDONED
    again = decide(slack, slack_api, "P-1 adopt")
    assert "already abandoned" in again.args["text"]


def test_decide_by_someone_outside_the_group_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    answer = decide(slack, slack_api, "P-1 adopt", user="U0OUTSIDER")

    assert "Only members" in answer.args["text"]
    assert bot.services.pilots.pilot(pilot.team_id, "P-1").status is PilotStatus.ACTIVE


def test_decide_with_an_unknown_decision_says_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    answer = decide(slack, slack_api, "P-1 keep")

    assert "`keep` is not a decision" in answer.args["text"]
    assert "adopt|adapt|abandon" in answer.args["text"]
    assert bot.services.pilots.pilot(pilot.team_id, "P-1").cycle == 1


def test_decide_on_an_unknown_pilot_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, pilot: Pilot
) -> None:
    answer = decide(slack, slack_api, "P-7 adopt")

    assert "no pilot `P-7`" in answer.args["text"]
