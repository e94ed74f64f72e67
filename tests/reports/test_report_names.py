"""The report names the workspace, its channels and pilot owners as Slack does, not by id: names
learnt from Slack when a leader asks, kept for a day, still shown by `unburden report` with no
Slack token, and the id standing in whenever Slack will not say."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.cli import report_command
from bot.clock import utcnow
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.offline.workspace import UploadedFile
from bot.slack.names import refresh_report_names
from bot.store.slack_names import SlackNameStore
from tests.conftest import CHANNEL
from tests.listeners.events.test_home import LEADER, open_home, seed
from tests.listeners.events.test_home_actions import in_a_dm
from tests.listeners.meeting_support import warm_detector

WORKSPACE = "Riverside Health"
CHANNEL_NAMES = {
    CHANNEL: "primary-care-burden",  # named so by the slack_api fixture
    "C0PC2": "pc-northside",
    "C0PC3": "pc-eastgate",
    "C0ICU": "icu-nights",
}
OWNER_NAME = "Amara O."  # U001's display name
SECOND_OWNER_NAME = "priya.r"  # U002 set no display name: Slack shows the real name


def is_report(filename: str) -> bool:
    """The report file as shared: named with the workspace and the day."""
    return filename.startswith("unburden-report-") and filename.endswith(".html")


def name_everything(slack_api: FakeSlackApi) -> None:
    """The seeded portfolio's workspace, channels and pilot owners, as Slack knows them."""
    slack_api.name_workspace(WORKSPACE)
    for channel, name in CHANNEL_NAMES.items():
        if channel != CHANNEL:
            slack_api.add_channel(channel, name, [slack_api.bot_user_id])
    slack_api.add_user("U001", name="amara", real_name="Amara Okafor", display_name=OWNER_NAME)
    slack_api.add_user("U002", name="priya", real_name=SECOND_OWNER_NAME, display_name="")


def a_leader(bot: LocalBot, slack_api: FakeSlackApi) -> None:
    slack_api.add_user(LEADER, name="cmo")
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")


def ask_for_the_report(slack: SignedSlackClient, slack_api: FakeSlackApi) -> UploadedFile:
    """A leader presses **Get the report** on App Home; returns the HTML file shared in the DM."""
    home = open_home(slack, slack_api, LEADER)
    since = slack_api.mark()
    before = {f.file_id for f in slack_api.uploaded_files}
    slack.click(home, "get_report", user=LEADER)
    slack_api.wait_for("files.completeUploadExternal", since=since, timeout=60)
    (report,) = [
        f for f in slack_api.uploaded_files if is_report(f.filename) and f.file_id not in before
    ]
    assert report.completed and (report.channel_id or "").startswith("D")
    return report


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_report_file_names_the_workspace_channels_and_pilot_owners(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    warm_detector()  # the report redacts identifiers: build the checker before the clock runs
    seed(bot, slack_api)
    name_everything(slack_api)
    a_leader(bot, slack_api)

    page = (ask_for_the_report(slack, slack_api).content or b"").decode("utf-8")

    assert f'<h2 class="workspace-name">{WORKSPACE}</h2>' in page
    for name in CHANNEL_NAMES.values():
        assert f"#{name}" in page
    assert "#pc-northside, #pc-eastgate" in page  # where the adopted pilot could scale
    assert f'<td class="owner">{OWNER_NAME}</td>' in page
    assert f'<td class="owner">{SECOND_OWNER_NAME}</td>' in page
    for slack_id in [*CHANNEL_NAMES, "T0001", "U001", "U002"]:
        assert slack_id not in page.replace('data-team="T0001"', "")


def test_a_second_report_the_same_day_asks_slack_for_no_name_again(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    warm_detector()
    seed(bot, slack_api)
    name_everything(slack_api)
    a_leader(bot, slack_api)
    ask_for_the_report(slack, slack_api)
    asked = {m: len(slack_api.calls_to(m)) for m in ("team.info", "conversations.info")}
    assert asked == {"team.info": 1, "conversations.info": len(CHANNEL_NAMES)}
    slack_api.add_channel("C0ICU", "icu-renamed", [slack_api.bot_user_id])

    page = (ask_for_the_report(slack, slack_api).content or b"").decode("utf-8")

    assert {m: len(slack_api.calls_to(m)) for m in asked} == asked
    assert "#icu-nights" in page  # the cached name, until it is a day old


def test_when_slack_will_not_name_anything_the_report_still_arrives_with_ids(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    warm_detector()
    seed(bot, slack_api)
    name_everything(slack_api)
    a_leader(bot, slack_api)
    slack_api.fail("team.info", "missing_scope", times=5)  # installed before team:read
    slack_api.fail("conversations.info", "channel_not_found", times=len(CHANNEL_NAMES))
    slack_api.fail("users.info", "internal_error", times=20, status=500)

    page = (ask_for_the_report(slack, slack_api).content or b"").decode("utf-8")

    assert '<h2 class="workspace-name">T0001</h2>' in page
    assert "#C0ICU" in page and "#C0PC2, #C0PC3" in page
    assert '<td class="owner">U001</td>' in page and '<td class="owner">U002</td>' in page
    assert len(slack_api.calls_to("team.info")) == 1  # a missing scope is not asked again
    assert WORKSPACE not in page and OWNER_NAME not in page


def test_one_name_slack_refuses_falls_back_to_its_id_and_the_others_are_named(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    warm_detector()
    seed(bot, slack_api)
    name_everything(slack_api)
    a_leader(bot, slack_api)
    slack_api.workspace.users.pop("U002")  # left the workspace: users.info says user_not_found

    page = (ask_for_the_report(slack, slack_api).content or b"").decode("utf-8")

    assert '<td class="owner">U002</td>' in page
    assert f'<td class="owner">{OWNER_NAME}</td>' in page and "#icu-nights" in page


def test_the_leaders_summary_is_headed_by_the_workspace_name(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)
    name_everything(slack_api)
    a_leader(bot, slack_api)
    home = open_home(slack, slack_api, LEADER)
    since = slack_api.mark()

    slack.click(home, "send_summary", user=LEADER)

    posted = slack_api.wait_for("chat.postMessage", in_a_dm, since=since, timeout=30)
    assert posted.args["blocks"][0]["text"]["text"] == (
        f"{WORKSPACE}: Leaders' summary (all groups)"
    )
    assert posted.args["text"].startswith(f"{WORKSPACE}: leaders' summary:")


def test_the_command_line_report_shows_the_last_names_known_with_no_slack_token(
    slack_api: FakeSlackApi, bot: LocalBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm_detector()
    seed(bot, slack_api)
    name_everything(slack_api)
    slack_api.add_user("U002", name="ben", real_name="Ben Okafor", display_name="")
    client = WebClient(token=slack_api.bot_token, base_url=slack_api.url)
    refresh_report_names(client, SlackNameStore(bot.services.database), slack_api.team_id)
    # `unburden report` in a fresh process: the same stores, no Slack token, no Slack to ask.
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.setenv("UNBURDEN_DATA_DIR", str(bot.settings.unburden_data_dir))
    if bot.settings.database_url:
        monkeypatch.setenv("DATABASE_URL", bot.settings.database_url)
    since = slack_api.mark()

    assert report_command(tmp_path / "report") == 0

    assert slack_api.calls[since:] == []
    folder = tmp_path / "report" / slack_api.team_id
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert WORKSPACE in page and "#icu-nights" in page and OWNER_NAME in page
    # A member's name from Slack's directory is staff, not a patient: shown as it is, even
    # when it reads as a full name the identifier check would take for a patient's.
    assert '<td class="owner">Ben Okafor</td>' in page and "[NAME]" not in page
    pilots = read_csv(folder / "pilots.csv")
    assert list(pilots[0])[:6] == [
        "team_id",
        "workspace_name",
        "pilot",
        "experiment",
        "channel_id",
        "channel_name",
    ]
    assert [
        (p["channel_id"], p["channel_name"], p["owner_id"], p["owner_name"]) for p in pilots
    ] == [
        (CHANNEL, "primary-care-burden", "U001", OWNER_NAME),
        ("C0ICU", "icu-nights", "U002", "Ben Okafor"),
    ]
    assert {row["workspace_name"] for row in read_csv(folder / "groups.csv")} == {WORKSPACE}


def test_a_name_older_than_a_day_is_asked_again_and_kept_when_slack_refuses(
    slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)
    name_everything(slack_api)
    store = SlackNameStore(bot.services.database)
    client = WebClient(token=slack_api.bot_token, base_url=slack_api.url)
    refresh_report_names(client, store, slack_api.team_id)
    slack_api.add_channel("C0ICU", "icu-days", [slack_api.bot_user_id])
    tomorrow = utcnow() + timedelta(days=1, minutes=1)
    slack_api.fail("conversations.info", "internal_error", times=len(CHANNEL_NAMES))

    refused = refresh_report_names(client, store, slack_api.team_id, now=tomorrow)
    renamed = refresh_report_names(client, store, slack_api.team_id, now=tomorrow)

    assert refused.channel("C0ICU") == "#icu-nights"
    assert renamed.channel("C0ICU") == "#icu-days"
    assert renamed.workspace(slack_api.team_id) == WORKSPACE


def test_the_shared_report_is_named_with_the_workspace_and_the_day() -> None:
    from datetime import date

    from bot.listeners.report_delivery import report_filename

    assert report_filename("Riverside Health", date(2026, 11, 30)) == (
        "unburden-report-riverside-health-2026-11-30.html"
    )
    assert report_filename("T0001", date(2026, 11, 30)) == "unburden-report-t0001-2026-11-30.html"
    assert report_filename("🏥", date(2026, 11, 30)) == "unburden-report-2026-11-30.html"
