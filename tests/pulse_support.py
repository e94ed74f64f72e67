"""Helpers for the anonymous pulse: send a round through Slack, answer it as members do."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.offline.call_log import ApiCall
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import BotResponse, SignedSlackClient
from bot.store.database import Database
from bot.store.pulse import PulseStore
from tests.conftest import CHANNEL, FACILITATOR


def pulse_now(slack: SignedSlackClient, slack_api: FakeSlackApi) -> ApiCall:
    """`pulse now` in the group's channel; the channel's answer."""
    since = slack_api.mark()
    slack.command("pulse now", channel=CHANNEL, user=FACILITATOR)
    return slack_api.wait_for("response_url", since=since)


def invitations(slack_api: FakeSlackApi, words: str = "Pulse for") -> dict[str, ApiCall]:
    """The pulse DMs posted so far, by the member whose DM they went to."""
    dm_of = {
        call.response["channel"]["id"]: call.args["users"]
        for call in slack_api.calls_to("conversations.open")
        if call.ok
    }
    return {
        dm_of[call.channel]: call
        for call in slack_api.calls_to("chat.postMessage")
        if call.ok and call.channel in dm_of and words in call.text
    }


def radio(value: str) -> dict[str, Any]:
    return {"type": "radio_buttons", "selected_option": {"value": value}}


def open_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, invitation: ApiCall, user: str
) -> ApiCall:
    """Press Answer in the member's DM; the form that opens."""
    round_id = _round_of(invitation)
    since = slack_api.mark()
    slack.click(invitation, "open_pulse", user=user, value=round_id)
    return slack_api.wait_for("views.open", since=since)


def answer(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    invitation: ApiCall,
    user: str,
    burnout: int,
    hours: str = "1_to_2",
) -> BotResponse:
    """Open the pulse form from the DM and send an answer, as the member would."""
    form = open_form(slack, slack_api, invitation, user)
    return slack.submit(
        form,
        {"burnout": {"value": radio(str(burnout))}, "hours": {"value": radio(hours)}},
        user=user,
    )


def _round_of(invitation: ApiCall) -> str:
    for block in invitation.args["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == "open_pulse":
                return str(element["value"])
    raise AssertionError("the pulse DM has no Answer button")


def seed_round(
    database: Database,
    team_id: str,
    group_id: int,
    opened_at: datetime,
    ratings: Sequence[int],
    members: Sequence[str] = tuple(f"U{n:03d}" for n in range(1, 13)),
) -> None:
    """A closed pulse round whose first len(ratings) members answered these Mini-Z ratings."""
    store = PulseStore(database)
    opened = store.open_round(
        team_id, group_id, opened_at, opened_at + timedelta(days=7), opened_at, members
    )
    assert opened is not None
    for user, rating in zip(members, ratings, strict=False):
        assert store.record_answer(team_id, opened.id, user, str(rating), "1_to_2", opened_at)
