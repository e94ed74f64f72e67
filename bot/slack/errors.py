"""One way of telling a member what failed, for every surface.

A user error carries its own answer. A Slack Web API error that a member can act on (a form
opened too late, a text too long, a channel the bot is not in) is answered with what to do
instead and logged as a warning; anything else is a fault: logged with a reference (never the
text typed) and answered with an apology naming the reference."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from bot.blocks.answers import apology
from bot.errors import UserError

log = logging.getLogger(__name__)

INVITE = "invite me with `/invite @Unburden`, then try again"
SLACK_TROUBLE = (
    "Slack had a problem on its side, so that did not go through. Try again in a minute."
)

# Slack's error codes a member can do something about, and what to tell them.
SLACK_ERROR_ANSWERS = {
    "expired_trigger_id": "Slack took too long to open the form. Click the button or type the "
    "command again.",
    "invalid_trigger_id": "Slack could not open the form from here. Click the button or type the "
    "command again.",
    "exchanged_trigger_id": "That form is already open: look for it on your screen.",
    "invalid_blocks": "That answer was too long or too complex for Slack to show. Try a shorter "
    "text, or a narrower request.",
    "msg_too_long": "That is longer than Slack allows in one message. Shorten it and try again.",
    "channel_not_found": f"I can't see this channel: {INVITE}.",
    "not_in_channel": f"I'm not in this channel: {INVITE}.",
    "is_archived": "This channel is archived; unarchive it or use the group's new channel.",
    "restricted_action": "Posting here is restricted for apps; ask a workspace admin to allow it.",
    "cannot_dm_bot": "I can't send direct messages to another app.",
    "user_not_found": "Slack does not know that person here; pick them with @ and try again.",
    "users_not_found": "Slack does not know that person here; pick them with @ and try again.",
    "ratelimited": "Slack asked me to slow down. Try again in a minute.",
    # Slack's own trouble (HTTP 5xx past the retries, or ok:false saying so): nothing a member
    # did wrong, and nothing of ours to look into.
    "internal_error": SLACK_TROUBLE,
    "fatal_error": SLACK_TROUBLE,
    "service_unavailable": SLACK_TROUBLE,
    "request_timeout": SLACK_TROUBLE,
    "view_too_large": "That form would be too large for Slack. Shorten the text and try again.",
    "not_found": "That form was closed before I could update it. Open it again.",
    "hash_conflict": "The form changed while I was updating it. Submit it again.",
    "missing_scope": "I lack a permission for this. Ask a workspace admin to reinstall Unburden.",
    "not_authed": "I am not signed in to this workspace. Ask a workspace admin to reinstall "
    "Unburden.",
    "invalid_auth": "I am not signed in to this workspace. Ask a workspace admin to reinstall "
    "Unburden.",
}


@dataclass(frozen=True)
class Answer:
    """What a member is told about a failure, and whether it was a fault of ours."""

    text: str
    fault: bool = False
    # The reference logged with a fault, for the member to pass on.
    reference: str | None = None


def slack_error_code(error: BaseException) -> str:
    """The `error` code of a Slack Web API failure, or an empty string."""
    if isinstance(error, SlackApiError):
        return str((error.response or {}).get("error") or "")
    return ""


def answer_for(error: BaseException, doing: str, team_id: str = "") -> Answer:
    """The member's answer to a failure while `doing` something (a verb, a button's action id).

    Logs it: user errors at info (no text), known Slack errors at warning, faults at error with a
    reference; `doing` and the workspace name the context, never what was typed."""
    if isinstance(error, UserError):
        log.info("%s refused (team %s): %s", doing, team_id, type(error).__name__)
        return Answer(error.message)
    code = slack_error_code(error)
    if code in SLACK_ERROR_ANSWERS:
        log.warning("%s: Slack answered %s (team %s)", doing, code, team_id)
        return Answer(SLACK_ERROR_ANSWERS[code])
    reference = uuid.uuid4().hex[:8]
    log.error("%s failed (ref %s, team %s)", doing, reference, team_id, exc_info=error)
    return Answer(apology(reference), fault=True, reference=reference)
