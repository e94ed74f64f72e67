"""The one line a facilitator sees when a message the group needs could not be posted."""

from __future__ import annotations

from bot.blocks import Blocks, escape

POST_AGAIN = "outbox_post_again"

# What each kind of message is, in the facilitator's words.
KIND_WORDS = {
    "letter": "the patient letter",
    "opening": "the meeting's opening",
    "question": "the next question",
    "summary": "the meeting's summary",
    "closed": "the meeting-closed note",
    "digest": "the weekly leaders' digest",
    "idea": "the new idea",
    "pilot": "the pilot announcement",
}

# Slack's reasons, said as what to do.
ERROR_WORDS = {
    "not_in_channel": "I am not in this channel: invite me with `/invite @Unburden`",
    "channel_not_found": "I can't see this channel: invite me with `/invite @Unburden`",
    "is_archived": "the channel is archived",
    "ratelimited": "Slack is rate-limiting me",
    "msg_too_long": "the message is too long for Slack",
    "invalid_blocks": "Slack refused the message's layout",
}


def failed_post_text(kind: str, error: str | None, retrying: bool) -> str:
    """One line: what was not posted, why, and what happens next."""
    what = KIND_WORDS.get(kind, "a message")
    why = ERROR_WORDS.get(error or "", "Slack did not accept it")
    later = " I will try again in a few minutes," if retrying else " Fix that,"
    return (
        f"Saved, but {what} is not posted yet ({why}): no need to type it again.{later} "
        "or press *Post again*."
    )


def failed_post_blocks(kind: str, error: str | None, retrying: bool, message_id: int) -> Blocks:
    """The line above with a Post again button carrying the outbox message's id."""
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": escape(failed_post_text(kind, error, retrying))},
            "accessory": {
                "type": "button",
                "action_id": POST_AGAIN,
                "text": {"type": "plain_text", "text": "Post again"},
                "value": str(message_id),
            },
        }
    ]
