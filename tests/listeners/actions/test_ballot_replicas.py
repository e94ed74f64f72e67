"""Two bots on one database (replicas behind a load balancer): votes clicked on both at once
end with the ballot message showing the stored counts, however Slack orders the updates."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.settings import Settings
from tests.conftest import MEMBERS, SIGNING_SECRET
from tests.listeners.actions.test_votes import ballot, two_ideas


@pytest.fixture
def replica(bot: LocalBot, settings: Settings, tmp_path: Path) -> Iterator[LocalBot]:
    """A second bot on the first one's database (its own process state and vector folder)."""
    shared = settings.model_copy(
        update={
            "unburden_data_dir": tmp_path / "replica",
            "database_url": bot.services.database.url,
        }
    )
    with LocalBot(shared) as running:
        yield running


def test_votes_on_two_replicas_leave_the_ballot_showing_the_stored_counts(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    replica: LocalBot,
    group: WorkingGroup,
) -> None:
    first, _ = two_ideas(slack, slack_api, bot, group)
    posted = ballot(slack, slack_api)
    other = SignedSlackClient(replica.url, SIGNING_SECRET, slack_api)
    since = slack_api.mark()
    # The first replica's update is slow to reach Slack: the second vote must not overtake it.
    held = slack_api.slow("chat.update", 1.5)

    slack.click(posted, "vote", user=MEMBERS[4], value=str(first.id))
    assert held.wait(timeout=30)
    other.click(posted, "vote", user=MEMBERS[5], value=str(first.id))

    slack_api.wait_for("chat.update", since=since, after=1, timeout=30)
    slack_api.wait_for("response_url", since=since, after=1, timeout=30)
    time.sleep(0.5)  # time for a wrongful third update to show up
    tally = bot.services.experiments.store.tallies(group.team_id, [first.id])[first.id]
    assert tally.votes == 2
    message = slack_api.message_at(group.channel_id, posted.response["ts"])
    assert "2 votes ·" in str(message["blocks"])
