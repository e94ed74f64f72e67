"""The bot's own words are never taken for patient identifiers: every question, prompt,
playbook entry, measure and role in knowledge/, and every line of the verb list, passes the
detector unchanged, and the first meeting question reaches the channel as written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from bot.domain.models import WorkingGroup
from bot.knowledge import DEFAULT_DIRECTORY, KnowledgeBase
from bot.listeners.commands import verb_table
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.privacy import default_detector
from tests.listeners.meeting_support import open_meeting, start_meeting


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parsed YAML document, keys left out."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


KNOWLEDGE_FILES = sorted(DEFAULT_DIRECTORY.rglob("*.yaml"))
KNOWLEDGE_TEXTS = [
    pytest.param(text, id=f"{path.name}:{number}")
    for path in KNOWLEDGE_FILES
    for number, text in enumerate(_strings(yaml.safe_load(path.read_text("utf-8"))))
]
VERB_TEXTS = [
    pytest.param(text, id=f"verb {name}:{part}")
    for name, verb in verb_table().items()
    for part, text in (("usage", verb.usage), ("summary", verb.summary))
]


def test_the_guard_reads_every_knowledge_file() -> None:
    assert {path.name for path in KNOWLEDGE_FILES} >= {
        "questions.yaml",
        "playbook.yaml",
        "measures.yaml",
        "roles.yaml",
    }
    assert len(KNOWLEDGE_TEXTS) > 100


@pytest.mark.parametrize("text", [*KNOWLEDGE_TEXTS, *VERB_TEXTS])
def test_the_bots_own_text_is_not_changed_by_redaction(text: str) -> None:
    assert default_detector().redact(text) == text


def test_the_first_meeting_question_reaches_the_channel_as_written(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    _, _, question = start_meeting(slack, slack_api)

    meeting = open_meeting(bot, group)
    guide = KnowledgeBase.load().guide(meeting.stage)
    starter = guide.prompts[meeting.id % len(guide.prompts)]
    posted = " ".join(block["text"]["text"] for block in question.args["blocks"] if "text" in block)
    assert "nobody miss if it vanished" in starter, "the first meeting starts on the miss prompt"
    assert starter in posted
    assert "[NAME]" not in posted
