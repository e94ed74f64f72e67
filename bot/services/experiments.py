"""Ideas of a meeting: recording them as micro-experiments under the current question, finding
look-alikes in the workspace, and the checklist pause's parking lot."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import yaml
from sqlalchemy.orm import Session

from bot.domain.ideas import (
    DUPLICATE_SCORE,
    SIMILAR_MIN_SCORE,
    WorkCues,
    cut_idea,
    initial_status,
    judge_work,
)
from bot.domain.memory import SimilarExperiment
from bot.domain.models import (
    ANONYMOUS,
    ExperimentStatus,
    Meeting,
    MicroExperiment,
    WorkingGroup,
)
from bot.domain.questions import Question
from bot.errors import InvalidInput, NotFound, WrongStage
from bot.knowledge import DEFAULT_DIRECTORY
from bot.outbox import Delivery, MeetingThread, OutgoingMessage
from bot.outbox.service import Outbox
from bot.store.experiments import ExperimentStore
from bot.store.groups import GroupStore
from bot.vectors.index import VectorStoreUnavailable

log = logging.getLogger(__name__)

WORK_CUES_FILE = "adds_work.yaml"
SIMILAR_SHOWN = 3


class IdeaIndex(Protocol):
    """The part of the vector index that ideas use (bot.vectors.index)."""

    def add_experiment(self, experiment: MicroExperiment, group: WorkingGroup) -> None:
        """Embed and store one experiment."""

    def similar(
        self, team_id: str, text: str, k: int = 3, exclude_number: int | None = None
    ) -> list[SimilarExperiment]:
        """The workspace's experiments closest in meaning to `text`."""

    def update_status(self, experiment: MicroExperiment) -> None:
        """Record an experiment's new status in its metadata."""

    def catching_up(self, team_id: str) -> bool:
        """Whether the workspace's vectors are still being re-embedded for a new model."""


def load_work_cues(directory: Path | None = None) -> WorkCues:
    """Read the adds-work cues a clinician can review (knowledge/adds_work.yaml)."""
    path = (directory or DEFAULT_DIRECTORY) / WORK_CUES_FILE
    return WorkCues.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Proposal:
    """An idea just recorded: the experiment, where it was said, and what shaped its status."""

    experiment: MicroExperiment
    group: WorkingGroup
    meeting: Meeting
    cut: bool = False
    parked_cue: str | None = None
    # The outbox messages written with the idea, posted once its look-alikes are known.
    message_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class LookAlikes:
    """What the workspace already holds like a new idea; `available` False when Chroma is down,
    `catching_up` True while its vectors are re-embedded for a new model."""

    proposal: Proposal
    available: bool
    similar: list[SimilarExperiment] = field(default_factory=list)
    duplicate_of: SimilarExperiment | None = None
    results: dict[int, str] = field(default_factory=dict)  # E-number -> "P-3 adopted"
    catching_up: bool = False
    # False for the first version, written with the idea before the workspace is searched.
    searched: bool = True


# Renders the messages that show an idea to its group (Block Kit lives with the Slack layer).
IdeaShown = Callable[[LookAlikes], list[OutgoingMessage]]


class ExperimentService:
    """Ideas become micro-experiments with workspace-wide ids (E-12) that every group can find."""

    def __init__(
        self,
        store: ExperimentStore,
        groups: GroupStore,
        index: IdeaIndex,
        cues: WorkCues,
        command: str,
        outbox: Outbox | None = None,
    ) -> None:
        self.store = store
        self._groups = groups
        # Public so that an operator tool or a test can swap the index (say, for one that is down).
        self.index = index
        self._cues = cues
        self._command = command
        self._outbox = outbox

    def current_meeting(
        self, group: WorkingGroup, purpose: str = "propose ideas", taking_ideas: bool = True
    ) -> Meeting:
        """The group's open meeting (at a question that takes ideas, unless `taking_ideas` is
        False), or a user error saying what to type instead."""
        meeting = self.store.open_meeting(group.team_id, group.id)
        if meeting is None:
            raise WrongStage(
                f"No meeting is running in this channel, so there is no question to {purpose} under. "
                f"Type `{self._command} start` to open one."
            )
        if taking_ideas and not meeting.stage.asks_for_ideas:
            raise WrongStage(
                "The meeting is at review: new ideas are closed for today. To see what groups "
                f"have tried, type `{self._command} find <text>`; bring new ideas to the next meeting."
            )
        return meeting

    def propose(
        self,
        group: WorkingGroup,
        user_id: str,
        text: str,
        anonymous: bool = False,
        shown: IdeaShown | None = None,
    ) -> Proposal:
        """Record an idea under the meeting's current question, held if it adds work during a
        pause; an `anonymous` idea keeps no author (votes on it still count per member).

        With `shown`, the message that shows the idea is written to the outbox in the same
        transaction, so a saved idea is always shown (and never retyped into a duplicate);
        `post` then gives it the look-alikes and posts it."""
        idea, cut = cut_idea(text)
        if not idea:
            raise InvalidInput(
                f"Type the idea after the verb, e.g. `{self._command} idea medical assistants "
                "pend refill requests for protocol medicines`."
            )
        meeting = self.current_meeting(group)
        judgement = judge_work(idea, meeting.stage, self._cues)
        status = initial_status(meeting.stage, group.paused, judgement.adds_work)
        parked_cue = judgement.cue if status is ExperimentStatus.PARKED else None
        written: list[int] = []

        def show(session: Session, experiment: MicroExperiment) -> None:
            if shown is None or self._outbox is None:
                return
            first = LookAlikes(
                Proposal(experiment, group, meeting, cut, parked_cue), True, searched=False
            )
            thread = MeetingThread(meeting_id=meeting.id, thread_ts=meeting.thread_ts)
            # Nobody is kept to tell about an idea posted without a name, not even in the outbox.
            notify = None if anonymous else user_id
            # A number race retries the whole transaction: keep only the last attempt's ids.
            written[:] = self._outbox.add(session, group.team_id, shown(first), thread, notify)

        experiment = self.store.add(
            group.team_id,
            group.id,
            meeting.id,
            meeting.stage,
            idea,
            status,
            ANONYMOUS if anonymous else user_id,
            judgement.adds_work,
            show,
        )
        log.info(
            "idea %s recorded (team %s, status %s)", experiment.short_id, group.team_id, status
        )
        return Proposal(experiment, group, meeting, cut, parked_cue, tuple(written))

    def post(self, look: LookAlikes, shown: IdeaShown, user_id: str) -> Delivery:
        """Post the messages written with the idea, now with its look-alikes (the first version
        stands if the background sweep already took it)."""
        proposal = look.proposal
        if self._outbox is None:
            raise RuntimeError("ideas are posted through the outbox")
        team_id = proposal.group.team_id
        notify = None if proposal.experiment.anonymous else user_id
        if not proposal.message_ids:
            thread = MeetingThread(
                meeting_id=proposal.meeting.id, thread_ts=proposal.meeting.thread_ts
            )
            return self._outbox.post(team_id, shown(look), thread, notify)
        for message_id, message in zip(proposal.message_ids, shown(look), strict=False):
            self._outbox.revise(message_id, message)
        return self._outbox.deliver(team_id, proposal.message_ids)

    def recorded(
        self,
        team_id: str,
        experiment_id: int,
        cut: bool = False,
        message_ids: tuple[int, ...] = (),
    ) -> Proposal:
        """An idea recorded earlier (say, in a form's ack), as a Proposal to answer in the thread."""
        experiment = self.require(team_id, experiment_id)
        group = self._groups.by_id(team_id, experiment.group_id)
        meeting = (
            self.store.meeting(team_id, experiment.meeting_id) if experiment.meeting_id else None
        )
        if group is None or meeting is None:
            raise NotFound("That idea's group or meeting no longer exists.")
        cue = None
        if experiment.status is ExperimentStatus.PARKED:
            cue = judge_work(experiment.text, experiment.question, self._cues).cue
        return Proposal(experiment, group, meeting, cut, cue, message_ids)

    def look_alikes(self, proposal: Proposal) -> LookAlikes:
        """Search the workspace for similar ideas, flag a near-duplicate in the group, then index it."""
        experiment = proposal.experiment
        try:
            found = self.index.similar(
                experiment.team_id,
                experiment.text,
                k=SIMILAR_SHOWN + 1,
                exclude_number=experiment.number,
            )
        except VectorStoreUnavailable:
            log.warning("similar search unavailable for %s", experiment.short_id)
            return LookAlikes(proposal, available=False)
        except Exception:  # noqa: BLE001 - the idea is saved: it must still be shown, once
            log.exception("similar search failed for %s", experiment.short_id)
            return LookAlikes(proposal, available=False)
        duplicate_of = self._duplicate_in_group(proposal, found)
        if duplicate_of is not None:
            experiment = self.store.set_status(
                experiment.team_id, experiment.id, ExperimentStatus.DUPLICATE
            )
            proposal = replace(proposal, experiment=experiment)
        self.index_one(experiment, proposal.group)
        # The duplicate is named once, as the duplicate, not again as merely similar.
        similar = [
            s
            for s in found
            if s.score >= SIMILAR_MIN_SCORE and s.number != getattr(duplicate_of, "number", None)
        ][:SIMILAR_SHOWN]
        results = self.store.pilot_results(experiment.team_id, [s.number for s in similar])
        catching_up = self.index.catching_up(experiment.team_id)
        return LookAlikes(proposal, True, similar, duplicate_of, results, catching_up)

    def index_one(self, experiment: MicroExperiment, group: WorkingGroup) -> bool:
        """Put one experiment in the vector store; False (left for re-indexing) when it is down."""
        try:
            self.index.add_experiment(experiment, group)
        except VectorStoreUnavailable:
            log.warning("could not index %s now; it stays pending", experiment.short_id)
            return False
        self.store.mark_indexed(experiment.team_id, experiment.id)
        return True

    def change_status(self, experiment: MicroExperiment, status: ExperimentStatus) -> None:
        """Change an idea's status in the store, and in the index's metadata when it answers."""
        self._update_index(self.store.set_status(experiment.team_id, experiment.id, status))

    def _update_index(self, changed: MicroExperiment) -> None:
        """Carry a status change into the index's metadata when it answers."""
        try:
            self.index.update_status(changed)
        except VectorStoreUnavailable:
            # The row stays the source of truth; the vectors engineer's re-index catches up.
            log.warning("could not update the status of %s in the index", changed.short_id)

    @staticmethod
    def _duplicate_in_group(
        proposal: Proposal, found: list[SimilarExperiment]
    ) -> SimilarExperiment | None:
        """The most similar earlier idea of the same group, if it is close enough to be the same."""
        for candidate in found:
            if (
                candidate.group_id == proposal.group.id
                and candidate.score >= DUPLICATE_SCORE
                and candidate.status != ExperimentStatus.DUPLICATE.value
            ):
                return candidate
        return None

    def parked(self, team_id: str, group_id: int) -> list[MicroExperiment]:
        """The group's ideas held in the parking lot during a checklist pause."""
        return self.store.parked(team_id, group_id)

    def unpark(self, team_id: str, experiment_id: int) -> Proposal:
        """Put a parked idea back as proposed under its question, for the meeting under way (or
        the one it came from); WrongStage when it left the parking lot already."""
        experiment = self.require(team_id, experiment_id)
        # One statement moves it, so two members pressing at once put it back once.
        moved = self.store.move_status(
            team_id, experiment.id, ExperimentStatus.PARKED, ExperimentStatus.PROPOSED
        )
        if moved is None:
            now = self.require(team_id, experiment_id)
            raise WrongStage(
                f"{now.short_id} is not in the parking lot any more: it is {now.status.label}."
            )
        self._update_index(moved)
        proposal = self.recorded(team_id, experiment_id)
        current = self.store.open_meeting(team_id, proposal.group.id)
        return replace(proposal, meeting=current) if current else proposal

    def require(self, team_id: str, experiment_id: int) -> MicroExperiment:
        """One experiment of the workspace, or a user error."""
        experiment = self.store.by_id(team_id, experiment_id)
        if experiment is None:
            raise NotFound("That idea no longer exists in this workspace.")
        return experiment

    def ideas_of(self, meeting: Meeting, question: Question | None) -> list[MicroExperiment]:
        """A meeting's ideas of one question (or all of them), in the order proposed."""
        return self.store.of_meeting(meeting.team_id, meeting.id, question)
