"""Scene: the facilitator sets the channel up as a working group."""

from __future__ import annotations

from bot.offline.conversation import DemoConversation

NORTH_CHANNEL = "C0NORTH"  # a second primary-care group, for spreading adopted changes


def play(talk: DemoConversation) -> None:
    """Ask for help, then make the channel the primary-care working group; a second clinic's
    channel is set up too, for the adopted change to spread to later."""
    talk.say("U0FAC", "help")
    talk.say("U0FAC", "setup primary care")
    talk.slack_api.add_channel(
        NORTH_CHANNEL, "primary-care-north", ["U0LDR", talk.slack_api.bot_user_id]
    )
    talk.client.command("setup primary care", user="U0LDR", channel=NORTH_CHANNEL)
    talk.settle()
