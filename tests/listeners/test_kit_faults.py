"""Each kind of fault issue 12 lists, with its example, through signed requests: escaped text,
wrong places, Slack API errors, forms refused in the ack, double taps, facilitators, ballots."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from bot.blocks.ideas import IDEA_MODAL, INPUT_ACTION, INPUT_BLOCK
from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.offline.slack_payloads import slash_command_form
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.listeners.ideas_support import open_meeting, propose
from tests.listeners.meeting_support import record_idea, type_verb


def burdens(bot: LocalBot, group: WorkingGroup) -> list:  # type: ignore[type-arg]
    return bot.services.burdens.heaviest(group.team_id, group.id, 50)


def test_escaped_text_is_stored_as_the_member_wrote_it(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "add Faxes &amp; scans &lt;urgent&gt; ~30m/day")

    (burden,) = burdens(bot, group)
    assert burden.title == "Faxes & scans <urgent>"
    assert "Faxes &amp; scans &lt;urgent&gt;" in str(answer.args["blocks"])  # escaped once out


def test_a_nul_byte_is_dropped_not_a_database_error(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "add Prior auth\x00 faxes ~20m/day")

    assert answer.args["response_type"] == "in_channel"
    (burden,) = burdens(bot, group)
    assert burden.title == "Prior auth faxes"


@pytest.mark.parametrize(
    ("channel_id", "channel_name"),
    [("D0DM", "directmessage"), ("C0MPIM", "mpdm-member001--member002--member003-1")],
)
def test_setup_in_a_direct_message_is_refused(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    channel_id: str,
    channel_name: str,
) -> None:
    since = slack_api.mark()
    origin = slack.origin(FACILITATOR, channel_id)
    form = slash_command_form(
        origin,
        "/unburden",
        "setup primary care",
        slack_api.new_response_url(channel=channel_id),
        slack_api.new_trigger_id(),
    )
    form["channel_name"] = channel_name
    assert slack.command_form(form).status == 200

    answer = slack_api.wait_for("response_url", since=since, timeout=15)
    assert answer.args["response_type"] == "ephemeral"
    assert "not a direct message" in answer.text
    assert bot.services.groups.find(slack_api.team_id, channel_id) is None


def test_questions_in_the_thread_say_reply_in_this_thread(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    since = slack_api.mark()
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    question = slack_api.wait_for(
        "chat.postMessage", lambda c: bool(c.args.get("thread_ts")), since=since
    )
    assert "Reply in this thread" in question.text
    assert "/unburden idea" not in question.text


def test_an_expired_trigger_is_answered_with_what_to_do(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    group: WorkingGroup,
    caplog: pytest.LogCaptureFixture,
) -> None:
    slack_api.fail("views.open", "expired_trigger_id")

    with caplog.at_level(logging.WARNING):
        (answer,) = type_verb(slack, slack_api, "add")

    assert "took too long to open the form" in answer.text
    assert "went wrong" not in answer.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        ("msg_too_long", "Shorten it"),
        ("invalid_blocks", "shorter text"),
        ("not_in_channel", "/invite @Unburden"),
    ],
)
def test_slack_refusing_a_post_is_answered_with_what_to_do(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    error: str,
    advice: str,
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.STOP)
    record_idea(bot, meeting, "Stop faxing refill requests")
    slack_api.fail("chat.postMessage", error)

    (answer,) = type_verb(slack, slack_api, "vote")

    assert answer.args["response_type"] == "ephemeral"
    assert advice in answer.text
    assert "went wrong" not in answer.text


def test_a_form_refused_in_the_ack_does_no_work_after_it_and_logs_no_error(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    caplog: pytest.LogCaptureFixture,
) -> None:
    (opened,) = type_verb(slack, slack_api, "add", "views.open")
    since = slack_api.mark()

    with caplog.at_level(logging.INFO):
        response = slack.submit(opened, {"title": {"value": "Faxes"}, "minutes": {"value": "lots"}})
        answer = response.json()

    assert answer["response_action"] == "errors" and "minutes" in answer["errors"]
    assert burdens(bot, group) == []
    assert not [c for c in slack_api.calls[since:] if c.method.startswith("chat.")]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_double_tapped_idea_form_stores_one_idea(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.STOP)
    view = {
        "id": "V0DOUBLE",
        "type": "modal",
        "callback_id": IDEA_MODAL,
        "hash": "1.abc",
        "private_metadata": CHANNEL,
        "blocks": [],
        "team_id": group.team_id,
        "title": {"type": "plain_text", "text": "Add an idea"},
    }
    values = {INPUT_BLOCK: {INPUT_ACTION: "Stop faxing refill requests to the clinic"}}
    answers: list[int] = []

    def tap() -> None:
        answers.append(slack.view_submission(None, values, user=MEMBERS[2], view=view).status)

    taps = [threading.Thread(target=tap) for _ in range(2)]
    for t in taps:
        t.start()
    for t in taps:
        t.join()

    assert answers == [200, 200]
    ideas = bot.services.experiments.ideas_of(meeting, Question.STOP)
    assert [i.text for i in ideas] == ["Stop faxing refill requests to the clinic"]


def test_only_facilitators_move_the_meeting_and_others_hear_who_can(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    (refusal,) = type_verb(slack, slack_api, "next", user=MEMBERS[3])
    assert f"<@{FACILITATOR}>" in refusal.text and "facilitator @you" in refusal.text
    assert bot.services.meetings.open_meeting(group.team_id, CHANNEL).stage is Question.STOP

    type_verb(slack, slack_api, f"facilitator <@{MEMBERS[3]}|member004>")
    type_verb(slack, slack_api, "next", "chat.postMessage", user=MEMBERS[3])
    assert bot.services.meetings.open_meeting(group.team_id, CHANNEL).stage is Question.AUTOMATE


def test_someone_outside_the_channel_cannot_be_named_facilitator(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    slack_api.add_user("U0OUTSIDER", "outsider")
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    (refusal,) = type_verb(slack, slack_api, "facilitator <@U0OUTSIDER|outsider>")

    assert refusal.args["response_type"] == "ephemeral"
    assert "not in this channel" in refusal.text and "/invite" in refusal.text
    meeting = bot.services.meetings.open_meeting(group.team_id, CHANNEL)
    assert "U0OUTSIDER" not in bot.services.facilitators.facilitators(group, meeting)


def test_end_and_summarise_asks_for_confirmation(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    since = slack_api.mark()
    open_meeting(slack, slack_api, bot, group, Question.REVIEW)

    review = slack_api.wait_for(
        "chat.postMessage", lambda c: "meeting_end" in str(c.args.get("blocks")), since=since
    )
    (button,) = [
        e
        for b in review.args["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == "meeting_end"
    ]
    assert button["confirm"]["confirm"]["text"] == "End and summarise"


def test_keep_sacred_ideas_get_no_vote_button(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.KEEP_SACRED)
    record_idea(bot, meeting, "Goals-of-care talks stay with the physician", Question.KEEP_SACRED)

    (ballot,) = type_verb(slack, slack_api, "vote", "chat.postMessage")

    actions = [e.get("action_id") for b in ballot.args["blocks"] for e in b.get("elements", [])]
    assert "consensus_check" in actions and "vote" not in actions


@pytest.mark.slow
def test_concurrent_votes_leave_the_ballot_showing_every_vote(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.DELEGATE)
    propose(slack, slack_api, "Medical assistants pend refill requests")
    idea = bot.services.experiments.store.by_number(group.team_id, 1)
    assert idea is not None
    (ballot,) = type_verb(slack, slack_api, "vote", "chat.postMessage")
    voters = MEMBERS[:6]
    since = slack_api.mark()

    clicks = [
        threading.Thread(target=slack.click, args=(ballot, "vote"), kwargs={"user": u})
        for u in voters
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    slack_api.wait_for("response_url", since=since, after=len(voters) - 1, timeout=30)

    shown = slack_api.message_at(CHANNEL, ballot.response["ts"])
    assert "6 votes ·" in str(shown["blocks"])
    updates = [c for c in slack_api.calls[since:] if c.method == "chat.update"]
    assert "6 votes ·" in str(updates[-1].args["blocks"])


def test_leader_accepts_an_escaped_mention(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    slack_api.add_user("U0ADMIN", name="admin", is_admin=True)

    (answer,) = type_verb(slack, slack_api, f"leader <@{MEMBERS[5]}|member006>", user="U0ADMIN")

    assert "now has the leaders' view" in answer.text
    assert bot.services.groups.is_leader(group.team_id, MEMBERS[5])


def test_a_double_tapped_burden_form_stores_one_burden(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "add", "views.open")
    values = {"title": {"value": "Re-keying faxed orders"}, "minutes": {"value": "20"}}
    since = slack_api.mark()

    first = slack.submit(opened, values)
    second = slack.submit(opened, values)

    assert first.status == 200 and second.status == 200
    slack_api.wait_for("chat.postMessage", since=since, timeout=15)
    time.sleep(1.0)  # time for a second, wrongful announcement to show up
    assert [b.title for b in burdens(bot, group)] == ["Re-keying faxed orders"]
    posts = [c for c in slack_api.calls[since:] if c.method == "chat.postMessage"]
    assert len(posts) == 1
