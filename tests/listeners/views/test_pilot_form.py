"""The pilot form asks for one measure first; "Add another measure" rebuilds it with one more,
keeping what the member typed, up to the three the pilot service accepts (and one of their own)."""

from __future__ import annotations

from typing import Any

from bot.blocks.pilot_form import ADD_CUSTOM_MEASURE, ADD_MEASURE, REMOVE_MEASURE
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
