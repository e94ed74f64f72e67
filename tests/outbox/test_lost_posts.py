"""Nothing the group must see is lost: when Slack keeps failing a post (500 three times, 429
past the retries, or ok:false), the change stands, the facilitator is told the truth with
Post again, and the message posts later, in order and in its thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.blocks.outbox import POST_AGAIN
from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.outbox import OutgoingMessage
from bot.store.tables import OutboxRow
from tests.conftest import CHANNEL
from tests.listeners.meeting_support import open_meeting, start_meeting, type_verb


def server_errors(slack_api: FakeSlackApi) -> None:
    """HTTP 500 on every attempt the client's retry handler makes (1 + 2 retries)."""
    slack_api.fail("chat.postMessage", "internal_error", times=3, status=500)


def rate_limited(slack_api: FakeSlackApi) -> None:
    """HTTP 429 past the client's three retries."""
    slack_api.rate_limit("chat.postMessage", times=4, retry_after=0)


def refused(slack_api: FakeSlackApi) -> None:
    """HTTP 200 with ok:false."""
    slack_api.fail("chat.postMessage", "fatal_error", times=1)


FAULTS: dict[str, Callable[[FakeSlackApi], None]] = {
    "500 three times": server_errors,
    "429 past the retries": rate_limited,
    "ok:false": refused,
}


def posts(slack_api: FakeSlackApi, since: int = 0) -> list[ApiCall]:
    """Messages Slack accepted in the group's channel since a mark."""
    return [
        c
        for c in slack_api.calls[since:]
        if c.method == "chat.postMessage" and c.ok and c.channel == CHANNEL
    ]


def settled(bot: LocalBot) -> None:
    """Wait until every message written so far is recorded as posted (Slack has it just before)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with bot.services.database.transaction() as session:
            pending = session.scalar(
                select(func.count(OutboxRow.id)).where(OutboxRow.status == "pending")
            )
        if not pending:
            return
        time.sleep(0.05)
    raise AssertionError("messages still pending")


def notice(slack_api: FakeSlackApi, since: int, timeout: float = 15) -> ApiCall:
    """The facilitator's one line about a message not posted yet."""
    answer = slack_api.wait_for(
        "response_url", since=since, predicate=lambda c: "not posted yet" in c.text, timeout=timeout
    )
    assert answer.args["response_type"] == "ephemeral"
    assert "something went wrong" not in answer.text.lower()
    return answer


def post_again(slack: SignedSlackClient, slack_api: FakeSlackApi, told: ApiCall) -> None:
    """Press Post again on the notice and wait for its answer."""
    since = slack_api.mark()
    slack.click(told, POST_AGAIN)
    slack_api.wait_for("response_url", since=since, predicate=lambda c: "Posted" in c.text)


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_question_that_failed_to_post_is_posted_again_never_skipped(
    fault: Callable[[FakeSlackApi], None],
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
) -> None:
    _, opening, _ = start_meeting(slack, slack_api)
    fault(slack_api)
    since = slack_api.mark()

    slack.command("next", channel=CHANNEL)
    told = notice(slack_api, since)

    assert "the next question" in told.text
    assert open_meeting(bot, group).stage is Question.AUTOMATE
    assert posts(slack_api, since) == []
    post_again(slack, slack_api, told)
    (automate,) = posts(slack_api, since)
    assert "automate" in automate.text.lower()
    assert automate.args["thread_ts"] == opening.response["ts"]

    (delegate,) = type_verb(slack, slack_api, "next", "chat.postMessage")
    assert "delegat" in delegate.text.lower()


def test_a_summary_that_failed_to_post_is_not_lost(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    _, opening, _ = start_meeting(slack, slack_api)
    server_errors(slack_api)
    since = slack_api.mark()

    slack.command("end", channel=CHANNEL)
    told = notice(slack_api, since)

    assert "summary" in told.text
    assert bot.services.meetings.open_meeting(group.team_id, CHANNEL) is None
    post_again(slack, slack_api, told)
    summary, closed = posts(slack_api, since)[:2]
    assert summary.args["thread_ts"] == opening.response["ts"]
    assert "thread_ts" not in closed.args


def test_recap_posts_the_last_summary_again(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    _, opening, _ = start_meeting(slack, slack_api)
    ended = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    again = type_verb(slack, slack_api, "recap", "chat.postMessage", count=2)

    assert again[0].text == ended[0].text
    assert again[0].args["thread_ts"] == opening.response["ts"]


def test_recap_while_the_summary_waits_posts_that_summary_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    """Slack refused the summary at `end`; the facilitator types `recap` before the retry:
    the waiting summary goes out now, and no second copy follows when the sweep runs."""
    start_meeting(slack, slack_api)
    refused(slack_api)
    since = slack_api.mark()
    slack.command("end", channel=CHANNEL)
    notice(slack_api, since)

    type_verb(slack, slack_api, "recap", "chat.postMessage", count=2)
    assert bot.services.outbox.sender is not None
    bot.services.outbox.sender.sweep(datetime.now(UTC) + timedelta(hours=2))

    closed = [c for c in posts(slack_api, since) if "thread_ts" not in c.args]
    summaries = [c for c in posts(slack_api, since) if "thread_ts" in c.args]
    assert len(closed) == 1
    assert len({c.text for c in summaries}) == len(summaries) >= 1


def test_a_question_queued_behind_an_idea_behind_a_failed_question_is_known_to_wait(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    """Question 2 failed (retried later), an idea and question 3 queue behind it: the second
    `next` is answered at once that its question waits, instead of after a wait for its turn."""
    start_meeting(slack, slack_api)
    server_errors(slack_api)
    since = slack_api.mark()
    slack.command("next", channel=CHANNEL)
    notice(slack_api, since)
    record_idea_typed = type_verb(slack, slack_api, "idea Let the EHR pend standing-order labs")
    assert "not posted yet" in record_idea_typed[0].text
    since = slack_api.mark()
    slack.command("next", channel=CHANNEL)
    notice(slack_api, since)

    with bot.services.database.transaction() as session:
        last = session.scalars(
            select(OutboxRow.id).where(OutboxRow.kind == "question").order_by(OutboxRow.id)
        ).all()[-1]
    assert bot.services.outbox.store.stuck([last])


def test_recap_with_no_meeting_ended_says_how_to_end_one(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "recap")

    assert answer.args["response_type"] == "ephemeral"
    assert "/unburden end" in answer.text


def test_a_start_whose_letter_failed_posts_letter_opening_and_question_in_order_later(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    server_errors(slack_api)
    since = slack_api.mark()

    slack.command("start", channel=CHANNEL)
    notice(slack_api, since)

    meeting = open_meeting(bot, group)
    assert meeting.thread_ts is None and posts(slack_api, since) == []
    # No one presses anything: the background sweep posts it once the retry is due.
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert bot.services.outbox.sender is not None
    assert bot.services.outbox.sender.sweep(later) == 3
    letter, opening, question = posts(slack_api, since)
    assert "letter" in letter.text.lower()
    assert "thread_ts" not in opening.args
    assert question.args["thread_ts"] == opening.response["ts"]
    assert open_meeting(bot, group).thread_ts == opening.response["ts"]


def test_a_facilitator_already_told_is_not_told_again_and_the_retry_posts_it(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    slack_api.fail("chat.postMessage", "internal_error", times=6, status=500)
    since = slack_api.mark()
    slack.command("next", channel=CHANNEL)
    notice(slack_api, since)
    sender = bot.services.outbox.sender
    assert sender is not None

    assert sender.sweep(datetime.now(UTC) + timedelta(minutes=1)) == 0
    assert [c for c in slack_api.calls[since:] if c.method == "chat.postEphemeral"] == []
    assert sender.sweep(datetime.now(UTC) + timedelta(minutes=10)) == 1
    assert len(posts(slack_api, since)) == 1


def test_a_post_that_keeps_failing_in_the_background_is_announced_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    """Nobody was told yet (the change came from a job): the sweep tells the facilitator."""
    start_meeting(slack, slack_api)
    settled(bot)
    sender = bot.services.outbox.sender
    assert sender is not None
    with bot.services.database.transaction() as session:
        bot.services.outbox.add(
            session,
            group.team_id,
            [OutgoingMessage(channel_id=CHANNEL, kind="question", text="A question")],
            notify_user_id="U001",
            now=datetime.now(UTC) - timedelta(minutes=1),
        )
    slack_api.fail("chat.postMessage", "internal_error", times=6, status=500)
    since = slack_api.mark()

    sender.sweep()
    sender.sweep(datetime.now(UTC) + timedelta(minutes=1))

    (told,) = [c for c in slack_api.calls[since:] if c.method == "chat.postEphemeral"]
    assert told.ok and told.args["user"] == "U001"
    assert "Post again" in str(told.args["blocks"])


def test_a_message_slack_refuses_for_its_content_does_not_hold_back_the_next(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    slack_api.fail("chat.postMessage", "invalid_blocks", times=1)
    since = slack_api.mark()

    slack.command("next", channel=CHANNEL)
    told = notice(slack_api, since)

    assert "refused the message's layout" in told.text
    assert "try again in a few minutes" not in told.text
    (delegate,) = type_verb(slack, slack_api, "next", "chat.postMessage")
    assert "delegat" in delegate.text.lower()
