"""Pure rules about ideas: whether one adds work (the checklist pause), when votes are split,
and when the method says a pilot must settle an idea."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.models import ExperimentStatus
from bot.domain.questions import Question

IDEA_MAX_CHARS = 600
# Two stored ideas of one group at least this similar (cosine, 0..1) are the same idea told
# twice: all-MiniLM-L6-v2 puts paraphrases of one change at about 0.85-0.95 and distinct
# changes on one burden at 0.5-0.8.
DUPLICATE_SCORE = 0.85
# Below this similarity an experiment is about something else (unrelated ideas score 0.2-0.4),
# so it is not named as similar.
SIMILAR_MIN_SCORE = 0.45
# Votes are read only once this many members have voted on a question: fewer is not a split.
SPLIT_MIN_VOTERS = 4
# An idea backed by between a third and two thirds of a question's voters divides the group.
SPLIT_LOW = 1 / 3
SPLIT_HIGH = 2 / 3
# Fist to five: 0 blocks, 1-2 serious or some concerns, 3 can live with it, 4-5 support.
FINGERS_MIN = 0
FINGERS_MAX = 5
FINGERS_CONCERN_MAX = 2
# Statuses a vote, a rating or a concern may move between; the rest are decided elsewhere.
OPEN_STATUSES = frozenset({ExperimentStatus.PROPOSED, ExperimentStatus.SETTLE_BY_PILOT})
# Ideas a group can still vote on (parked and duplicate ones are not on the ballot).
BALLOT_STATUSES = frozenset(
    {ExperimentStatus.PROPOSED, ExperimentStatus.SETTLE_BY_PILOT, ExperimentStatus.PROTECTED}
)


class WorkCues(BaseModel):
    """The phrases that mark an idea as adding work, and those that mark a swap (knowledge/adds_work.yaml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    adds_work: list[str] = Field(min_length=1)
    swaps: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class WorkJudgement:
    """Whether an idea adds work, and the cue that decided it (for the answer)."""

    adds_work: bool
    cue: str | None = None


def _words(text: str) -> str:
    """Lower-case words separated by single spaces, padded, so phrases match on whole words."""
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()) + " "


def _first_cue(words: str, phrases: Iterable[str]) -> str | None:
    """The first phrase found as whole words (a plural "s"/"es" allowed), or None."""
    for phrase in phrases:
        key = " ".join(_words(phrase).split())
        if key and re.search(rf" {re.escape(key)}(?:e?s)? ", words):
            return phrase
    return None


def judge_work(text: str, question: Question, cues: WorkCues) -> WorkJudgement:
    """Apply the documented rule of knowledge/adds_work.yaml to one idea."""
    if question is Question.KEEP_SACRED:
        return WorkJudgement(False)
    words = _words(text)
    cue = _first_cue(words, cues.adds_work)
    if cue is None or _first_cue(words, cues.swaps) is not None:
        return WorkJudgement(False)
    return WorkJudgement(True, cue)


def cut_idea(text: str, limit: int = IDEA_MAX_CHARS) -> tuple[str, bool]:
    """The idea with spaces tidied, cut to `limit` characters; True when it was cut."""
    tidy = " ".join(text.split())
    if len(tidy) <= limit:
        return tidy, False
    return tidy[:limit].rstrip(), True


def initial_status(question: Question, paused: bool, adds_work: bool) -> ExperimentStatus:
    """A new idea's status: protected for keep sacred, parked during a pause if it adds work."""
    if question is Question.KEEP_SACRED:
        return ExperimentStatus.PROTECTED
    if paused and adds_work:
        return ExperimentStatus.PARKED
    return ExperimentStatus.PROPOSED


@dataclass(frozen=True)
class Tally:
    """What a group said about one idea: votes, fist-to-five ratings and concerns."""

    votes: int = 0
    ratings: tuple[int, ...] = ()
    concerns: int = 0


def is_split(votes: int, voters: int) -> bool:
    """Votes are split when enough members voted and the idea drew a third to two thirds of them."""
    if voters < SPLIT_MIN_VOTERS or votes == 0:
        return False
    share = votes / voters
    return SPLIT_LOW <= share <= SPLIT_HIGH


def has_low_rating(ratings: Sequence[int]) -> bool:
    """A fist-to-five with any 0, 1 or 2 means someone cannot support the idea yet."""
    return any(fingers <= FINGERS_CONCERN_MAX for fingers in ratings)


def pilot_reasons(tally: Tally, voters: int) -> list[str]:
    """Why the method sends this idea to a pilot (empty when nothing disagrees)."""
    reasons = []
    if is_split(tally.votes, voters):
        reasons.append("split votes")
    if tally.concerns:
        reasons.append("a concern" if tally.concerns == 1 else f"{tally.concerns} concerns")
    if has_low_rating(tally.ratings):
        reasons.append("a fist-to-five of 2 or less")
    return reasons


def settled_status(current: ExperimentStatus, tally: Tally, voters: int) -> ExperimentStatus:
    """Proposed or settle-by-pilot from the tally; other statuses are left as they are."""
    if current not in OPEN_STATUSES:
        return current
    if pilot_reasons(tally, voters):
        return ExperimentStatus.SETTLE_BY_PILOT
    return ExperimentStatus.PROPOSED
