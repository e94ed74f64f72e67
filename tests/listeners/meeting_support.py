"""Helpers for the meeting, burden and letter tests: type a verb and wait for its answers, and
record an idea with votes as the ideas verbs would."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.domain.models import Meeting, WorkingGroup
from bot.domain.questions import Question
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.privacy import default_detector
from bot.store.tables import ConcernRow, ConsensusRow, ExperimentRow, VoteRow
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS


def type_verb(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    text: str,
    method: str = "response_url",
    count: int = 1,
    user: str = FACILITATOR,
) -> list[ApiCall]:
    """Type `/unburden <text>` in the group's channel and wait for `count` calls to `method`."""
    since = slack_api.mark()
    response = slack.command(text, user=user, channel=CHANNEL)
    assert response.status == 200
    assert response.elapsed_seconds < 3
    slack_api.wait_for(method, since=since, after=count - 1, timeout=15)
    return [call for call in slack_api.calls[since:] if call.method == method]


def start_meeting(slack: SignedSlackClient, slack_api: FakeSlackApi) -> list[ApiCall]:
    """`start`, waiting for its three messages: letter, opening, first question."""
    return type_verb(slack, slack_api, "start", "chat.postMessage", count=3)


def open_meeting(bot: LocalBot, group: WorkingGroup) -> Meeting:
    """The group's meeting under way, from the store."""
    meeting = bot.services.meetings.open_meeting(group.team_id, group.channel_id)
    assert meeting is not None
    return meeting


def record_idea(
    bot: LocalBot,
    meeting: Meeting,
    text: str,
    question: Question = Question.STOP,
    status: str = "proposed",
    votes: int = 0,
    concerns: int = 0,
    fingers: list[int] | None = None,
) -> int:
    """Insert idea E-<next> of the meeting with votes, concerns and fist-to-five ratings."""
    with bot.services.database.transaction() as session:
        highest = session.scalar(
            select(func.max(ExperimentRow.number)).where(ExperimentRow.team_id == meeting.team_id)
        )
        row = ExperimentRow(
            team_id=meeting.team_id,
            number=int(highest or 0) + 1,
            group_id=meeting.group_id,
            meeting_id=meeting.id,
            question=question.value,
            text=text,
            status=status,
            proposed_by=MEMBERS[1],
        )
        session.add(row)
        session.flush()
        session.add_all(VoteRow(experiment_id=row.id, user_id=u) for u in MEMBERS[:votes])
        session.add_all(
            ConcernRow(experiment_id=row.id, user_id=u, text="moves work to the MAs")
            for u in MEMBERS[:concerns]
        )
        session.add_all(
            ConsensusRow(experiment_id=row.id, user_id=u, fingers=f)
            for u, f in zip(MEMBERS, fingers or [], strict=False)
        )
        return int(row.number)


def warm_detector() -> None:
    """Build the identifier detector before a letter test (its first build takes seconds)."""
    default_detector()
