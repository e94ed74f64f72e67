"""Many workspaces: installing through Slack's OAuth flow, then each workspace served with its token."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from pydantic import SecretStr
from sqlalchemy import inspect

from bot.oauth import BOT_SCOPES
from bot.offline import oauth_methods
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.settings import MissingSetting, Settings, require_serve_settings
from tests.conftest import CHANNEL, FACILITATOR, SIGNING_SECRET

SECOND_TEAM = "T0002"
SECOND_CHANNEL = "C0T2ICU"
SECOND_MEMBERS = [f"U2{n:02d}" for n in range(1, 10)]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test bot in many-workspace mode: client id and secret, no bot token."""
    return settings.model_copy(
        update={
            "slack_bot_token": None,
            "slack_client_id": oauth_methods.CLIENT_ID,
            "slack_client_secret": SecretStr(oauth_methods.CLIENT_SECRET),
        }
    )


@dataclass
class Page:
    """A browser's view of one page: status and body."""

    status: int
    body: str


def browse(url: str, cookie: str | None = None) -> tuple[Page, str | None]:
    """GET a page as a browser would, returning it and the cookie it sets."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            page = Page(response.status, response.read().decode())
            set_cookie = response.headers.get("Set-Cookie")
    except urllib.error.HTTPError as error:
        page, set_cookie = Page(error.code, error.read().decode()), None
    return page, set_cookie.split(";", 1)[0] if set_cookie else None


def consent_link(page: Page) -> dict[str, str]:
    """The query of the install page's link to Slack's consent screen."""
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert link is not None, "the install page links to Slack's consent screen"
    return {k: v[-1] for k, v in parse_qs(urlsplit(html.unescape(link.group(1))).query).items()}


def install(bot: LocalBot, slack_api: FakeSlackApi, team_id: str, state: str | None = None) -> Page:
    """Open the install page, approve on 'Slack', and follow the redirect back to the bot."""
    page, cookie = browse(f"{bot.url}/slack/install")
    assert page.status == 200
    issued = consent_link(page)["state"]
    code = slack_api.oauth.approve(slack_api.workspace, team_id, scopes=list(BOT_SCOPES))
    redirect = f"{bot.url}/slack/oauth_redirect?code={code}&state={state or issued}"
    return browse(redirect, cookie)[0]


def test_install_page_asks_for_the_bot_scopes(bot: LocalBot) -> None:
    page, cookie = browse(f"{bot.url}/slack/install")

    assert page.status == 200
    link = consent_link(page)
    assert link["client_id"] == oauth_methods.CLIENT_ID
    assert link["scope"].split(",") == list(BOT_SCOPES)
    assert cookie == f"slack-app-oauth-state={link['state']}"


def test_installed_workspace_is_answered_with_its_own_token_and_sees_only_its_data(
    bot: LocalBot, slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    for user in SECOND_MEMBERS:
        slack_api.add_user(user, name=f"icu{user[2:]}")
    slack_api.add_channel(SECOND_CHANNEL, "icu-burden", [*SECOND_MEMBERS])
    assert install(bot, slack_api, slack_api.team_id).status == 200
    slack.command("setup primary care", channel=CHANNEL, user=FACILITATOR)
    slack_api.wait_for("response_url")

    assert install(bot, slack_api, SECOND_TEAM).status == 200
    second_token = slack_api.oauth.teams[SECOND_TEAM].bot_token
    second = SignedSlackClient(bot.url, SIGNING_SECRET, slack_api, team_id=SECOND_TEAM)
    since = slack_api.mark()
    second.command("setup intensive care", channel=SECOND_CHANNEL, user=SECOND_MEMBERS[0])

    answer = slack_api.wait_for("response_url", since=since)
    assert "intensive care" in answer.text
    assert f"{len(SECOND_MEMBERS)} members" in answer.text
    assert slack_api.oauth.tokens_used_for("conversations.members")[-1] == second_token
    since = slack_api.mark()
    second.event({"type": "app_home_opened", "user": SECOND_MEMBERS[0], "tab": "home"})
    home = slack_api.wait_for("views.publish", since=since)
    assert SECOND_CHANNEL in home.text
    assert CHANNEL not in home.text and "primary care" not in home.text
    assert slack_api.oauth.tokens_used_for("views.publish")[-1] == second_token
    assert [g.setting for g in bot.services.groups.all(SECOND_TEAM)] == ["intensive care"]


def test_workspace_that_never_installed_is_not_served(
    bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    stranger = SignedSlackClient(bot.url, SIGNING_SECRET, slack_api, team_id="T0STRANGER")
    since = slack_api.mark()

    response = stranger.command("setup primary care", channel=CHANNEL, user=FACILITATOR)

    assert response.status == 200
    answer = slack_api.wait_for("response_url", since=since)
    assert "reinstall this app" in answer.text
    assert bot.services.groups.all("T0STRANGER") == []
    assert not slack_api.calls_to("conversations.members")


def test_redirect_with_a_forged_state_installs_nothing(
    bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    page = install(bot, slack_api, SECOND_TEAM, state="forged-state")

    assert page.status == 400
    assert SECOND_TEAM not in slack_api.oauth.teams
    assert not slack_api.calls_to("oauth.v2.access")


def test_install_tables_come_from_the_migrations(bot: LocalBot) -> None:
    tables = set(inspect(bot.services.database.engine).get_table_names())

    assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= tables


def test_serve_needs_no_bot_token_with_client_credentials(settings: Settings) -> None:
    require_serve_settings(settings)


def test_many_workspaces_refuse_socket_mode_in_one_clear_line(settings: Settings) -> None:
    with_socket = settings.model_copy(update={"slack_app_token": SecretStr("xapp-1")})

    with pytest.raises(MissingSetting, match="SLACK_APP_TOKEN"):
        require_serve_settings(with_socket)
