"""Meeting buttons: next question, end and summarise (after Slack's confirmation dialog), and the
buttons that open the burden and letter forms. Only the meeting's facilitators move or end it;
others are told who can. Each click is acked at once; the work runs after the ack."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.blocks.burdens import OPEN_BURDEN_MODAL, burden_modal
from bot.blocks.home import START_MEETING
from bot.blocks.letters import OPEN_LETTER_MODAL, letter_modal
from bot.blocks.meeting import MEETING_END, MEETING_NEXT, UNPARK_IDEA, unparked_blocks
from bot.errors import InvalidInput
from bot.listeners.meeting_posts import (
    MeetingMessages,
    NextQuestionMessages,
    after_next,
    after_start,
    after_summary,
    tell_if_waiting,
)
from bot.slack.kit import Interaction, Kit


def acknowledge(ack: Ack) -> None:
    """Every button is acked empty at once."""
    ack()


def require_facilitator(ix: Interaction, doing: str) -> None:
    """Refuse a member who is not a facilitator of the meeting running in this channel."""
    group = ix.require_group()
    meeting = ix.services.meetings.open_meeting(ix.team_id, ix.channel_id)
    ix.services.facilitators.require(group, meeting, ix.user_id, doing)


def start_from_home(ix: Interaction) -> None:
    """App Home's Start meeting: start the meeting in the group's channel just as `start`
    would (the letter, the opening and the first question, through the outbox)."""
    channel_id = ix.action_value
    group = ix.require_group(channel_id)
    ix.services.facilitators.require_facilitates(group, ix.user_id, "start its meetings")
    ix.require_member(channel_id, "start its meetings")
    running = ix.services.meetings.open_meeting(ix.team_id, channel_id)
    if running is not None:
        ix.answer(
            f"A meeting is already running in <#{channel_id}> (at *{running.stage.label}*): "
            f"carry on there, or type `{ix.command} end` there to close it first."
        )
        return
    posts = MeetingMessages(ix.services)
    started, due = ix.services.time_box.start(ix.team_id, channel_id, ix.user_id, "", posts)
    tell_if_waiting(ix.services, started.delivery, ix.answer)
    after_start(ix.services, started, due)


def next_question(ix: Interaction) -> None:
    """Move the meeting on from the question the button was pressed under."""
    require_facilitator(ix, "move the meeting on")
    meeting_id, version = meeting_and_version(ix.action_value)
    posts = NextQuestionMessages(ix.services)
    moved = ix.services.meetings.next(
        ix.team_id, ix.channel_id, posts, meeting_id, version, ix.user_id
    )
    tell_if_waiting(ix.services, moved.delivery, ix.answer)
    after_next(ix.services, moved, posts.due)


def end_meeting(ix: Interaction) -> None:
    """Close the meeting and post its summary (Slack asked the facilitator to confirm first)."""
    require_facilitator(ix, "end the meeting")
    meeting_id, _ = meeting_and_version(ix.action_value)
    posts = MeetingMessages(ix.services)
    ended = ix.services.meetings.end(ix.team_id, ix.channel_id, posts, meeting_id, ix.user_id)
    tell_if_waiting(ix.services, ended.delivery, ix.answer)
    after_summary(ix.services, ended.change)


def open_burden_form(ix: Interaction) -> None:
    """Open the burden form for this channel."""
    ix.open_form(burden_modal(ix.channel_id))


def open_letter_form(ix: Interaction) -> None:
    """Open the letter form."""
    ix.open_form(letter_modal(ix.channel_id))


def propose_parked(ix: Interaction) -> None:
    """Put a parked idea back as proposed and tell the meeting's thread."""
    proposal = ix.services.experiments.unpark(ix.team_id, int(ix.action_value))
    ix.client.chat_postMessage(
        channel=proposal.group.channel_id,
        thread_ts=proposal.meeting.thread_ts,
        text=f"{proposal.experiment.short_id} is proposed again.",
        blocks=unparked_blocks(proposal.experiment, ix.user_id, ix.command),
    )


def register(app: App, kit: Kit) -> None:
    """Listen to the meeting's buttons."""
    for action_id, work in (
        (UNPARK_IDEA, propose_parked),
        (MEETING_NEXT, next_question),
        (MEETING_END, end_meeting),
        (START_MEETING, start_from_home),
        (OPEN_BURDEN_MODAL, open_burden_form),
        (OPEN_LETTER_MODAL, open_letter_form),
    ):
        app.action(action_id)(ack=acknowledge, lazy=[kit.lazy(work)])


def meeting_and_version(value: str) -> tuple[int, int | None]:
    """A button's value: `<meeting id>` or `<meeting id>:<version>`."""
    meeting, _, version = value.partition(":")
    try:
        return int(meeting), int(version) if version else None
    except ValueError:
        raise InvalidInput("That button is out of date: type the verb instead.") from None
