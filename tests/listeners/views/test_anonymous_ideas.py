"""The idea form's "Post without my name": the author is not stored, the thread names nobody,
and members still vote on the idea."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.store.tables import ExperimentRow, OutboxRow
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.listeners.ideas_support import open_meeting

AUTHOR = MEMBERS[5]
TICKED = {
    "type": "checkboxes",
    "selected_options": [{"value": "anonymous", "text": {"type": "plain_text", "text": "x"}}],
}


def submit_idea(
    slack: SignedSlackClient, slack_api: FakeSlackApi, text: str, without_name: bool
) -> ApiCall:
    """Open "Add an idea" as AUTHOR, submit it, and wait for its post in the thread."""
    since = slack_api.mark()
    slack.block_action("open_idea_modal", value="stop", user=AUTHOR, channel=CHANNEL)
    form = slack_api.wait_for("views.open", since=since)
    values: dict[str, dict[str, object]] = {"text_block": {"text": text}}
    if without_name:
        values["anonymous_block"] = {"anonymous": TICKED}
    since = slack_api.mark()
    response = slack.submit(form, values, user=AUTHOR)
    assert response.status == 200 and not response.body
    return slack_api.wait_for("chat.postMessage", since=since, timeout=60)


def authors(bot: LocalBot) -> list[str]:
    with bot.services.database.transaction() as session:
        return list(session.scalars(select(ExperimentRow.proposed_by).order_by(ExperimentRow.id)))


def test_the_idea_form_offers_to_post_without_a_name(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    since = slack_api.mark()
    slack.block_action("open_idea_modal", value="stop", user=AUTHOR, channel=CHANNEL)
    form = slack_api.wait_for("views.open", since=since)

    assert "Post without my name" in json.dumps(form.args["view"])


def test_an_anonymous_idea_keeps_no_author_and_the_thread_names_nobody(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    posted = submit_idea(slack, slack_api, "Stop co-signing every nursing note", True)

    assert "*E-1*" in posted.text and "posted without a name" in posted.text
    assert AUTHOR not in str(posted.args)
    assert authors(bot) == [""]


def stored_user_ids(bot: LocalBot) -> str:
    """Every user id the database keeps about ideas and the messages that show them."""
    with bot.services.database.transaction() as session:
        kept = [*session.scalars(select(OutboxRow.notify_user_id))]
        kept += [*session.scalars(select(ExperimentRow.proposed_by))]
    return json.dumps(kept)


def test_an_anonymous_idea_leaves_its_author_nowhere_even_when_slack_fails_its_post(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    slack_api.fail("chat.postMessage", "fatal_error", times=1)
    since = slack_api.mark()
    slack.block_action("open_idea_modal", value="stop", user=AUTHOR, channel=CHANNEL)
    form = slack_api.wait_for("views.open", since=since)
    values = {"text_block": {"text": "Stop co-signing every nursing note"}}

    slack.submit(form, {**values, "anonymous_block": {"anonymous": TICKED}}, user=AUTHOR)

    # The author hears it in the answer to their own submission, once.
    slack_api.wait_for(
        "chat.postMessage",
        lambda c: "not posted yet" in c.text and (c.channel or "").startswith("D"),
        since=since,
        timeout=20,
    )
    assert bot.services.outbox.sender is not None
    bot.services.outbox.sender.sweep(datetime.now(UTC) + timedelta(hours=1))
    assert AUTHOR not in stored_user_ids(bot)
    notices = [c for c in slack_api.calls[since:] if c.ok and "not posted yet" in c.text]
    assert len(notices) == 1


def test_a_named_idea_still_names_its_author(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    posted = submit_idea(slack, slack_api, "Stop co-signing every nursing note", False)

    assert f"<@{AUTHOR}>" in posted.text
    assert authors(bot) == [AUTHOR]


def test_members_vote_on_an_anonymous_idea_like_any_other(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    submit_idea(slack, slack_api, "Stop co-signing every nursing note", True)
    since = slack_api.mark()
    slack.command("vote", user=FACILITATOR, channel=CHANNEL)
    ballot = slack_api.wait_for("chat.postMessage", since=since, timeout=30)
    idea = bot.services.experiments.store.by_number(group.team_id, 1)
    assert idea is not None and idea.anonymous

    for voter in (AUTHOR, MEMBERS[1]):
        since = slack_api.mark()
        slack.click(ballot, "vote", user=voter, value=str(idea.id))
        slack_api.wait_for("response_url", since=since, timeout=30)

    tallies = bot.services.meetings.summary(
        bot.services.meetings.open_meeting(group.team_id, CHANNEL),  # type: ignore[arg-type]
        group,
    ).ideas
    assert [(t.idea.number, t.votes) for t in tallies] == [(1, 2)]
