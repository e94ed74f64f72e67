"""The facilitated meeting: open it with a letter and the heaviest burdens, walk the five
questions in the method's order, and close it with a summary where every proposal has a status.

The meeting's state lives in the store, so any replica (or a restarted bot) carries on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.domain.meetings import IdeaTally, MeetingSummary
from bot.domain.models import Burden, Letter, Meeting, WorkingGroup
from bot.domain.questions import ORDER, Question
from bot.errors import UserError, WrongStage
from bot.knowledge import KnowledgeBase, PlaybookEntry
from bot.outbox import Delivery, MeetingThread, OutgoingMessage
from bot.outbox.service import Outbox
from bot.services.burdens import BurdenIndex, BurdenService
from bot.services.groups import GroupService
from bot.services.letters import EARLY_START_WINDOW, SCHEDULED_LETTER, LetterService
from bot.settings import Settings
from bot.store.burdens import BurdenStore
from bot.store.database import Database
from bot.store.groups import GroupStore
from bot.store.letters import LetterStore
from bot.store.meetings import MeetingOutcomes, MeetingStore

# The outbox kind of a meeting summary's messages (bot/listeners/meeting_posts.py writes them).
SUMMARY = "summary"

log = logging.getLogger(__name__)

OPENING_BURDENS = 5
EXAMPLES_PER_QUESTION = 2
IDEA_QUESTIONS = [q for q in ORDER if q.asks_for_ideas]
# Slack errors that mean the bot cannot post in the channel at all.
NOT_IN_CHANNEL = frozenset({"not_in_channel", "channel_not_found", "is_archived"})

Shown = TypeVar("Shown")


class QuestionPrompt(BaseModel):
    """One stage as the group sees it: the question, why, a starter and examples from the playbook."""

    model_config = ConfigDict(frozen=True)

    meeting: Meeting
    question: Question
    ask: str
    explanation: str
    starter: str
    examples: list[PlaybookEntry]
    burdens: list[Burden]

    @property
    def position(self) -> str:
        """ "Question 2 of 5", or "Review" for the last stage."""
        if not self.question.asks_for_ideas:
            return "Review"
        return f"Question {IDEA_QUESTIONS.index(self.question) + 1} of {len(IDEA_QUESTIONS)}"


class MeetingOpened(BaseModel):
    """What `start` posts: the letter of the day (or that it was posted), the opening, question one."""

    model_config = ConfigDict(frozen=True)

    group: WorkingGroup
    letter: Letter | None
    letter_already_posted: bool
    burdens: list[Burden]
    first: QuestionPrompt


class MeetingPosts(Protocol):
    """Renders what the group sees of each change (Block Kit lives with the Slack layer)."""

    def opening(self, opened: MeetingOpened) -> list[OutgoingMessage]:
        """The letter (or a note) and the opening; the opening starts the meeting's thread."""

    def question(self, prompt: QuestionPrompt) -> list[OutgoingMessage]:
        """A question, in the meeting's thread."""

    def summary(self, summary: MeetingSummary) -> list[OutgoingMessage]:
        """The summary in the thread, then the meeting-closed note in the channel."""


class Posted(BaseModel, Generic[Shown]):
    """A change that was made, with the delivery of the messages that show it."""

    model_config = ConfigDict(frozen=True)

    change: Shown
    delivery: Delivery


class MeetingService:
    """Runs a group's meetings through the fixed order of questions."""

    def __init__(
        self,
        store: MeetingStore,
        outcomes: MeetingOutcomes,
        groups: GroupService,
        group_store: GroupStore,
        burdens: BurdenService,
        letters: LetterService,
        knowledge: KnowledgeBase,
        command: str,
        outbox: Outbox,
    ) -> None:
        self._store = store
        self._outbox = outbox
        self._outcomes = outcomes
        self._groups = groups
        self._group_store = group_store
        self._burdens = burdens
        self._letters = letters
        self._knowledge = knowledge
        self._command = command

    def open_meeting(self, team_id: str, channel_id: str) -> Meeting | None:
        """The meeting under way in this group's channel, if any (for ideas and votes)."""
        group = self._groups.require(team_id, channel_id)
        return self._store.open_for_group(team_id, group.id)

    def start(
        self,
        team_id: str,
        channel_id: str,
        user_id: str,
        posts: MeetingPosts,
        also: Callable[[Session, Meeting], None] | None = None,
    ) -> Posted[MeetingOpened]:
        """Open a meeting at the first question, with the letter of the day; the meeting and its
        letter, opening and first question are written together, then posted in that order.
        `also` writes more about the new meeting in the same transaction (the time-box)."""
        group = self._groups.require(team_id, channel_id)
        running = self._store.open_for_group(team_id, group.id)
        if running is not None:
            raise self._already_running(running)
        posted = self._letters.already_posted(group)
        letter = posted or self._letters.letter_of_the_day(group)
        burdens = self._burdens.heaviest(team_id, group.id, OPENING_BURDENS)
        with self._outbox.store.database.transaction() as session:
            meeting = self._store.open(
                team_id, group.id, channel_id, user_id, letter.id if letter else None, session
            )
            assert meeting is not None  # inside a caller's transaction, open always writes
            if posted is None:
                # Started early: the letter waiting for the regular time would land mid-meeting.
                self._outbox.store.withdraw(
                    session,
                    team_id,
                    channel_id,
                    SCHEDULED_LETTER,
                    due_before=utcnow() + EARLY_START_WINDOW,
                )
            if also is not None:
                also(session, meeting)
            opened = MeetingOpened(
                group=group,
                letter=letter,
                letter_already_posted=posted is not None,
                burdens=burdens,
                first=self.prompt(meeting, group, burdens),
            )
            messages = posts.opening(opened) + posts.question(opened.first)
            ids = self._outbox.add(
                session, team_id, messages, MeetingThread(meeting_id=meeting.id), user_id
            )
        first = self._store.open_for_group(team_id, group.id)
        if first is not None and first.id != meeting.id:
            # Two `start`s raced past the check; the earlier meeting stands, this one goes.
            self._withdraw(team_id, meeting.id, ids)
            raise self._already_running(first)
        log.info("meeting %s started (team %s, group %s)", meeting.id, team_id, group.id)
        delivery = self._outbox.deliver(team_id, ids)
        failure = delivery.first_failure
        if failure is not None and failure.error in NOT_IN_CHANNEL and failure.message_id == ids[0]:
            self._withdraw(team_id, meeting.id, ids)
            raise UserError(
                "I can't post in this channel: invite me with `/invite @Unburden`, then "
                f"`{self._command} start` again."
            )
        return Posted(change=opened, delivery=delivery)

    def _withdraw(self, team_id: str, meeting_id: int, message_ids: list[int]) -> None:
        """Undo a meeting that must not stand, with the messages that would have shown it."""
        with self._outbox.store.database.transaction() as session:
            self._outbox.store.cancel(session, message_ids)
        self._store.discard(team_id, meeting_id)

    def next(
        self,
        team_id: str,
        channel_id: str,
        posts: MeetingPosts,
        meeting_id: int | None = None,
        version: int | None = None,
        user_id: str | None = None,
    ) -> Posted[QuestionPrompt]:
        """Move to the next question; the new stage and its question are written together, so a
        question that fails to post is posted later, never skipped. A button passes the
        meeting and version it was pressed on."""
        group = self._groups.require(team_id, channel_id)
        meeting = self._require_open(team_id, group, meeting_id)
        if version is not None and version != meeting.version:
            raise WrongStage(f"Already moved on to *{meeting.stage.label}*.")
        following = meeting.stage.next()
        if following is None:
            raise WrongStage(
                f"The review is the last step. Type `{self._command} end` to close the meeting "
                "and post its summary."
            )
        moved = meeting.model_copy(update={"stage": following, "version": meeting.version + 1})
        burdens = self._burdens.heaviest(team_id, group.id, OPENING_BURDENS)
        prompt = self.prompt(moved, group, burdens)
        messages = posts.question(prompt)
        thread = self._thread(meeting)
        with self._outbox.store.database.transaction() as session:
            advanced = self._store.advance(team_id, meeting, following, session)
            ids = (
                self._outbox.add(session, team_id, messages, thread, user_id or meeting.started_by)
                if advanced
                else []
            )
        if not advanced:
            now = self._store.get(team_id, meeting.id)
            where = now.stage.label if now else following.label
            raise WrongStage(f"Already moved on to *{where}*.")
        return Posted(change=prompt, delivery=self._outbox.deliver(team_id, ids))

    def end(
        self,
        team_id: str,
        channel_id: str,
        posts: MeetingPosts,
        meeting_id: int | None = None,
        user_id: str | None = None,
    ) -> Posted[MeetingSummary]:
        """Close the meeting (whatever its stage); the closing and its summary are written
        together, so a summary Slack refused is posted later (and `recap` posts it again)."""
        group = self._groups.require(team_id, channel_id)
        for _ in range(3):
            meeting = self._require_open(team_id, group, meeting_id)
            summary = self.summary(meeting, group)
            messages = posts.summary(summary)
            thread = self._thread(meeting)
            notify = user_id or meeting.started_by
            with self._outbox.store.database.transaction() as session:
                # A `next` pressed at the same moment bumps the version; read again and close.
                closed = self._store.close(team_id, meeting, utcnow(), session)
                ids = self._outbox.add(session, team_id, messages, thread, notify) if closed else []
            if closed:
                log.info("meeting %s ended (team %s)", meeting.id, team_id)
                return Posted(change=summary, delivery=self._outbox.deliver(team_id, ids))
        raise WrongStage("The meeting kept changing while closing it: type `end` again.")

    def recap(
        self, team_id: str, channel_id: str, posts: MeetingPosts, user_id: str | None = None
    ) -> Posted[MeetingSummary]:
        """Post the last meeting's summary again (for when Slack lost it)."""
        group = self._groups.require(team_id, channel_id)
        meeting = self._store.last_closed(team_id, group.id)
        if meeting is None:
            raise WrongStage(
                f"No meeting has ended here yet: `{self._command} end` closes the running one."
            )
        summary = self.summary(meeting, group)
        waiting = self._outbox.first_waiting(team_id, channel_id, SUMMARY)
        if waiting is not None:
            # The summary `end` wrote is still waiting: post that one now, not a second copy.
            return Posted(change=summary, delivery=self._outbox.post_again(team_id, waiting))
        messages = posts.summary(summary)
        thread = self._thread(meeting)
        with self._outbox.store.database.transaction() as session:
            ids = self._outbox.add(session, team_id, messages, thread, user_id)
        return Posted(change=summary, delivery=self._outbox.deliver(team_id, ids))

    def _thread(self, meeting: Meeting) -> MeetingThread:
        """Where the meeting's replies go: its thread, or after its opening, still to post."""
        current = self._store.get(meeting.team_id, meeting.id) or meeting
        return MeetingThread(meeting_id=meeting.id, thread_ts=current.thread_ts)

    def summary(self, meeting: Meeting, group: WorkingGroup) -> MeetingSummary:
        """Burdens in play and every idea of the meeting with its votes, concerns and consensus."""
        ideas = self._outcomes.ideas(meeting.team_id, meeting.id)
        ids = [idea.id for idea in ideas]
        votes, concerns = self._outcomes.votes(ids), self._outcomes.concerns(ids)
        consensus = self._outcomes.consensus(ids)
        tallies = [
            IdeaTally(
                idea=idea,
                votes=votes.get(idea.id, 0),
                concerns=concerns.get(idea.id, 0),
                consensus_count=consensus.get(idea.id, (0, 0.0))[0],
                consensus_mean=consensus[idea.id][1] if idea.id in consensus else None,
            )
            for idea in ideas
        ]
        burdens = self._burdens.heaviest(meeting.team_id, group.id, OPENING_BURDENS)
        shown = {b.id for b in burdens}
        added = self._burdens_added_during(meeting, group)
        burdens += [b for b in added if b.id not in shown]
        return MeetingSummary(meeting=meeting, group=group, burdens=burdens, ideas=tallies)

    def _burdens_added_during(self, meeting: Meeting, group: WorkingGroup) -> list[Burden]:
        return self._burdens.added_since(meeting.team_id, group.id, meeting.started_at)

    def prompt(
        self, meeting: Meeting, group: WorkingGroup, burdens: list[Burden]
    ) -> QuestionPrompt:
        """The meeting's current question with a starter and examples that fit the group."""
        question = meeting.stage
        guide = self._knowledge.guide(question)
        return QuestionPrompt(
            meeting=meeting,
            question=question,
            ask=guide.ask,
            explanation=guide.explanation,
            starter=guide.prompts[meeting.id % len(guide.prompts)],
            examples=self._examples(meeting, group, burdens),
            burdens=burdens,
        )

    def _examples(
        self, meeting: Meeting, group: WorkingGroup, burdens: list[Burden]
    ) -> list[PlaybookEntry]:
        """Playbook changes for this question and setting; those on the group's burdens first."""
        if not meeting.stage.asks_for_ideas:
            return []
        entries = self._knowledge.entries_for(meeting.stage, group.setting)
        sources = {b.source for b in burdens if b.source}
        on_topic = [e for e in entries if e.burden_source in sources]
        others = [e for e in entries if e.burden_source not in sources]
        # Rotate by meeting so that a group meeting weekly sees fresh examples.
        shift = meeting.id % len(others) if others else 0
        ranked = on_topic + others[shift:] + others[:shift]
        return ranked[:EXAMPLES_PER_QUESTION]

    def set_paused(self, team_id: str, channel_id: str, paused: bool) -> tuple[WorkingGroup, bool]:
        """Checklist pause on or off; True when that changed anything."""
        group = self._groups.require(team_id, channel_id)
        if group.paused == paused:
            return group, False
        return self._group_store.update(team_id, group.id, paused=paused), True

    def _require_open(self, team_id: str, group: WorkingGroup, meeting_id: int | None) -> Meeting:
        meeting = self._store.open_for_group(team_id, group.id)
        if meeting is None or (meeting_id is not None and meeting.id != meeting_id):
            ended = "That meeting has ended. " if meeting_id is not None else ""
            raise WrongStage(f"{ended}No meeting is running here: type `{self._command} start`.")
        return meeting

    def _already_running(self, meeting: Meeting) -> WrongStage:
        return WrongStage(
            f"A meeting is already running here (at *{meeting.stage.label}*). "
            f"Type `{self._command} next` to move on, or `{self._command} end` to close it "
            "and post its summary."
        )


def build_meeting_services(
    settings: Settings,
    database: Database,
    groups: GroupService,
    outbox: Outbox,
    index: BurdenIndex | None = None,
) -> tuple[BurdenService, LetterService, MeetingService]:
    """The burden, letter and meeting services over one database; warms the identifier detector."""
    command = settings.unburden_command
    group_store = GroupStore(database)
    burdens = BurdenService(BurdenStore(database), groups, command, index)
    letters = LetterService(LetterStore(database), groups, group_store, command)
    letters.warm_up()
    meetings = MeetingService(
        MeetingStore(database),
        MeetingOutcomes(database),
        groups,
        group_store,
        burdens,
        letters,
        KnowledgeBase.load(settings.unburden_knowledge_dir),
        command,
        outbox,
    )
    return burdens, letters, meetings
