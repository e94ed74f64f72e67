"""App Home's **Start meeting**: a facilitator starts their group's meeting from Home, exactly
as `start` in the channel would; a meeting already running is not started twice."""

from __future__ import annotations

from bot.domain.models import WorkingGroup
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, MEMBERS
from tests.listeners.events.test_home import open_home
from tests.listeners.meeting_support import open_meeting, start_meeting, type_verb

NAMED = MEMBERS[2]  # named facilitator by the group's first member
LETTER = "You listened to me when I was frightened, and you called back the same afternoon."


def home_with_start_button(
    slack: SignedSlackClient, slack_api: FakeSlackApi, user: str = NAMED
) -> ApiCall:
    type_verb(slack, slack_api, f"facilitator <@{NAMED}|member003>")
    return open_home(slack, slack_api, user)


def start_buttons(home: ApiCall) -> list[str]:
    return [
        b["accessory"]["value"]
        for b in home.args["view"]["blocks"]
        if (b.get("accessory") or {}).get("action_id") == "home_start_meeting"
    ]


def test_a_facilitator_sees_start_meeting_for_their_group_and_a_member_does_not(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    home = home_with_start_button(slack, slack_api)

    assert start_buttons(home) == [CHANNEL]
    assert "Meetings you facilitate" in home.text
    assert start_buttons(open_home(slack, slack_api, MEMBERS[5])) == []


def test_start_meeting_on_home_starts_it_in_the_channel_as_start_would(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    bot.services.letters.add(group.team_id, MEMBERS[4], LETTER)
    type_verb(slack, slack_api, "add Refill requests ~30m/day")
    home = home_with_start_button(slack, slack_api)
    since = slack_api.mark()

    slack.click(home, "home_start_meeting", user=NAMED, value=CHANNEL)

    slack_api.wait_for("chat.postMessage", since=since, after=2, timeout=15)
    letter, opening, question = [
        c for c in slack_api.calls[since:] if c.method == "chat.postMessage"
    ][:3]
    assert {letter.channel, opening.channel, question.channel} == {CHANNEL}
    assert "listened to me" in letter.text
    assert "Refill requests" in opening.text
    assert question.args["thread_ts"] == opening.response["ts"]
    assert "What can we stop doing?" in question.text
    meeting = open_meeting(bot, group)
    assert meeting.started_by == NAMED and meeting.thread_ts == opening.response["ts"]


def test_start_meeting_on_home_while_one_runs_says_so_and_posts_nothing(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    home = home_with_start_button(slack, slack_api)
    start_meeting(slack, slack_api)
    running = open_meeting(bot, group)
    since = slack_api.mark()

    slack.click(home, "home_start_meeting", user=NAMED, value=CHANNEL)

    told = slack_api.wait_for("chat.postMessage", since=since)
    assert told.channel.startswith("D")
    assert f"already running in <#{CHANNEL}>" in told.text and "/unburden end" in told.text
    assert [c for c in slack_api.calls[since:] if c.channel == CHANNEL] == []
    assert open_meeting(bot, group).id == running.id


def test_start_meeting_pressed_by_someone_who_does_not_facilitate_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    home = home_with_start_button(slack, slack_api)
    since = slack_api.mark()

    slack.click(home, "home_start_meeting", user=MEMBERS[5], value=CHANNEL)

    told = slack_api.wait_for("chat.postMessage", since=since)
    assert "Only the facilitators" in told.text
    assert bot.services.meetings.open_meeting(group.team_id, CHANNEL) is None
