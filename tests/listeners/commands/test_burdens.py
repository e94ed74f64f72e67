"""The burden inventory: `add <burden>`, the form, and the "Add as burden" message shortcut."""

from __future__ import annotations

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR
from tests.listeners.meeting_support import type_verb


def burdens(bot: LocalBot, group: WorkingGroup) -> list:  # type: ignore[type-arg]
    return bot.services.burdens.heaviest(group.team_id, group.id, 50)


def test_add_reads_the_estimate_into_hours_a_week(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "add Refill requests ~30m/day")

    assert answer.args["response_type"] == "in_channel"
    assert "Refill requests" in answer.text and "2.5 h/week" in answer.text
    assert "5 working days" in answer.text
    (burden,) = burdens(bot, group)
    assert burden.title == "Refill requests"
    assert burden.hours_per_week == 2.5
    assert burden.frequency == "day" and burden.minutes_each == 30


@pytest.mark.parametrize(
    ("typed", "title", "weekly"),
    [
        ("add Notes 2-3 hrs/wk", "Notes", 2.5),
        ("add Letters 20-30 min a day", "Letters", 2.08),
        ("add Registry upload 1,500 min a month", "Registry upload", 5.77),
        ("add Inbox an hour a day", "Inbox", 5.0),
        ("add Portal messages half an hour a day", "Portal messages", 2.5),
        ("add Chart review 1 hour daily", "Chart review", 5.0),
        ("add Charting 2 hours a night", "Charting", 10.0),
        ("add Refills 30m/d", "Refills", 2.5),
        ("add Huddle notes 30 min twice a week", "Huddle notes", 1.0),
    ],
)
def test_add_reads_ranges_thousands_and_everyday_phrasings(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    typed: str,
    title: str,
    weekly: float,
) -> None:
    (answer,) = type_verb(slack, slack_api, typed)

    assert title in answer.text
    (burden,) = burdens(bot, group)
    assert burden.title == title
    assert burden.hours_per_week == weekly


def test_add_per_patient_keeps_no_weekly_total(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "add Med reconciliation 20 min per patient")

    assert "20 min per patient" in answer.text
    (burden,) = burdens(bot, group)
    assert burden.hours_per_week is None and burden.minutes_each == 20


def test_add_without_an_estimate_asks_for_one(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "add Faxes from the pharmacy")

    assert "~30m/day" in answer.text


def test_add_with_only_an_estimate_says_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "add ~30m/day")

    assert answer.args["response_type"] == "ephemeral"
    assert "/unburden add" in answer.text
    assert burdens(bot, group) == []


def test_a_long_burden_is_cut_with_a_note(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "add " + "very long burden " * 40)

    assert "cut to 200 characters" in answer.text
    assert len(burdens(bot, group)[0].title) == 200


def test_add_without_text_opens_the_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "add", "views.open")

    view = opened.args["view"]
    assert view["callback_id"] == "burden_modal"
    assert view["private_metadata"] == CHANNEL


def test_add_as_burden_turns_a_message_into_a_prefilled_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    message = {
        "type": "message",
        "ts": "1700000000.000200",
        "text": "Prior auth calls eat ~2h/week",
    }
    since = slack_api.mark()

    response = slack.message_shortcut(
        "add_burden_shortcut", message, user=FACILITATOR, channel=CHANNEL
    )

    assert response.status == 200
    opened = slack_api.wait_for("views.open", since=since)
    blocks = {b["block_id"]: b for b in opened.args["view"]["blocks"] if "block_id" in b}
    assert blocks["title"]["element"]["initial_value"] == "Prior auth calls eat"
    assert blocks["minutes"]["element"]["initial_value"] == "120"
    assert blocks["period"]["element"]["initial_option"]["value"] == "week"


def test_add_as_burden_outside_a_working_group_says_how_to_set_one_up(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    message = {"type": "message", "ts": "1700000000.000300", "text": "Inbox ~30m/day"}
    since = slack_api.mark()

    slack.message_shortcut("add_burden_shortcut", message, user=FACILITATOR, channel=CHANNEL)

    answer = slack_api.wait_for("response_url", since=since)
    assert "setup" in answer.text
    assert not slack_api.calls_to("views.open")
