"""The leaders' view: portfolio figures across groups, and what one member sees on App Home."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from datetime import datetime, timedelta

from bot.clock import utcnow
from bot.domain.models import WorkingGroup
from bot.domain.money import RoleRates, pilot_cost_avoided
from bot.domain.pilots import PilotOutcome
from bot.domain.portfolio import (
    ACTIVE_WINDOW_DAYS,
    STAGNANT_AFTER_DAYS,
    CheckIn,
    MemberHome,
    PilotFigures,
    Portfolio,
    StagnantIdea,
    reading_of,
    same_setting,
)
from bot.domain.pulse import burnout_trend
from bot.services.groups import GroupService
from bot.services.money import load_role_rates
from bot.services.outcomes import OutcomeService
from bot.store.portfolio import PilotScope, PortfolioStore
from bot.store.pulse import PulseStore

CHECKIN_HORIZON = timedelta(days=2)  # "due soon" on App Home


class PortfolioService:
    """Figures a leader reads at a glance; a non-leader sees only the groups they belong to."""

    def __init__(
        self,
        store: PortfolioStore,
        groups: GroupService,
        outcomes: OutcomeService,
        rates: RoleRates | None = None,
    ) -> None:
        self._store = store
        self._groups = groups
        self._outcomes = outcomes  # every pilot figure comes from the pilots feature's outcomes
        self.rates = rates or load_role_rates()  # hourly cost per role, for the cost avoided
        self._pulse = PulseStore(store.database)  # burnout comes from the groups' pulse

    def figures(
        self,
        team_id: str,
        viewer_id: str,
        member_channels: Collection[str] = (),
        now: datetime | None = None,
    ) -> Portfolio:
        """The portfolio a viewer may see: every group for a leader, else their own channels'."""
        if self._groups.is_leader(team_id, viewer_id):
            return self.workspace(team_id, now)
        groups = [g for g in self._store.groups(team_id) if g.channel_id in set(member_channels)]
        return self._portfolio(team_id, groups, "member", now or utcnow())

    def workspace(self, team_id: str, now: datetime | None = None) -> Portfolio:
        """The portfolio of every group of the workspace (leaders, digest, report)."""
        return self._portfolio(team_id, self._store.groups(team_id), "workspace", now or utcnow())

    def team_ids(self) -> list[str]:
        """Workspaces that have working groups."""
        return self._store.team_ids()

    def home(
        self,
        team_id: str,
        user_id: str,
        now: datetime | None = None,
        member_channels: Collection[str] | None = None,
    ) -> MemberHome:
        """A member's App Home: own pilots, check-ins due soon, and the portfolio for leaders.

        A member who is not a leader is shown only the groups whose channels they are in
        (`member_channels`, as Slack lists them); a leader sees every group of the workspace.
        """
        now = now or utcnow()
        groups = self._store.groups(team_id)
        leader = self._groups.is_leader(team_id, user_id)
        shown = [
            g.channel_id
            for g in groups
            if leader or member_channels is None or g.channel_id in set(member_channels)
        ]
        own = self._pilot_figures(team_id, groups, owner_id=user_id)
        channels = {g.id: g.channel_id for g in groups}
        pilots = {p.id: p for p, _ in self._store.pilots(team_id, PilotScope())}
        checkins = tuple(
            CheckIn(
                pilot_number=pilots[pilot_id].number,
                channel_id=channels.get(pilots[pilot_id].group_id, ""),
                due_at=due,
            )
            for pilot_id, due in self._store.checkins_due(team_id, user_id, now + CHECKIN_HORIZON)
            if pilot_id in pilots
        )
        return MemberHome(
            user_id=user_id,
            is_leader=leader,
            groups=tuple(shown),
            own_pilots=tuple(sorted(own, key=lambda p: (p.status != "active", -p.number))),
            checkins=checkins,
            portfolio=self._portfolio(team_id, groups, "workspace", now) if leader else None,
        )

    def _portfolio(
        self, team_id: str, groups: list[WorkingGroup], scope: str, now: datetime
    ) -> Portfolio:
        """Count and read everything for these groups."""
        ids = [g.id for g in groups]
        burdens, hours = self._store.burden_totals(team_id, ids)
        pilots = self._pilot_figures(team_id, groups, group_ids=ids)
        return Portfolio(
            team_id=team_id,
            scope="workspace" if scope == "workspace" else "member",
            generated_at=now,
            groups_total=len(groups),
            groups_active=len(
                self._store.active_group_ids(team_id, ids, now - timedelta(days=ACTIVE_WINDOW_DAYS))
            ),
            burdens_logged=burdens,
            burden_hours_per_week=hours,
            ideas_by_question=self._store.ideas_by_question(team_id, ids),
            pilots_by_status=dict(Counter(p.status for p in pilots)),
            burnout_trend=burnout_trend(self._pulse.rounds(team_id, ids)),
            pilots=tuple(pilots),
            stagnant_ideas=self._stagnant(team_id, groups, now),
            missed_opportunities=tuple(self._store.missed_opportunities(team_id, ids)),
            spread=tuple(self._store.spread(team_id, ids)),
        )

    def _pilot_figures(
        self,
        team_id: str,
        groups: list[WorkingGroup],
        group_ids: list[int] | None = None,
        owner_id: str | None = None,
    ) -> list[PilotFigures]:
        """Every pilot in scope, newest first, with its outcome's figures and where it could
        scale."""
        outcomes = self._outcomes.workspace_outcomes(team_id, group_ids, owner_id)
        by_id = {g.id: g for g in groups}
        peers = _groups_by_setting(self._store.groups(team_id))
        return [
            _figures(outcome, by_id[outcome.pilot.group_id], peers, self.rates)
            for outcome in reversed(outcomes)
            if outcome.pilot.group_id in by_id
        ]

    def _stagnant(
        self, team_id: str, groups: list[WorkingGroup], now: datetime
    ) -> tuple[StagnantIdea, ...]:
        """Ideas that waited over STAGNANT_AFTER_DAYS without a decision."""
        channels = {g.id: g.channel_id for g in groups}
        cutoff = now - timedelta(days=STAGNANT_AFTER_DAYS)
        return tuple(
            StagnantIdea(
                number=idea.number,
                channel_id=channels[idea.group_id],
                question=idea.question.value,
                status=idea.status.value,
                created_at=idea.created_at,
                days_waiting=(now - idea.created_at).days,
                text=idea.text,
            )
            for idea in self._store.waiting_ideas(team_id, list(channels), cutoff)
        )


_PILOT_FIELDS = {
    "id",
    "number",
    "group_id",
    "owner_id",
    "hypothesis",
    "cycle",
    "participants",
    "ihi_score",
    "start_date",
    "created_at",
}


def _figures(
    outcome: PilotOutcome, group: WorkingGroup, peers: dict[str, list[str]], rates: RoleRates
) -> PilotFigures:
    """A leader's view of one pilot: the PilotOutcome's figures, unchanged, and the cost its
    hours reclaimed avoid a year at the rate of the role whose time comes back."""
    pilot = outcome.pilot
    rate = rates.rate(pilot.role)
    return PilotFigures(
        **pilot.model_dump(include=_PILOT_FIELDS),
        status=pilot.status.value,
        experiment_number=int(outcome.experiment_short_id.removeprefix("E-").strip("?") or 0),
        channel_id=group.channel_id,
        setting=group.setting,
        decision=outcome.decisions[-1][1].value if outcome.decisions else None,
        measures=tuple(reading_of(series) for series in outcome.series),
        scale_to=tuple(
            channel
            for channel in peers.get(same_setting(group.setting), ())
            if channel != group.channel_id
        ),
        hours=outcome.hours,
        value_burden=outcome.value_burden,
        rate=rate,
        cost_avoided_per_year=pilot_cost_avoided(
            outcome.hours.hours_per_week if outcome.hours else None, rate
        ),
    )


def _groups_by_setting(groups: list[WorkingGroup]) -> dict[str, list[str]]:
    """Channels of the workspace's groups by clinical setting, compared loosely."""
    found: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        found[same_setting(group.setting)].append(group.channel_id)
    return found
