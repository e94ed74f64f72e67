"""The anonymous frontline pulse: each member of a working group is asked, by direct message at
the group's cadence, the Mini-Z burnout item and their hours of work outside work last week.

`send_due_pulses(now)` opens the rounds that are due and sends the invitations;
`remind_non_responders(now)` reminds, once per round, those who have not answered. Both are
plain functions of the time; `serve`'s background jobs (bot.jobs.schedule) call `run_due`."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from bot.clock import utcnow
from bot.domain.models import WorkingGroup
from bot.domain.pulse import (
    BURNOUT_OPTIONS,
    DEFAULT_CADENCE,
    HOURS_OPTIONS,
    REMIND_AFTER_DAYS,
    ROUND_OPEN_DAYS,
    PulseCadence,
    PulseRound,
    next_round_at,
)
from bot.errors import Forbidden, InvalidInput, WrongStage
from bot.knowledge import PulseWording, load_pulse_wording
from bot.services.groups import GroupService
from bot.settings import Settings
from bot.store.database import Database
from bot.store.pulse import PulseStore

log = logging.getLogger(__name__)


class PulseInvitation(BaseModel):
    """What one member is sent: which round, for which group, open until when."""

    model_config = ConfigDict(frozen=True)

    team_id: str
    user_id: str
    round_id: int
    channel_id: str
    setting: str
    closes_at: datetime


class PulseMessenger(Protocol):
    """Reaches members (Slack direct messages in the running bot)."""

    def members(self, team_id: str, channel_id: str) -> list[str] | None:
        """The people of a channel, bots left out; None when Slack will not say."""

    def send_invitation(self, invitation: PulseInvitation) -> None:
        """Ask one member; raise when it could not be sent."""

    def send_reminder(self, invitation: PulseInvitation) -> None:
        """Remind one member who has not answered; raise when it could not be sent."""


class OpenedRound(BaseModel):
    """A round just opened, and how many members the invitation reached."""

    model_config = ConfigDict(frozen=True)

    round: PulseRound
    invited: int
    reached: int


class PulseService:
    """Cadences, rounds, anonymous answers and the figures they may show."""

    def __init__(
        self,
        store: PulseStore,
        groups: GroupService,
        wording: PulseWording,
        command: str = "/unburden",
    ) -> None:
        self.wording = wording  # the questions as knowledge/pulse.yaml words them
        self._store = store
        self._groups = groups
        self._command = command
        self._messenger: PulseMessenger | None = None

    # -- the verb -------------------------------------------------------------------------

    def set_cadence(self, team_id: str, channel_id: str, user_id: str, text: str) -> PulseCadence:
        """`pulse monthly|fortnightly|off` in a working group's channel."""
        group = self._groups.require(team_id, channel_id)
        try:
            cadence = PulseCadence(text.strip().lower())
        except ValueError:
            raise InvalidInput(
                f"Type `{self._command} pulse monthly`, `fortnightly`, `off` or `now`."
            ) from None
        self._store.set_cadence(team_id, group.id, cadence, user_id)
        return cadence

    def cadence(self, team_id: str, group_id: int) -> PulseCadence:
        """The group's cadence (monthly unless it chose another)."""
        return self._store.cadences(team_id, [group_id]).get(group_id, DEFAULT_CADENCE)

    def open_now(self, team_id: str, channel_id: str, now: datetime | None = None) -> OpenedRound:
        """`pulse now`: open a round for the group at once and send the invitations."""
        group = self._groups.require(team_id, channel_id)
        moment = now or utcnow()
        current = self.open_round(team_id, group.id, moment)
        if current is not None:
            raise WrongStage(
                f"A pulse is open until {current.closes_at:%Y-%m-%d}: "
                f"{current.answers} of {current.invited} have answered."
            )
        opened = self._open(group, moment)
        if opened is None:
            raise WrongStage("A pulse round already opened today; the next one can open tomorrow.")
        return opened

    def open_round(self, team_id: str, group_id: int, now: datetime) -> PulseRound | None:
        """The group's round still taking answers, if any."""
        rounds = self._store.rounds(team_id, [group_id])
        return next((r for r in reversed(rounds) if r.is_open(now)), None)

    def rounds(self, team_id: str, group_ids: Collection[int] | None = None) -> list[PulseRound]:
        """Rounds of the workspace (or of some groups), oldest first, with their counts."""
        return self._store.rounds(team_id, group_ids)

    # -- answering ------------------------------------------------------------------------

    def answerable(self, team_id: str, round_id: int, user_id: str, now: datetime) -> PulseRound:
        """The round a member may still answer; a user error says why not."""
        found = self._store.round(team_id, round_id)
        answered = self._store.invited(team_id, round_id, user_id)
        if found is None or answered is None:
            raise Forbidden("This pulse was sent to someone else; yours comes in your own DM.")
        if answered:
            raise WrongStage(
                "You have already answered this round. Answers are kept without names, "
                "so they cannot be changed; the next round will ask again."
            )
        if not found.is_open(now):
            raise WrongStage("This pulse round has closed; the next round will ask again.")
        return found

    def answer(
        self, team_id: str, round_id: int, user_id: str, burnout: str, hours: str,
        now: datetime | None = None,
    ) -> PulseRound:  # fmt: skip
        """Count one member's answer, anonymously and once per round."""
        moment = now or utcnow()
        if burnout not in BURNOUT_OPTIONS:
            raise InvalidInput("Choose one of the five answers about burnout.")
        if hours not in HOURS_OPTIONS:
            raise InvalidInput("Choose how many hours of work you did outside work last week.")
        self.answerable(team_id, round_id, user_id, moment)
        if not self._store.record_answer(team_id, round_id, user_id, burnout, hours, moment):
            # Another answer from the same person won the race, or the round just closed.
            self.answerable(team_id, round_id, user_id, moment)
            raise WrongStage("Your answer could not be counted; the round may have closed.")
        counted = self._store.round(team_id, round_id)
        assert counted is not None
        return counted

    # -- periodic work --------------------------------------------------------------------

    def send_due_pulses(self, now: datetime) -> int:
        """Open every group's round that is due by `now` and send it; returns rounds opened."""
        if self._messenger is None:
            return 0
        opened = 0
        by_team: dict[str, list[WorkingGroup]] = {}
        for group in self._groups.all_workspaces():
            by_team.setdefault(group.team_id, []).append(group)
        for team_id, groups in by_team.items():
            ids = [g.id for g in groups]
            cadences = self._store.cadences(team_id, ids)
            latest = self._store.latest_opened(team_id, ids)
            for group in groups:
                cadence = cadences.get(group.id, DEFAULT_CADENCE)
                due = next_round_at(cadence, latest.get(group.id), group.created_at)
                if due is None or due > now:
                    continue
                try:
                    if self._open(group, now) is not None:
                        opened += 1
                except Exception:  # noqa: BLE001 - one group's failure must not stop the others
                    log.exception("pulse for group %s (team %s) failed", group.id, team_id)
        return opened

    def remind_non_responders(self, now: datetime) -> int:
        """Remind, once per round, the members who have not answered; returns reminders sent."""
        if self._messenger is None:
            return 0
        sent = 0
        for due in self._store.due_reminders(now):
            group = self._groups.by_id(due.team_id, due.group_id)
            if group is None:
                continue
            for user_id in self._store.claim_reminder(due.id, now):
                try:
                    self._messenger.send_reminder(_invitation(due, group, user_id))
                    sent += 1
                except Exception:  # noqa: BLE001 - never a second reminder, so log and go on
                    log.warning("pulse reminder for round %s could not be sent", due.id)
        return sent

    def run_due(self, now: datetime | None = None) -> None:
        """Both periodic steps, for a scheduler."""
        moment = now or utcnow()
        self.send_due_pulses(moment)
        self.remind_non_responders(moment)

    def attach(self, messenger: PulseMessenger) -> None:
        """Give the service the way to reach members; until then nothing is sent."""
        self._messenger = messenger

    def _open(self, group: WorkingGroup, now: datetime) -> OpenedRound | None:
        """Open a round for the group's current members and send each an invitation."""
        if self._messenger is None:
            raise WrongStage("The pulse cannot reach members right now; try again in a minute.")
        members = self._messenger.members(group.team_id, group.channel_id)
        if members is None:
            raise Forbidden(
                f"I could not read who is in <#{group.channel_id}>. "
                "Invite me there with `/invite @Unburden`."
            )
        opened = self._store.open_round(
            group.team_id,
            group.id,
            opened_at=now,
            closes_at=now + timedelta(days=ROUND_OPEN_DAYS),
            remind_at=now + timedelta(days=REMIND_AFTER_DAYS),
            members=members,
        )
        if opened is None:
            return None
        reached = 0
        for user_id in sorted(set(members)):
            try:
                self._messenger.send_invitation(_invitation(opened, group, user_id))
                reached += 1
            except Exception:  # noqa: BLE001 - the others still get theirs
                log.warning("pulse invitation of round %s could not be sent", opened.id)
        return OpenedRound(round=opened, invited=len(set(members)), reached=reached)


def _invitation(opened: PulseRound, group: WorkingGroup, user_id: str) -> PulseInvitation:
    return PulseInvitation(
        team_id=group.team_id,
        user_id=user_id,
        round_id=opened.id,
        channel_id=group.channel_id,
        setting=group.setting,
        closes_at=opened.closes_at,
    )


def build_pulse_service(
    settings: Settings, database: Database, groups: GroupService
) -> PulseService:
    """The pulse over its store, with the wording of the configured knowledge folder."""
    return PulseService(
        PulseStore(database),
        groups,
        load_pulse_wording(settings.unburden_knowledge_dir),
        settings.unburden_command,
    )
