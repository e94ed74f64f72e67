"""Scene: the group lists its burdens, adds a patient letter, and runs a whole meeting."""

from __future__ import annotations

import re
from typing import Any

from bot.listeners.commands import verb_table
from bot.offline.conversation import DemoConversation

BURDENS = [
    ("U0MD1", "add Inbox results and FYI notes ~45m/day"),
    # The whole team's time (about 30 minutes a day for each of four physicians), so the hours
    # the refill pilot reclaims for its four participants stay within what the group logged.
    ("U0RN1", "add Refill requests for the four physicians ~2h/day"),
    ("U0BIL", "add Prior authorisation forms and calls ~3h/week"),
    ("U0MA1", "add Med reconciliation 10 min per patient"),
]
LETTER = (
    "letter add When my husband was first diagnosed, we were scared and confused. Your nurse "
    "called us back the same afternoon and explained every step. Thank you for making time "
    "for us when we needed it most."
)
# Not de-identified: refused with the reason, and nothing is stored.
REFUSED_LETTER = "letter add Thank you for looking after me. Call me on 415-555-0134 any time."
# Ideas the group proposes under each question, typed only when the `idea` verb exists.
IDEAS = {
    "stop": ("U0MD2", "idea Stop copying results to me when a specialist ordered them"),
    "automate": ("U0APP", "idea Auto-refill stable chronic meds under a protocol"),
    "delegate": ("U0PHA", "idea Pharmacist handles refill requests under a standing order"),
    "outsource": ("U0BIL", "idea Central prior-authorisation team for imaging"),
    "keep_sacred": ("U0MD1", "idea Breaking bad news stays with the physician"),
}
# Valuable work the group does not do today because of a burden (the method's term).
MISSED = (
    "U0RN1",
    "missed Calling patients back the same day about abnormal results, crowded out by inbox results and FYI notes",
)
# A quieter member's idea, posted through the form without a name.
ANONYMOUS_IDEA = (
    "U0MA2",
    "Stop asking medical assistants to re-enter vitals the device already sent",
)
# Who votes for which idea (by E-number) at review: E-4 (the pharmacist) wins clearly, E-3
# splits the group, and the anonymous E-2 is voted on like any other idea.
VOTES = {
    4: ["U0MD1", "U0MD2", "U0RN1", "U0RN2", "U0MA1", "U0APP", "U0PHA", "U0SCH"],
    1: ["U0MD1", "U0MD2", "U0APP", "U0MA2", "U0RN1", "U0BIL", "U0SCH"],
    3: ["U0APP", "U0PHA", "U0MA2", "U0SCH", "U0BIL"],
    2: ["U0MA1", "U0RN1", "U0RN2", "U0MD1", "U0SCH", "U0BIL", "U0PHA"],
}


def play(talk: DemoConversation) -> None:
    """List burdens with estimates, add a de-identified letter, walk the questions and end."""
    talk.narrate("The group lists what costs it time; estimates become hours a week.")
    for user, text in BURDENS:
        talk.say(user, text)
    talk.narrate(
        "A nurse records a missed opportunity; it is linked to the burden that crowds it out."
    )
    talk.say(*MISSED)
    talk.narrate("A member adds a de-identified patient letter to the library.")
    # Letters are checked for patient identifiers; the checker warms up when the bot starts,
    # and the demo waits for it so that each answer prints under its own command.
    talk.bot.services.letters.refusal("A letter to warm the checker up.")
    talk.say("U0RN2", REFUSED_LETTER)
    talk.say("U0RN2", LETTER)
    talk.narrate("The facilitator opens a 45-minute meeting: nine minutes for each question.")
    talk.say("U0FAC", "start 45m")
    can_propose = "idea" in verb_table()
    for stage in ("stop", "automate", "delegate", "outsource", "keep_sacred"):
        if can_propose:
            user, text = IDEAS[stage]
            talk.say(user, text)
            if stage == "stop":
                anonymous_idea(talk)
        talk.say("U0FAC", "next")
    if can_propose:
        vote(talk)
    talk.say("U0FAC", "end")


def anonymous_idea(talk: DemoConversation) -> None:
    """A quieter member adds an idea through the form, ticking "Post without my name"."""
    user, text = ANONYMOUS_IDEA
    talk.narrate("A medical assistant adds an idea from the form, without their name.")
    since = talk.slack_api.mark()
    talk.client.block_action("open_idea_modal", value="stop", user=user, channel=talk.channel)
    form = talk.slack_api.wait_for("views.open", since=since)
    since = talk.slack_api.mark()
    ticked = {"type": "checkboxes", "selected_options": [{"value": "anonymous"}]}
    talk.client.submit(
        form,
        {"text_block": {"text": text}, "anonymous_block": {"anonymous": ticked}},
        user=user,
    )
    talk.show(since)


def vote(talk: DemoConversation) -> None:
    """At review the facilitator calls a vote and members press the buttons from their phones."""
    talk.narrate("At review the facilitator calls a vote; members vote with the buttons.")
    since = talk.slack_api.mark()
    talk.say("U0FAC", "vote")
    ballot = talk.slack_api.wait_for("chat.postMessage", has_vote_buttons, since=since)
    ids = vote_buttons(ballot.args["blocks"])
    clicks = talk.slack_api.mark()
    for number, voters in VOTES.items():
        for user in voters:
            if number in ids:
                talk.client.click(ballot, "vote", user=user, value=ids[number])
    talk.settle()
    updates = [call for call in talk.slack_api.calls[clicks:] if call.method == "chat.update"]
    talk.narrate(f"{sum(len(v) for v in VOTES.values())} votes later, the ballot reads:")
    if updates:
        talk.show_call(updates[-1])


def has_vote_buttons(call: Any) -> bool:
    """Whether a posted message is the ballot."""
    return "action_id': 'vote'" in str(call.args.get("blocks"))


def vote_buttons(blocks: list[dict[str, Any]]) -> dict[int, str]:
    """The ballot's Vote button values by E-number: each idea's text block precedes its buttons."""
    found: dict[int, str] = {}
    number: int | None = None
    for block in blocks:
        if block.get("type") == "section":
            match = re.search(r"\*E-(\d+)\*", block.get("text", {}).get("text", ""))
            number = int(match.group(1)) if match else None
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == "vote" and number is not None:
                found[number] = str(element["value"])
    return found
