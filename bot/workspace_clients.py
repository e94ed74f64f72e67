"""A Web API client per workspace, for work that runs outside a Slack request (the outbox,
check-ins, the digest): each installation's bot token in OAuth mode, SLACK_BOT_TOKEN otherwise."""

from __future__ import annotations

import threading

from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack_retries import retry_handlers
from bot.store.database import Database


class NotInstalled(RuntimeError):
    """No bot token is stored for this workspace (never installed, or uninstalled)."""


class WorkspaceClients:
    """Hands out a WebClient with the right bot token for a workspace."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self._settings = settings
        self._database = database
        self._lock = threading.Lock()
        self._store: object | None = None

    def client_for(self, team_id: str, enterprise_id: str | None = None) -> WebClient:
        """A client that retries 429 (after Retry-After), 5xx and resets, with the team's token."""
        return WebClient(
            token=self.token_for(team_id, enterprise_id),
            base_url=self._settings.slack_api_url,
            timeout=10,
            retry_handlers=retry_handlers(),
        )

    def token_for(self, team_id: str, enterprise_id: str | None = None) -> str:
        """The workspace's bot token; raises NotInstalled in OAuth mode when none is stored."""
        if not self._settings.oauth_enabled:
            token = self._settings.secret("slack_bot_token")
            if token is None:
                raise NotInstalled("SLACK_BOT_TOKEN is not set")
            return token
        bot = self._installations().find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise NotInstalled(f"no installation for workspace {team_id}")
        return str(bot.bot_token)

    def _installations(self):  # type: ignore[no-untyped-def]
        """slack_sdk's SQL installation store over the bot's database (OAuth mode only)."""
        with self._lock:
            if self._store is None:
                from slack_sdk.oauth.installation_store.sqlalchemy import (
                    SQLAlchemyInstallationStore,
                )

                self._store = SQLAlchemyInstallationStore(
                    client_id=self._settings.slack_client_id or "",
                    engine=self._database.engine,
                )
            return self._store
