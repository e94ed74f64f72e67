"""Which three verbs fit the moment in a channel, for a short help answer."""

from __future__ import annotations

from bot.services.groups import GroupService
from bot.services.meetings import MeetingService

# The verbs that fit each moment, in the order a member is likely to need them.
NO_GROUP = ("setup", "find", "summary")
NO_MEETING = ("add", "start", "missed")
IN_MEETING = ("idea", "vote", "next")
AT_REVIEW = ("vote", "end", "find")


def verbs_for_moment(
    groups: GroupService, meetings: MeetingService, team_id: str, channel_id: str
) -> tuple[str, ...]:
    """Three verb names: to set up a group, to prepare and start a meeting, to take part in
    one, or to close it at review."""
    if groups.find(team_id, channel_id) is None:
        return NO_GROUP
    meeting = meetings.open_meeting(team_id, channel_id)
    if meeting is None:
        return NO_MEETING
    return IN_MEETING if meeting.stage.asks_for_ideas else AT_REVIEW
