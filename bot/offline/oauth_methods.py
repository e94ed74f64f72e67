"""The OAuth side of the Slack stand-in: workspaces that install the app, and the tokens they get.

A test approves an install as a person would on Slack's consent screen (`approve`), then sends
the browser to the bot's redirect URL with the returned code; the bot exchanges it through
`oauth.v2.access` and afterwards calls the Web API with the new workspace's own bot token.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass, field
from typing import Any

from bot.offline.workspace import SlackError, Workspace

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "offline-client-secret"


@dataclass
class InstalledTeam:
    """A workspace that installed the app, with the bot identity Slack gave it there."""

    team_id: str
    team_name: str
    bot_token: str
    bot_user_id: str
    bot_id: str
    scopes: list[str]


@dataclass
class OAuthInstalls:
    """Install approvals, issued tokens and which token each Web API call was made with."""

    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    pending: dict[str, InstalledTeam] = field(default_factory=dict)
    teams: dict[str, InstalledTeam] = field(default_factory=dict)
    token_uses: list[tuple[str, str]] = field(default_factory=list)

    def approve(self, ws: Workspace, team_id: str, scopes: list[str] | None = None) -> str:
        """Approve an install of the app into `team_id`; the code Slack puts on the redirect."""
        serial = len(self.pending) + len(self.teams) + 1
        # The stand-in's own workspace keeps its token, so its existing state stays usable.
        own = team_id == ws.team_id
        team = InstalledTeam(
            team_id=team_id,
            team_name=ws.team_name if own else f"Workspace {team_id}",
            bot_token=ws.bot_token if own else f"xoxb-{team_id}-{secrets.token_hex(6)}",
            bot_user_id=ws.bot_user_id if own else f"UBOT{team_id}",
            bot_id=ws.bot_id if own else f"B{serial:04d}{team_id}",
            scopes=list(scopes or []),
        )
        code = f"code-{team_id}-{secrets.token_hex(6)}"
        self.pending[code] = team
        return code

    def accepts(self, token: str | None) -> bool:
        """Whether the token was issued to an installed workspace."""
        return token is not None and self.team_of(token) is not None

    def team_of(self, token: str) -> InstalledTeam | None:
        """The installed workspace a bot token belongs to, if any."""
        return next((team for team in self.teams.values() if team.bot_token == token), None)

    def note(self, method: str, token: str | None) -> None:
        """Remember which token a call used, so tests can tell workspaces apart."""
        if token:
            self.token_uses.append((method, token))

    def tokens_used_for(self, method: str) -> list[str]:
        """The tokens the bot called `method` with, in order."""
        return [token for used, token in self.token_uses if used == method]

    def exchange(self, args: dict[str, Any], authorization: str) -> dict[str, Any]:
        """oauth.v2.access: trade a one-time code for the workspace's bot token."""
        client_id, client_secret = _client_credentials(args, authorization)
        if client_id != self.client_id:
            raise SlackError("invalid_client_id")
        if client_secret != self.client_secret:
            raise SlackError("bad_client_secret")
        team = self.pending.pop(str(args.get("code") or ""), None)
        if team is None:
            raise SlackError("invalid_code")
        self.teams[team.team_id] = team
        return {
            "app_id": "A0001",
            "authed_user": {"id": "U0INSTALLER"},
            "scope": ",".join(team.scopes),
            "token_type": "bot",
            "access_token": team.bot_token,
            "bot_user_id": team.bot_user_id,
            "team": {"id": team.team_id, "name": team.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def as_team(self, token: str | None, method: str, result: dict[str, Any]) -> dict[str, Any]:
        """auth.test answered for the workspace that owns the token, not the stand-in's own."""
        team = self.team_of(token) if token else None
        if method != "auth.test" or team is None:
            return result
        return {
            **result,
            "team": team.team_name,
            "team_id": team.team_id,
            "user_id": team.bot_user_id,
            "bot_id": team.bot_id,
        }


def _client_credentials(args: dict[str, Any], authorization: str) -> tuple[str, str]:
    """Client id and secret from HTTP Basic auth (slack_sdk's way) or the form body."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() == "basic" and encoded:
        try:
            client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
            return client_id, secret
        except (binascii.Error, UnicodeDecodeError) as error:
            raise SlackError("invalid_auth") from error
    return str(args.get("client_id") or ""), str(args.get("client_secret") or "")
