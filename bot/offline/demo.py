"""`unburden demo`: a working group's conversation with the real bot, offline, printed readably.

The bot runs exactly as `serve` runs it, over HTTP with signed requests, against the local Slack
Web API stand-in; no workspace, token or network is needed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pydantic import SecretStr
from slack_sdk import WebClient

from bot.offline.conversation import DemoConversation
from bot.offline.runner import LocalBot
from bot.offline.scenes import leaders, meeting, pilot, pulse, setup
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.reports.writer import write_report
from bot.settings import Settings
from bot.slack.names import refresh_report_names
from bot.store.slack_names import SlackNameStore

# Scenes play in this order; each is a module of bot/offline/scenes with a `play(talk)`.
SCENES = [setup, meeting, pulse, pilot, leaders]

DEMO_SECRET = "demo-signing-secret"
WARM_UP_SECONDS = 180  # loading the embedding model from disk takes seconds, more on a busy machine
DEMO_CHANNEL = "C0DEMO"
DEMO_WORKSPACE = "Riverside Health (demo)"
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


def run_demo(out: Path) -> int:
    """Play the demo conversation; returns the exit code."""
    with (
        tempfile.TemporaryDirectory(prefix="unburden-demo-") as data_dir,
        FakeSlackApi() as slack_api,
    ):
        slack_api.name_workspace(DEMO_WORKSPACE)
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
            talk = DemoConversation(
                slack_api,
                SignedSlackClient(bot.url, DEMO_SECRET, slack_api),
                bot,
                DEMO_CHANNEL,
                DEMO_MEMBERS,
            )
            # The embedding model and the identifier detector load in the background at start;
            # wait for both, so a slow first `idea` cannot print under the next command.
            for warming in (bot.services.index.warm_up(), bot.services.letters.warm_up()):
                warming.join(timeout=WARM_UP_SECONDS)
            for scene in SCENES:
                scene.play(talk)
            # Names as a leader's "Get the report" learns them, so the report shows no ids.
            client = WebClient(token=slack_api.bot_token, base_url=slack_api.url)
            store = SlackNameStore(bot.services.database)
            names = refresh_report_names(client, store, slack_api.team_id)
            written = write_report(bot.services, out, names=names)
        if slack_api.rejected:
            print(
                f"\nSlack would have refused {len(slack_api.rejected)} message(s): {slack_api.rejected}"
            )
            return 1
    print(f"\nDemo finished. The leaders' report is in {written / 'index.html'}.")
    return 0
