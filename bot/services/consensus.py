"""Debate and consensus on a meeting's ideas: votes, fist-to-five ratings and concerns, and the
method's rule that disagreement is settled by a pilot."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.ideas import (
    BALLOT_STATUSES,
    FINGERS_MAX,
    FINGERS_MIN,
    Tally,
    cut_idea,
    pilot_reasons,
    settled_status,
)
from bot.domain.models import Meeting, MicroExperiment, WorkingGroup
from bot.domain.questions import Question
from bot.errors import InvalidInput
from bot.outbox.service import Outbox
from bot.services.experiments import ExperimentService, IdeaIndex, load_work_cues
from bot.settings import Settings
from bot.store.database import Database
from bot.store.experiments import ExperimentStore
from bot.store.groups import GroupStore

CONCERN_MAX_CHARS = 1000


@dataclass(frozen=True)
class BallotLine:
    """One idea on a ballot, with what the group has said about it so far."""

    experiment: MicroExperiment
    tally: Tally
    pilot_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ballot:
    """The ideas a vote message shows: one question's, or the whole meeting's at review."""

    meeting_id: int
    question: Question | None
    lines: list[BallotLine]
    thread_ts: str | None = None


@dataclass(frozen=True)
class VoteOutcome:
    """A click on Vote: counted, or withdrawn by a second click, and the ballot afterwards."""

    recorded: bool
    experiment: MicroExperiment
    ballot: Ballot
    withdrawn: bool = False


@dataclass(frozen=True)
class RatingOutcome:
    """A fist-to-five rating: the member's earlier rating (if any) and the idea's tally after."""

    experiment: MicroExperiment
    fingers: int
    previous: int | None
    line: BallotLine


class ConsensusService:
    """Votes, fist-to-five and concerns; an idea that divides the group becomes settle-by-pilot."""

    def __init__(self, experiments: ExperimentService, command: str) -> None:
        self._experiments = experiments
        self._store = experiments.store
        self._command = command

    def open_ballot(self, group: WorkingGroup) -> Ballot:
        """The ballot of the current question (of the whole meeting at review), or a user error."""
        meeting = self._experiments.current_meeting(group, "vote", taking_ideas=False)
        question = meeting.stage if meeting.stage.asks_for_ideas else None
        ballot = self.ballot(meeting, question)
        if not ballot.lines:
            where = f"under *{question.label}*" if question else "in this meeting"
            raise InvalidInput(
                f"There are no ideas to vote on {where} yet. "
                f"Propose one with `{self._command} idea <text>`."
            )
        return ballot

    def ballot(self, meeting: Meeting, question: Question | None) -> Ballot:
        """The ideas on the ballot with their tallies, in the order proposed."""
        ideas = [
            e for e in self._experiments.ideas_of(meeting, question) if e.status in BALLOT_STATUSES
        ]
        tallies = self._store.tallies(meeting.team_id, [e.id for e in ideas])
        voters = self._meeting_voters(meeting.team_id, meeting.id)
        lines = [
            BallotLine(e, tallies[e.id], tuple(pilot_reasons(tallies[e.id], voters))) for e in ideas
        ]
        return Ballot(meeting.id, question, lines, meeting.thread_ts)

    def ballot_of(self, experiment: MicroExperiment, whole_meeting: bool) -> Ballot | None:
        """The ballot an idea appears on (its question's, or its meeting's), for refreshing a message."""
        if experiment.meeting_id is None:
            return None
        meeting = self._store.meeting(experiment.team_id, experiment.meeting_id)
        if meeting is None:
            return None
        return self.ballot(meeting, None if whole_meeting else experiment.question)

    def vote(
        self, team_id: str, experiment_id: int, user_id: str, whole_meeting: bool = False
    ) -> VoteOutcome:
        """Count one vote per member per idea (a second click withdraws it), then settle the
        question's ideas again; the ballot is read back from the stored votes."""
        experiment = self._experiments.require(team_id, experiment_id)
        if experiment.question is Question.KEEP_SACRED:
            raise InvalidInput(
                f"{experiment.short_id} is protected work: it is kept, not voted on. "
                "Add a concern if you disagree."
            )
        recorded = self._store.add_vote(team_id, experiment.id, user_id)
        withdrawn = not recorded and self._store.remove_vote(team_id, experiment.id, user_id)
        self.settle(experiment)
        ballot = self.ballot_of(experiment, whole_meeting) or Ballot(0, None, [])
        return VoteOutcome(
            recorded, self._experiments.require(team_id, experiment_id), ballot, withdrawn
        )

    def rate(self, team_id: str, experiment_id: int, user_id: str, fingers: int) -> RatingOutcome:
        """Record a member's fist-to-five on an idea (a new click replaces their earlier one)."""
        if not FINGERS_MIN <= fingers <= FINGERS_MAX:
            raise InvalidInput(f"A fist-to-five is {FINGERS_MIN} to {FINGERS_MAX} fingers.")
        experiment = self._experiments.require(team_id, experiment_id)
        previous = self._store.rate(team_id, experiment.id, user_id, fingers)
        self.settle(experiment)
        return RatingOutcome(
            self._experiments.require(team_id, experiment_id),
            fingers,
            previous,
            self.line(team_id, experiment_id),
        )

    def add_concern(
        self, team_id: str, experiment_id: int, user_id: str, text: str
    ) -> MicroExperiment:
        """Attach a member's concern; an idea with a concern is settled by a pilot."""
        concern, _ = cut_idea(text, CONCERN_MAX_CHARS)
        if not concern:
            raise InvalidInput("Say what worries you about this idea, in a sentence or two.")
        experiment = self._experiments.require(team_id, experiment_id)
        self._store.add_concern(team_id, experiment.id, user_id, concern)
        self.settle(experiment)
        return self._experiments.require(team_id, experiment_id)

    def line(self, team_id: str, experiment_id: int) -> BallotLine:
        """One idea with its current tally and reasons for a pilot."""
        experiment = self._experiments.require(team_id, experiment_id)
        voters = self._meeting_voters(team_id, experiment.meeting_id)
        tally = self._store.tallies(team_id, [experiment.id])[experiment.id]
        return BallotLine(experiment, tally, tuple(pilot_reasons(tally, voters)))

    def settle(self, experiment: MicroExperiment) -> None:
        """Re-read the meeting's votes and mark divided ideas settle-by-pilot."""
        ideas = self._ballot_ideas(experiment)
        tallies = self._store.tallies(experiment.team_id, [e.id for e in ideas])
        voters = self._meeting_voters(experiment.team_id, experiment.meeting_id)
        for idea in ideas:
            status = settled_status(idea.status, tallies[idea.id], voters)
            if status is not idea.status:
                self._experiments.change_status(idea, status)

    def _ballot_ideas(self, experiment: MicroExperiment) -> list[MicroExperiment]:
        """Every idea on the ballots of the idea's meeting (itself alone when it has none)."""
        if experiment.meeting_id is None:
            return [experiment]
        return [
            e
            for e in self._store.of_meeting(experiment.team_id, experiment.meeting_id)
            if e.status in BALLOT_STATUSES
        ]

    def _meeting_voters(self, team_id: str, meeting_id: int | None) -> int:
        """Members who voted on any idea of the meeting: the split rule's denominator, so that
        an idea backed by a third to two thirds of those who took part counts as divided."""
        if meeting_id is None:
            return 0
        ideas = self._store.of_meeting(team_id, meeting_id)
        return self._store.voters(team_id, [e.id for e in ideas if e.status in BALLOT_STATUSES])


def build_idea_services(
    settings: Settings, database: Database, index: IdeaIndex, outbox: Outbox | None = None
) -> tuple[ExperimentService, ConsensusService]:
    """The ideas and consensus services over the SQL store and the vector index."""
    command = settings.unburden_command
    experiments = ExperimentService(
        ExperimentStore(database),
        GroupStore(database),
        index,
        load_work_cues(settings.unburden_knowledge_dir),
        command,
        outbox,
    )
    return experiments, ConsensusService(experiments, command)
