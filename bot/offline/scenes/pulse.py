"""Scene: the group's anonymous pulse. A round from before the pilot is on record; today the
facilitator sends one, and each of the 12 members answers the Mini-Z item and their hours
outside work from the form in their direct message."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import utcnow
from bot.offline.call_log import ApiCall
from bot.offline.conversation import DemoConversation
from bot.store.pulse import PulseStore

FACILITATOR = "U0FAC"
# A year ago, before the pilot: 8 of 12 at 3 or more. Today: 2 of 12.
BEFORE = (3, 4, 3, 2, 3, 4, 2, 3, 1, 3, 2, 4)
TODAY = (2, 1, 2, 3, 2, 1, 2, 2, 3, 1, 2, 2)
HOURS_BEFORE = ("5_to_10", "2_to_5", "5_to_10", "2_to_5", "over_10", "5_to_10")
HOURS_TODAY = ("1_to_2", "under_1", "2_to_5", "1_to_2", "none", "1_to_2")
PULSE_BUTTON = "open_pulse"


def play(talk: DemoConversation) -> None:
    """Record last year's round, send today's, and let every member answer it."""
    services = talk.bot.services
    team_id = talk.slack_api.team_id
    group = services.groups.find(team_id, talk.channel)
    if group is None:
        return
    members = sorted(talk.members)
    talk.narrate(
        "Thirteen months ago, before the pilot, the group's first pulse was answered by all 12 "
        "(entered through the store, as the year of pilot values is)."
    )
    store = PulseStore(services.database)
    then = utcnow() - timedelta(days=395)
    past = store.open_round(team_id, group.id, then, then + timedelta(days=7), then, members)
    if past is not None:
        for index, (user, rating) in enumerate(zip(members, BEFORE, strict=True)):
            store.record_answer(team_id, past.id, user, str(rating), HOURS_BEFORE[index % 6], then)
    talk.say(FACILITATOR, "pulse now")
    sent = _invitations(talk)
    talk.narrate(
        f"Each of the {len(sent)} members presses Answer in their direct message and sends "
        "the form; the answers are counted without names."
    )
    for index, (user, rating) in enumerate(zip(members, TODAY, strict=True)):
        invitation = sent.get(user)
        if invitation is None:
            continue
        since = talk.slack_api.mark()
        talk.client.click(invitation, PULSE_BUTTON, user=user, value=_round_of(invitation))
        form = talk.slack_api.wait_for("views.open", since=since)
        talk.client.submit(
            form,
            {
                "burnout": {"value": _radio(str(rating))},
                "hours": {"value": _radio(HOURS_TODAY[index % 6])},
            },
            user=user,
        )
    talk.say(FACILITATOR, "pulse")


def _invitations(talk: DemoConversation) -> dict[str, ApiCall]:
    """Today's pulse DMs by member."""
    dm_of = {
        call.response["channel"]["id"]: call.args["users"]
        for call in talk.slack_api.calls_to("conversations.open")
        if call.ok
    }
    return {
        dm_of[call.channel]: call
        for call in talk.slack_api.calls_to("chat.postMessage")
        if call.ok and call.channel in dm_of and "Pulse for" in call.text
    }


def _round_of(invitation: ApiCall) -> str:
    for block in invitation.args.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == PULSE_BUTTON:
                return str(element["value"])
    return ""


def _radio(value: str) -> dict[str, object]:
    return {"type": "radio_buttons", "selected_option": {"value": value}}
