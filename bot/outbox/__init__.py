"""The outbox: one door for every message the group must see.

A change the group must see (a meeting moves on, closes, opens; the weekly digest falls due) and
the message that shows it are written in one database transaction (`OutboxStore.add`). The
`OutboxSender` then posts each message with slack_sdk's retry handlers, records the ts Slack
gave it, posts a thread's replies only after their parent, tries a message that failed for good
again later, and tells the facilitator in one line with a **Post again** button."""

from bot.outbox.messages import Delivery, MeetingThread, Outcome, OutgoingMessage

__all__ = ["Delivery", "MeetingThread", "Outcome", "OutgoingMessage"]
