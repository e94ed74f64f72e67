"""`/unburden find <text>` searches every group's micro-experiments, and the playbook, by meaning."""

from __future__ import annotations

import pytest

from bot.domain.models import ExperimentStatus, WorkingGroup
from bot.domain.questions import Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import ApiCall, FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, MEMBERS
from tests.vectors.records import save_experiment, save_group

MEMBER = MEMBERS[3]
# The first search loads the model and indexes the playbook.
FIRST_SEARCH_SECONDS = 90


def find(slack: SignedSlackClient, slack_api: FakeSlackApi, text: str) -> ApiCall:
    """Send `find <text>` and wait for the answer."""
    since = slack_api.mark()
    response = slack.command(f"find {text}".strip(), channel=CHANNEL, user=MEMBER)
    assert response.status == 200
    return slack_api.wait_for("response_url", since=since, timeout=FIRST_SEARCH_SECONDS)


def answer_text(call: ApiCall) -> str:
    """Everything the member reads in one answer, blocks included."""
    parts = [str(call.args.get("text", ""))]
    for block in call.args.get("blocks") or []:
        parts.append(str(block))
    return " ".join(parts)


def remember(bot: LocalBot, group: WorkingGroup, number: int, text: str,
             question: Question = Question.AUTOMATE,
             status: ExperimentStatus = ExperimentStatus.PROPOSED) -> None:  # fmt: skip
    """An idea already proposed in a group: saved, then indexed as `idea` does."""
    experiment = save_experiment(bot.services.database, group, number, text, question, status)
    bot.services.index.add_experiment(experiment, group)


@pytest.mark.slow
def test_find_shows_experiments_of_every_group_and_marks_playbook_entries(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    ward = save_group(bot.services.database, slack_api.team_id, "C0WARD", "inpatient")
    remember(bot, group, 1, "Medical assistants pend refill requests for protocol medicines")
    remember(bot, ward, 2, "Pharmacy technicians pend discharge medication refills",
             Question.DELEGATE, ExperimentStatus.ADOPTED)  # fmt: skip

    answer = find(slack, slack_api, "who can pend medication refill requests")

    assert answer.args["response_type"] == "ephemeral"
    text = answer_text(answer)
    assert "*E-1*" in text and "*E-2*" in text
    assert "<#C0WARD>" in text and "(inpatient)" in text and "adopted" in text
    assert "*Playbook*" in text


@pytest.mark.slow
def test_find_narrows_by_status_and_question(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    remember(bot, group, 1, "Auto-file normal lab results out of the inbox")
    remember(bot, group, 2, "Stop paging for normal lab results", Question.STOP,
             ExperimentStatus.ADOPTED)  # fmt: skip

    adopted = answer_text(find(slack, slack_api, "normal lab results status:adopted"))
    automate = answer_text(find(slack, slack_api, "normal lab results question:automate"))

    assert "*E-2*" in adopted and "*E-1*" not in adopted and "*Playbook*" not in adopted
    assert "`status:adopted`" in adopted
    assert "*E-1*" in automate and "*E-2*" not in automate


@pytest.mark.slow
def test_find_never_shows_another_workspace_experiments(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    elsewhere = save_group(bot.services.database, "T0ELSEWHERE", CHANNEL, "primary care")
    remember(bot, elsewhere, 1, "Night nurses batch the insulin sliding scale orders")

    text = answer_text(
        find(slack, slack_api, "Night nurses batch the insulin sliding scale orders")
    )

    assert "*E-" not in text
    assert ">Night nurses batch" not in text  # an experiment's idea is quoted; the query is not
    assert "0 experiment(s) from your groups" in text


@pytest.mark.parametrize("query", ["", "refills", "status:adopted", "  setting:icu  "])
def test_an_empty_or_one_word_find_gets_a_hint(
    slack: SignedSlackClient, slack_api: FakeSlackApi, query: str
) -> None:
    answer = find(slack, slack_api, query)

    assert answer.args["response_type"] == "ephemeral"
    assert "find medical assistants pend refill requests" in answer.args["text"]


def test_an_unknown_filter_lists_the_valid_ones(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    answer = find(slack, slack_api, "refill requests owner:me")

    text = answer.args["text"]
    assert "`owner:`" in text
    assert "setting:inpatient" in text and "question:automate" in text and "status:adopted" in text


def test_a_wrong_filter_value_says_what_it_takes(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    question = find(slack, slack_api, "refill requests question:review").args["text"]
    status = find(slack, slack_api, "refill requests status:done").args["text"]

    assert "stop, automate, delegate, outsource, keep_sacred" in question
    assert "adopted" in status and "piloting" in status
