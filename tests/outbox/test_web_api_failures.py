"""Failure injection, one Web API method at a time, on the paths whose messages the group must
see: whatever Slack does (500 three times, 429 past the retries, ok:false), nothing is lost and
the person who acted hears the truth."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.outbox import OutgoingMessage
from bot.services.letters import SCHEDULED_LETTER
from bot.store.tables import ExperimentRow, OutboxRow
from tests.conftest import CHANNEL, FACILITATOR
from tests.listeners.meeting_support import start_meeting, type_verb
from tests.outbox.test_lost_posts import FAULTS, notice, posts, settled
from tests.pilot_support import add_experiment, start_pilot


def inject(slack_api: FakeSlackApi, method: str, fault: str) -> None:
    """One of the three faults, on any method."""
    if fault == "500 three times":
        slack_api.fail(method, "internal_error", times=3, status=500)
    elif fault == "429 past the retries":
        slack_api.rate_limit(method, times=4, retry_after=0)
    else:
        slack_api.fail(method, "fatal_error", times=1)


def later(minutes: int = 1) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


@pytest.mark.parametrize("fault", FAULTS.keys())
def test_chat_post_message_for_an_idea_saves_it_once_and_says_so(
    fault: str,
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
) -> None:
    start_meeting(slack, slack_api)
    inject(slack_api, "chat.postMessage", fault)
    since = slack_api.mark()

    slack.command("idea Stop faxing refill requests to the pharmacy", channel=CHANNEL)
    told = notice(slack_api, since, timeout=90)  # the first similar search loads the model

    assert "the new idea" in told.text and "no need to type it again" in told.text
    with bot.services.database.transaction() as session:
        assert session.query(ExperimentRow).count() == 1
    assert bot.services.outbox.sender is not None
    assert bot.services.outbox.sender.sweep(later()) == 1
    (answer,) = posts(slack_api, since)
    assert "E-1" in answer.text


@pytest.mark.parametrize("fault", FAULTS.keys())
def test_chat_post_ephemeral_failing_leaves_the_message_to_post_later(
    fault: str,
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
) -> None:
    """The notice itself fails: the message is still in the outbox and posts on the next sweep."""
    start_meeting(slack, slack_api)
    settled(bot)
    sender = bot.services.outbox.sender
    assert sender is not None
    with bot.services.database.transaction() as session:
        bot.services.outbox.add(
            session,
            group.team_id,
            [OutgoingMessage(channel_id=CHANNEL, kind="question", text="A question")],
            notify_user_id=FACILITATOR,
            now=datetime.now(UTC) - timedelta(minutes=1),
        )
    slack_api.fail("chat.postMessage", "internal_error", times=3, status=500)
    inject(slack_api, "chat.postEphemeral", fault)
    since = slack_api.mark()

    assert sender.sweep() == 0
    assert sender.sweep(later()) == 1

    (posted,) = posts(slack_api, since)
    assert posted.text == "A question"


@pytest.mark.parametrize("fault", FAULTS.keys())
def test_a_letter_failing_at_the_meeting_time_is_posted_later_once(
    fault: str,
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
) -> None:
    type_verb(slack, slack_api, "letter add You called me back the same afternoon.")
    type_verb(slack, slack_api, "letter schedule monday 08:00 America/New_York")
    with bot.services.database.transaction() as session:
        due = session.scalar(
            select(OutboxRow.next_attempt_at).where(OutboxRow.kind == SCHEDULED_LETTER)
        )
    assert due is not None and bot.services.outbox.sender is not None
    sender = bot.services.outbox.sender
    inject(slack_api, "chat.postMessage", fault)
    since = slack_api.mark()

    assert sender.sweep(due + timedelta(seconds=10)) == 0
    assert sender.sweep(due + timedelta(minutes=1)) == 1
    assert sender.sweep(due + timedelta(minutes=5)) == 0

    (posted,) = posts(slack_api, since)
    assert "called me back" in posted.text


@pytest.mark.parametrize("fault", FAULTS.keys())
def test_conversations_history_failing_while_checking_a_lost_answer_posts_nothing_twice(
    fault: str,
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
) -> None:
    """A message whose earlier attempt may have posted is never posted blind: while the
    channel cannot be read, it waits; once it can, it is found, not repeated."""
    start_meeting(slack, slack_api)
    settled(bot)
    store = bot.services.outbox.store
    with bot.services.database.transaction() as session:
        (message_id,) = bot.services.outbox.add(
            session,
            group.team_id,
            [OutgoingMessage(channel_id=CHANNEL, kind="question", text="Once only")],
            now=datetime.now(UTC) - timedelta(minutes=5),
        )
    # A replica claimed it and died after Slack posted it.
    (claimed,) = store.claim([message_id], datetime.now(UTC) - timedelta(minutes=4), "dead")
    # The post that reached Slack before the process died:
    WebClient(token=slack_api.bot_token, base_url=slack_api.url).chat_postMessage(
        channel=CHANNEL,
        text="Once only",
        metadata={"event_type": "unburden_outbox", "event_payload": {"id": message_id}},
    )
    inject(slack_api, "conversations.history", fault)
    sender = bot.services.outbox.sender
    assert sender is not None

    assert sender.sweep(later()) == 0
    assert sender.sweep(later(10)) == 1

    assert len([p for p in posts(slack_api) if p.text == "Once only"]) == 1
    assert claimed.id == message_id


@pytest.mark.parametrize("method", ["conversations.open", "chat.postMessage"])
@pytest.mark.parametrize("fault", FAULTS.keys())
def test_a_checkin_that_failed_is_sent_on_the_next_run(
    method: str, fault: str, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    pilot = start_pilot(bot, add_experiment(bot, group), CHANNEL)
    reminders = bot.services.pilots.reminders
    (due,) = reminders.pending(pilot)[:1]
    inject(slack_api, method, fault)

    assert reminders.run_due(due.due_at) == 0
    assert reminders.run_due(due.due_at + timedelta(minutes=1)) == 1
