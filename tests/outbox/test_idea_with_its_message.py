"""An idea and the message that shows it are written in one transaction, on every path that
records one (the `idea` verb, the idea form, a sorted thread reply's button): a saved idea is
always shown, once, so the member never retypes it into a duplicate; an idea that could not be
written with its message is not saved at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.outbox import OutgoingMessage
from bot.store.tables import ExperimentRow
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.listeners.ideas_support import open_meeting
from tests.outbox.test_lost_posts import posts, settled

IDEA = "Stop faxing refill requests to the pharmacy"


def ideas_saved(bot: LocalBot) -> int:
    with bot.services.database.transaction() as session:
        return int(session.scalar(select(func.count(ExperimentRow.id))) or 0)


def later(minutes: int = 1) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def test_an_idea_form_whose_answer_never_ran_is_still_shown_once(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The work after the form's ack dies before posting (as when the process is killed):
    the idea's message was written with it, and the background sweep shows it."""
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    since = slack_api.mark()
    slack.block_action("open_idea_modal", value="stop", user=MEMBERS[2], channel=CHANNEL)
    form = slack_api.wait_for("views.open", since=since)

    def dies(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the process went away")

    monkeypatch.setattr(bot.services.experiments, "look_alikes", dies)
    since = slack_api.mark()
    response = slack.submit(form, {"text_block": {"text": IDEA}}, user=MEMBERS[2])
    assert response.status == 200 and not response.body
    slack_api.wait_for("chat.postMessage", lambda c: c.channel != CHANNEL, since=since)

    assert posts(slack_api, since) == []
    sender = bot.services.outbox.sender
    assert sender is not None and sender.sweep(later()) == 1
    (shown,) = posts(slack_api, since)
    assert "E-1" in shown.text and IDEA in shown.text
    assert sender.sweep(later(10)) == 0
    assert ideas_saved(bot) == 1


def test_an_idea_that_cannot_be_written_with_its_message_is_not_saved(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing half-written: typing it again after the failure makes one idea, not two."""
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    outbox = bot.services.outbox

    def unwritable(*args: object, **kwargs: object) -> list[int]:
        raise RuntimeError("the outbox table is locked")

    monkeypatch.setattr(outbox, "add", unwritable)
    since = slack_api.mark()
    slack.command(f"idea {IDEA}", channel=CHANNEL, user=FACILITATOR)
    slack_api.wait_for("response_url", since=since, timeout=30)

    assert ideas_saved(bot) == 0
    monkeypatch.undo()
    since = slack_api.mark()
    slack.command(f"idea {IDEA}", channel=CHANNEL, user=FACILITATOR)
    shown = slack_api.wait_for("chat.postMessage", lambda c: "E-1" in c.text, since=since)
    assert shown.channel == CHANNEL
    assert ideas_saved(bot) == 1


def test_the_idea_verb_posts_the_message_written_with_the_idea_with_its_look_alikes(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    since = slack_api.mark()

    slack.command(f"idea {IDEA}", channel=CHANNEL, user=FACILITATOR)

    shown = slack_api.wait_for(
        "chat.postMessage", lambda c: "E-1" in c.text, since=since, timeout=90
    )
    assert "No similar experiment in the workspace yet" in shown.text
    settled(bot)
    sender = bot.services.outbox.sender
    assert sender is not None and sender.sweep(later(10)) == 0
    assert len(posts(slack_api, since)) == 1


def test_delivering_a_message_the_sweep_already_posted_is_done_at_once(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    """An idea's look-alikes took long and the sweep posted its first version meanwhile: the
    delivery after the search finds it posted (no wait, no "not posted yet" notice)."""
    meeting = open_meeting(slack, slack_api, bot, group, Question.STOP)
    settled(bot)  # the meeting's own posts are out, so the idea's turn has come
    shown = lambda look: [  # noqa: E731 - one plain message is all this needs
        OutgoingMessage(channel_id=CHANNEL, kind="idea", text=look.proposal.experiment.short_id)
    ]
    proposal = bot.services.experiments.propose(group, MEMBERS[2], IDEA, shown=shown)
    sender = bot.services.outbox.sender
    assert sender is not None and sender.sweep(later()) == 1
    look = bot.services.experiments.look_alikes(proposal)

    delivery = bot.services.experiments.post(look, shown, MEMBERS[2])

    assert delivery.ok  # before, it waited for a turn that never came and said "not posted"
    assert [p.text for p in posts(slack_api) if p.text == "E-1"] == ["E-1"]
    assert meeting.id == proposal.meeting.id
