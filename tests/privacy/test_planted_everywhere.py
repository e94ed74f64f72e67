"""The fake identifier set planted in every kind of stored free text, through the services, is
found in none of what leaves the store: the CSV exports, the HTML report, the Chroma
collections, the blocks the bot renders and the requests the language model receives. The
idea stays stored and is still found by `find`, with its identifiers as placeholders.

(The same through Slack's own payloads comes with the edge gate, which refuses or redacts
before anything is stored; this test proves the second line of defence on its own.)"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.assist import IdeaDiscussion
from bot.blocks.pilots import decision_message, pilots_message
from bot.blocks.search import search_blocks
from bot.clock import today
from bot.domain.pilots import CUSTOM_MEASURE_ID, Cadence, MeasurePlan, PilotPlan
from bot.domain.questions import Question
from bot.errors import InvalidInput
from bot.listeners.meeting_posts import MeetingMessages
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.privacy import default_detector
from bot.reports.writer import write_workspace_reports
from bot.services.search import SearchService
from bot.settings import Settings
from bot.vectors.index import BURDENS, EXPERIMENTS, collection_name
from tests.assist.openai_standin import OpenAIStandIn, standin_settings
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.pilot_support import minutes_measure
from tests.privacy.planted import FAKE_SET, SHORT_SET, leaks, planted


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


def custom_measure() -> MeasurePlan:
    """A custom measure whose name holds identifiers, as a member could type it."""
    return MeasurePlan(
        slot="custom",
        measure_id=CUSTOM_MEASURE_ID,
        name=f"Calls from {SHORT_SET}",
        unit="calls per week",
        direction="lower",
        kind="human_time",
        baseline=12,
        target=4,
        min_value=0,
        max_value=1000,
    )


def chroma_text(bot: LocalBot, team_id: str) -> str:
    """Every document and metadata value of the workspace's collections."""
    found = []
    for kind in (EXPERIMENTS, BURDENS):
        held = bot.services.index._connection.store(collection_name(kind, team_id)).get()
        found += held["documents"] + [json.dumps(meta) for meta in held["metadatas"]]
    assert found, "the collections hold the planted burden and idea"
    return "\n".join(found)


@pytest.mark.slow
def test_planted_identifiers_leave_the_store_nowhere(
    bot: LocalBot, slack_api: FakeSlackApi, standin: OpenAIStandIn, tmp_path: Path
) -> None:
    services, team = bot.services, slack_api.team_id
    default_detector()  # warm, as `serve` has it within seconds of starting
    group = services.groups.setup(team, CHANNEL, FACILITATOR, f"primary care {SHORT_SET}", 12).group
    services.burdens.add_text(team, CHANNEL, MEMBERS[1], planted("Refill calls ~30m/day"))
    services.meetings.start(team, CHANNEL, FACILITATOR, MeetingMessages(services))
    proposal = services.experiments.propose(group, MEMBERS[2], planted("MAs pool the refill inbox"))
    services.experiments.look_alikes(proposal)  # indexes the idea, as after the ack
    idea = proposal.experiment
    services.consensus.add_concern(team, idea.id, MEMBERS[3], planted("Adds callbacks"))
    start = today() - timedelta(days=70)
    pilot = services.pilots.create(
        team,
        PilotPlan(
            experiment_number=idea.number,
            channel_id=CHANNEL,
            hypothesis=planted("If MAs pool refills, inbox minutes fall"),
            owner_id=FACILITATOR,
            participant_ids=("U002",),
            start_date=start,
            end_date=start + timedelta(days=180),
            cadence=Cadence.WEEKLY,
            measures=(minutes_measure(), custom_measure()),
        ),
    ).pilot
    record = services.pilots.decide(
        team, FACILITATOR, f"P-{pilot.number} adapt {planted('Only one')}"
    )
    with pytest.raises(InvalidInput):
        services.letters.add(team, MEMBERS[4], planted("Dear team, thank you"))
    services.assistant.sort_message(planted("MAs could call back"), group.setting)
    services.assistant.draft_hypothesis(idea.text, group.setting)
    services.assistant.summarise_stage(
        Question.DELEGATE,
        [IdeaDiscussion(short_id=idea.short_id, text=idea.text, concerns=[FAKE_SET])],
    )
    services.assistant.leaders_paragraph({"note": FAKE_SET})

    [folder] = write_workspace_reports(services, tmp_path / "report")
    found = SearchService(services.index).find(team, "MAs pool the refill inbox")
    rendered = {
        "find blocks": json.dumps(search_blocks(found, "/unburden")),
        "pilots blocks": json.dumps(
            pilots_message(
                services.pilots.outcomes.group_outcomes(team, group.id), group.setting, "/u"
            )[1]
        ),
        "decision blocks": json.dumps(decision_message(record, "/u")[1]),
    }
    outputs = {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}
    outputs |= rendered | {"chroma": chroma_text(bot, team)}
    outputs["model requests"] = "\n".join(standin.raw_bodies)

    assert len(standin.raw_bodies) >= 4, "every model task was asked"
    assert {name: leaks(text) for name, text in outputs.items() if leaks(text)} == {}
    assert services.experiments.require(team, idea.id).number == idea.number
    [hit] = [hit for hit in found.hits if hit.number == idea.number]
    assert "MAs pool the refill inbox" in hit.text and "[NAME]" in hit.text
