"""End to end with UNBURDEN_LLM=openai:<model> against an OpenAI-compatible stand-in: a message
in a meeting thread goes out redacted, the structured answer comes back as a sorted reply in
Slack, and no identifier from the message ever reaches the model's server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.settings import Settings
from tests.assist.meeting_support import start_meeting, thread_message
from tests.assist.openai_standin import OpenAIStandIn, standin_settings
from tests.conftest import CHANNEL, MEMBERS

IDENTIFIERS = ("Maria", "Gonzalez", "4471829", "617-555-0142", "555-0142")
PLANTED = (
    "Patient Maria Gonzalez (MRN 4471829, phone 617-555-0142) waited 3 weeks for a prior auth "
    "callback. The EHR could auto-fill prior authorisation forms from the chart. MAs could call "
    "patients back about refills under a standing order."
)
MODEL_REPLY = {
    "ideas": [
        {"question": "automate", "text": "Auto-fill prior authorisation forms from the chart"},
        {"question": "delegate", "text": "MAs call patients back about refills by standing order"},
    ]
}


@pytest.fixture
def standin() -> Iterator[OpenAIStandIn]:
    with OpenAIStandIn(MODEL_REPLY) as server:
        yield server


@pytest.fixture
def settings(
    tmp_path: Path,
    slack_api: FakeSlackApi,
    database_url: str | None,
    standin: OpenAIStandIn,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    """The usual test settings, with an OpenAI model served by the stand-in."""
    return standin_settings(tmp_path, slack_api, database_url, standin, monkeypatch)


@pytest.mark.slow
def test_a_thread_message_is_sorted_by_the_model_without_its_identifiers(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    group: WorkingGroup,
    bot: LocalBot,
    standin: OpenAIStandIn,
) -> None:
    meeting = start_meeting(slack, slack_api, bot, group)
    since = slack_api.mark()

    slack.event(thread_message(CHANNEL, MEMBERS[4], PLANTED, meeting.thread_ts))

    reply = slack_api.wait_for(
        "chat.postMessage", lambda c: "I sorted" in c.text, since=since, timeout=60
    )
    assert "Sorted by the language model" in reply.text
    assert "Auto-fill prior authorisation forms from the chart" in reply.text
    values = [b["accessory"]["value"] for b in reply.args["blocks"] if "accessory" in b]
    assert values == [
        "automate|Auto-fill prior authorisation forms from the chart",
        "delegate|MAs call patients back about refills by standing order",
    ]
    assert reply.args["thread_ts"] == meeting.thread_ts
    assert standin.requests and {r["model"] for r in standin.requests} == {"standin-small"}
    sent = "\n".join(standin.raw_bodies)
    assert "[NAME]" in sent and "[MRN]" in sent and "[PHONE]" in sent
    assert "auto-fill prior authorisation forms" in sent
    for identifier in IDENTIFIERS:
        assert identifier not in sent
