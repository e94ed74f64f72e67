"""Shared fixtures: the Slack Web API stand-in, the real bot on a local port, and a signed client.

Tests talk to the bot the way Slack does: signed HTTP requests in, Web API calls out to the
stand-in, which checks every message and view against Slack's Block Kit limits."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.settings import Settings

SIGNING_SECRET = "test-signing-secret"
CHANNEL = "C0GROUP"
FACILITATOR = "U001"
MEMBERS = [f"U{n:03d}" for n in range(1, 13)]  # a 12-member working group


@pytest.fixture
def slack_api() -> Iterator[FakeSlackApi]:
    """The Slack Web API stand-in with one workspace, 12 members and their channel."""
    with FakeSlackApi() as api:
        for user in MEMBERS:
            api.add_user(user, name=f"member{user[1:]}")
        api.add_user("U0OUTSIDER", name="outsider")
        api.add_channel(CHANNEL, name="primary-care-burden", members=[*MEMBERS, api.bot_user_id])
        yield api
        assert not api.rejected, f"the bot sent Slack something it would refuse: {api.rejected}"


def database_url(tmp_path: Path) -> str | None:
    """SQLite under the test's folder, unless TEST_DATABASE_URL points at a server."""
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture
def settings(tmp_path: Path, slack_api: FakeSlackApi) -> Settings:
    """Settings of a bot that talks only to the stand-in and keeps its stores under tmp_path."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr(slack_api.bot_token),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=slack_api.url,
        unburden_data_dir=tmp_path / "data",
        database_url=database_url(tmp_path),
    )


@pytest.fixture
def bot(settings: Settings) -> Iterator[LocalBot]:
    """The real bot, served over HTTP on a free local port."""
    with LocalBot(settings) as running:
        yield running


@pytest.fixture
def slack(bot: LocalBot, slack_api: FakeSlackApi) -> SignedSlackClient:
    """A client that sends signed requests to the bot as Slack would."""
    return SignedSlackClient(bot.url, SIGNING_SECRET, slack_api)


@pytest.fixture
def group(slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot) -> WorkingGroup:
    """The test channel set up as a 12-member primary-care working group, through Slack."""
    since = slack_api.mark()
    slack.command("setup primary care", channel=CHANNEL, user=FACILITATOR)
    slack_api.wait_for("response_url", since=since)
    found = bot.services.groups.find(slack_api.team_id, CHANNEL)
    assert found is not None
    return found
