"""Settings, read once from the environment (and a `.env` file), named as the contract names them."""

from __future__ import annotations

from datetime import timedelta
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of the bot; build it once and pass it in, never read os.environ elsewhere."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = Field(default=3000, ge=1, le=65535)
    database_url: str | None = None
    chroma_url: str | None = None
    unburden_data_dir: Path = Path("./data")
    unburden_llm: str = "none"
    unburden_command: str = "/unburden"
    # Beyond the contract: the project's own knobs, all optional.
    unburden_leaders: str = ""
    unburden_digest_channel: str | None = None
    # The hour (UTC) on Mondays from which the weekly digest is due.
    unburden_digest_hour_utc: int = Field(default=13, ge=0, le=23)
    unburden_http_threads: int = Field(default=16, ge=1, le=256)
    # Threads doing the work after acks. On a 2-core machine more threads only make acks wait
    # for the interpreter (benchmarks/load.py: ack p99 2.4 s with 32, 0.26 s with 4).
    unburden_workers: int = Field(default=4, ge=1, le=512)
    unburden_knowledge_dir: Path | None = None
    # Background jobs: embedded on a SQLite file under the data directory, or a Redis URL
    # (redis://host:6379/0) so that replicas share one queue.
    unburden_jobs_url: str | None = None
    # How long a replica holds a message it is posting before another may take it over.
    unburden_outbox_lease_seconds: float = Field(default=120, gt=0)
    # Many workspaces: with both set, `serve` runs Slack's OAuth install flow (HTTP mode only).
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_redirect_uri: str | None = None

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        """slack_sdk joins method names onto the base URL, so it must end in '/'."""
        return value if value.endswith("/") else value + "/"

    @field_validator("unburden_command")
    @classmethod
    def _command_starts_with_slash(cls, value: str) -> str:
        """Slack sends the command with its leading slash."""
        return value if value.startswith("/") else "/" + value

    @cached_property
    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL: DATABASE_URL, or a SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.unburden_data_dir / 'unburden.sqlite3').resolve()}"

    @property
    def outbox_lease(self) -> timedelta:
        """How long a claim on an outbox message (or the weekly digest) holds."""
        return timedelta(seconds=self.unburden_outbox_lease_seconds)

    @property
    def socket_mode(self) -> bool:
        """Socket Mode is used whenever an app-level token is given."""
        return self.slack_app_token is not None

    @property
    def oauth_enabled(self) -> bool:
        """Many-workspace mode: tokens come from the installation store, not SLACK_BOT_TOKEN."""
        return bool(self.slack_client_id) and self.slack_client_secret is not None

    @property
    def llm_enabled(self) -> bool:
        """Whether a language model is configured at all."""
        return self.unburden_llm.strip().lower() not in ("", "none")

    @property
    def leader_ids(self) -> frozenset[str]:
        """Slack user ids granted the leaders' view by configuration."""
        return frozenset(part.strip() for part in self.unburden_leaders.split(",") if part.strip())

    def secret(self, name: str) -> str | None:
        """The plain value of a secret setting, or None when it is unset."""
        value = getattr(self, name)
        return value.get_secret_value() if value is not None else None


class MissingSetting(RuntimeError):
    """A setting that `serve` cannot start without; its message is one clear line."""


def require_serve_settings(settings: Settings) -> None:
    """Refuse to serve without the credentials Slack needs, in one line a person can act on."""
    if settings.oauth_enabled and settings.socket_mode:
        raise MissingSetting(
            "SLACK_CLIENT_ID with SLACK_APP_TOKEN: installing into many workspaces needs the "
            "HTTP endpoints /slack/install and /slack/oauth_redirect; unset SLACK_APP_TOKEN."
        )
    if settings.slack_bot_token is None and not settings.oauth_enabled:
        raise MissingSetting(
            "SLACK_BOT_TOKEN is not set: copy the bot token (xoxb-...) from your Slack app's "
            "'OAuth & Permissions' page into the environment or .env."
        )
    if not settings.socket_mode and settings.slack_signing_secret is None:
        raise MissingSetting(
            "SLACK_SIGNING_SECRET is not set: HTTP mode verifies every request with it "
            "(Slack app 'Basic Information' page), or set SLACK_APP_TOKEN to use Socket Mode."
        )
