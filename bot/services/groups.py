"""Making a channel a working group, and finding the group a command belongs to."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bot.domain.models import GroupSize, WorkingGroup
from bot.errors import InvalidInput, NotAWorkingGroup
from bot.store.groups import GroupStore, LeaderStore

SETTING_MAX_CHARS = 80


class SetupResult(BaseModel):
    """What `setup` did: the group, whether it is new, and the channel's size."""

    model_config = ConfigDict(frozen=True)

    group: WorkingGroup
    created: bool
    previous_setting: str | None
    size: GroupSize | None


class GroupService:
    """Working groups of a workspace: one per channel, each for one clinical setting."""

    def __init__(
        self, store: GroupStore, leaders: LeaderStore, admin_leaders: frozenset[str], command: str
    ) -> None:
        self._store = store
        self._leaders = leaders
        self._admin_leaders = admin_leaders
        self._command = command

    def setup(
        self, team_id: str, channel_id: str, user_id: str, setting_text: str, members: int | None
    ) -> SetupResult:
        """Make the channel the working group of a clinical setting (or rename its setting)."""
        setting = " ".join(setting_text.split())
        if not setting:
            raise InvalidInput(
                f"Say which clinical setting this group works on, e.g. `{self._command} setup primary care`."
            )
        if len(setting) > SETTING_MAX_CHARS:
            raise InvalidInput(
                f"That setting name is {len(setting)} characters; keep it under {SETTING_MAX_CHARS}, "
                f"e.g. `{self._command} setup inpatient medicine`."
            )
        before = self._store.by_channel(team_id, channel_id)
        group, created = self._store.upsert(team_id, channel_id, setting, user_id)
        size = GroupSize(members=members) if members is not None else None
        previous = before.setting if before and before.setting != setting else None
        return SetupResult(group=group, created=created, previous_setting=previous, size=size)

    def require(self, team_id: str, channel_id: str) -> WorkingGroup:
        """The channel's group, or a user error that says how to set one up."""
        group = self._store.by_channel(team_id, channel_id)
        if group is None:
            raise NotAWorkingGroup(self._command)
        return group

    def by_id(self, team_id: str, group_id: int) -> WorkingGroup | None:
        """The group with this id in this workspace, if any."""
        return self._store.by_id(team_id, group_id)

    def find(self, team_id: str, channel_id: str) -> WorkingGroup | None:
        """The channel's group, if it is one."""
        return self._store.by_channel(team_id, channel_id)

    def all(self, team_id: str) -> list[WorkingGroup]:
        """Every group of the workspace."""
        return self._store.all(team_id)

    def all_workspaces(self) -> list[WorkingGroup]:
        """Groups of every workspace this deployment serves (operator's report only)."""
        return self._store.every_workspace()

    def is_leader(self, team_id: str, user_id: str) -> bool:
        """Leaders are named in settings or granted in the workspace."""
        return user_id in self._admin_leaders or self._leaders.is_leader(team_id, user_id)

    def grant_leader(self, team_id: str, user_id: str, granted_by: str) -> None:
        """Give a member the leaders' view."""
        self._leaders.grant(team_id, user_id, granted_by)
