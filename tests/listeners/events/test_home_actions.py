"""App Home with actions: a member logs a due check-in with **Log value**; a leader presses
**Send me the summary** or **Get the report**, which arrives as an HTML file in the DM."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import utcnow
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.listeners.events.test_home import LEADER, SECOND_OWNER, open_home, seed
from tests.listeners.meeting_support import warm_detector
from tests.reports.seed import Seeder


def is_report(filename: str) -> bool:
    """The report file as shared: named with the workspace and the day."""
    return filename.startswith("unburden-report-") and filename.endswith(".html")


def in_a_dm(call: object) -> bool:
    return (getattr(call, "channel", None) or "").startswith("D")


def test_a_due_check_in_has_a_log_value_button_that_opens_the_small_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    ids = seed(bot, slack_api)
    Seeder(bot.services.database, slack_api.team_id).checkin(
        ids["flat"], SECOND_OWNER, utcnow() + timedelta(hours=5)
    )
    slack_api.add_channel("C0ICU", "icu", [SECOND_OWNER, slack_api.bot_user_id])
    home = open_home(slack, slack_api, SECOND_OWNER)
    assert "Log value" in str(home.args["view"]["blocks"])
    since = slack_api.mark()

    slack.click(home, "open_log_modal", user=SECOND_OWNER, value="2")

    form = slack_api.wait_for("views.open", since=since)
    assert "P-2" in form.text


def test_a_leader_gets_the_report_as_an_html_file_in_the_direct_message(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    warm_detector()  # the report redacts identifiers: build the checker before the clock runs
    seed(bot, slack_api)
    slack_api.add_user(LEADER, name="cmo")
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")
    home = open_home(slack, slack_api, LEADER)
    assert "Get the report" in str(home.args["view"]["blocks"])
    since = slack_api.mark()

    slack.click(home, "get_report", user=LEADER)

    slack_api.wait_for("files.completeUploadExternal", since=since, timeout=60)
    (report,) = [f for f in slack_api.uploaded_files if is_report(f.filename)]
    assert report.completed and (report.channel_id or "").startswith("D")
    page = (report.content or b"").decode("utf-8")
    assert page.lower().startswith("<!doctype html>")
    assert "Missed opportunities by setting" in page and 'id="cost-avoided"' in page


def test_someone_not_a_leader_is_told_the_report_is_for_leaders_and_gets_no_file(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)
    summary_message = {"blocks": [], "ts": "1.0"}
    since = slack_api.mark()

    slack.block_action(
        "get_report", value="report", user=SECOND_OWNER, channel="D0X", message=summary_message
    )

    told = slack_api.wait_for("response_url", since=since)
    assert "leaders only" in told.text and told.args["response_type"] == "ephemeral"
    assert [f for f in slack_api.uploaded_files if is_report(f.filename)] == []


def test_send_me_the_summary_posts_it_in_the_direct_message(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)
    slack_api.add_user(LEADER, name="cmo")
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")
    home = open_home(slack, slack_api, LEADER)
    since = slack_api.mark()

    slack.click(home, "send_summary", user=LEADER)

    posted = slack_api.wait_for("chat.postMessage", in_a_dm, since=since, timeout=30)
    assert "Leaders' summary (all groups)" in posted.text
    assert "on the server" not in posted.text and "Get the report" in posted.text
