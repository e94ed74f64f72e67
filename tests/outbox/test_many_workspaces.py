"""Many workspaces: work done outside a Slack request (check-ins, the outbox, the digest)
posts with each workspace's own installation token, never the app's token-less client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from bot.jobs.digest import digest_message
from bot.offline import oauth_methods
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.outbox import OutgoingMessage
from bot.services.digest import due_moment
from bot.settings import Settings
from bot.workspace_clients import NotInstalled, WorkspaceClients
from tests.pilot_support import add_experiment, start_pilot
from tests.test_oauth import SECOND_CHANNEL, SECOND_MEMBERS, SECOND_TEAM, install

LEADERS_CHANNEL = "C0LEADERS"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Many-workspace mode: client id and secret, no bot token; a leaders' channel."""
    return settings.model_copy(
        update={
            "slack_bot_token": None,
            "slack_client_id": oauth_methods.CLIENT_ID,
            "slack_client_secret": SecretStr(oauth_methods.CLIENT_SECRET),
            "unburden_digest_channel": LEADERS_CHANNEL,
        }
    )


@pytest.fixture
def second_token(bot: LocalBot, slack_api: FakeSlackApi) -> str:
    """A second workspace installed through the OAuth flow; its bot token."""
    for user in SECOND_MEMBERS:
        slack_api.add_user(user, name=f"icu{user[2:]}")
    slack_api.add_channel(SECOND_CHANNEL, "icu-burden", [*SECOND_MEMBERS, "UBOTT0002"])
    slack_api.add_channel(LEADERS_CHANNEL, "leaders", [slack_api.bot_user_id])
    assert install(bot, slack_api, SECOND_TEAM).status == 200
    return slack_api.oauth.teams[SECOND_TEAM].bot_token


def test_a_checkin_goes_out_with_its_workspace_token(
    bot: LocalBot, slack_api: FakeSlackApi, second_token: str
) -> None:
    group = bot.services.groups.setup(
        SECOND_TEAM, SECOND_CHANNEL, SECOND_MEMBERS[0], "intensive care", len(SECOND_MEMBERS)
    ).group
    pilot = start_pilot(bot, add_experiment(bot, group), SECOND_CHANNEL, owner=SECOND_MEMBERS[0])
    reminders = bot.services.pilots.reminders
    (due,) = reminders.pending(pilot)[:1]

    assert reminders.run_due(due.due_at + timedelta(minutes=1)) == 1

    assert slack_api.oauth.tokens_used_for("conversations.open")[-1] == second_token
    assert slack_api.oauth.tokens_used_for("chat.postMessage")[-1] == second_token


def test_an_outbox_message_posts_with_its_workspace_token(
    bot: LocalBot, slack_api: FakeSlackApi, second_token: str
) -> None:
    message = OutgoingMessage(channel_id=SECOND_CHANNEL, kind="question", text="What can stop?")

    delivery = bot.services.outbox.post(SECOND_TEAM, [message])

    assert delivery.ok
    assert slack_api.oauth.tokens_used_for("chat.postMessage")[-1] == second_token


def test_the_digest_of_each_workspace_uses_its_token(
    bot: LocalBot, slack_api: FakeSlackApi, second_token: str
) -> None:
    bot.services.groups.setup(SECOND_TEAM, SECOND_CHANNEL, SECOND_MEMBERS[0], "ICU", 9)

    monday_afternoon = due_moment(datetime.now(UTC)) + timedelta(hours=1)
    written = bot.services.digest.run_due(digest_message("/unburden"), monday_afternoon)

    assert written and all(SECOND_TEAM in key for key in written)
    assert slack_api.oauth.tokens_used_for("chat.postMessage")[-1] == second_token


def test_a_workspace_never_installed_has_no_token(bot: LocalBot) -> None:
    with pytest.raises(NotInstalled):
        WorkspaceClients(bot.settings, bot.services.database).token_for("T0NEVER")
