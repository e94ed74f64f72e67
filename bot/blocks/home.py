"""The App Home tab: a member's own pilots and check-ins due, a Start meeting button for each
group they facilitate; for a leader, the portfolio too."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import ButtonElement, MarkdownTextObject, SectionBlock

from bot.blocks import VIEW_BLOCKS_MAX, Blocks, cap, context, divider, escape, fit, header, section
from bot.blocks.pilots import OPEN_LOG_MODAL
from bot.blocks.portfolio import portfolio_blocks
from bot.domain.models import WorkingGroup
from bot.domain.portfolio import MemberHome, PilotFigures

OWN_PILOTS_MAX = 10
CHECKINS_MAX = 10
FACILITATED_MAX = 10
START_MEETING = "home_start_meeting"


def home_view(
    home: MemberHome, command: str, facilitated: Sequence[WorkingGroup] = ()
) -> dict[str, Any]:
    """The Home tab for one member; `facilitated` are the groups they can start a meeting of."""
    blocks: Blocks = [header("Unburden")]
    if not home.groups:
        blocks.append(
            section(
                "No working group yet. In a channel of 8-15 colleagues from one clinical setting, "
                f"type `{command} setup primary care` (or your setting) to begin."
            )
        )
    else:
        channels = " ".join(f"<#{channel}>" for channel in home.groups[:30])
        blocks.append(context(f"Working groups: {channels}"))
    blocks += start_meeting_blocks(facilitated)
    blocks += checkin_blocks(home, command) + own_pilot_blocks(home, command)
    if home.portfolio is not None:
        blocks += [divider(), *portfolio_blocks(home.portfolio, command, title="Portfolio")]
        blocks.append(
            context(
                "*Send me the summary* sends this with charts in a direct message; *Get the "
                "report* shares the full report as a file there."
            )
        )
    return {"type": "home", "blocks": cap(blocks, VIEW_BLOCKS_MAX)}


def start_meeting_blocks(facilitated: Sequence[WorkingGroup]) -> Blocks:
    """A Start meeting button for each group the member facilitates."""
    if not facilitated:
        return []
    blocks: Blocks = [section("*Meetings you facilitate*")]
    for group in facilitated[:FACILITATED_MAX]:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=f"<#{group.channel_id}>, {escape(group.setting)}"),
                accessory=ButtonElement(
                    text="Start meeting",
                    action_id=START_MEETING,
                    value=group.channel_id,
                    style="primary",
                ),
            ).to_dict()
        )
    return blocks


def checkin_blocks(home: MemberHome, command: str) -> Blocks:
    """Check-ins the member is due to log soon."""
    if not home.checkins:
        return []
    blocks: Blocks = [section("*Check-ins due*")]
    for checkin in home.checkins[:CHECKINS_MAX]:
        due = (
            f"<!date^{int(checkin.due_at.timestamp())}^{{date_short_pretty}}"
            f"|{checkin.due_at:%Y-%m-%d}>"
        )
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{checkin.short_id}* in <#{checkin.channel_id}>, due {due}"
                ),
                accessory=ButtonElement(
                    text="Log value", action_id=OPEN_LOG_MODAL, value=str(checkin.pilot_number)
                ),
            ).to_dict()
        )
    blocks.append(context(f"Or type `{command} log P-<number> <measure> <value>`."))
    return blocks


def own_pilot_blocks(home: MemberHome, command: str) -> Blocks:
    """The pilots this member owns, active first."""
    if not home.own_pilots:
        return [
            section(
                "*Your pilots*: none yet. Turn an idea into a measured pilot with "
                f"`{command} pilot E-<number>` in your group's channel."
            )
        ]
    lines = [pilot_line(pilot) for pilot in home.own_pilots[:OWN_PILOTS_MAX]]
    if len(home.own_pilots) > OWN_PILOTS_MAX:
        lines.append(f"… and {len(home.own_pilots) - OWN_PILOTS_MAX} more.")
    return [section("*Your pilots*\n" + "\n".join(lines))]


def pilot_line(pilot: PilotFigures) -> str:
    """One pilot: id, group, status and its latest reading."""
    reading = next((m for m in pilot.measures if m.judgement is not None), None)
    said = reading.judgement.plain_text("weeks") if reading and reading.judgement else "no data yet"
    return fit(
        f"• *{pilot.short_id}* in <#{pilot.channel_id}> ({pilot.status}): "
        f"{escape(fit(pilot.hypothesis, 100))}. {escape(said)}",
        500,
    )
