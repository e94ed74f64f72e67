"""Offline Slack: a local Web API stand-in and a client that signs requests like Slack.

Used by the tests and by `unburden demo`, so the bot runs with no workspace and no network.
"""

from bot.offline.block_limits import message_warnings, validate_message, validate_view
from bot.offline.call_log import ApiCall
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import BotResponse, SignedSlackClient, SlackRequestSigner

__all__ = [
    "ApiCall",
    "BotResponse",
    "FakeSlackApi",
    "SignedSlackClient",
    "SlackRequestSigner",
    "message_warnings",
    "validate_message",
    "validate_view",
]
