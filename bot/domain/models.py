"""The domain's nouns as pydantic models: what services pass around and views render."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.questions import Question

# What `proposed_by` holds for an idea posted without a name: nobody's id is kept.
ANONYMOUS = ""
GROUP_SIZE_MIN = 8
GROUP_SIZE_MAX = 15


class Model(BaseModel):
    """Base of every domain model: immutable once built."""

    model_config = ConfigDict(frozen=True, from_attributes=True)


class WorkingGroup(Model):
    """A channel that works on one clinical setting's burdens."""

    id: int
    team_id: str
    channel_id: str
    setting: str
    created_by: str
    created_at: datetime
    paused: bool = False
    meeting_weekday: int | None = Field(default=None, ge=0, le=6)
    meeting_time: str | None = None  # "HH:MM" in meeting_tz
    meeting_tz: str | None = None


class GroupSize(Model):
    """How many people are in a group's channel, judged against the method's 8-15."""

    members: int

    @property
    def in_range(self) -> bool:
        """Whether the group has the 8 to 15 stakeholders the method asks for."""
        return GROUP_SIZE_MIN <= self.members <= GROUP_SIZE_MAX

    @property
    def advice(self) -> str | None:
        """A one-line warning when the size is outside 8-15, else None."""
        if self.members < GROUP_SIZE_MIN:
            return (
                f"The method works best with {GROUP_SIZE_MIN}-{GROUP_SIZE_MAX} people; this channel "
                f"has {self.members}. Invite the roles who live with these burdens: physicians, "
                "nurses, medical assistants, schedulers, billers."
            )
        if self.members > GROUP_SIZE_MAX:
            return (
                f"The method works best with {GROUP_SIZE_MIN}-{GROUP_SIZE_MAX} people; this channel "
                f"has {self.members}. Consider splitting by setting or naming a core group."
            )
        return None


class Burden(Model):
    """A task that costs clinicians or staff time or joy."""

    id: int
    team_id: str
    group_id: int
    title: str
    source: str | None = None
    who: str | None = None
    frequency: str | None = None
    minutes_each: float | None = None
    hours_per_week: float | None = None
    satisfaction_cost: int | None = Field(default=None, ge=1, le=5)
    created_by: str
    created_at: datetime


class MeetingStatus(StrEnum):
    """Whether a meeting is under way."""

    OPEN = "open"
    CLOSED = "closed"


class Meeting(Model):
    """One facilitated session of a group, walking the questions in order."""

    id: int
    team_id: str
    group_id: int
    channel_id: str
    stage: Question
    status: MeetingStatus
    started_by: str
    started_at: datetime
    ended_at: datetime | None = None
    thread_ts: str | None = None
    letter_id: int | None = None
    version: int = 0


class ExperimentStatus(StrEnum):
    """Where a proposal stands; every proposal leaves a meeting with one of these, visibly."""

    PROPOSED = "proposed"
    SETTLE_BY_PILOT = "settle_by_pilot"
    PARKED = "parked"
    PROTECTED = "protected"
    PILOTING = "piloting"
    ADOPTED = "adopted"
    ADAPTED = "adapted"
    ABANDONED = "abandoned"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        """The words a member reads."""
        return self.value.replace("_", " ")


class MicroExperiment(Model):
    """An idea for a change, recorded under a question; short id `E-<number>` per workspace."""

    id: int
    team_id: str
    number: int
    group_id: int
    meeting_id: int | None
    question: Question
    text: str
    status: ExperimentStatus
    proposed_by: str
    created_at: datetime
    adds_work: bool = False
    decided_at: datetime | None = None

    @property
    def short_id(self) -> str:
        """The id members type, like E-12."""
        return f"E-{self.number}"

    @property
    def anonymous(self) -> bool:
        """Posted without a name: the author was never stored (`proposed_by` is ANONYMOUS)."""
        return self.proposed_by == ANONYMOUS


class Letter(Model):
    """A de-identified patient letter read at the start of a meeting."""

    id: int
    team_id: str
    text: str
    added_by: str
    created_at: datetime
    last_read_at: datetime | None = None
    times_read: int = 0


class PilotStatus(StrEnum):
    """A pilot's state across PDSA cycles."""

    ACTIVE = "active"
    ADOPTED = "adopted"
    ABANDONED = "abandoned"


class Pilot(Model):
    """A micro-experiment under test, with measures; short id `P-<number>` per workspace."""

    id: int
    team_id: str
    number: int
    experiment_id: int
    group_id: int
    hypothesis: str
    owner_id: str
    participants: int = Field(default=1, ge=1)
    start_date: date
    end_date: date | None = None
    cadence_days: int = Field(default=7, ge=1)
    cycle: int = 1
    status: PilotStatus = PilotStatus.ACTIVE
    ihi_score: float = 1.5
    created_at: datetime
    role: str | None = None  # whose time it gives back: a role id of knowledge/roles.yaml

    @property
    def short_id(self) -> str:
        """The id members type, like P-3."""
        return f"P-{self.number}"


class PilotMeasure(Model):
    """A measure a pilot tracks, with its baseline and target."""

    id: int
    pilot_id: int
    measure_id: str
    name: str
    unit: str
    direction: str  # "lower" or "higher" is better
    kind: str  # human_time, satisfaction, quality, financial, other
    baseline: float | None = None
    target: float | None = None
    min_value: float | None = None
    max_value: float | None = None


class Observation(Model):
    """One value of a pilot measure on a day."""

    id: int
    pilot_id: int
    pilot_measure_id: int
    cycle: int
    value: float
    observed_on: date
    recorded_by: str
    created_at: datetime
