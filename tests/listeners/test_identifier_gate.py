"""The identifier gate: free text with patient identifiers is never stored as typed; the member
chooses Save without them (the redacted text) or Edit, and nothing is stored before that."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.blocks.gate import GATE_EDIT, GATE_SAVE
from bot.blocks.ideas import IDEA_MODAL, INPUT_ACTION, INPUT_BLOCK
from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.offline.slack_payloads import as_ephemeral, block_actions_payload
from bot.store.tables import ExperimentRow, ProcessedEventRow
from tests.conftest import CHANNEL, FACILITATOR
from tests.listeners.ideas_support import open_meeting
from tests.listeners.meeting_support import type_verb

PLANTED = "Call Mrs Jane Doe MRN 12345678 before faxing her refill"


def stored_texts(bot: LocalBot) -> list[str]:
    with bot.services.database.transaction() as session:
        return list(session.scalars(select(ExperimentRow.text)))


def everything_stored(bot: LocalBot) -> str:
    """Every text column the idea or the pending choice could have landed in."""
    with bot.services.database.transaction() as session:
        keys = list(session.scalars(select(ProcessedEventRow.event_key)))
    return json.dumps([stored_texts(bot), keys])


def click_ephemeral(
    slack: SignedSlackClient, slack_api: FakeSlackApi, prompt: ApiCall, action_id: str
) -> None:
    """Click a button of an ephemeral answer, as Slack sends it: no message object."""
    element = next(
        e
        for b in prompt.args["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == action_id
    )
    payload = block_actions_payload(
        slack.origin(FACILITATOR, CHANNEL),
        {"action_id": action_id, "block_id": "gate", "type": "button", "value": element["value"]},
        slack_api.new_trigger_id(),
        slack_api.new_response_url(CHANNEL),
        {"type": "message", "ts": "1700000000.000001", "text": ""},
        None,
    )
    assert slack.interaction(as_ephemeral(payload)).status == 200


def test_an_idea_with_identifiers_is_held_until_the_member_chooses(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    (prompt,) = type_verb(slack, slack_api, f"idea {PLANTED}")

    assert prompt.args["response_type"] == "ephemeral"
    assert "a name" in prompt.text and "medical record number" in prompt.text
    for planted in ("Jane", "Doe", "12345678"):
        assert planted not in json.dumps(prompt.args)
        assert planted not in everything_stored(bot)
    assert stored_texts(bot) == []


def test_save_without_them_stores_the_redacted_idea(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    (prompt,) = type_verb(slack, slack_api, f"idea {PLANTED}")
    since = slack_api.mark()

    click_ephemeral(slack, slack_api, prompt, GATE_SAVE)

    posted = slack_api.wait_for("chat.postMessage", since=since, timeout=60)
    (text,) = stored_texts(bot)
    assert "[NAME]" in text and "[MRN]" in text and "refill" in text
    assert "Jane" not in posted.text and "12345678" not in posted.text


def test_edit_opens_the_redacted_text_and_refuses_identifiers_typed_again(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    (prompt,) = type_verb(slack, slack_api, f"idea {PLANTED}")
    since = slack_api.mark()

    click_ephemeral(slack, slack_api, prompt, GATE_EDIT)
    opened = slack_api.wait_for("views.open", since=since, timeout=15)
    view = json.dumps(opened.args["view"])
    assert "[NAME]" in view and "Jane" not in view

    again = slack.submit(opened, {"text": {"value": "Call Mr John Smith first"}}).json()
    assert again["response_action"] == "errors" and "a name" in again["errors"]["text"]
    assert stored_texts(bot) == []

    slack.submit(opened, {"text": {"value": "Call the patient before faxing the refill"}})
    slack_api.wait_for("chat.postMessage", since=since, timeout=60)
    assert stored_texts(bot) == ["Call the patient before faxing the refill"]


def test_a_form_field_with_identifiers_is_refused_naming_the_kind(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    values = {INPUT_BLOCK: {INPUT_ACTION: PLANTED}}

    answer = slack.view_submission(IDEA_MODAL, values, private_metadata=CHANNEL).json()

    error = answer["errors"][INPUT_BLOCK]
    assert "a name" in error and "Jane" not in error
    assert stored_texts(bot) == []


def test_a_clean_idea_passes_the_gate_untouched(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    type_verb(slack, slack_api, "idea Stop faxing refill requests", "chat.postMessage")

    assert stored_texts(bot) == ["Stop faxing refill requests"]
