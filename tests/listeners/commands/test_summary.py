"""`/unburden summary` sends the asker the portfolio in a direct message, with charts."""

from __future__ import annotations

from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, MEMBERS
from tests.reports.seed import Seeder, seed_portfolio

LEADER = "U0LEADER"
MEMBER = MEMBERS[4]
OTHER_CHANNELS = ["C0PC2", "C0PC3", "C0ICU"]


def in_a_dm(call: ApiCall) -> bool:
    return (call.channel or "").startswith("D")


def seed_workspace(slack_api: FakeSlackApi, bot: LocalBot) -> None:
    """The test channel is one of three primary-care groups; an ICU group has other people."""
    for channel in OTHER_CHANNELS:
        slack_api.add_channel(channel, channel.lower(), ["U0OUTSIDER", slack_api.bot_user_id])
    slack_api.add_user(LEADER, name="cmo")
    seed_portfolio(Seeder(bot.services.database, slack_api.team_id), [CHANNEL, *OTHER_CHANNELS])


def ask_summary(slack: SignedSlackClient, slack_api: FakeSlackApi, user: str) -> ApiCall:
    since = slack_api.mark()
    slack.command("summary", channel=CHANNEL, user=user)
    answer = slack_api.wait_for("response_url", since=since, timeout=15)
    return answer


def test_leader_gets_the_portfolio_and_charts_in_a_direct_message(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed_workspace(slack_api, bot)
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")

    answer = ask_summary(slack, slack_api, LEADER)

    assert answer.args["response_type"] == "ephemeral"
    assert "Sent you the summary in a direct message" in answer.args["text"]
    posted = slack_api.wait_for("chat.postMessage", in_a_dm)
    text = posted.text
    assert "all groups" in text
    assert "2 of 4" in text  # groups active in the last 30 days
    assert "4.2 h" in text  # reclaimed by the adopted pilot
    assert "P-1" in text and "scale to <#C0PC2>, <#C0PC3>" in text
    assert "E-3" in text and "45 days" in text  # the stagnant ICU idea
    # Burnout from the pulse: 6 of 10 then 3 of 9 at 3 or more, each with its interval.
    assert "60% (95% CI 31-83%, n=10)" in text and "33% (95% CI 12-65%, n=9)" in text
    assert "19 anonymous answers over 2 months" in text
    slack_api.wait_for("files.completeUploadExternal")
    shared = [f for f in slack_api.uploaded_files if f.completed]
    assert {f.channel_id for f in shared} == {posted.channel}
    assert {f.filename for f in shared} >= {"burnout-trend.png", "P-1-run-chart.png"}
    assert all((f.content or b"").startswith(b"\x89PNG") for f in shared)
    # Every chart says in words what it shows, for a screen reader.
    alt = {f.filename: f.alt_txt or "" for f in shared}
    assert alt["P-1-run-chart.png"].startswith("Run chart of P-1 Inbox minutes per day")
    assert (
        "Improvement: 8 values in a row below the baseline median (shift)"
        in alt["P-1-run-chart.png"]
    )
    assert alt["burnout-trend.png"].startswith(
        "Burnout trend, share of the anonymous pulse's Mini-Z answers at 3 or more per month: "
        "60% (95% CI 31-83%, n=10)"
    )


def test_a_member_sees_only_the_groups_of_their_channels(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed_workspace(slack_api, bot)

    ask_summary(slack, slack_api, MEMBER)

    posted = slack_api.wait_for("chat.postMessage", in_a_dm)
    assert posted.channel == "D" + MEMBER.lstrip("U")
    text = posted.text
    assert "your groups" in text
    assert "1 of 1" in text
    assert "P-1" in text
    assert "P-2" not in text and "E-3" not in text  # the ICU group's pilot and idea
    assert slack_api.calls_to("conversations.members")


def test_summary_of_an_empty_workspace_says_what_to_do_without_charts(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    bot.services.groups.grant_leader(slack_api.team_id, MEMBER, "U0ADMIN")

    ask_summary(slack, slack_api, MEMBER)

    posted = slack_api.wait_for("chat.postMessage", in_a_dm)
    assert "No working groups yet" in posted.text
    assert "setup primary care" in posted.text
    assert slack_api.uploaded_files == []


def test_summary_without_pilots_shows_the_next_step(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seeder = Seeder(bot.services.database, slack_api.team_id)
    seeder.idea(seeder.group(CHANNEL), "Stop faxing referrals")

    ask_summary(slack, slack_api, MEMBER)

    posted = slack_api.wait_for("chat.postMessage", in_a_dm)
    assert "No pilots yet" in posted.text
    assert "pilot E-" in posted.text
    assert slack_api.uploaded_files == []


def test_an_admin_grants_the_leaders_view(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    slack_api.add_user("U0ADMIN", name="admin", is_admin=True)

    since = slack_api.mark()
    slack.command(f"leader <@{MEMBER}|member>", channel=CHANNEL, user="U0ADMIN")

    answer = slack_api.wait_for("response_url", since=since)
    assert f"<@{MEMBER}> now has the leaders' view" in answer.args["text"]
    assert bot.services.groups.is_leader(slack_api.team_id, MEMBER)
    home = slack_api.wait_for("views.publish", lambda c: c.args["user_id"] == MEMBER)
    assert "Portfolio" in home.text


def test_a_member_who_is_not_an_admin_cannot_grant_it(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    since = slack_api.mark()
    slack.command(f"leader <@{MEMBER}>", channel=CHANNEL, user=MEMBERS[1])

    answer = slack_api.wait_for("response_url", since=since)
    assert "Only a workspace admin" in answer.args["text"]
    assert not bot.services.groups.is_leader(slack_api.team_id, MEMBER)
