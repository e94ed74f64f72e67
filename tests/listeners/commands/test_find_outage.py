"""`find` against a Chroma server (CHROMA_URL) that goes down: a short answer, not an apology."""

from __future__ import annotations

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.settings import Settings
from tests.conftest import CHANNEL, MEMBERS
from tests.vectors.chroma_server import ChromaServer
from tests.vectors.records import save_experiment

pytestmark = pytest.mark.slow


@pytest.fixture
def settings(settings: Settings, chroma_server: ChromaServer) -> Settings:
    """The usual test settings, with CHROMA_URL pointing at a real Chroma server."""
    return settings.model_copy(update={"chroma_url": chroma_server.url})


def test_find_says_search_is_unavailable_while_chroma_is_down(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    chroma_server: ChromaServer,
) -> None:
    experiment = save_experiment(bot.services.database, group, 1, "Stop faxing normal lab results")
    bot.services.index.add_experiment(experiment, group)
    since = slack_api.mark()
    slack.command("find stop the lab result faxes", channel=CHANNEL, user=MEMBERS[2])
    assert "*E-1*" in str(slack_api.wait_for("response_url", since=since, timeout=90).args)

    chroma_server.stop()
    since = slack_api.mark()
    slack.command("find stop the lab result faxes", channel=CHANNEL, user=MEMBERS[2])

    answer = slack_api.wait_for("response_url", since=since, timeout=30)
    assert answer.args["response_type"] == "ephemeral"
    assert "Search is unavailable right now" in answer.args["text"]
    assert "reference" not in answer.args["text"]
