"""The pilot form asks for one measure first; "Add another measure" rebuilds it with one more,
keeping what the member typed, up to the three the pilot service accepts (and one of their own).
Its figures are read as `log` reads a value, and a plan that cannot work is refused next to the
field to fix, with what to type."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.blocks.pilot_form import ADD_CUSTOM_MEASURE, ADD_MEASURE, REMOVE_MEASURE
from bot.clock import today
from bot.domain.models import MicroExperiment
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import FACILITATOR
from tests.pilot_support import (
    chosen,
    input_ids,
    open_drafted_form,
    pilot_form_values,
    press_in_form,
)

MEASURE_INPUTS = ("measure_", "baseline_", "target_")
BURNOUT = {
    "measure_2": {"measure_2": chosen("mini_z_burnout")},
    "baseline_2": {"baseline_2": "3"},
    "target_2": {"target_2": "2"},
}


def measures_shown(form: ApiCall) -> list[str]:
    return [i for i in input_ids(form) if i.startswith(MEASURE_INPUTS)]


def element(form: ApiCall, block_id: str) -> dict[str, Any]:
    block = next(b for b in form.response["view"]["blocks"] if b.get("block_id") == block_id)
    return dict(block["element"])


def stored_measures(bot: LocalBot, slack_api: FakeSlackApi) -> list[str]:
    pilot = bot.services.pilots.pilot(slack_api.team_id, "P-1")
    return [m.measure_id for m in bot.services.pilots.measures(pilot)]


def test_the_form_asks_for_one_measure_and_adds_another_keeping_what_was_typed(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    form = open_drafted_form(slack, slack_api)
    assert measures_shown(form) == ["measure_1", "baseline_1", "target_1"]
    typed = pilot_form_values(hypothesis={"hypothesis": "If MAs pend refills, fewer minutes."})

    grown = press_in_form(slack, slack_api, form, ADD_MEASURE, typed)

    assert grown.response["ok"]
    assert measures_shown(grown)[3:] == ["measure_2", "baseline_2", "target_2"]
    assert element(grown, "hypothesis")["initial_value"] == "If MAs pend refills, fewer minutes."
    assert element(grown, "baseline_1")["initial_value"] == "90"
    assert element(grown, "measure_1")["initial_option"]["value"] == "task_minutes_per_day"
    assert element(grown, "participants")["initial_users"] == ["U002", "U003"]
    since = slack_api.mark()

    response = slack.submit(grown, {**typed, **BURNOUT}, user=FACILITATOR)

    assert response.status == 200 and not response.body.strip()
    slack_api.wait_for("chat.postMessage", since=since)
    assert stored_measures(bot, slack_api) == ["task_minutes_per_day", "mini_z_burnout"]


def test_the_form_offers_no_more_measures_than_the_pilot_takes(
    slack: SignedSlackClient, slack_api: FakeSlackApi, pilot_experiment: MicroExperiment
) -> None:
    form = open_drafted_form(slack, slack_api)
    typed = pilot_form_values()
    form = press_in_form(slack, slack_api, form, ADD_MEASURE, typed)
    form = press_in_form(slack, slack_api, form, ADD_MEASURE, typed)
    form = press_in_form(slack, slack_api, form, ADD_CUSTOM_MEASURE, typed)

    assert [i for i in measures_shown(form) if i.startswith("measure_")] == [
        "measure_1",
        "measure_2",
        "measure_3",
    ]
    assert "custom_name" in input_ids(form)
    buttons = [b for b in form.response["view"]["blocks"] if b.get("block_id") == "add_measures"]
    assert buttons == []  # nothing left to add


def test_a_blank_or_removed_extra_measure_is_ignored(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    form = open_drafted_form(slack, slack_api)
    typed = pilot_form_values()
    form = press_in_form(slack, slack_api, form, ADD_MEASURE, typed)  # measure 2, left blank
    form = press_in_form(slack, slack_api, form, ADD_MEASURE, typed)
    with_third = {
        **typed,
        "measure_3": {"measure_3": chosen("inbox_messages_per_day")},
        "baseline_3": {"baseline_3": "not a number"},
    }
    form = press_in_form(slack, slack_api, form, REMOVE_MEASURE, with_third, value="3")
    assert "measure_3" not in input_ids(form)
    since = slack_api.mark()

    # Slack may still hold what was typed in the removed measure: it is not read.
    response = slack.submit(form, with_third, user=FACILITATOR)

    assert response.status == 200 and not response.body.strip()
    slack_api.wait_for("chat.postMessage", since=since)
    assert stored_measures(bot, slack_api) == ["task_minutes_per_day"]


def test_a_double_tap_on_add_adds_one_measure_and_says_why_the_second_did_nothing(
    slack: SignedSlackClient, slack_api: FakeSlackApi, pilot_experiment: MicroExperiment
) -> None:
    form = open_drafted_form(slack, slack_api)
    typed = pilot_form_values()
    first = press_in_form(slack, slack_api, form, ADD_MEASURE, typed)
    since = slack_api.mark()

    second = press_in_form(slack, slack_api, form, ADD_MEASURE, typed)  # the same, stale view

    assert second.response.get("error") == "hash_conflict"
    told = slack_api.wait_for("chat.postMessage", since=since)
    assert told.channel.startswith("D") and "press the button again" in told.text
    current = slack_api.view(first.response["view"]["id"])
    assert [b["block_id"] for b in current["blocks"] if b.get("block_id") == "measure_3"] == []


def test_a_form_slack_refuses_to_update_leaves_the_member_told(
    slack: SignedSlackClient, slack_api: FakeSlackApi, pilot_experiment: MicroExperiment
) -> None:
    form = open_drafted_form(slack, slack_api)
    slack_api.fail("views.update", "hash_conflict")
    since = slack_api.mark()

    refused = press_in_form(slack, slack_api, form, ADD_MEASURE, pilot_form_values())

    assert not refused.response["ok"]
    told = slack_api.wait_for("chat.postMessage", since=since)
    assert "left it as it is" in told.text
    assert "measure_2" not in [
        b.get("block_id") for b in slack_api.view(form.response["view"]["id"])["blocks"]
    ]


def submit_errors(
    slack: SignedSlackClient, slack_api: FakeSlackApi, **overrides: dict[str, Any]
) -> dict[str, str]:
    """Open the form, submit it with `overrides`, and return the errors shown by each field."""
    form = open_drafted_form(slack, slack_api)
    answer = slack.submit(form, pilot_form_values(**overrides), user=FACILITATOR).json()
    assert answer["response_action"] == "errors"
    return dict(answer["errors"])


def no_pilot(bot: LocalBot, pilot_experiment: MicroExperiment) -> bool:
    return bot.services.pilots.for_group(pilot_experiment.team_id, pilot_experiment.group_id) == []


def test_a_baseline_and_target_typed_with_a_unit_are_converted_as_log_converts_them(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    form = open_drafted_form(slack, slack_api)
    values = pilot_form_values(
        baseline_1={"baseline_1": "1.5 hours"}, target_1={"target_1": "1 hour"}
    )
    since = slack_api.mark()

    response = slack.submit(form, values, user=FACILITATOR)

    assert response.status == 200 and not response.body.strip()
    announced = slack_api.wait_for("chat.postMessage", since=since)
    assert "90 → 60 minutes per day" in announced.text
    pilot = bot.services.pilots.pilot(slack_api.team_id, "P-1")
    [minutes] = bot.services.pilots.measures(pilot)
    assert (minutes.baseline, minutes.target) == (90, 60)


@pytest.mark.parametrize("field", ["baseline_1", "target_1"])
def test_a_value_that_reads_two_ways_is_asked_about_next_to_its_field(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
    field: str,
) -> None:
    errors = submit_errors(slack, slack_api, **{field: {field: "2.500"}})

    assert list(errors) == [field]
    assert "did you mean 2500 or 2.5?" in errors[field]
    assert no_pilot(bot, pilot_experiment)


def test_a_baseline_in_another_unit_says_which_unit_to_type(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    errors = submit_errors(slack, slack_api, baseline_1={"baseline_1": "90 clicks"})

    assert list(errors) == ["baseline_1"]
    assert "in minutes per day, not `clicks`" in errors["baseline_1"]
    assert no_pilot(bot, pilot_experiment)


def test_a_mistyped_baseline_is_named_only_next_to_it(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    errors = submit_errors(slack, slack_api, baseline_1={"baseline_1": "ninety"})

    assert errors == {"baseline_1": "Give the baseline as a number (minutes per day)."}
    assert no_pilot(bot, pilot_experiment)


@pytest.mark.parametrize(
    ("measure", "baseline", "target", "told"),
    [
        (
            "task_minutes_per_day",
            "60",
            "90",
            "lower is better: give a target below the baseline 60",
        ),
        ("task_minutes_per_day", "60", "1 hour", "give a target below the baseline 60"),
        ("task_minutes_per_day", "0", "0", "give a target below the baseline 0"),
        ("task_minutes_per_day", "-0", "-0", "give a target below the baseline 0."),
        ("teamwork_for_orders_pct", "40", "40", "higher is better: give a target above the"),
        ("teamwork_for_orders_pct", "40", "30", "give a target above the baseline 40"),
    ],
)
def test_a_target_no_better_than_the_baseline_is_refused_next_to_the_target(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
    measure: str,
    baseline: str,
    target: str,
    told: str,
) -> None:
    errors = submit_errors(
        slack,
        slack_api,
        measure_1={"measure_1": chosen(measure)},
        baseline_1={"baseline_1": baseline},
        target_1={"target_1": target},
    )

    assert list(errors) == ["target_1"]
    assert told in errors["target_1"]
    assert no_pilot(bot, pilot_experiment)


def test_a_custom_target_no_better_than_its_baseline_is_refused(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    form = open_drafted_form(slack, slack_api)
    form = press_in_form(slack, slack_api, form, ADD_CUSTOM_MEASURE, pilot_form_values())
    values = pilot_form_values(
        custom_name={"custom_name": "Refills closed same day"},
        custom_unit={"custom_unit": "percent"},
        custom_direction={"custom_direction": chosen("higher")},
        custom_kind={"custom_kind": chosen("quality")},
        custom_baseline={"custom_baseline": "70"},
        custom_target={"custom_target": "50"},
    )

    errors = slack.submit(form, values, user=FACILITATOR).json()["errors"]

    assert errors == {
        "custom_target": "For percent higher is better: give a target above the baseline 70."
    }
    assert no_pilot(bot, pilot_experiment)


@pytest.mark.parametrize("days_away", [-400, 400])
def test_a_start_more_than_a_year_from_today_is_refused_next_to_it(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
    days_away: int,
) -> None:
    start = today() + timedelta(days=days_away)
    errors = submit_errors(
        slack,
        slack_api,
        start_date={"start_date": {"type": "datepicker", "selected_date": start.isoformat()}},
        end_date={
            "end_date": {
                "type": "datepicker",
                "selected_date": (start + timedelta(weeks=12)).isoformat(),
            }
        },
    )

    assert list(errors) == ["start_date"]
    earliest, latest = today() - timedelta(days=365), today() + timedelta(days=365)
    assert f"between {earliest.isoformat()} and {latest.isoformat()}" in errors["start_date"]
    assert no_pilot(bot, pilot_experiment)


def test_participants_are_asked_for_rather_than_counted_as_one(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    form = open_drafted_form(slack, slack_api)
    assert element(form, "participants")["type"] == "multi_users_select"
    participants = next(
        b for b in form.response["view"]["blocks"] if b.get("block_id") == "participants"
    )
    assert participants["optional"] is False
    none_chosen = {"participants": {"type": "multi_users_select", "selected_users": []}}

    answer = slack.submit(form, pilot_form_values(participants=none_chosen), user=FACILITATOR)

    errors = answer.json()["errors"]
    assert list(errors) == ["participants"]
    assert "yourself, if only you" in errors["participants"]
    assert no_pilot(bot, pilot_experiment)
