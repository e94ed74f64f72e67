"""After `resume`, the ideas parked during the checklist pause are listed, each with a button
that puts it back as proposed and tells the meeting's thread."""

from __future__ import annotations

import threading
import time

from bot.domain.models import ExperimentStatus, WorkingGroup
from bot.domain.questions import Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, MEMBERS
from tests.listeners.meeting_support import open_meeting, record_idea, start_meeting, type_verb

PARKED_TEXT = "A new intake checklist for every visit"


def test_resume_lists_parked_ideas_and_propose_now_puts_one_back(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    _, opening, _ = start_meeting(slack, slack_api)
    type_verb(slack, slack_api, "pause")
    meeting = open_meeting(bot, group)
    number = record_idea(bot, meeting, PARKED_TEXT, Question.AUTOMATE, "parked")

    [answer] = type_verb(slack, slack_api, "resume")

    assert answer.args["response_type"] == "in_channel"
    assert f"E-{number}" in answer.text and "Propose now" in str(answer.args["blocks"])
    since = slack_api.mark()
    slack.click(answer, "unpark_idea", user=MEMBERS[2], value=_button_value(answer.args["blocks"]))
    posted = slack_api.wait_for("chat.postMessage", since=since, timeout=15)
    assert posted.channel == CHANNEL
    assert posted.args["thread_ts"] == opening.response["ts"]
    assert f"E-{number}" in posted.text and "proposed again" in posted.text
    idea = bot.services.experiments.store.by_number(group.team_id, number)
    assert idea is not None
    assert (idea.status, idea.question) == (ExperimentStatus.PROPOSED, Question.AUTOMATE)


def test_resume_without_parked_ideas_has_no_buttons(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    type_verb(slack, slack_api, "pause")

    [answer] = type_verb(slack, slack_api, "resume")

    assert "Checklist pause is off" in answer.text
    assert "unpark_idea" not in str(answer.args["blocks"])


def _button_value(blocks: list[dict[str, object]]) -> str:
    [button] = [b["accessory"] for b in blocks if isinstance(b.get("accessory"), dict)]
    assert isinstance(button, dict)
    return str(button["value"])


def test_two_members_pressing_propose_now_at_once_put_the_idea_back_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    type_verb(slack, slack_api, "pause")
    number = record_idea(bot, open_meeting(bot, group), PARKED_TEXT, Question.AUTOMATE, "parked")
    [answer] = type_verb(slack, slack_api, "resume")
    value = _button_value(answer.args["blocks"])
    since = slack_api.mark()

    clicks = [
        threading.Thread(
            target=slack.click, args=(answer, "unpark_idea"), kwargs={"user": user, "value": value}
        )
        for user in MEMBERS[2:4]
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()

    slack_api.wait_for("response_url", since=since, timeout=15)
    time.sleep(1.0)
    back_in_thread = [
        call
        for call in slack_api.calls[since:]
        if call.method == "chat.postMessage" and f"E-{number}" in call.text
    ]
    assert len(back_in_thread) == 1
