"""The anonymous frontline pulse through Slack: `pulse now`, the DM, the form, the one reminder,
answers kept without names, and no figure from fewer than 5 answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from bot.domain.models import WorkingGroup
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.listeners.meeting_support import type_verb
from tests.pulse_support import answer, invitations, open_form, pulse_now

PUBLISHED = [
    "I enjoy my work. I have no symptoms of burnout.",
    "Occasionally I am under stress, and I don't always have as much energy as I once did, "
    "but I don't feel burned out.",
    "I am definitely burning out and have one or more symptoms of burnout, such as physical "
    "and emotional exhaustion.",
    "The symptoms of burnout that I'm experiencing won't go away. I think about frustration "
    "at work a lot.",
    "I feel completely burned out and often wonder if I can go on. I am at the point where I "
    "may need some changes or may need to seek some sort of help.",
]


def status(slack: SignedSlackClient, slack_api: FakeSlackApi) -> str:
    (answer_call,) = type_verb(slack, slack_api, "pulse")
    return str(answer_call.args["blocks"])


def test_pulse_now_asks_every_member_by_dm_and_not_the_bot(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    announced = pulse_now(slack, slack_api)

    assert announced.args["response_type"] == "in_channel"
    assert "to 12 of 12 members" in announced.args["text"]
    sent = invitations(slack_api)
    assert sorted(sent) == MEMBERS
    assert slack_api.bot_user_id not in sent
    assert "open_pulse" in str(sent[FACILITATOR].args["blocks"])


def test_the_form_carries_the_mini_z_item_in_its_published_wording(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    pulse_now(slack, slack_api)

    form = open_form(slack, slack_api, invitations(slack_api)["U002"], "U002")

    shown = str(form.args["view"]["blocks"]).replace("\\'", "'")
    for number, statement in enumerate(PUBLISHED, start=1):
        assert f"*{number}.* {statement}" in shown
    assert "hours of work did you do outside your working hours" in shown


def test_answers_are_stored_without_who_gave_them(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    pulse_now(slack, slack_api)
    sent = invitations(slack_api)
    for user, rating in zip(MEMBERS, [1, 2, 3, 4, 5, 2, 2, 3, 1, 2, 4, 2], strict=True):
        response = answer(slack, slack_api, sent[user], user, rating)
        assert response.json()["response_action"] == "update"

    engine = bot.services.database.engine
    schema = inspect(engine)
    pulse_tables = [t for t in schema.get_table_names() if t.startswith("pulse_")]
    for table in pulse_tables:
        columns = {c["name"] for c in schema.get_columns(table)}
        if "user_id" in columns:
            # Only the record of who was asked knows people, and it holds no answer or time.
            assert table == "pulse_invitations"
            assert columns == {"round_id", "user_id", "answered"}
    tally_columns = {c["name"] for c in schema.get_columns("pulse_tallies")}
    assert tally_columns == {"round_id", "question", "option", "answers"}
    with engine.connect() as connection:
        tallies = connection.execute(
            text("SELECT question, option, answers FROM pulse_tallies ORDER BY question, option")
        ).all()
        dumped = str(connection.execute(text("SELECT * FROM pulse_tallies")).all())
    assert not any(user in dumped for user in MEMBERS)
    burnout = {option: count for question, option, count in tallies if question == "burnout"}
    assert burnout == {"1": 2, "2": 5, "3": 2, "4": 2, "5": 1}
    # 5 of 12 at 3 or more: 42%, Wilson 95% interval 19-68%.
    assert "42% at 3 or more (95% CI 19-68%, n=12)" in status(slack, slack_api)


def test_a_second_answer_in_a_round_is_refused_and_not_counted(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    pulse_now(slack, slack_api)
    invitation = invitations(slack_api)["U003"]
    form = open_form(slack, slack_api, invitation, "U003")
    answer(slack, slack_api, invitation, "U003", 4)

    again = slack.submit(
        form,
        {
            "burnout": {"value": {"type": "radio_buttons", "selected_option": {"value": "1"}}},
            "hours": {"value": {"type": "radio_buttons", "selected_option": {"value": "none"}}},
        },
        user="U003",
    )
    since = slack_api.mark()
    slack.click(invitation, "open_pulse", user="U003", value="1")

    assert "already answered" in again.json()["errors"]["burnout"]
    assert "already answered" in slack_api.wait_for("response_url", since=since).args["text"]
    (counted,) = bot.services.pulse.rounds(group.team_id, [group.id])
    assert counted.answers == 1 and counted.burnout_counts["4"] == 1


def test_someone_not_asked_cannot_answer(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    pulse_now(slack, slack_api)
    since = slack_api.mark()

    slack.click(invitations(slack_api)["U002"], "open_pulse", user="U0OUTSIDER", value="1")

    assert "sent to someone else" in slack_api.wait_for("response_url", since=since).args["text"]
    assert not slack_api.calls_to("views.open")


def test_a_figure_from_fewer_than_five_answers_is_not_shown(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    pulse_now(slack, slack_api)
    sent = invitations(slack_api)
    for user in MEMBERS[:4]:
        answer(slack, slack_api, sent[user], user, 4)

    shown = status(slack, slack_api)
    assert "no burnout figure (fewer than 5 answers), 4 of 12 answered" in shown
    assert "%" not in shown.split("Share at 3")[0]

    answer(slack, slack_api, sent[MEMBERS[4]], MEMBERS[4], 1)

    # 4 of 5 at 3 or more: 80%, Wilson 95% interval 38-96%.
    assert "80% at 3 or more (95% CI 38-96%, n=5)" in status(slack, slack_api)


def test_non_responders_are_reminded_once_and_never_again(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    pulse_now(slack, slack_api)
    sent = invitations(slack_api)
    for user in MEMBERS[:10]:
        answer(slack, slack_api, sent[user], user, 2)
    (opened,) = bot.services.pulse.rounds(group.team_id, [group.id])
    pulse = bot.services.pulse

    assert pulse.remind_non_responders(opened.opened_at + timedelta(days=2)) == 0
    assert pulse.remind_non_responders(opened.opened_at + timedelta(days=3)) == 2
    assert pulse.remind_non_responders(opened.opened_at + timedelta(days=4)) == 0
    assert pulse.remind_non_responders(opened.opened_at + timedelta(days=6)) == 0

    reminded = invitations(slack_api, "the only one")
    assert sorted(reminded) == MEMBERS[10:]


def test_rounds_follow_the_group_cadence(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    pulse = bot.services.pulse
    first = datetime.combine(
        (group.created_at + timedelta(days=7)).date(), datetime.min.time(), UTC
    ) + timedelta(hours=14)

    assert pulse.send_due_pulses(first - timedelta(minutes=1)) == 0
    assert pulse.send_due_pulses(first) == 1
    assert pulse.send_due_pulses(first + timedelta(days=13)) == 0
    (answer_call,) = type_verb(slack, slack_api, "pulse fortnightly")
    assert "fortnightly" in answer_call.text
    assert pulse.send_due_pulses(first + timedelta(days=14)) == 1
    type_verb(slack, slack_api, "pulse off")
    assert pulse.send_due_pulses(first + timedelta(days=60)) == 0
    assert len(pulse.rounds(group.team_id, [group.id])) == 2


@pytest.mark.parametrize("word", ["weekly", "daily"])
def test_an_unknown_cadence_says_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup, word: str
) -> None:
    (answer_call,) = type_verb(slack, slack_api, f"pulse {word}")

    assert "pulse monthly" in answer_call.text and "fortnightly" in answer_call.text


def test_a_second_pulse_while_one_is_open_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    pulse_now(slack, slack_api)
    since = slack_api.mark()
    slack.command("pulse now", channel=CHANNEL, user=FACILITATOR)

    refused = slack_api.wait_for("response_url", since=since)
    assert "A pulse is open until" in refused.args["text"]
    assert len(invitations(slack_api)) == 12
