"""The leaders' report from Slack: written for the asker's workspace and shared as an HTML file
in their direct message (files upload v2), so nobody has to reach the server. The workspace,
channel and member names it shows are refreshed from Slack first (bot.slack.names)."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

from slack_sdk import WebClient

from bot.clock import utcnow
from bot.errors import Forbidden
from bot.reports.writer import REPORT_FILE, redacted, write_report
from bot.services.container import Services
from bot.slack.names import refresh_report_names
from bot.store.slack_names import SlackNameStore


def report_filename(workspace: str, day: date) -> str:
    """The shared file's name, with the workspace and the day, so a leader's weekly downloads
    read "unburden-report-riverside-health-2026-11-30.html", not "unburden-report (3).html"."""
    slug = "-".join(re.findall(r"[a-z0-9]+", workspace.lower()))[:40].strip("-")
    return f"unburden-report-{slug + '-' if slug else ''}{day.isoformat()}.html"


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
            {
                "content": page,
                # The workspace's name passes the identifier check, as on the page itself.
                "filename": report_filename(redacted(names.workspace(team_id)), utcnow().date()),
                "title": "Unburden leaders' report",
            }
        ],
    )
    return str(dm)
