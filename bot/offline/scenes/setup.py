"""Scene: the facilitator sets the channel up as a working group."""

from __future__ import annotations

from bot.offline.conversation import DemoConversation


def play(talk: DemoConversation) -> None:
    """Ask for help, then make the channel the primary-care working group."""
    talk.say("U0FAC", "help")
    talk.say("U0FAC", "setup primary care")
