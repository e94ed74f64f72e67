"""Socket Mode fixtures: Slack's Socket Mode side (the stand-in) and the bot connected to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from bot.offline.slack_api import FakeSlackApi
from bot.offline.socket_bot import SocketModeBot
from bot.offline.socket_mode import SocketModeStandIn
from bot.settings import Settings
from tests.socket_mode.socket_support import SocketSlack


@pytest.fixture
def stand_in(slack_api: FakeSlackApi) -> Iterator[SocketModeStandIn]:
    """Slack's Socket Mode endpoint, reachable through apps.connections.open on the stand-in."""
    socket_mode = SocketModeStandIn().start()
    slack_api.socket_mode = socket_mode
    yield socket_mode
    socket_mode.stop()


@pytest.fixture
def socket_settings(settings: Settings, stand_in: SocketModeStandIn) -> Settings:
    """The test settings with an app-level token and no signing secret: Socket Mode."""
    return settings.model_copy(
        update={"slack_app_token": SecretStr(stand_in.app_token), "slack_signing_secret": None}
    )


@pytest.fixture
def socket_bot(socket_settings: Settings, stand_in: SocketModeStandIn) -> Iterator[SocketModeBot]:
    """The real bot connected over Socket Mode."""
    with SocketModeBot(socket_settings) as running:
        stand_in.wait_for_connection()
        yield running


@pytest.fixture
def socket_slack(slack_api: FakeSlackApi, stand_in: SocketModeStandIn) -> SocketSlack:
    """A Slack that talks to the bot over its socket."""
    return SocketSlack(slack_api, stand_in)
