"""Many workspaces: Bolt's OAuth install flow, with slack_sdk's SQLAlchemy stores on the bot's database.

The stores' tables are created by migration 0002, never at run time, so several replicas can
share one PostgreSQL database. Each request's bot token is then looked up by workspace.
"""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from sqlalchemy import Engine

from bot.settings import Settings

# The bot scopes an install asks for; deploy/manifest.yml lists the same ones (a test checks).
BOT_SCOPES = (
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "groups:read",
    "im:write",
    "team:read",
    "users:read",
)
# A person has ten minutes between opening /slack/install and approving on Slack.
STATE_EXPIRATION_SECONDS = 600


def oauth_settings(settings: Settings, engine: Engine) -> OAuthSettings | None:
    """The install flow's settings in many-workspace mode; None in single-token mode."""
    if not settings.oauth_enabled or settings.slack_client_id is None:
        return None
    # slack_sdk's SQL stores import SQLAlchemy's asyncio layer (greenlet): only this mode needs it.
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    client_id = settings.slack_client_id
    return OAuthSettings(
        client_id=client_id,
        client_secret=settings.secret("slack_client_secret"),
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        installation_store=SQLAlchemyInstallationStore(client_id=client_id, engine=engine),
        # Bolt only needs bot tokens; this skips the per-user installation lookup on each request.
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine
        ),
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
    )
