"""`/unburden log <P-id> <measure> <value> [on YYYY-MM-DD]` and the log form: values stored,
every bad input refused in one line with nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.clock import today
from bot.domain.models import Pilot
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.pilot_support import chosen


def log(
    slack: SignedSlackClient, slack_api: FakeSlackApi, text: str, user: str = FACILITATOR
) -> ApiCall:
    since = slack_api.mark()
    slack.command(f"log {text}", channel=CHANNEL, user=user)
    return slack_api.wait_for("response_url", since=since)


def stored_values(bot: LocalBot, pilot: Pilot) -> list[float]:
    return [o.value for o in bot.services.pilots.observations(pilot)]


def test_log_stores_the_value_and_shows_the_judgement(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    answer = log(slack, slack_api, "P-1 task_minutes_per_day 72 min")

    assert answer.args["response_type"] == "ephemeral"
    assert "Logged 72 minutes per day" in answer.args["text"]
    assert "Not judged: 0 baseline values measured before the start" in str(answer.args["blocks"])
    assert stored_values(bot, pilot) == [72.0]


def test_log_accepts_a_name_prefix_and_a_past_day(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    day = (today() - timedelta(days=3)).isoformat()

    answer = log(slack, slack_api, f"P-1 mini 2 on {day}")

    assert f"on {day}" in answer.args["text"]
    observations = bot.services.pilots.observations(pilot)
    assert [(o.value, o.observed_on.isoformat()) for o in observations] == [(2.0, day)]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("P-9 task_minutes_per_day 12", "no pilot `P-9`"),
        ("P-1 clicks_per_task 12", "Its measures: `task_minutes_per_day`, `mini_z_burnout`"),
        ("P-1 task_minutes_per_day twelve", "not a number"),
        ("P-1 mini_z_burnout 7", "7 is outside"),
        ("P-1 task_minutes_per_day -5", "-5 is outside"),
        ("P-1 task_minutes_per_day 12 on 2999-01-01", "in the future"),
        ("P-1 task_minutes_per_day 12 on 2001-01-01", "up to a year before"),
        ("P-1 task_minutes_per_day 12 on Monday", "not a date I can read"),
        ("P-1 task_minutes_per_day 12 on 2026-02-30", "There is no 30 February 2026"),
        ("P-1 task_minutes_per_day 12 on 2026-13-01", "there are 12 months"),
        ("P-1 task_minutes_per_day 12 on 03/04", "could be 4 March or 3 April"),
        ("P-1 task_minutes_per_day 2.500", "did you mean 2500 or 2.5?"),
        ("P-1 task_minutes_per_day 2,5", "did you mean 2.5?"),
        ("P-1", "log P-3 <measure> <value>"),
    ],
)
def test_bad_log_is_refused_and_nothing_is_stored(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot: Pilot,
    text: str,
    reason: str,
) -> None:
    answer = log(slack, slack_api, text)

    assert reason in answer.args["text"]
    assert "\n" not in answer.args["text"]
    assert stored_values(bot, pilot) == []


@pytest.mark.parametrize(
    ("text", "example"),
    [
        # The Mini-Z item runs from 1 to 5: an example must be a value it takes.
        ("P-1 mini 60%", "`/unburden log P-1 mini_z_burnout 3`"),
        ("P-1 mini 3/5", "`/unburden log P-1 mini_z_burnout 3`"),
        ("P-1 mini_z_burnout 7", "`/unburden log P-1 mini_z_burnout 3`"),
        ("P-1 task_minutes_per_day twelve", "`/unburden log P-1 task_minutes_per_day 12`"),
    ],
)
def test_a_refused_log_suggests_a_value_the_measure_takes(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot: Pilot,
    text: str,
    example: str,
) -> None:
    answer = log(slack, slack_api, text)

    assert example in answer.args["text"]
    assert stored_values(bot, pilot) == []


def test_log_on_a_closed_pilot_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    since = slack_api.mark()
    slack.command("decide P-1 abandon too slow", channel=CHANNEL, user=FACILITATOR)
    slack_api.wait_for("response_url", since=since)

    answer = log(slack, slack_api, "P-1 task_minutes_per_day 12")

    assert "abandoned and takes no more values" in answer.args["text"]
    assert stored_values(bot, pilot) == []


def test_log_by_someone_outside_the_group_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    answer = log(slack, slack_api, "P-1 task_minutes_per_day 12", user="U0OUTSIDER")

    assert "Only members" in answer.args["text"]
    assert stored_values(bot, pilot) == []


def test_log_form_from_the_button_records_and_shows_the_judgement(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    since = slack_api.mark()
    slack.click(
        ApiCall("chat.postMessage", {"text": "", "blocks": []}, True, channel=CHANNEL),
        "open_log_modal",
        user=FACILITATOR,
        value="1",
    )
    opened = slack_api.wait_for("views.open", since=since)
    assert opened.args["view"]["callback_id"] == "log_modal"

    response = slack.submit(
        opened,
        {
            "measure": {"measure": chosen("task_minutes_per_day")},
            "value": {"value": "64"},
            "day": {"day": {"type": "datepicker", "selected_date": today().isoformat()}},
        },
        user=FACILITATOR,
    )

    answer = response.json()
    assert answer["response_action"] == "update"
    assert "Logged 64 minutes per day" in str(answer["view"]["blocks"])
    assert stored_values(bot, pilot) == [64.0]


def test_log_form_refuses_a_value_out_of_range_next_to_the_field(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    since = slack_api.mark()
    slack.click(
        ApiCall("chat.postMessage", {"text": "", "blocks": []}, True, channel=CHANNEL),
        "open_log_modal",
        user=FACILITATOR,
        value="1",
    )
    opened = slack_api.wait_for("views.open", since=since)

    response = slack.submit(
        opened,
        {
            "measure": {"measure": chosen("mini_z_burnout")},
            "value": {"value": "7"},
            "day": {"day": {"type": "datepicker", "selected_date": today().isoformat()}},
        },
        user=FACILITATOR,
    )

    answer = response.json()
    assert answer["response_action"] == "errors"
    assert "outside" in answer["errors"]["value"]
    assert stored_values(bot, pilot) == []


def test_log_button_for_someone_outside_the_group_opens_no_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, pilot: Pilot
) -> None:
    since = slack_api.mark()
    slack.click(
        ApiCall("chat.postMessage", {"text": "", "blocks": []}, True, channel=CHANNEL),
        "open_log_modal",
        user="U0OUTSIDER",
        value="1",
    )

    answer = slack_api.wait_for("response_url", since=since)
    assert "Only members" in answer.args["text"]
    assert not slack_api.calls_to("views.open")


def test_log_in_hours_on_a_minutes_measure_is_converted_and_says_so(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    answer = log(slack, slack_api, "P-1 task_minutes_per_day 1.5 h")

    assert "Logged 90 minutes per day" in answer.args["text"]
    assert "1.5 h = 90 minutes" in answer.args["text"]
    assert stored_values(bot, pilot) == [90.0]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("P-1 task_minutes_per_day 12 clicks", "minutes per day"),
        ("P-1 mini_z_burnout 2 h", "score (1-5)"),
    ],
)
def test_log_with_a_unit_that_does_not_fit_the_measure_is_refused(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot: Pilot,
    text: str,
    unit: str,
) -> None:
    answer = log(slack, slack_api, text)

    assert f"measured in {unit}" in answer.args["text"]
    assert stored_values(bot, pilot) == []


def test_a_thousands_separator_is_read_as_thousands(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    answer = log(slack, slack_api, "P-1 task_minutes_per_day 1,200")

    assert "Logged 1,200 minutes per day" in answer.args["text"]
    assert stored_values(bot, pilot) == [1200.0]


def test_yesterday_and_today_are_days(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    log(slack, slack_api, "P-1 task_minutes_per_day 70 on yesterday")
    log(slack, slack_api, "P-1 task_minutes_per_day 65 on today")

    observations = bot.services.pilots.observations(pilot)
    assert [(o.value, o.observed_on) for o in observations] == [
        (70.0, today() - timedelta(days=1)),
        (65.0, today()),
    ]


def test_a_month_and_day_without_a_year_offers_the_iso_reading(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    day = today() - timedelta(days=2)
    typed = f"{day.month}/{day.day}" if day.day > 12 else f"{day.month}/{day.day + 12}"

    answer = log(slack, slack_api, f"P-1 task_minutes_per_day 12 on {typed}")

    assert "YYYY-MM-DD" in answer.args["text"]
    assert "did you mean" in answer.args["text"] or "could be" in answer.args["text"]
    assert stored_values(bot, pilot) == []


def removals(bot: LocalBot) -> list[tuple[float, str, str]]:
    with bot.services.database.transaction() as session:
        rows = session.execute(
            text("SELECT value, recorded_by, removed_by FROM observation_removals ORDER BY id")
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_log_undo_removes_your_last_value_on_record(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    log(slack, slack_api, "P-1 task_minutes_per_day 72")
    log(slack, slack_api, "P-1 task_minutes_per_day 720")

    answer = log(slack, slack_api, "P-1 undo")

    assert "Removed 720 minutes per day" in answer.args["text"]
    assert "kept on record" in str(answer.args["blocks"])
    assert stored_values(bot, pilot) == [72.0]
    assert removals(bot) == [(720.0, FACILITATOR, FACILITATOR)]


def test_log_undo_never_removes_someone_elses_value(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    log(slack, slack_api, "P-1 task_minutes_per_day 72")

    answer = log(slack, slack_api, "P-1 undo", user=MEMBERS[1])

    assert "no value of P-1 to remove" in answer.args["text"]
    assert stored_values(bot, pilot) == [72.0]
    assert removals(bot) == []


def test_the_undo_button_on_a_log_answer_removes_that_value_and_the_chart_recomputes(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, pilot: Pilot
) -> None:
    for value in (70, 71, 69, 72, 70, 68, 71, 70, 69):
        log(slack, slack_api, f"P-1 task_minutes_per_day {value}")
    answer = log(slack, slack_api, "P-1 task_minutes_per_day 700")
    assert "Undo" in str(answer.args["blocks"])
    since = slack_api.mark()

    slack.click(answer, "undo_last_value", user=FACILITATOR, value="1")

    undone = slack_api.wait_for("response_url", since=since)
    assert "Removed 700 minutes per day" in undone.args["text"]
    recomputed = bot.services.pilots.outcomes.pilot_outcome(pilot.team_id, pilot.id).series[0]
    assert recomputed.judgement_line() in str(undone.args["blocks"])
    assert 700.0 not in stored_values(bot, pilot)
    assert removals(bot) == [(700.0, FACILITATOR, FACILITATOR)]
