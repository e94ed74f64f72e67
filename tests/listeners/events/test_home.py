"""App Home: a member sees their pilots and check-ins due; a leader sees the portfolio too."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import utcnow
from bot.listeners.events.home import publish_home
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL
from tests.reports.seed import Seeder, seed_portfolio

OWNER = "U001"  # owns the improving pilot in seed_portfolio
SECOND_OWNER = "U002"  # owns the flat ICU pilot
LEADER = "U0LEADER"


def open_home(slack: SignedSlackClient, slack_api: FakeSlackApi, user: str) -> ApiCall:
    since = slack_api.mark()
    slack.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"})
    return slack_api.wait_for("views.publish", lambda c: c.args["user_id"] == user, since=since)


def seed(bot: LocalBot, slack_api: FakeSlackApi) -> dict[str, int]:
    return seed_portfolio(
        Seeder(bot.services.database, slack_api.team_id), [CHANNEL, "C0PC2", "C0PC3", "C0ICU"]
    )


def test_a_member_sees_their_own_pilots_and_check_ins_due(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    ids = seed(bot, slack_api)
    seeder = Seeder(bot.services.database, slack_api.team_id)
    seeder.checkin(ids["flat"], SECOND_OWNER, utcnow() + timedelta(hours=5))
    seeder.checkin(ids["flat"], SECOND_OWNER, utcnow() + timedelta(days=20))  # not due soon

    published = open_home(slack, slack_api, SECOND_OWNER)

    text = published.text
    assert "Your pilots" in text
    assert "*P-2* in <#C0ICU> (active)" in text
    assert "P-1" not in text  # someone else's pilot, and no portfolio for a member
    assert "Check-ins due" in text
    assert text.count("*P-2* in <#C0ICU>, due") == 1
    assert "Portfolio" not in text


def test_a_member_without_pilots_is_told_how_to_start_one(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)

    published = open_home(slack, slack_api, "U007")

    assert "none yet" in published.text
    assert "pilot E-<number>" in published.text
    assert "Check-ins due" not in published.text


def test_a_leader_sees_the_portfolio_across_groups(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)
    slack_api.add_user(LEADER, name="cmo")
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")

    published = open_home(slack, slack_api, LEADER)

    text = published.text
    assert "Portfolio (all groups)" in text
    assert "2 of 4" in text
    assert "P-1" in text and "<#C0PC2>, <#C0PC3>" in text
    assert slack_api.home_view(LEADER) is not None


def test_home_of_an_empty_workspace_says_how_to_begin(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    published = open_home(slack, slack_api, OWNER)

    assert "setup primary care" in published.text


def test_other_features_can_republish_a_home_after_a_change(
    slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)

    publish_home(bot.app.client, bot.services, slack_api.team_id, OWNER)

    published = slack_api.wait_for("views.publish", lambda c: c.args["user_id"] == OWNER)
    assert "*P-1* in <#C0GROUP> (adopted)" in published.text


def test_a_member_is_shown_only_the_groups_whose_channels_they_are_in(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)
    slack_api.add_user("U099", name="icu-nurse")
    slack_api.add_channel("C0PC2", name="pc-two", members=["U007", slack_api.bot_user_id])
    slack_api.add_channel("C0PC3", name="pc-three", members=["U099", slack_api.bot_user_id])
    slack_api.add_channel("C0ICU", name="icu", members=["U099", slack_api.bot_user_id])

    member = open_home(slack, slack_api, "U007").text
    outsider = open_home(slack, slack_api, "U099").text

    assert "Working groups: <#C0GROUP> <#C0PC2>" in member
    assert "C0PC3" not in member and "C0ICU" not in member
    assert "Working groups: <#C0PC3> <#C0ICU>" in outsider
    assert "C0GROUP" not in outsider


def test_a_leader_is_shown_every_group_of_the_workspace(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed(bot, slack_api)
    slack_api.add_user(LEADER, name="cmo")
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")

    text = open_home(slack, slack_api, LEADER).text

    assert "Working groups: <#C0GROUP> <#C0PC2> <#C0PC3> <#C0ICU>" in text
