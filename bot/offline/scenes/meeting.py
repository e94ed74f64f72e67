"""Scene: the group lists its burdens, adds a patient letter, and runs a whole meeting."""

from __future__ import annotations

from bot.listeners.commands import verb_table
from bot.offline.conversation import DemoConversation

BURDENS = [
    ("U0MD1", "add Inbox results and FYI notes ~45m/day"),
    ("U0RN1", "add Refill requests ~30m/day"),
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


def play(talk: DemoConversation) -> None:
    """List burdens with estimates, add a de-identified letter, walk the questions and end."""
    talk.narrate("The group lists what costs it time; estimates become hours a week.")
    for user, text in BURDENS:
        talk.say(user, text)
    talk.narrate("A member adds a de-identified patient letter to the library.")
    # Letters are checked for patient identifiers; the checker warms up when the bot starts,
    # and the demo waits for it so that each answer prints under its own command.
    talk.bot.services.letters.refusal("A letter to warm the checker up.")
    talk.say("U0RN2", REFUSED_LETTER)
    talk.say("U0RN2", LETTER)
    talk.narrate("The facilitator opens the meeting.")
    talk.say("U0FAC", "start")
    can_propose = "idea" in verb_table()
    for stage in ("stop", "automate", "delegate", "outsource", "keep_sacred"):
        if can_propose:
            user, text = IDEAS[stage]
            talk.say(user, text)
        talk.say("U0FAC", "next")
    talk.say("U0FAC", "end")
