"""Scene: the chief medical officer, a leader, asks for the summary and opens App Home."""

from __future__ import annotations

from bot.offline.conversation import DemoConversation

LEADER = "U0LDR"  # named in UNBURDEN_LEADERS by the demo's settings


def play(talk: DemoConversation) -> None:
    """The leader reads the portfolio in a direct message, with charts, then on App Home."""
    talk.narrate("The chief medical officer asks for the leaders' summary.")
    talk.say(LEADER, "summary")
    uploaded = [f.filename for f in talk.slack_api.uploaded_files if f.completed]
    if uploaded:
        talk.narrate(f"Charts uploaded to the direct message: {', '.join(uploaded)}.")
    talk.narrate("Then opens Unburden's App Home.")
    since = talk.slack_api.mark()
    talk.client.event(
        {"type": "app_home_opened", "user": LEADER, "channel": "D0LDR", "tab": "home"}
    )
    talk.show(since)
