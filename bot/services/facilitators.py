"""The facilitator role: whoever ran `start`, and anyone they name with `facilitator @name`,
moves, pauses and ends the meeting; others pressing the buttons are told who can."""

from __future__ import annotations

from bot.domain.models import Meeting, WorkingGroup
from bot.errors import Forbidden, InvalidInput
from bot.services.groups import GroupService
from bot.store.facilitators import FacilitatorStore


class FacilitatorService:
    """Checks and names the facilitators of a working group's meeting."""

    def __init__(self, store: FacilitatorStore, groups: GroupService, command: str) -> None:
        self._store = store
        self._groups = groups
        self._command = command

    def facilitators(self, group: WorkingGroup, meeting: Meeting | None) -> list[str]:
        """Who may move the meeting: its starter (if one is running), then those named."""
        starter = [meeting.started_by] if meeting is not None else []
        return list(dict.fromkeys([*starter, *self._store.named(group.team_id, group.id)]))

    def require(
        self, group: WorkingGroup, meeting: Meeting | None, user_id: str, doing: str
    ) -> None:
        """Refuse a member who is not a facilitator of the running meeting, naming who can.

        With no meeting running there is nothing to guard: the service says so itself."""
        if meeting is None:
            return
        allowed = self.facilitators(group, meeting)
        if user_id in allowed:
            return
        names = ", ".join(f"<@{u}>" for u in allowed)
        raise Forbidden(
            f"Only the meeting's facilitators ({names}) can {doing}. "
            f"A facilitator can name you with `{self._command} facilitator @you`."
        )

    def name(
        self, group: WorkingGroup, meeting: Meeting | None, asker: str, user_ids: list[str]
    ) -> list[str]:
        """Name facilitators; the asker must be one, unless the group has none yet."""
        if not user_ids:
            raise InvalidInput(f"Name one person: `{self._command} facilitator @name`.")
        current = self.facilitators(group, meeting)
        if current and asker not in current:
            names = ", ".join(f"<@{u}>" for u in current)
            raise Forbidden(f"Only a facilitator ({names}) can name another one.")
        for user_id in user_ids:
            self._store.name(group.team_id, group.id, user_id, asker)
        return self.facilitators(group, meeting)

    def groups_facilitated(self, team_id: str, user_id: str) -> list[WorkingGroup]:
        """The working groups the member facilitates (named with `facilitator @name`, or
        having started one of their meetings), in the order the groups were set up."""
        ids = self._store.groups_of(team_id, user_id)
        return [g for g in self._groups.all(team_id) if g.id in ids]

    def require_facilitates(self, group: WorkingGroup, user_id: str, doing: str) -> None:
        """Refuse a member who does not facilitate the group (a button's value can be forged)."""
        if group.id not in self._store.groups_of(group.team_id, user_id):
            raise Forbidden(
                f"Only the facilitators of <#{group.channel_id}> can {doing}. "
                f"A facilitator can name you with `{self._command} facilitator @you`."
            )
