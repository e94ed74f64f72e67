"""What leaders read instead of Slack ids: a workspace's, channels' and members' names, as last
learnt from Slack, with the id itself standing in for any name not known (yet, or any more)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class MemberName(str):
    """A workspace member's name as Slack's directory gives it (users.info): staff, never a
    patient, so the report prints it as it is instead of passing it through the identifier
    check that every typed text goes through (which reads "Ben Okafor" as a patient's name)."""

    __slots__ = ()


class NameKind(StrEnum):
    """What a Slack id names."""

    WORKSPACE = "workspace"
    CHANNEL = "channel"
    PERSON = "person"


@dataclass(frozen=True)
class SlackNames:
    """Names by (kind, id); every lookup answers, with the id when no name is known."""

    known: dict[tuple[NameKind, str], str] = field(default_factory=dict)

    def name_of(self, kind: NameKind, slack_id: str) -> str | None:
        """The known name, or None."""
        return self.known.get((kind, slack_id)) or None

    def workspace(self, team_id: str) -> str:
        """The workspace's name, like "Riverside Health", or its id."""
        return self.name_of(NameKind.WORKSPACE, team_id) or team_id

    def channel(self, channel_id: str) -> str:
        """The channel as Slack shows it, like "#icu-burden", or "#C0123" when not known."""
        return "#" + (self.name_of(NameKind.CHANNEL, channel_id) or channel_id)

    def person(self, user_id: str) -> MemberName:
        """A member's display name, like "Amara O.", or their id."""
        return MemberName(self.name_of(NameKind.PERSON, user_id) or user_id)
