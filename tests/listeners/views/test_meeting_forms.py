"""The burden and letter forms: a submission is checked in the form, then stored and answered."""

from __future__ import annotations

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR
from tests.listeners.meeting_support import type_verb, warm_detector


@pytest.fixture(autouse=True)
def detector_built() -> None:
    """Letters are checked by the identifier detector: build it once, before the clock runs."""
    warm_detector()


def choice(value: str) -> dict[str, object]:
    return {"type": "static_select", "selected_option": {"value": value}}


def number(value: str) -> dict[str, object]:
    return {"type": "number_input", "value": value}


def test_the_burden_form_stores_the_burden_and_tells_the_channel(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "add", "views.open")
    since = slack_api.mark()

    response = slack.submit(
        opened,
        {
            "title": {"value": "Prior authorisation for imaging"},
            "who": {"value": "physicians"},
            "period": {"value": choice("day")},
            "minutes": {"value": number("12")},
            "cost": {"value": choice("4")},
            "source": {"value": choice("prior_authorisation")},
        },
        user=FACILITATOR,
    )

    assert response.status == 200 and not response.body
    posted = slack_api.wait_for("chat.postMessage", since=since)
    assert "Prior authorisation for imaging" in posted.text and "1 h/week" in posted.text
    (burden,) = bot.services.burdens.heaviest(group.team_id, group.id)
    assert burden.who == "physicians" and burden.satisfaction_cost == 4
    assert burden.source == "prior_authorisation" and burden.hours_per_week == 1.0


def test_an_estimate_in_the_title_fills_the_empty_form_fields(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "add", "views.open")

    response = slack.submit(opened, {"title": {"value": "Notes 2-3 hrs/wk"}}, user=FACILITATOR)

    assert response.status == 200 and not response.body
    slack_api.wait_for("chat.postMessage")
    (burden,) = bot.services.burdens.heaviest(group.team_id, group.id)
    assert burden.title == "Notes" and burden.hours_per_week == 2.5


def test_a_period_in_the_title_that_disagrees_with_how_often_is_asked_about(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "add", "views.open")

    response = slack.submit(
        opened,
        {"title": {"value": "Notes 2 hrs/wk"}, "period": {"value": choice("day")}},
        user=FACILITATOR,
    )

    errors = response.json()["errors"]
    assert response.json()["response_action"] == "errors"
    assert "2 h a week" in errors["period"] and "every working day" in errors["period"]
    assert bot.services.burdens.heaviest(group.team_id, group.id) == []


def test_minutes_that_disagree_with_the_title_are_asked_about(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "add", "views.open")

    response = slack.submit(
        opened,
        {"title": {"value": "Refills ~30m/day"}, "minutes": {"value": number("45")}},
        user=FACILITATOR,
    )

    assert "45" in response.json()["errors"]["minutes"]
    assert bot.services.burdens.heaviest(group.team_id, group.id) == []


def test_the_burden_form_without_a_title_is_refused_in_the_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "add", "views.open")

    response = slack.submit(opened, {"title": {"value": "   "}}, user=FACILITATOR)

    assert response.json()["response_action"] == "errors"
    assert "title" in response.json()["errors"]
    assert bot.services.burdens.heaviest(group.team_id, group.id) == []


def test_the_letter_form_refuses_identifiers_without_storing_or_echoing_them(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "letter", "views.open")
    letter = "Thank you. Call me any time at 415-555-0134. Warmly, Margaret Okafor"

    response = slack.submit(opened, {"letter": {"text": letter}}, user=FACILITATOR)

    errors = response.json()["errors"]
    assert "phone number" in errors["letter"]
    assert "415" not in errors["letter"] and "Okafor" not in errors["letter"]
    assert bot.services.letters.library_size(group.team_id) == 0


def test_the_letter_form_adds_a_clean_letter(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (opened,) = type_verb(slack, slack_api, "letter", "views.open")
    since = slack_api.mark()

    response = slack.submit(
        opened, {"letter": {"text": "You made my mother feel safe."}}, user=FACILITATOR
    )

    assert response.status == 200 and not response.body
    answer = slack_api.wait_for("chat.postEphemeral", since=since)
    assert "1 in all" in answer.text
    assert answer.args["channel"] == CHANNEL
    assert bot.services.letters.library_size(group.team_id) == 1
