"""ORM tables. Every row carries the Slack workspace (`team_id`) it belongs to, directly or
through its parent, and every repository query filters by it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.clock import utcnow


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        """Store every timestamp in UTC."""
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        """Give back an aware datetime whatever the dialect returned."""
        if value is None:
            return None
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base of all tables."""


class WorkingGroupRow(Base):
    __tablename__ = "working_groups"
    __table_args__ = (UniqueConstraint("team_id", "channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    setting: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting_weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)
    meeting_time: Mapped[str | None] = mapped_column(String(5), nullable=True)
    meeting_tz: Mapped[str | None] = mapped_column(String(64), nullable=True)


class BurdenRow(Base):
    __tablename__ = "burdens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(64), nullable=True)
    who: Mapped[str | None] = mapped_column(String(200), nullable=True)
    frequency: Mapped[str | None] = mapped_column(String(64), nullable=True)
    minutes_each: Mapped[float | None] = mapped_column(Float, nullable=True)
    hours_per_week: Mapped[float | None] = mapped_column(Float, nullable=True)
    satisfaction_cost: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class MeetingRow(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_group_status", "group_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"))
    channel_id: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    started_by: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    thread_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), nullable=True)
    # Optimistic concurrency: two facilitators pressing `next` at once move one step, not two.
    version: Mapped[int] = mapped_column(Integer, default=0)
    # `start 45m`: the meeting's time shared across the five questions; None when not time-boxed.
    time_box_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)


class MeetingStageRow(Base):
    """When a meeting reached each stage: the summary's time per question is the gap between."""

    __tablename__ = "meeting_stages"
    __table_args__ = (UniqueConstraint("meeting_id", "stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    stage: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class MissedOpportunityRow(Base):
    """Valuable work a group does not do today because of its burden (the method's term)."""

    __tablename__ = "missed_opportunities"
    __table_args__ = (Index("ix_missed_opportunities_team_group", "team_id", "group_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"))
    burden_id: Mapped[int | None] = mapped_column(ForeignKey("burdens.id"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ExperimentRow(Base):
    __tablename__ = "experiments"
    __table_args__ = (UniqueConstraint("team_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    number: Mapped[int] = mapped_column(Integer)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), nullable=True)
    question: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24))
    proposed_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    adds_work: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # False until the vector store has it: a Chroma outage loses no idea, it is indexed later.
    indexed: Mapped[bool] = mapped_column(Boolean, default=False)


class VoteRow(Base):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("experiment_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ConsensusRow(Base):
    """A fist-to-five rating (0 blocks, 5 full support) of one member on one idea."""

    __tablename__ = "consensus"
    __table_args__ = (UniqueConstraint("experiment_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    fingers: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ConcernRow(Base):
    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class LetterRow(Base):
    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_read_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    times_read: Mapped[int] = mapped_column(Integer, default=0)


class PilotRow(Base):
    __tablename__ = "pilots"
    __table_args__ = (UniqueConstraint("team_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    number: Mapped[int] = mapped_column(Integer)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"), index=True)
    hypothesis: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[str] = mapped_column(String(32))
    participants: Mapped[int] = mapped_column(Integer, default=1)
    participant_ids: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    cadence_days: Mapped[int] = mapped_column(Integer, default=7)
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16))
    ihi_score: Mapped[float] = mapped_column(Float, default=1.5)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Whose time the pilot gives back (a role of knowledge/roles.yaml), for the cost avoided.
    role: Mapped[str | None] = mapped_column(String(64), nullable=True)


class SpreadOfferRow(Base):
    """An adopted pilot offered to another group of its setting, as a suggested experiment
    there (`experiment_id`), linked to its origin so the summary can count who tried it."""

    __tablename__ = "spread_offers"
    __table_args__ = (UniqueConstraint("pilot_id", "group_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"))
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"))
    offered_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class PilotMeasureRow(Base):
    __tablename__ = "pilot_measures"
    __table_args__ = (UniqueConstraint("pilot_id", "measure_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id"), index=True)
    measure_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    baseline: Mapped[float | None] = mapped_column(Float, nullable=True)
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    min_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_value: Mapped[float | None] = mapped_column(Float, nullable=True)


class ObservationRow(Base):
    __tablename__ = "observations"
    __table_args__ = (Index("ix_observations_measure_day", "pilot_measure_id", "observed_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id"), index=True)
    pilot_measure_id: Mapped[int] = mapped_column(ForeignKey("pilot_measures.id"))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    value: Mapped[float] = mapped_column(Float)
    observed_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class DecisionRow(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_by: Mapped[str] = mapped_column(String(32))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ReminderRow(Base):
    """A message due at a time (pilot check-in, weekly digest); claimed atomically so that
    several replicas send it once."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("team_id", "key"),
        Index("ix_reminders_due", "sent_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(120))  # e.g. "checkin:P-3:2026-11-30"
    kind: Mapped[str] = mapped_column(String(16))
    pilot_id: Mapped[int | None] = mapped_column(ForeignKey("pilots.id"), nullable=True)
    user_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    channel_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The weekly digest's outbox message: the claim is sent once that message is posted.
    outbox_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class LeaderRow(Base):
    __tablename__ = "leaders"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class FacilitatorRow(Base):
    """A member named facilitator of a working group; whoever ran `start` is one too."""

    __tablename__ = "facilitators"
    __table_args__ = (UniqueConstraint("team_id", "group_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"))
    user_id: Mapped[str] = mapped_column(String(32))
    named_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ProcessedEventRow(Base):
    """Slack event ids already handled: a retried delivery (X-Slack-Retry-Num) is acked and
    dropped. The primary key makes the check-and-insert atomic across replicas."""

    __tablename__ = "processed_events"

    event_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ObservationRemovalRow(Base):
    """An observation a member took back (`log P-n undo`): kept here, out of every chart."""

    __tablename__ = "observation_removals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    observation_id: Mapped[int] = mapped_column(Integer)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id"), index=True)
    pilot_measure_id: Mapped[int] = mapped_column(ForeignKey("pilot_measures.id"))
    cycle: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    observed_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    removed_by: Mapped[str] = mapped_column(String(32))
    removed_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class PulseScheduleRow(Base):
    """A group's pulse cadence, when it is not the default (monthly)."""

    __tablename__ = "pulse_schedules"

    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    cadence: Mapped[str] = mapped_column(String(16))
    changed_by: Mapped[str] = mapped_column(String(32))


class PulseRoundRow(Base):
    """One round of a group's anonymous pulse: who was asked, open until `closes_at`."""

    __tablename__ = "pulse_rounds"
    __table_args__ = (
        UniqueConstraint("group_id", "opened_on"),
        Index("ix_pulse_rounds_team", "team_id", "group_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id"))
    opened_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    remind_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class PulseInvitationRow(Base):
    """A member asked in a round, and whether they have answered (to refuse a second answer).

    Written for every member when the round opens; answering only flips `answered`, so no id,
    order or time here follows the order in which people answered."""

    __tablename__ = "pulse_invitations"

    round_id: Mapped[int] = mapped_column(ForeignKey("pulse_rounds.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)


class PulseTallyRow(Base):
    """How many members of a round chose an option of a question: the answers, with no names.

    Every option's row exists from the round's opening (at zero); an answer adds one in place."""

    __tablename__ = "pulse_tallies"

    round_id: Mapped[int] = mapped_column(ForeignKey("pulse_rounds.id"), primary_key=True)
    question: Mapped[str] = mapped_column(String(16), primary_key=True)
    option: Mapped[str] = mapped_column(String(16), primary_key=True)
    answers: Mapped[int] = mapped_column(Integer, default=0)


class OutboxRow(Base):
    """A message the group must see, written in the same transaction as the change it shows,
    then posted by the outbox's sender; `posted_ts` is Slack's ts once it is in the channel."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    blocks: Mapped[str] = mapped_column(Text, default="[]")  # Block Kit JSON
    # Thread under a known ts, or under the ts the `thread_of_id` row gets when it posts.
    thread_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    thread_of_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Posted only after this row is (the letter, then the opening, then question one).
    after_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The opening message: once posted, its ts becomes this meeting's thread.
    meeting_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Who hears, in one line with a Post again button, when it cannot be posted.
    notify_user_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # An attempt reached Slack and its answer was lost (the process died): look before reposting.
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(String(64), nullable=True)
    posted_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class SeenRequestRow(Base):
    """Signed requests and Socket Mode envelopes already taken in, kept until they expire: an
    exact replay is refused. The primary key makes the check-and-insert atomic across replicas."""

    __tablename__ = "seen_requests"

    request_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class SlackNameRow(Base):
    """The last name Slack gave for a workspace, channel or member id, and when: the report shows
    it even when Slack cannot be asked (the CLI, an outage), and asks again once it is old."""

    __tablename__ = "slack_names"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    slack_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
