"""Shared fixtures: the Slack Web API stand-in, the real bot on a local port, and a signed client.

Tests talk to the bot the way Slack does: signed HTTP requests in, Web API calls out to the
stand-in, which checks every message and view against Slack's Block Kit limits."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.domain.models import MicroExperiment, Pilot, WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.privacy import default_detector
from bot.settings import Settings
from tests.pilot_support import add_experiment, start_pilot
from tests.vectors.chroma_server import ChromaServer

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


@pytest.fixture(scope="session")
def postgres_server() -> str | None:
    """TEST_DATABASE_URL when it is set and its server answers; the tests skip when it does not."""
    url = os.environ.get("TEST_DATABASE_URL") or None
    if url is not None:
        try:
            psycopg.connect(_libpq_url(url), connect_timeout=3).close()
        except psycopg.OperationalError as error:
            pytest.skip(
                f"TEST_DATABASE_URL is set but its PostgreSQL server is unreachable: {error}"
            )
    return url


@pytest.fixture
def database_url(postgres_server: str | None) -> Iterator[str | None]:
    """SQLite under the test's folder (None), or a fresh PostgreSQL database dropped afterwards."""
    if postgres_server is None:
        yield None
        return
    name = f"unburden_t_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq_url(postgres_server), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq_url(postgres_server), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq_url(sqlalchemy_url: str) -> str:
    """The same server as a plain postgresql:// URL that psycopg accepts."""
    return (
        make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


@pytest.fixture
def settings(tmp_path: Path, slack_api: FakeSlackApi, database_url: str | None) -> Settings:
    """Settings of a bot that talks only to the stand-in and keeps its stores under tmp_path."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr(slack_api.bot_token),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=slack_api.url,
        unburden_data_dir=tmp_path / "data",
        database_url=database_url,
    )


@pytest.fixture(scope="session")
def identifier_detector() -> None:
    """The identifier detector, built once per test run (seconds): every form's ack consults it,
    and a fresh bot would otherwise ask the first form to be submitted again."""
    default_detector().find("Warm up the recognizers, Mrs Example, 555-0100.")


@pytest.fixture
def bot(settings: Settings, identifier_detector: None) -> Iterator[LocalBot]:
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


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A real Chroma server (`chroma run`) on 127.0.0.1 and a free port, stopped afterwards."""
    server = ChromaServer(tmp_path / "chroma-server").start()
    yield server
    server.stop()


@pytest.fixture
def pilot_experiment(group: WorkingGroup, bot: LocalBot) -> MicroExperiment:
    """Micro-experiment E-1 of the group, inserted directly (no meeting or `idea` needed)."""
    return add_experiment(bot, group)


@pytest.fixture
def pilot(pilot_experiment: MicroExperiment, bot: LocalBot) -> Pilot:
    """Pilot P-1 of E-1, started 20 weeks ago: minutes a day 90 -> 60 and Mini-Z 3 -> 2."""
    return start_pilot(bot, pilot_experiment, CHANNEL)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test whose fixtures reach the relational store (`database_url`) `database`:
    only those can behave differently on PostgreSQL, so CI's PostgreSQL pass runs just them."""
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)
