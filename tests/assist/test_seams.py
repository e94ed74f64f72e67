"""The language model's wording reaches Slack where the features call the assistant (the
meeting's summary, the leaders' summary), and the counted template stands in without a model."""

from __future__ import annotations

import pytest

from bot.domain.models import MicroExperiment, WorkingGroup
from bot.domain.questions import Question
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.assist.fakes import assistant_with, fake_model, tool_reply
from tests.conftest import CHANNEL, FACILITATOR
from tests.listeners.commands.test_summary import LEADER, in_a_dm, seed_workspace
from tests.listeners.meeting_support import open_meeting, record_idea, start_meeting, type_verb

MODEL_STAGE = "The group leans to dropping FYI copies; the MAs doubt they can pend refills."
MODEL_DISPUTE = "E-2: who checks pended refills"
MODEL_PARAGRAPH = "Two of four groups met this month and 4.2 hours a week came back."


def end_meeting_with_ideas(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> str:
    """A meeting with a supported idea and a disputed one, ended; the summary's text."""
    start_meeting(slack, slack_api)
    meeting = open_meeting(bot, group)
    record_idea(bot, meeting, "Drop the FYI copies", votes=6)
    record_idea(bot, meeting, "MAs pend refills", Question.STOP, "settle_by_pilot", concerns=1)
    posted = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)
    return "\n".join(call.text for call in posted)


@pytest.mark.slow
def test_meeting_summary_carries_the_models_stage_summary(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    reply = {"summary": MODEL_STAGE, "disagreements": [MODEL_DISPUTE]}
    bot.services.assistant = assistant_with(fake_model(tool_reply("StageSummaryReply", reply)))

    text = end_meeting_with_ideas(slack, slack_api, bot, group)

    assert MODEL_STAGE in text
    assert f"Disagreements: {MODEL_DISPUTE}." in text
    assert "worded by the language model" in text


def test_meeting_summary_without_a_model_counts_the_stage(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    text = end_meeting_with_ideas(slack, slack_api, bot, group)

    assert "2 ideas under Stop." in text
    assert "Most support: E-1 (6 votes)" in text
    assert "Disagreements: E-2" in text
    assert "language model" not in text


def leaders_summary(slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot) -> ApiCall:
    seed_workspace(slack_api, bot)
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")
    since = slack_api.mark()
    slack.command("summary", user=LEADER, channel="C0PC2")
    posted = slack_api.wait_for("chat.postMessage", in_a_dm, since=since, timeout=30)
    slack_api.wait_for("response_url", since=since, timeout=30)  # "Sent you the summary"
    return posted


@pytest.mark.slow
def test_leaders_summary_opens_with_the_models_paragraph(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    reply = tool_reply("LeadersParagraphReply", {"paragraph": MODEL_PARAGRAPH})
    bot.services.assistant = assistant_with(fake_model(reply))

    posted = leaders_summary(slack, slack_api, bot)

    assert MODEL_PARAGRAPH in posted.text


def test_leaders_summary_without_a_model_states_the_figures(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    posted = leaders_summary(slack, slack_api, bot)

    assert "2 of 4 groups active in the last 30 days" in posted.text
    assert "4.2 hours a week reclaimed" in posted.text
    assert MODEL_PARAGRAPH not in posted.text


MODEL_HYPOTHESIS = "If MAs pend refills, prescriber minutes on refills fall from 90 to 60 a day."


@pytest.mark.slow
def test_pilot_form_fills_in_the_models_hypothesis_and_measures(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    reply = {"hypothesis": MODEL_HYPOTHESIS, "measure_ids": ["task_minutes_per_day"]}
    bot.services.assistant = assistant_with(fake_model(tool_reply("HypothesisReply", reply)))
    since = slack_api.mark()

    slack.command("pilot E-1", channel=CHANNEL, user=FACILITATOR)

    opened = slack_api.wait_for("views.open", since=since)
    updated = slack_api.wait_for("views.update", since=since, timeout=15)
    assert updated.ok and updated.args["hash"] == opened.response["view"]["hash"]
    blocks = {b.get("block_id"): b for b in updated.args["view"]["blocks"]}
    assert blocks["hypothesis"]["element"]["initial_value"] == MODEL_HYPOTHESIS
    assert blocks["measure_1"]["element"]["initial_option"]["value"] == "task_minutes_per_day"
