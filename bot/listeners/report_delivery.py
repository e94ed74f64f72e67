"""The leaders' report from Slack: written for the asker's workspace and shared as an HTML file
in their direct message (files upload v2), so nobody has to reach the server. The workspace,
channel and member names it shows are refreshed from Slack first (bot.slack.names)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from slack_sdk import WebClient

from bot.errors import Forbidden
from bot.reports.writer import REPORT_FILE, write_report
from bot.services.container import Services
from bot.slack.names import refresh_report_names
from bot.store.slack_names import SlackNameStore

REPORT_FILENAME = "unburden-report.html"


def send_report(services: Services, client: WebClient, team_id: str, user_id: str) -> str:
    """Write the workspace's report and share it in the leader's DM; returns the DM's id.

    Raises Forbidden for someone who is not a leader: the report shows every group."""
    if not services.groups.is_leader(team_id, user_id):
        raise Forbidden(
            "The report covers every group of the workspace, so it goes to leaders only. "
            f"`{services.settings.unburden_command} summary` sends you your groups' summary."
        )
    dm = client.conversations_open(users=user_id)["channel"]["id"]
    names = refresh_report_names(client, SlackNameStore(services.database), team_id)
    with tempfile.TemporaryDirectory(prefix="unburden-report-") as folder:
        written = write_report(services, Path(folder), team_id, names)
        page = (written / REPORT_FILE).read_bytes()
    client.files_upload_v2(
        channel=dm,
        initial_comment=(
            "The leaders' report: every pilot, run chart, spread and missed opportunity. "
            "Open the file in a browser; it needs no network."
        ),
        file_uploads=[
            {"content": page, "filename": REPORT_FILENAME, "title": "Unburden leaders' report"}
        ],
    )
    return str(dm)
