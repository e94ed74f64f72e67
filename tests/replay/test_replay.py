"""A replay corpus of payload shapes Slack really sends (`corpus/*.json`, after Slack's
reference and the shapes bolt-python handles): org-wide installs with `team: null`, text with
every kind of escaping, file shares, message subtypes, view_closed and direct messages. Each is
sent through the signed-request harness and checked for what a member would notice."""

from __future__ import annotations

import json
import time
from pathlib import Path
from string import Template
from typing import Any

from bot.blocks.gate import GATE_SAVE
from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.offline.slack_payloads import event_envelope
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.listeners.ideas_support import open_meeting, propose
from tests.listeners.meeting_support import type_verb

CORPUS = Path(__file__).parent / "corpus"


def replay(name: str, slack_api: FakeSlackApi, **values: Any) -> dict[str, Any]:
    """A corpus payload with this test's workspace, channel, trigger and response URL."""
    filled = {
        "team": slack_api.team_id,
        "channel": CHANNEL,
        "user": FACILITATOR,
        "trigger_id": slack_api.new_trigger_id(),
        "response_url": slack_api.new_response_url(channel=CHANNEL),
        "ts": f"{time.time():.6f}",
        **values,
    }
    text = Template((CORPUS / name).read_text()).substitute(filled)
    found: dict[str, Any] = json.loads(text)
    return found


def send_event(slack: SignedSlackClient, slack_api: FakeSlackApi, event: dict[str, Any]) -> int:
    """Wrap one corpus event in its event_callback envelope and send it."""
    user = event.get("user") if isinstance(event.get("user"), str) else FACILITATOR
    envelope = event_envelope(
        slack.origin(str(user), None), slack_api.bot_user_id, event, slack.new_event_id()
    )
    return slack.event_envelope(envelope).status


def test_a_vote_from_an_org_wide_install_with_team_null_is_counted(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.DELEGATE)
    propose(slack, slack_api, "Medical assistants pend refill requests")
    idea = bot.services.experiments.store.by_number(group.team_id, 1)
    assert idea is not None
    (ballot,) = type_verb(slack, slack_api, "vote", "chat.postMessage")
    since = slack_api.mark()

    payload = replay(
        "block_actions_vote_org_install.json",
        slack_api,
        user=MEMBERS[4],
        idea_id=idea.id,
        ballot_ts=ballot.response["ts"],
        thread_ts=meeting.thread_ts,
        ballot_blocks=json.dumps(ballot.args["blocks"]),
    )
    assert slack.interaction(payload).status == 200

    answer = slack_api.wait_for("response_url", since=since, timeout=15)
    assert "is counted" in answer.text
    assert bot.services.experiments.store.tallies(group.team_id, [idea.id])[idea.id].votes == 1


def test_a_shortcut_from_an_org_wide_install_opens_the_form_decoded(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    since = slack_api.mark()
    assert slack.interaction(replay("message_action_org_install.json", slack_api)).status == 200

    opened = slack_api.wait_for("views.open", since=since, timeout=15)
    assert "Scanning faxes & re-keying orders <every day>" in json.dumps(opened.args["view"])


def test_an_idea_form_from_an_org_wide_install_is_saved_in_the_right_workspace(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.STOP)
    since = slack_api.mark()

    payload = replay("view_submission_idea_org_install.json", slack_api, user=MEMBERS[2])
    assert slack.interaction(payload).status == 200

    slack_api.wait_for("chat.postMessage", since=since, timeout=60)
    (idea,) = bot.services.experiments.ideas_of(meeting, Question.STOP)
    assert idea.team_id == group.team_id
    assert idea.text == "Stop printing the daily census & faxing it"


def test_a_closed_form_is_acked_and_changes_nothing(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    since = slack_api.mark()

    assert slack.interaction(replay("view_closed.json", slack_api)).status == 200

    time.sleep(0.5)
    assert slack_api.calls[since:] == []


def test_every_entity_kind_is_decoded_before_it_is_stored(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    since = slack_api.mark()

    assert slack.command_form(replay("command_every_entity.json", slack_api)).status == 200

    # The link could point at a person: the gate holds the text and offers it without the link.
    prompt = slack_api.wait_for("response_url", since=since, timeout=15)
    assert "a web link" in prompt.text
    since = slack_api.mark()
    slack.click(prompt, GATE_SAVE)
    slack_api.wait_for("response_url", lambda c: "in_channel" in str(c.args), since=since)
    (burden,) = bot.services.burdens.heaviest(group.team_id, group.id, 5)
    assert burden.title == (
        "Faxes & scans <urgent> for @member002 in #primary-care-burden per the fax guide "
        "([URL]) cc @nurses @here"
    )
    assert burden.hours_per_week == 2.5


def test_setup_in_the_bots_own_direct_message_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    since = slack_api.mark()

    assert slack.command_form(replay("command_setup_in_dm.json", slack_api)).status == 200

    answer = slack_api.wait_for("response_url", since=since, timeout=15)
    assert "not a direct message" in answer.text
    assert bot.services.groups.all(slack_api.team_id) == []


def test_setup_from_an_org_wide_install_keeps_the_workspace(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    since = slack_api.mark()

    assert slack.command_form(replay("command_setup_org_install.json", slack_api)).status == 200

    slack_api.wait_for("response_url", since=since, timeout=15)
    (made,) = bot.services.groups.all(slack_api.team_id)
    assert made.team_id == slack_api.team_id and made.channel_id == CHANNEL


def test_a_thread_reply_with_an_ampersand_is_offered_whole(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.STOP)
    since = slack_api.mark()

    event = replay("event_thread_reply_escaped.json", slack_api, thread_ts=meeting.thread_ts)
    assert send_event(slack, slack_api, event) == 200

    offer = slack_api.wait_for("chat.postMessage", since=since, timeout=30)
    assert "doctor & let the EHR route it" in json.dumps(offer.args["blocks"])
    assert "&amp;amp;" not in json.dumps(offer.args["blocks"])


def test_a_file_shared_with_text_in_the_thread_is_offered_as_an_idea(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.STOP)
    since = slack_api.mark()

    event = replay("event_thread_file_share.json", slack_api, thread_ts=meeting.thread_ts)
    assert send_event(slack, slack_api, event) == 200

    offer = slack_api.wait_for("chat.postMessage", since=since, timeout=30)
    assert "daily census" in offer.text


def test_edits_bots_joins_and_direct_messages_are_acked_and_left_alone(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.STOP)
    since = slack_api.mark()

    for name in (
        "event_thread_message_changed.json",
        "event_thread_bot_message.json",
        "event_channel_join.json",
        "event_direct_message.json",
    ):
        event = replay(name, slack_api, thread_ts=meeting.thread_ts, user=MEMBERS[3])
        assert send_event(slack, slack_api, event) == 200, name

    time.sleep(1.0)
    assert [c.method for c in slack_api.calls[since:] if c.method.startswith("chat.")] == []
