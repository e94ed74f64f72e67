"""`/unburden pilot <E-id>` opens a form; submitting it starts pilot P-n; `pilots` lists them."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks.pilot_form import ADD_CUSTOM_MEASURE, ADD_MEASURE
from bot.domain.models import MicroExperiment, Pilot, WorkingGroup
from bot.domain.run_chart import Verdict
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR
from tests.pilot_support import (
    add_experiment,
    chosen,
    open_drafted_form,
    pilot_form_values,
    press_in_form,
)


def open_form(slack: SignedSlackClient, slack_api: FakeSlackApi, text: str = "pilot E-1"):  # type: ignore[no-untyped-def]
    since = slack_api.mark()
    slack.command(text, channel=CHANNEL, user=FACILITATOR)
    return slack_api.wait_for("views.open", since=since)


def test_pilot_form_starts_a_pilot_and_announces_it(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    opened = open_form(slack, slack_api)
    view = opened.args["view"]
    assert view["callback_id"] == "pilot_modal"
    hypothesis = next(b for b in view["blocks"] if b.get("block_id") == "hypothesis")
    assert hypothesis["element"]["initial_value"].startswith("If medical assistants pend refill")

    since = slack_api.mark()
    response = slack.submit(opened, pilot_form_values(), user=FACILITATOR)

    assert response.status == 200 and not response.body.strip()
    announced = slack_api.wait_for("chat.postMessage", since=since)
    assert announced.channel == CHANNEL
    assert "Pilot P-1 started" in announced.text
    assert "90 → 60" in " ".join(slack_api.texts(CHANNEL))
    stored = bot.services.pilots.pilot(slack_api.team_id, "P-1")
    assert stored.participants == 2
    assert stored.ihi_score == 1.5
    assert bot.services.pilots.reminders.pending(stored)  # the first check-in is scheduled
    again = bot.services.pilots.form
    assert pilot_experiment.short_id == "E-1"
    try:
        again(slack_api.team_id, "E-1")
    except Exception as error:  # noqa: BLE001 - the message is what matters
        assert "piloting" in str(error)
    else:
        raise AssertionError("a piloted experiment must not open a second pilot form")


def test_pilot_without_a_human_cost_measure_is_refused_in_the_form(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    opened = open_form(slack, slack_api)
    values = pilot_form_values(
        measure_1={"measure_1": chosen("care_gap_closure_rate")},
        baseline_1={"baseline_1": "40"},
        target_1={"target_1": "60"},
    )

    response = slack.submit(opened, values, user=FACILITATOR)

    answer = response.json()
    assert answer["response_action"] == "errors"
    assert "point of the method" in answer["errors"]["measure_1"]
    assert bot.services.pilots.for_group(slack_api.team_id, pilot_experiment.group_id) == []


def test_pilot_form_names_each_mistake_next_to_its_field(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    form = press_in_form(
        slack, slack_api, open_drafted_form(slack, slack_api), ADD_MEASURE, pilot_form_values()
    )
    values = pilot_form_values(
        end_date={"end_date": {"type": "datepicker", "selected_date": "2000-01-01"}},
        baseline_1={"baseline_1": "ninety"},
        target_1={"target_1": "-5"},
        measure_2={"measure_2": chosen("mini_z_burnout")},
        baseline_2={"baseline_2": "7"},
        target_2={"target_2": "2"},
    )

    errors = slack.submit(form, values, user=FACILITATOR).json()["errors"]

    assert "after the start" in errors["end_date"]
    assert "number" in errors["baseline_1"]
    assert "outside" in errors["target_1"]
    assert "1 to 5" in errors["baseline_2"]
    assert bot.services.pilots.for_group(slack_api.team_id, pilot_experiment.group_id) == []


def test_pilot_form_takes_a_custom_measure(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    form = open_drafted_form(slack, slack_api)
    form = press_in_form(slack, slack_api, form, ADD_CUSTOM_MEASURE, pilot_form_values())
    values = pilot_form_values(
        measure_1={"measure_1": {"type": "static_select", "selected_option": None}},
        baseline_1={"baseline_1": ""},
        target_1={"target_1": ""},
        custom_name={"custom_name": "Forms signed late"},
        custom_unit={"custom_unit": "forms per week"},
        custom_direction={"custom_direction": chosen("lower")},
        custom_kind={"custom_kind": chosen("human_time")},
        custom_baseline={"custom_baseline": "14"},
        custom_target={"custom_target": "4"},
    )
    since = slack_api.mark()

    slack.submit(form, values, user=FACILITATOR)

    slack_api.wait_for("chat.postMessage", since=since)
    stored = bot.services.pilots.pilot(slack_api.team_id, "P-1")
    [measure] = bot.services.pilots.measures(stored)
    assert (measure.measure_id, measure.unit, measure.direction) == (
        "custom",
        "forms per week",
        "lower",
    )


def test_pilot_of_an_unknown_experiment_says_how_to_find_one(
    slack: SignedSlackClient, slack_api: FakeSlackApi, pilot_experiment: MicroExperiment
) -> None:
    since = slack_api.mark()
    slack.command("pilot E-99", channel=CHANNEL, user=FACILITATOR)

    answer = slack_api.wait_for("response_url", since=since)
    assert "no experiment E-99" in answer.args["text"]
    assert not slack_api.calls_to("views.open")


def test_pilot_by_someone_outside_the_group_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, pilot_experiment: MicroExperiment
) -> None:
    since = slack_api.mark()
    slack.command("pilot E-1", channel="C0OTHER", user="U0OUTSIDER")

    answer = slack_api.wait_for("response_url", since=since)
    assert "Only members" in answer.args["text"]
    assert not slack_api.calls_to("views.open")


def test_pilots_lists_status_values_and_judgement(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    for value in (88, 85, 80):
        since = slack_api.mark()
        slack.command(f"log P-1 task_minutes_per_day {value}", channel=CHANNEL, user=FACILITATOR)
        slack_api.wait_for("response_url", since=since)
    since = slack_api.mark()

    slack.command("pilots", channel=CHANNEL, user=FACILITATOR)

    answer = slack_api.wait_for("response_url", since=since)
    text = " ".join(slack_api.texts()[-1:]) + str(answer.args.get("blocks"))
    assert "P-1" in text and "E-1" in text
    assert answer.args["text"] == "1 pilot in the primary care group."
    assert "active, cycle 1" in text
    assert "latest 80 (baseline 90 typed, not measured, target 60" in text
    assert "Not judged: 0 baseline values measured before the start" in text
    assert "Hours reclaimed: not shown yet" in text
    assert "Value/burden: not shown yet" in text


def test_the_form_takes_measured_baseline_values_and_the_chart_judges_against_them(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    opened = open_form(slack, slack_api)
    values = pilot_form_values(baseline_1={"baseline_1": "92; 88; 90; 91; 89; 90"})

    response = slack.submit(opened, values, user=FACILITATOR)

    assert response.status == 200 and not response.body.strip()
    pilots = bot.services.pilots
    stored = pilots.pilot(slack_api.team_id, "P-1")
    [minutes] = pilots.measures(stored)
    assert minutes.baseline == 90  # the median of the six values
    observations = pilots.observations(stored)
    assert [o.value for o in observations] == [92, 88, 90, 91, 89, 90]
    assert all(o.observed_on < stored.start_date for o in observations)
    assert observations[-1].observed_on == stored.start_date - timedelta(days=7)
    assert stored.ihi_score == 2.0  # activity: a baseline measured, no change tested yet
    outcome = pilots.outcomes.outcome_of(stored)
    assert outcome.series[0].judgement.verdict is Verdict.TOO_FEW_POINTS  # none since the start


def test_a_baseline_value_out_of_range_is_named_in_the_form(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    opened = open_form(slack, slack_api)
    values = pilot_form_values(baseline_1={"baseline_1": "92; 88; -5"})

    answer = slack.submit(opened, values, user=FACILITATOR).json()

    assert answer["response_action"] == "errors"
    assert "-5 is outside it" in answer["errors"]["baseline_1"]
    assert bot.services.pilots.for_group(slack_api.team_id, pilot_experiment.group_id) == []


def test_pilots_shows_no_burnout_figure_from_one_members_logged_ratings(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    for value in (4, 2):
        since = slack_api.mark()
        slack.command(f"log P-1 mini_z_burnout {value}", channel=CHANNEL, user=FACILITATOR)
        slack_api.wait_for("response_url", since=since)
    since = slack_api.mark()

    slack.command("pilots", channel=CHANNEL, user=FACILITATOR)

    answer = slack_api.wait_for("response_url", since=since)
    text = str(answer.args.get("blocks"))
    assert "2 ratings logged, not shown" in text
    assert "latest 2" not in text  # no burnout figure from one person
    assert "Burnout" not in text  # no pulse yet: no second, group-level figure either


def test_pilots_with_none_suggests_an_idea_of_the_group_or_how_to_propose_one(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    def pilots() -> str:
        since = slack_api.mark()
        slack.command("pilots", channel=CHANNEL, user=FACILITATOR)
        return str(slack_api.wait_for("response_url", since=since).args["text"])

    # No idea yet: say how to propose one, and name no experiment that may not exist.
    empty = pilots()
    assert "this group has no idea to pilot" in empty
    assert "`/unburden start`, then `/unburden idea <change>`" in empty
    assert "E-12" not in empty

    first, second = add_experiment(bot, group), add_experiment(bot, group, "Pool the inbox")

    assert f"e.g. `/unburden pilot {second.short_id}`" in pilots()
    assert first.short_id != second.short_id
