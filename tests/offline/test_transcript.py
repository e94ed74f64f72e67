"""The demo's transcript says who saw each message: the channel, only you, or one member's DM."""

from __future__ import annotations

from bot.offline.call_log import ApiCall
from bot.offline.transcript import describe_call


def posted(channel: str) -> ApiCall:
    return ApiCall("chat.postMessage", {"channel": channel, "text": "Hello"}, True, channel=channel)


def test_a_direct_message_is_labelled_with_the_member_it_went_to() -> None:
    line = describe_call(posted("D0LDR"), lambda channel: "Chief medical officer")

    assert line is not None
    assert line.startswith("Unburden -> Chief medical officer (direct message):")


def test_a_channel_message_is_labelled_channel() -> None:
    line = describe_call(posted("C0DEMO"), lambda channel: "nobody")

    assert line is not None and line.startswith("Unburden -> channel:")
