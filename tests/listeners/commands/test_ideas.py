"""`/unburden idea <text>` and the "Add an idea" form record proposals as micro-experiments."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.ideas import IDEA_MAX_CHARS
from bot.domain.memory import SimilarExperiment
from bot.domain.models import ExperimentStatus, MicroExperiment, WorkingGroup
from bot.domain.questions import Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.store.tables import DecisionRow, ExperimentRow, PilotRow
from bot.vectors.index import VectorStoreUnavailable
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.listeners.ideas_support import (
    open_meeting,
    pause,
    propose,
    refused,
)

REFILLS = "Medical assistants pend refill requests for protocol medicines"


def stored(bot: LocalBot, team_id: str, number: int) -> MicroExperiment:
    experiment = bot.services.experiments.store.by_number(team_id, number)
    assert experiment is not None
    return experiment


def test_idea_outside_meeting_is_refused(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    answer = refused(slack, slack_api, f"idea {REFILLS}")

    assert "No meeting is running" in answer.args["text"]
    assert "/unburden start" in answer.args["text"]
    assert bot.services.experiments.store.by_number(group.team_id, 1) is None


def test_idea_at_review_points_to_find(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.REVIEW)

    answer = refused(slack, slack_api, f"idea {REFILLS}")

    assert "review" in answer.args["text"]
    assert "/unburden find" in answer.args["text"]


def test_empty_idea_is_answered_with_what_to_type(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    answer = refused(slack, slack_api, "idea   ")

    assert "/unburden idea " in answer.args["text"]


def test_idea_is_recorded_under_the_current_question_with_an_e_id(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.AUTOMATE)

    posted = propose(slack, slack_api, "Auto-file normal lab results with a patient letter")
    second = propose(slack, slack_api, REFILLS, user=MEMBERS[3])

    assert posted.args["thread_ts"] == meeting.thread_ts
    assert "*E-1* (Automate)" in posted.text
    assert "*E-2* (Automate)" in second.text
    assert f"<@{MEMBERS[3]}>" in second.text
    first = stored(bot, group.team_id, 1)
    assert first.question is Question.AUTOMATE
    assert first.status is ExperimentStatus.PROPOSED
    assert first.proposed_by == FACILITATOR


def test_keep_sacred_answer_is_recorded_as_protected_work(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.KEEP_SACRED)

    posted = propose(slack, slack_api, "Delivering a serious diagnosis in person")

    assert "protected work" in posted.text
    assert stored(bot, group.team_id, 1).status is ExperimentStatus.PROTECTED


def test_idea_that_adds_work_is_parked_while_paused_and_says_why(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.AUTOMATE)
    pause(slack, slack_api)

    parked = propose(slack, slack_api, "A new checklist for every refill request")
    propose(slack, slack_api, "Replace the refill checklist with an automatic protocol")

    assert "parking lot" in parked.text
    assert "checklist pause" in parked.text
    assert "checklist" in parked.text and "/unburden resume" in parked.text
    assert stored(bot, group.team_id, 1).status is ExperimentStatus.PARKED
    assert stored(bot, group.team_id, 1).adds_work
    assert stored(bot, group.team_id, 2).status is ExperimentStatus.PROPOSED


def test_over_long_idea_is_cut_with_a_note(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)

    posted = propose(slack, slack_api, "Stop faxing " + "the same form again " * 200)

    assert f"cut to {IDEA_MAX_CHARS} characters" in posted.text
    assert len(stored(bot, group.team_id, 1).text) <= IDEA_MAX_CHARS


def test_near_duplicate_in_the_same_group_is_flagged(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.DELEGATE)
    propose(slack, slack_api, REFILLS)

    again = propose(
        slack, slack_api, "Medical assistants pend the refill requests for protocol medicines"
    )

    assert "looks like *E-1*" in again.text
    assert "Vote for E-1 instead?" in again.text
    assert stored(bot, group.team_id, 2).status is ExperimentStatus.DUPLICATE


def test_similar_experiments_from_another_group_are_named(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    slack_api.add_channel("C0WARD", "ward-burden", [*MEMBERS, slack_api.bot_user_id])
    since = slack_api.mark()
    slack.command("setup inpatient", channel="C0WARD", user=FACILITATOR)
    slack_api.wait_for("response_url", since=since)
    ward = bot.services.groups.find(group.team_id, "C0WARD")
    assert ward is not None
    open_meeting(slack, slack_api, bot, ward, Question.DELEGATE)
    open_meeting(slack, slack_api, bot, group, Question.DELEGATE)
    propose(slack, slack_api, "Nurses handle protocol refill requests", channel="C0WARD")

    posted = propose(slack, slack_api, REFILLS)

    assert "Similar experiments in your workspace" in posted.text
    assert "*E-1* · inpatient · <#C0WARD> · proposed" in posted.text
    assert stored(bot, group.team_id, 2).status is ExperimentStatus.PROPOSED


def test_a_piloted_look_alike_shows_its_pilot_result(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.DELEGATE)
    propose(slack, slack_api, "Nurses handle protocol refill requests")
    earlier = stored(bot, group.team_id, 1)
    with bot.services.database.transaction() as session:
        pilot = PilotRow(
            team_id=group.team_id,
            number=1,
            experiment_id=earlier.id,
            group_id=group.id,
            hypothesis="Refills by nurses save physicians 20 minutes a day",
            owner_id=FACILITATOR,
            start_date=date(2026, 10, 1),
            status="adopted",
        )
        session.add(pilot)
        session.flush()
        session.add(
            DecisionRow(pilot_id=pilot.id, cycle=1, decision="adopt", decided_by=FACILITATOR)
        )

    posted = propose(slack, slack_api, REFILLS)

    assert "*E-1*" in posted.text
    assert "piloted as P-1, adopted" in posted.text


class DownIndex:
    """A vector index whose Chroma server is down."""

    def add_experiment(self, experiment: MicroExperiment, group: WorkingGroup) -> None:
        raise VectorStoreUnavailable("down")

    def similar(
        self, team_id: str, text: str, k: int = 3, exclude_number: int | None = None
    ) -> list[SimilarExperiment]:
        raise VectorStoreUnavailable("down")

    def update_status(self, experiment: MicroExperiment) -> None:
        raise VectorStoreUnavailable("down")


def test_idea_is_saved_when_similar_search_is_down(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    bot.services.experiments.index = DownIndex()

    posted = propose(slack, slack_api, "Stop the duplicate FYI copies of discharge notes")

    assert "*E-1*" in posted.text
    assert "Similar search is unavailable right now" in posted.text
    with bot.services.database.transaction() as session:
        row = session.query(ExperimentRow).one()
        assert row.indexed is False


def test_idea_form_records_the_idea_in_the_meeting_thread(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    meeting = open_meeting(slack, slack_api, bot, group, Question.OUTSOURCE)
    since = slack_api.mark()
    slack.block_action("open_idea_modal", value="outsource", user=MEMBERS[2], channel=CHANNEL)
    form = slack_api.wait_for("views.open", since=since)
    assert "Outsource" in form.text

    response = slack.submit(
        form, {"text_block": {"text": "Send prior authorisations to a vendor"}}, user=MEMBERS[2]
    )

    assert response.status == 200
    posted = slack_api.wait_for("chat.postMessage", since=since, timeout=60)
    assert posted.args["thread_ts"] == meeting.thread_ts
    assert "*E-1* (Outsource)" in posted.text
    assert stored(bot, group.team_id, 1).proposed_by == MEMBERS[2]


def test_idea_form_left_empty_is_answered_in_the_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    open_meeting(slack, slack_api, bot, group, Question.STOP)
    since = slack_api.mark()
    slack.block_action("open_idea_modal", user=MEMBERS[2], channel=CHANNEL)
    form = slack_api.wait_for("views.open", since=since)

    response = slack.submit(form, {"text_block": {"text": "  "}}, user=MEMBERS[2])

    answer: dict[str, Any] = response.json()
    assert answer["response_action"] == "errors"
    assert "Type the idea" in answer["errors"]["text_block"]
    assert bot.services.experiments.store.by_number(group.team_id, 1) is None
