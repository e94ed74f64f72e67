"""The demo's transcript says who saw each message: the channel, only you, or one member's DM."""

from __future__ import annotations

from bot.offline.call_log import ApiCall
from bot.offline.transcript import describe_call, render_mentions


def posted(channel: str) -> ApiCall:
    return ApiCall("chat.postMessage", {"channel": channel, "text": "Hello"}, True, channel=channel)


def test_a_direct_message_is_labelled_with_the_member_it_went_to() -> None:
    line = describe_call(posted("D0LDR"), lambda channel: "Chief medical officer")

    assert line is not None
    assert line.startswith("Unburden -> Chief medical officer (direct message):")


def test_a_channel_message_is_labelled_channel() -> None:
    line = describe_call(posted("C0DEMO"), lambda channel: "nobody")

    assert line is not None and line.startswith("Unburden -> channel:")


def test_mentions_are_shown_by_name_as_slack_renders_them() -> None:
    users = {"U0MD1": "Physician"}
    channels = {"C0DEMO": "primary-care-burden"}
    call = ApiCall(
        "chat.postMessage",
        {
            "channel": "C0DEMO",
            "text": "<@U0MD1> added a burden in <#C0DEMO>; offered to <#C0GONE|old-name>, "
            "<@U0GONE> and <!here>. See <https://example.org|the guide>.",
        },
        True,
        channel="C0DEMO",
    )

    line = describe_call(call, render=lambda text: render_mentions(text, users.get, channels.get))

    assert line is not None
    assert (
        "@Physician added a burden in #primary-care-burden; offered to #old-name, @U0GONE "
        "and @here. See <https://example.org|the guide>."
    ) in line
