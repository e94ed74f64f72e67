"""`unburden demo`: a working group's conversation with the real bot, offline, printed readably.

The bot runs exactly as `serve` runs it, over HTTP with signed requests, against the local Slack
Web API stand-in; no workspace, token or network is needed."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.offline.transcript import ack_text, describe_call
from bot.settings import Settings

DEMO_SECRET = "demo-signing-secret"
DEMO_CHANNEL = "C0DEMO"
DEMO_MEMBERS = {
    "U0FAC": "Dr. Facilitator",
    "U0MA1": "Medical assistant",
    "U0RN1": "Nurse",
    "U0MD1": "Physician",
    "U0MD2": "Physician 2",
    "U0APP": "Nurse practitioner",
    "U0SCH": "Scheduler",
    "U0BIL": "Biller",
    "U0PHA": "Pharmacist",
    "U0RN2": "Nurse 2",
    "U0MA2": "Medical assistant 2",
    "U0LDR": "Chief medical officer",
}


class DemoConversation:
    """Sends members' commands to the bot and prints what each member would see."""

    def __init__(self, slack_api: FakeSlackApi, client: SignedSlackClient) -> None:
        self.slack_api = slack_api
        self.client = client

    def say(self, user: str, text: str) -> None:
        """A member types `/unburden <text>`; print the command and every answer it caused."""
        print(f"\n{DEMO_MEMBERS.get(user, user)}: /unburden {text}")
        since = self.slack_api.mark()
        response = self.client.command(text, user=user, channel=DEMO_CHANNEL)
        immediate = ack_text(response.json() if response.body else None)
        if immediate:
            print(immediate)
        self.settle()
        for call in self.slack_api.calls[since:]:
            line = describe_call(call)
            if line:
                print(line)

    def settle(self, quiet: float = 0.4, limit: float = 15.0) -> None:
        """Wait until the bot's work after the ack has stopped calling Slack."""
        deadline = time.monotonic() + limit
        seen = -1
        while time.monotonic() < deadline:
            count = self.slack_api.mark()
            if count == seen:
                return
            seen = count
            time.sleep(quiet)


def run_demo(out: Path) -> int:
    """Play the demo conversation; returns the exit code."""
    with (
        tempfile.TemporaryDirectory(prefix="unburden-demo-") as data_dir,
        FakeSlackApi() as slack_api,
    ):
        for user, name in DEMO_MEMBERS.items():
            slack_api.add_user(user, name=name)
        slack_api.add_channel(
            DEMO_CHANNEL, "primary-care-burden", [*DEMO_MEMBERS, slack_api.bot_user_id]
        )
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            slack_bot_token=SecretStr(slack_api.bot_token),
            slack_signing_secret=SecretStr(DEMO_SECRET),
            slack_api_url=slack_api.url,
            unburden_data_dir=Path(data_dir),
            unburden_leaders="U0LDR",
        )
        with LocalBot(settings) as bot:
            print(
                "Unburden offline demo: a primary-care working group of 12, in Slack channel #primary-care-burden."
            )
            talk = DemoConversation(slack_api, SignedSlackClient(bot.url, DEMO_SECRET, slack_api))
            talk.say("U0FAC", "help")
            talk.say("U0FAC", "setup primary care")
        if slack_api.rejected:
            print(
                f"\nSlack would have refused {len(slack_api.rejected)} message(s): {slack_api.rejected}"
            )
            return 1
    print(f"\nDemo finished. (The leaders' report will be written to {out}.)")
    return 0
