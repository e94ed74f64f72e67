"""Spread: from an adopted pilot a leader or facilitator presses **Offer** for another group of
the same setting; that channel gets it as a suggested experiment linked to its origin, and the
leaders' summary counts the groups that tried it and their results."""

from __future__ import annotations

from pathlib import Path

from bot.domain.models import Pilot, WorkingGroup
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.reports.writer import write_report
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.pilot_support import add_experiment, start_pilot

OTHER = "C0PCNORTH"  # another primary-care group
ICU = "C0ICU"  # a group of another setting: never offered
LEADER = "U0LEADER"


def other_groups(slack: SignedSlackClient, slack_api: FakeSlackApi) -> None:
    slack_api.add_user(LEADER, name="cmo")
    for channel, setting in ((OTHER, "Primary Care"), (ICU, "ICU")):
        slack_api.add_channel(channel, channel.lower(), [LEADER, slack_api.bot_user_id])
        since = slack_api.mark()
        slack.command(f"setup {setting}", channel=channel, user=LEADER)
        slack_api.wait_for("response_url", since=since)


def adopt(slack: SignedSlackClient, slack_api: FakeSlackApi, pilot: Pilot) -> ApiCall:
    """`decide P-1 adopt` and wait for the offer prompt under it."""
    since = slack_api.mark()
    slack.command(f"decide {pilot.short_id} adopt worked", channel=CHANNEL, user=FACILITATOR)
    return slack_api.wait_for(
        "chat.postMessage", lambda c: "offer it to another group" in c.text, since=since
    )


def press_offer(
    slack: SignedSlackClient, slack_api: FakeSlackApi, prompt: ApiCall, user: str
) -> ApiCall:
    since = slack_api.mark()
    slack.click(prompt, "offer_spread", user=user)
    return slack_api.wait_for("response_url", since=since, timeout=30)


def test_adopting_a_pilot_offers_it_to_the_other_groups_of_its_setting_only(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    other_groups(slack, slack_api)

    prompt = adopt(slack, slack_api, pilot)

    assert prompt.channel == CHANNEL
    assert f"Offer to <#{OTHER}>" in prompt.text and ICU not in prompt.text


def test_offer_posts_a_suggested_experiment_linked_to_its_origin(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    pilot: Pilot,
) -> None:
    other_groups(slack, slack_api)
    prompt = adopt(slack, slack_api, pilot)
    since = slack_api.mark()

    answer = press_offer(slack, slack_api, prompt, FACILITATOR)

    suggestion = slack_api.wait_for("chat.postMessage", lambda c: c.channel == OTHER, since=since)
    assert "Suggested experiment E-2" in suggestion.text
    assert f"adopted in <#{CHANNEL}> as *P-1*" in suggestion.text
    assert "medical assistants pend refill requests" in suggestion.text
    assert "`/unburden pilot E-2`" in suggestion.text
    assert f"Offered P-1 to <#{OTHER}>: it is E-2 there." in answer.text
    north = bot.services.groups.find(group.team_id, OTHER)
    assert north is not None
    suggested = bot.services.experiments.store.by_number(group.team_id, 2)
    assert suggested is not None and suggested.group_id == north.id
    assert suggested.status.value == "proposed"

    again = press_offer(slack, slack_api, prompt, FACILITATOR)
    assert "already offered" in again.text
    assert bot.services.experiments.store.by_number(group.team_id, 3) is None


def test_a_member_who_is_neither_leader_nor_facilitator_cannot_offer(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    other_groups(slack, slack_api)
    prompt = adopt(slack, slack_api, pilot)

    answer = press_offer(slack, slack_api, prompt, MEMBERS[6])

    assert "Only a leader or a facilitator" in answer.text
    assert bot.services.experiments.store.by_number(pilot.team_id, 2) is None


def test_the_summary_counts_groups_that_tried_it_and_their_results(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    pilot: Pilot,
    tmp_path: Path,
) -> None:
    other_groups(slack, slack_api)
    prompt = adopt(slack, slack_api, pilot)
    press_offer(slack, slack_api, prompt, FACILITATOR)
    north = bot.services.groups.find(group.team_id, OTHER)
    suggested = bot.services.experiments.store.by_number(group.team_id, 2)
    assert north is not None and suggested is not None
    start_pilot(bot, suggested, OTHER)  # the north group pilots it as P-2
    add_experiment(bot, group)  # an unrelated idea changes nothing in the count
    bot.services.groups.grant_leader(group.team_id, LEADER, "U0ADMIN")

    since = slack_api.mark()
    slack.command("summary", channel=CHANNEL, user=LEADER)
    summary = slack_api.wait_for(
        "chat.postMessage", lambda c: (c.channel or "").startswith("D"), since=since, timeout=30
    )

    assert (
        f"*P-1* from <#{CHANNEL}>: offered to 1 group, tried by 1 (<#{OTHER}> P-2 active)"
        in summary.text
    )
    page = (write_report(bot.services, tmp_path / "report") / "index.html").read_text()
    assert f"#{OTHER}: E-2, P-2 active" in page
