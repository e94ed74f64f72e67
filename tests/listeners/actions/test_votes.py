"""`/unburden vote`, fist to five and concerns: one vote per member per idea, and ideas that
divide the group are settled by a pilot."""

from __future__ import annotations

from bot.domain.models import ExperimentStatus, MicroExperiment, WorkingGroup
from bot.domain.questions import Question
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import FACILITATOR, MEMBERS
from tests.listeners.ideas_support import open_meeting, propose, refused, type_meeting_verbs

OUTSIDER = "U0OUTSIDER"


def meeting_thread(bot: LocalBot, group: WorkingGroup) -> str | None:
    meeting = bot.services.experiments.store.open_meeting(group.team_id, group.id)
    assert meeting is not None
    return meeting.thread_ts


def experiment(bot: LocalBot, group: WorkingGroup, number: int) -> MicroExperiment:
    found = bot.services.experiments.store.by_number(group.team_id, number)
    assert found is not None
    return found


def ballot(slack: SignedSlackClient, slack_api: FakeSlackApi) -> ApiCall:
    """Type `vote` and wait for the ballot."""
    since = slack_api.mark()
    slack.command("vote", user=FACILITATOR, channel="C0GROUP")
    return slack_api.wait_for("chat.postMessage", since=since, timeout=30)


def two_ideas(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> tuple[MicroExperiment, MicroExperiment]:
    open_meeting(slack, slack_api, bot, group, Question.DELEGATE)
    propose(slack, slack_api, "Medical assistants pend refill requests for protocol medicines")
    propose(slack, slack_api, "Nurses handle prior authorisation forms", user=MEMBERS[1])
    return experiment(bot, group, 1), experiment(bot, group, 2)


def vote(
    slack: SignedSlackClient, slack_api: FakeSlackApi, posted: ApiCall, user: str, idea: int
) -> ApiCall:
    """Click Vote on an idea and wait for the clicker's ephemeral answer."""
    since = slack_api.mark()
    slack.click(posted, "vote", user=user, value=str(idea))
    return slack_api.wait_for("response_url", since=since, timeout=30)


def test_vote_posts_the_questions_ideas_with_a_button_each(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    first, second = two_ideas(slack, slack_api, bot, group)

    posted = ballot(slack, slack_api)

    assert posted.args["thread_ts"] == meeting_thread(bot, group)
    assert "Vote: Delegate" in posted.text
    values = [
        element["value"]
        for block in posted.args["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == "vote"
    ]
    assert values == [str(first.id), str(second.id)]


def test_vote_with_no_ideas_says_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    answer = refused(slack, slack_api, "vote")

    assert "no ideas to vote on" in answer.args["text"]
    assert "/unburden idea" in answer.args["text"]


def test_a_second_click_withdraws_the_vote_and_the_ballot_shows_it(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    first, _ = two_ideas(slack, slack_api, bot, group)
    posted = ballot(slack, slack_api)

    counted = vote(slack, slack_api, posted, MEMBERS[4], first.id)
    message = slack_api.message_at(group.channel_id, posted.response["ts"])
    assert "1 vote ·" in str(message["blocks"])
    again = vote(slack, slack_api, posted, MEMBERS[4], first.id)

    assert "counted" in counted.args["text"]
    assert again.args["response_type"] == "ephemeral"
    assert "vote for E-1 is withdrawn" in again.args["text"]
    tally = bot.services.experiments.store.tallies(group.team_id, [first.id])[first.id]
    assert tally.votes == 0
    message = slack_api.message_at(group.channel_id, posted.response["ts"])
    assert "0 votes ·" in str(message["blocks"])


def test_a_click_from_outside_the_channel_is_refused_politely(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    first, _ = two_ideas(slack, slack_api, bot, group)
    posted = ballot(slack, slack_api)

    answer = vote(slack, slack_api, posted, OUTSIDER, first.id)

    assert answer.args["response_type"] == "ephemeral"
    assert "Only members of <#C0GROUP>" in answer.args["text"]
    tally = bot.services.experiments.store.tallies(group.team_id, [first.id])[first.id]
    assert tally.votes == 0


def test_split_votes_send_an_idea_to_a_pilot(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    first, second = two_ideas(slack, slack_api, bot, group)
    posted = ballot(slack, slack_api)

    for member in MEMBERS[:6]:
        vote(slack, slack_api, posted, member, first.id)
    for member in MEMBERS[:3]:
        vote(slack, slack_api, posted, member, second.id)

    assert experiment(bot, group, 2).status is ExperimentStatus.SETTLE_BY_PILOT
    assert experiment(bot, group, 1).status is ExperimentStatus.PROPOSED
    message = slack_api.message_at(group.channel_id, posted.response["ts"])
    assert "settle by pilot (split votes)" in str(message["blocks"])


def test_a_concern_from_the_form_sends_an_idea_to_a_pilot(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    first, _ = two_ideas(slack, slack_api, bot, group)
    posted = ballot(slack, slack_api)
    since = slack_api.mark()
    slack.click(posted, "open_concern_modal", user=MEMBERS[5], value=str(first.id))
    form = slack_api.wait_for("views.open", since=since, timeout=30)
    assert "E-1" in form.text

    slack.submit(
        form, {"text_block": {"text": "MAs are already at capacity on Mondays"}}, user=MEMBERS[5]
    )

    note = slack_api.wait_for("chat.postMessage", since=since, timeout=30)
    assert note.args["thread_ts"] == meeting_thread(bot, group)
    assert "raised a concern about *E-1*" in note.text
    assert "settle by pilot" in note.text
    assert experiment(bot, group, 1).status is ExperimentStatus.SETTLE_BY_PILOT
    message = slack_api.message_at(group.channel_id, posted.response["ts"])
    assert "1 concern" in str(message["blocks"])


def test_an_empty_concern_is_answered_in_the_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    first, _ = two_ideas(slack, slack_api, bot, group)
    posted = ballot(slack, slack_api)
    since = slack_api.mark()
    slack.click(posted, "open_concern_modal", user=MEMBERS[5], value=str(first.id))
    form = slack_api.wait_for("views.open", since=since, timeout=30)

    response = slack.submit(form, {"text_block": {"text": ""}}, user=MEMBERS[5])

    assert response.json()["response_action"] == "errors"
    assert experiment(bot, group, 1).status is ExperimentStatus.PROPOSED


def test_fist_to_five_with_a_two_sends_an_idea_to_a_pilot(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    first, _ = two_ideas(slack, slack_api, bot, group)
    posted = ballot(slack, slack_api)
    since = slack_api.mark()
    slack.click(posted, "consensus_check", user=FACILITATOR, value=str(first.id))
    check = slack_api.wait_for("chat.postMessage", since=since, timeout=30)
    assert "Fist to five on E-1" in check.text

    for member, fingers in ((MEMBERS[1], 4), (MEMBERS[2], 5)):
        mark = slack_api.mark()
        slack.click(check, f"fist_to_five_{fingers}", user=member)
        slack_api.wait_for("response_url", since=mark, timeout=30)
    assert experiment(bot, group, 1).status is ExperimentStatus.PROPOSED
    mark = slack_api.mark()
    slack.click(check, "fist_to_five_2", user=MEMBERS[3])
    slack_api.wait_for("response_url", since=mark, timeout=30)

    assert experiment(bot, group, 1).status is ExperimentStatus.SETTLE_BY_PILOT
    message = slack_api.message_at(group.channel_id, check.response["ts"])
    assert "3 ratings: 4, 5, 2" in str(message["blocks"])
    assert "settle by pilot" in str(message["blocks"])


def test_a_second_fist_to_five_click_changes_the_rating(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    first, _ = two_ideas(slack, slack_api, bot, group)
    posted = ballot(slack, slack_api)
    since = slack_api.mark()
    slack.click(posted, "consensus_check", user=FACILITATOR, value=str(first.id))
    check = slack_api.wait_for("chat.postMessage", since=since, timeout=30)

    slack.click(check, "fist_to_five_3", user=MEMBERS[1])
    slack_api.wait_for("response_url", since=since, timeout=30)
    mark = slack_api.mark()
    slack.click(check, "fist_to_five_5", user=MEMBERS[1])
    answer = slack_api.wait_for("response_url", since=mark, timeout=30)

    assert "from 3 to 5" in answer.args["text"]
    tally = bot.services.experiments.store.tallies(group.team_id, [first.id])[first.id]
    assert tally.ratings == (5,)


def test_vote_at_review_covers_every_idea_of_the_meeting(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    propose(slack, slack_api, "Stop the FYI copies of discharge notes")
    type_meeting_verbs(slack, slack_api, group, ["next"])
    propose(slack, slack_api, "Auto-file normal lab results with a patient letter")
    type_meeting_verbs(slack, slack_api, group, ["next"] * 4)

    posted = ballot(slack, slack_api)
    vote(slack, slack_api, posted, MEMBERS[2], experiment(bot, group, 2).id)

    assert "Vote: every idea of this meeting" in posted.text
    assert "*E-1*" in posted.text and "*E-2*" in posted.text
    message = slack_api.message_at(group.channel_id, posted.response["ts"])
    assert "*E-1*" in str(message["blocks"]) and "1 vote ·" in str(message["blocks"])


def test_an_idea_half_the_voters_back_is_split_even_alone_under_its_question(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    propose(slack, slack_api, "Stop the FYI copies of discharge notes")
    type_meeting_verbs(slack, slack_api, group, ["next"])
    propose(slack, slack_api, "Auto-file normal lab results with a patient letter")
    type_meeting_verbs(slack, slack_api, group, ["next"] * 4)
    posted = ballot(slack, slack_api)

    for member in MEMBERS[:6]:
        vote(slack, slack_api, posted, member, experiment(bot, group, 1).id)
    for member in MEMBERS[:3]:
        vote(slack, slack_api, posted, member, experiment(bot, group, 2).id)

    # Six members took part; E-2 has three of them behind it, alone under Automate.
    assert experiment(bot, group, 2).status is ExperimentStatus.SETTLE_BY_PILOT
    assert experiment(bot, group, 1).status is ExperimentStatus.PROPOSED
