"""Some payloads carry a mention without its name (`<@U005>`): the bot shows the person's
name, asked of Slack once, and shows the id when Slack will not say; the idea is kept either way."""

from __future__ import annotations

from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.listeners.ideas_support import open_meeting, propose

IDEA = "Ask <@U005> to pend refills for protocol medicines"


def stored_text(bot: LocalBot, group: WorkingGroup, number: int) -> str:
    found = bot.services.experiments.store.by_number(group.team_id, number)
    assert found is not None
    return found.text


def test_an_unlabelled_mention_reads_as_the_persons_name_asked_of_slack_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.DELEGATE)

    posted = propose(slack, slack_api, IDEA)
    again = propose(slack, slack_api, "<@U005> and <@U006> share the refill inbox")

    assert "Ask @member005 to pend refills" in posted.text
    assert "U005" not in posted.text
    assert "@member005 and @member006 share" in again.text
    assert stored_text(bot, group, 1).startswith("Ask @member005 to pend refills")
    asked = [c.args["user"] for c in slack_api.calls_to("users.info")]
    assert asked.count("U005") == 1 and asked.count("U006") == 1


def test_when_slack_will_not_name_the_person_the_id_is_shown_and_the_idea_kept(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.DELEGATE)
    slack_api.fail("users.info", "user_not_found", times=5)

    posted = propose(slack, slack_api, IDEA)

    assert "Ask @U005 to pend refills" in posted.text
    assert stored_text(bot, group, 1).startswith("Ask @U005 to pend refills")
