"""`/unburden missed <text>` and its form: valuable work not done because of its burden,
linked to the burden that crowds it out, and listed by setting for leaders."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.reports.writer import write_report
from bot.store.missed import MissedStore
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.listeners.meeting_support import type_verb, warm_detector

LEADER = "U0LEADER"


@pytest.fixture(autouse=True)
def detector_built() -> None:
    """Missed opportunities are checked for patient identifiers: build the detector first."""
    warm_detector()


def stored(bot: LocalBot, group: WorkingGroup) -> list[tuple[str, str | None]]:
    listings = MissedStore(bot.services.database).listings(group.team_id, [group.id])
    return [(m.text, m.burden_title) for m in listings]


def add_burdens(slack: SignedSlackClient, slack_api: FakeSlackApi) -> None:
    type_verb(slack, slack_api, "add Prior authorisation forms ~2h/week")
    type_verb(slack, slack_api, "add Inbox messages ~45m/day")


def test_missed_is_linked_to_the_burden_that_crowds_it_out(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    add_burdens(slack, slack_api)

    (answer,) = type_verb(
        slack,
        slack_api,
        "missed Calling families after a new diagnosis, crowded out by prior authorisation forms",
        user=MEMBERS[3],
    )

    assert answer.args["response_type"] == "in_channel"
    assert "Missed opportunity" in answer.text and "Calling families" in answer.text
    assert "Crowded out by *Prior authorisation forms*" in answer.text
    assert stored(bot, group) == [
        (
            "Calling families after a new diagnosis, crowded out by prior authorisation forms",
            "Prior authorisation forms",
        )
    ]


def test_missed_with_no_fitting_burden_is_kept_unlinked_and_says_so(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    add_burdens(slack, slack_api)

    (answer,) = type_verb(slack, slack_api, "missed Teaching residents at the bedside")

    assert "No burden of the inventory matches it" in answer.text
    assert stored(bot, group) == [("Teaching residents at the bedside", None)]


def test_missed_holding_a_patient_identifier_is_refused_and_not_stored(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (answer,) = type_verb(
        slack, slack_api, "missed Calling back Margaret Okafor at 415-555-0134 about her results"
    )

    assert answer.args["response_type"] == "ephemeral"
    assert "Not saved" in answer.text
    assert "415" not in answer.text and "Okafor" not in answer.text
    assert stored(bot, group) == []


@pytest.mark.parametrize(
    "typed",
    [
        "missed Closing the chart for MR# 4455667 before the weekend",
        "missed Calling the son on +44 7700 900123 about the consent form",
        "missed Closing the chart for MRN 6612\u200b0934 before the weekend",
    ],
    ids=["record-label", "international-phone", "zero-width-space"],
)
def test_missed_holding_a_short_label_foreign_or_hidden_identifier_is_refused(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    typed: str,
) -> None:
    (answer,) = type_verb(slack, slack_api, typed)

    assert "Not saved" in answer.text
    assert not any(part in answer.text for part in ("4455667", "7700", "6612", "0934"))
    assert stored(bot, group) == []


def test_missed_is_stored_without_invisible_characters(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    type_verb(slack, slack_api, "missed Teaching\u200b residents at the\ufeff bed\u00adside")

    assert stored(bot, group) == [("Teaching residents at the bedside", None)]


def test_missed_outside_a_working_group_says_how_to_set_one_up(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    (answer,) = type_verb(slack, slack_api, "missed Teaching at the bedside")

    assert "setup" in answer.text and answer.args["response_type"] == "ephemeral"


def test_the_missed_form_records_the_chosen_burden(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    add_burdens(slack, slack_api)
    (opened,) = type_verb(slack, slack_api, "missed", "views.open")
    options = [
        block["element"]["options"]
        for block in opened.args["view"]["blocks"]
        if block.get("block_id") == "missed_burden"
    ][0]
    inbox = next(o["value"] for o in options if o["text"]["text"] == "Inbox messages")
    since = slack_api.mark()

    response = slack.submit(
        opened,
        {
            "missed_text": {"text": "Same-day call-backs about abnormal results"},
            "missed_burden": {
                "burden": {"type": "static_select", "selected_option": {"value": inbox}}
            },
        },
        user=FACILITATOR,
    )

    assert response.status == 200 and not response.body
    posted = slack_api.wait_for("chat.postMessage", since=since)
    assert (
        posted.channel == CHANNEL and "Crowded out by *Inbox messages* (you chose)" in posted.text
    )
    assert stored(bot, group) == [("Same-day call-backs about abnormal results", "Inbox messages")]


def test_the_missed_form_refuses_an_empty_text_in_the_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "missed", "views.open")

    response = slack.submit(opened, {"missed_text": {"text": "  "}}, user=FACILITATOR)

    assert response.json()["response_action"] == "errors"
    assert "missed_text" in response.json()["errors"]
    assert stored(bot, group) == []


def test_leaders_summary_and_report_list_missed_opportunities_by_setting(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    tmp_path: Path,
) -> None:
    add_burdens(slack, slack_api)
    type_verb(slack, slack_api, "missed Calling families, crowded out by prior authorisation forms")
    slack_api.add_channel("C0ICU", "icu-burden", [LEADER, slack_api.bot_user_id])
    slack_api.add_user(LEADER, name="cmo")
    since = slack_api.mark()
    slack.command("setup ICU", channel="C0ICU", user=LEADER)
    slack_api.wait_for("response_url", since=since)
    since = slack_api.mark()
    slack.command("missed Family meetings at the bedside", channel="C0ICU", user=LEADER)
    slack_api.wait_for("response_url", since=since)
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")

    since = slack_api.mark()
    slack.command("summary", channel=CHANNEL, user=LEADER)
    summary = slack_api.wait_for(
        "chat.postMessage", lambda c: (c.channel or "").startswith("D"), since=since, timeout=15
    )

    text = summary.text
    assert "*Missed opportunities*" in text
    assert text.index("*icu* (1)") < text.index("*primary care* (1)")
    assert "Family meetings at the bedside in <#C0ICU>" in text
    assert "(because of Prior authorisation forms) in <#C0GROUP>" in text

    page = (write_report(bot.services, tmp_path / "report") / "index.html").read_text()
    assert "Missed opportunities by setting" in page
    assert "<td>icu</td><td>#C0ICU</td><td>Family meetings at the bedside</td>" in page
    assert "<td>Prior authorisation forms</td>" in page
