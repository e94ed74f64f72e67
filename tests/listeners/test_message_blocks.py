"""A guard on message length: read on a phone, no message the bot posts in a meeting or sends a
leader runs past one screen (SCREEN_BLOCKS blocks)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, MEMBERS
from tests.listeners.meeting_support import open_meeting, record_idea, type_verb, warm_detector

SCREEN_BLOCKS = 12
SPOKEN = ("chat.postMessage", "chat.postEphemeral", "response_url")
LEADER = MEMBERS[0]


def test_every_message_of_a_meeting_and_the_leaders_summary_fits_a_phone_screen(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    warm_detector()  # `missed` checks for patient identifiers; build the checker first
    since = slack_api.mark()
    for burden in ("Inbox results ~45m/day", "Refill requests ~30m/day", "Prior auth ~3h/week"):
        type_verb(slack, slack_api, f"add {burden}")
    type_verb(slack, slack_api, "missed Same-day call-backs, crowded out by inbox results")
    type_verb(slack, slack_api, "start 45m", "chat.postMessage", count=4)
    meeting = open_meeting(bot, group)
    assert bot.services.outbox.sender is not None  # the first question's time-up, once due
    bot.services.outbox.sender.sweep(datetime.now(UTC) + timedelta(minutes=10))
    for n, question in enumerate([Question.STOP] * 4 + [Question.DELEGATE] * 4):
        record_idea(bot, meeting, f"Idea {n} " + "in many words " * 8, question, votes=n % 5)
    type_verb(slack, slack_api, "vote", "chat.postMessage")
    type_verb(slack, slack_api, "end", "chat.postMessage", count=2)
    bot.services.groups.grant_leader(group.team_id, LEADER, "U0ADMIN")
    type_verb(slack, slack_api, "summary", user=LEADER)
    slack_api.wait_for("chat.postMessage", lambda c: (c.channel or "").startswith("D"), since=since)

    sent = [c for c in slack_api.calls[since:] if c.method in SPOKEN and c.args.get("blocks")]
    assert len(sent) >= 10
    too_long = {
        c.text[:60]: len(c.args["blocks"]) for c in sent if len(c.args["blocks"]) > SCREEN_BLOCKS
    }
    assert too_long == {}
    summary = [c for c in sent if c.text.startswith("Meeting summary") and c.channel == CHANNEL]
    assert summary and all(len(c.args["blocks"]) <= SCREEN_BLOCKS for c in summary)
