"""The patient-letter library: letters are checked for identifiers before they are kept, and
read in rotation at the start of meetings (least recently read first)."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from bot.clock import utcnow
from bot.domain.meeting_time import MeetingTime, MeetingTimeError, read_meeting_time
from bot.domain.models import Letter, WorkingGroup
from bot.errors import InvalidInput
from bot.privacy import IdentifierDetector, default_detector, describe
from bot.services.groups import GroupService
from bot.store.groups import GroupStore
from bot.store.letters import LetterStore

log = logging.getLogger(__name__)

LETTER_MAX_CHARS = 2800  # one Block Kit section holds 3000 characters; room for the heading


# The outbox kind of a letter waiting for a group's regular meeting time.
SCHEDULED_LETTER = "scheduled_letter"
# A meeting started this long before its regular time is that meeting, started early: the
# letter waiting for the regular time is withdrawn, since the opening carries a letter.
EARLY_START_WINDOW = timedelta(hours=12)


class AddedLetter(BaseModel):
    """A stored letter, and whether it had to be cut to fit a Slack message."""

    model_config = ConfigDict(frozen=True)

    letter: Letter
    cut: bool = False
    library_size: int


class ScheduledLetter(BaseModel):
    """A group's meeting slot and the letter due to appear at its next occurrence."""

    model_config = ConfigDict(frozen=True)

    group: WorkingGroup
    slot: MeetingTime
    post_at: datetime
    letter: Letter | None


class LetterService:
    """Adds letters to the workspace library and hands out the letter of the day."""

    def __init__(
        self,
        store: LetterStore,
        groups: GroupService,
        group_store: GroupStore,
        command: str,
    ) -> None:
        self._store = store
        self._groups = groups
        self._group_store = group_store
        self._command = command
        self._detector_ready = threading.Event()

    def warm_up(self) -> threading.Thread:
        """Build the identifier detector (about five seconds) in the background, off every ack."""
        thread = threading.Thread(target=self._build_detector, name="warm-detector", daemon=True)
        thread.start()
        return thread

    def _build_detector(self) -> None:
        default_detector()
        self._detector_ready.set()

    def _detector(self, wait: float | None) -> IdentifierDetector | None:
        """The detector, or None if it is not built within `wait` seconds (None waits for it)."""
        if wait is not None and not self._detector_ready.wait(wait):
            return None
        detector = default_detector()
        self._detector_ready.set()
        return detector

    def refusal(self, text: str, wait: float | None = None) -> str | None:
        """Why this letter cannot be kept, or None when it can; never repeats what was found.

        With `wait`, gives up (returning None) when the detector is not ready in time, so a
        modal's ack stays fast; `add` checks again in full before anything is stored."""
        if not text.strip():
            return "The letter is empty: paste the letter's text."
        detector = self._detector(wait)
        if detector is None:
            return None
        findings = detector.find(text)
        if not findings:
            return None
        return f"Not saved: {describe(findings)}. Take it out and try again."

    def add(self, team_id: str, user_id: str, text: str) -> AddedLetter:
        """Keep a de-identified letter; a letter with identifiers is refused and nothing stored."""
        cleaned = text.strip()
        if not cleaned:
            raise InvalidInput(
                f"Paste the letter after the verb: `{self._command} letter add <text>`, "
                f"or type `{self._command} letter` for a form."
            )
        reason = self.refusal(cleaned)
        if reason:
            raise InvalidInput(
                f'{reason} Say "my mother" rather than a name, and leave out dates, numbers '
                "and addresses."
            )
        letter = self._store.add(team_id, cleaned[:LETTER_MAX_CHARS], user_id)
        log.info("letter %s added (team %s)", letter.id, team_id)
        return AddedLetter(
            letter=letter,
            cut=len(cleaned) > LETTER_MAX_CHARS,
            library_size=self._store.count(team_id),
        )

    def letter_of_the_day(self, group: WorkingGroup, now: datetime | None = None) -> Letter | None:
        """The letter to read at a meeting starting now: the least recently read, marked read."""
        return self._store.take_next(group.team_id, now or utcnow())

    def already_posted(self, group: WorkingGroup, now: datetime | None = None) -> Letter | None:
        """The letter scheduled for this group's slot if the meeting starts near that slot."""
        slot = slot_of(group)
        if slot is None:
            return None
        moment = now or utcnow()
        nearest = slot.nearest_to(moment)
        if not timedelta(minutes=-30) <= moment - nearest <= timedelta(hours=3):
            return None
        return self._store.read_at(group.team_id, nearest)

    def schedule(
        self,
        team_id: str,
        channel_id: str,
        text: str,
        default_tz: str,
        meeting_running: bool = False,
    ) -> ScheduledLetter:
        """`letter schedule monday 08:00 [zone]`: store the slot, reserve the next letter for it.
        With a meeting running, a slot within EARLY_START_WINDOW is that meeting's: the letter
        waits for the one after."""
        group = self._groups.require(team_id, channel_id)
        try:
            slot = read_meeting_time(text, default_tz)
        except MeetingTimeError as error:
            example = error.example or "monday 08:00 America/New_York"
            raise InvalidInput(
                f"{error} Type e.g. `{self._command} letter schedule {example}`."
            ) from None
        group = self._group_store.update(
            team_id, group.id, meeting_weekday=slot.weekday, meeting_time=slot.clock,
            meeting_tz=slot.tz,
        )  # fmt: skip
        return self.next_scheduled(
            group, utcnow() + EARLY_START_WINDOW if meeting_running else None
        )

    def unschedule(self, team_id: str, channel_id: str) -> WorkingGroup:
        """`letter schedule off`: the group keeps no regular meeting time, so no letter waits."""
        group = self._groups.require(team_id, channel_id)
        return self._group_store.update(
            team_id, group.id, meeting_weekday=None, meeting_time=None, meeting_tz=None
        )

    def next_scheduled(self, group: WorkingGroup, now: datetime | None = None) -> ScheduledLetter:
        """Reserve the least recently read letter for the group's next slot (read at that time)."""
        slot = slot_of(group)
        if slot is None:
            raise InvalidInput(
                f"This group has no meeting time: `{self._command} letter schedule monday 08:00`."
            )
        post_at = slot.next_after(now or utcnow())
        letter = self._store.take_next(group.team_id, post_at)
        return ScheduledLetter(group=group, slot=slot, post_at=post_at, letter=letter)

    def library_size(self, team_id: str) -> int:
        """How many letters the workspace holds."""
        return self._store.count(team_id)


def slot_of(group: WorkingGroup) -> MeetingTime | None:
    """The group's weekly meeting slot, if one was set."""
    if group.meeting_weekday is None or not group.meeting_time or not group.meeting_tz:
        return None
    return MeetingTime(weekday=group.meeting_weekday, clock=group.meeting_time, tz=group.meeting_tz)
