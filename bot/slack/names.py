"""Learn the names the report shows from Slack's Web API, and keep them in the store.

A workspace's name comes from team.info, a channel's from conversations.info, a member's display
name from users.info (their real name when they set no display name). A name is asked again once
it is REFRESH_AFTER old, so a renamed channel catches up within a day without every report
costing a call per id. Slack refusing (a missing scope, an unknown id, an outage) never fails the
report: the last known name stays, or the id stands in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.clock import utcnow
from bot.domain.names import NameKind, SlackNames
from bot.slack.errors import slack_error_code
from bot.store.slack_names import SlackNameStore

log = logging.getLogger(__name__)

REFRESH_AFTER = timedelta(days=1)
# Answers that every later call of the same method would get too: stop asking it this time.
METHOD_REFUSALS = frozenset(
    {
        "missing_scope",
        "not_authed",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "not_allowed_token_type",
        "ratelimited",
    }
)


def workspace_name(client: WebClient, team_id: str) -> str:
    """team.info's name of the workspace (needs team:read)."""
    team = client.team_info(team=team_id)["team"] or {}
    return str(team.get("name") or "")


def channel_name(client: WebClient, channel_id: str) -> str:
    """conversations.info's name of a channel, without the '#'."""
    channel = client.conversations_info(channel=channel_id)["channel"] or {}
    return str(channel.get("name") or "")


def display_name(client: WebClient, user_id: str) -> str:
    """users.info's display name of a member, as Slack shows it: the display name they set, else
    their real name, else their handle."""
    user = client.users_info(user=user_id)["user"] or {}
    profile = user.get("profile") or {}
    for name in (profile.get("display_name"), profile.get("real_name"), user.get("name")):
        if name and str(name).strip():
            return str(name).strip()
    return ""


ASK: dict[NameKind, tuple[str, Callable[[WebClient, str], str]]] = {
    NameKind.WORKSPACE: ("team.info", workspace_name),
    NameKind.CHANNEL: ("conversations.info", channel_name),
    NameKind.PERSON: ("users.info", display_name),
}


def refresh_report_names(
    client: WebClient, store: SlackNameStore, team_id: str, now: datetime | None = None
) -> SlackNames:
    """Refresh the names the report shows (the workspace, every group's channel, pilot owners)
    and return every name known for the workspace."""
    channels, people = store.named_in_report(team_id)
    wanted = [
        (NameKind.WORKSPACE, team_id),
        *((NameKind.CHANNEL, channel) for channel in channels),
        *((NameKind.PERSON, person) for person in people),
    ]
    return refresh_names(client, store, team_id, wanted, now)


def refresh_names(
    client: WebClient,
    store: SlackNameStore,
    team_id: str,
    wanted: list[tuple[NameKind, str]],
    now: datetime | None = None,
) -> SlackNames:
    """Ask Slack for the wanted names that are unknown or older than REFRESH_AFTER, keep the
    answers, and return every name known for the workspace. Never raises for Slack's sake."""
    fetched = store.fetched(team_id)
    moment = now or utcnow()
    stale = [key for key in wanted if key not in fetched or moment - fetched[key] >= REFRESH_AFTER]
    refused: set[NameKind] = set()
    for kind, slack_id in stale:
        if kind in refused:
            continue
        method, ask = ASK[kind]
        try:
            name = ask(client, slack_id)
        except SlackClientError as error:
            code = slack_error_code(error) or type(error).__name__
            log.warning(
                "%s for %s: Slack answered %s; the last name known stays", method, slack_id, code
            )
            if code in METHOD_REFUSALS:
                refused.add(kind)
            continue
        except OSError as error:  # Slack unreachable, even after the client's retries
            log.warning("%s: Slack unreachable (%s); the names known stay", method, error)
            break
        if name:
            store.save(team_id, kind, slack_id, name)
    return store.names([team_id])
