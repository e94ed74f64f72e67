"""The anonymous pulse in Slack: the invitation and the one reminder (DMs), the form with the
Mini-Z item in its published wording, and the answers to `pulse`."""

from __future__ import annotations

from typing import Any

from bot.blocks import Blocks, context, escape, fit, section
from bot.domain.pulse import HOURS_OPTIONS, MIN_ANSWERS, TOO_FEW, PulseCadence, PulseRound
from bot.knowledge import PulseWording
from bot.services.pulse import OpenedRound, PulseInvitation

OPEN_PULSE = "open_pulse"
PULSE_MODAL = "pulse_modal"
OPTION_TEXT_MAX = 75
ANONYMITY = (
    f"Anonymous: answers are counted without your name, and no figure is shown from fewer "
    f"than {MIN_ANSWERS} answers."
)


def invitation_message(invitation: PulseInvitation) -> tuple[str, Blocks]:
    """The DM that asks a member for this round's pulse."""
    text = (
        f"Pulse for <#{invitation.channel_id}>: two questions, under a minute, anonymous. "
        f"Open until {invitation.closes_at:%Y-%m-%d}."
    )
    return _asking(text, invitation)


def reminder_message(invitation: PulseInvitation) -> tuple[str, Blocks]:
    """The one reminder to a member who has not answered yet."""
    text = (
        f"A reminder, the only one: the pulse for <#{invitation.channel_id}> is open until "
        f"{invitation.closes_at:%Y-%m-%d}. Two questions, anonymous."
    )
    return _asking(text, invitation)


def _asking(text: str, invitation: PulseInvitation) -> tuple[str, Blocks]:
    return text, [
        section(text),
        {
            "type": "actions",
            "block_id": f"pulse_{invitation.round_id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": OPEN_PULSE,
                    "text": {"type": "plain_text", "text": "Answer"},
                    "value": str(invitation.round_id),
                    "style": "primary",
                }
            ],
        },
        context(ANONYMITY),
    ]


def pulse_modal(round_id: int, wording: PulseWording) -> dict[str, Any]:
    """The form: the Mini-Z item with every statement in full, then hours outside work."""
    statements = "\n".join(
        f"*{option}.* {escape(text)}" for option, text in wording.burnout.options.items()
    )
    return {
        "type": "modal",
        "callback_id": PULSE_MODAL,
        "private_metadata": str(round_id),
        "title": {"type": "plain_text", "text": "Pulse"},
        "submit": {"type": "plain_text", "text": "Send anonymously"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*{escape(wording.burnout.question)}*\n{statements}"),
            _radio("burnout", "Your answer", wording.burnout.options),
            _radio("hours", wording.hours.question, wording.hours.options),
            context(ANONYMITY),
        ],
    }


def _radio(block_id: str, label: str, options: dict[str, str]) -> dict[str, Any]:
    """Radio buttons; the Mini-Z options carry their number, as the statements above do."""
    numbered = block_id == "burnout"
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": fit(label, 2000)},
        "element": {
            "type": "radio_buttons",
            "action_id": "value",
            "options": [
                {
                    "text": {
                        "type": "plain_text",
                        "text": fit(f"{key}. {text}" if numbered else text, OPTION_TEXT_MAX),
                    },
                    "value": key,
                }
                for key, text in options.items()
            ],
        },
    }


def thanks_view(answered: PulseRound) -> dict[str, Any]:
    """What replaces the form once the answer is counted."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Pulse"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [
            section(
                f"Thank you: your answer is counted, without your name. "
                f"{answered.answers} of {answered.invited} have answered this round."
            ),
        ],
    }


def cadence_answer(cadence: PulseCadence, command: str) -> str:
    """The answer to `pulse monthly|fortnightly|off`."""
    if cadence is PulseCadence.OFF:
        return f"The group's pulse is off. `{command} pulse monthly` turns it back on."
    return (
        f"The group's anonymous pulse now goes to every member {cadence.value} by direct "
        f"message. `{command} pulse now` sends one at once."
    )


def opened_answer(opened: OpenedRound) -> tuple[str, Blocks]:
    """Tell the channel a round went out."""
    text = (
        f"Anonymous pulse sent by direct message to {opened.reached} of {opened.invited} "
        f"members, open until {opened.round.closes_at:%Y-%m-%d}."
    )
    return text, [section(text), context(ANONYMITY)]


def status_answer(
    cadence: PulseCadence, rounds: list[PulseRound], command: str
) -> tuple[str, Blocks]:
    """`pulse` alone: the cadence and each recent round's figures."""
    head = f"The group's pulse is {cadence.value}."
    lines = [round_line(r) for r in rounds[-6:]] or ["No round yet."]
    text = f"{head} " + " ".join(lines)
    return fit(text, 3000), [
        section(f"*{head}*\n" + "\n".join(f"• {line}" for line in lines)),
        context(
            f"`{command} pulse monthly|fortnightly|off` sets how often; `{command} pulse now` "
            "asks at once. Share at 3 or more on the Mini-Z item, 95% Wilson interval."
        ),
    ]


def round_line(item: PulseRound) -> str:
    """One round: burnout share with its interval and count, and the median hours range."""
    hours = item.median_hours
    hours_text = f"; median hours outside work: {_hours_label(hours)}" if hours else ""
    return (
        f"{item.opened_on.isoformat()}: {_burnout(item)}, "
        f"{item.answers} of {item.invited} answered{hours_text}."
    )


def _burnout(item: PulseRound) -> str:
    """The round's burnout share, or that none is shown and why."""
    if item.burnout is None:
        return f"no burnout figure ({TOO_FEW})"
    return f"burnout {item.burnout_text()}"


def _hours_label(option: str) -> str:
    labels = dict(
        zip(
            HOURS_OPTIONS,
            ("none", "under 1 h", "1-2 h", "2-5 h", "5-10 h", "over 10 h"),
            strict=True,
        )
    )
    return labels[option]
