"""The demo's pulse scene: the 12 members answer through the form in their DMs, and the figures
it prints are those of their answers."""

from __future__ import annotations

import pytest

from bot.domain.models import WorkingGroup
from bot.offline.conversation import DemoConversation
from bot.offline.runner import LocalBot
from bot.offline.scenes import pulse
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, MEMBERS


def test_the_twelve_members_answer_the_demo_pulse(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    capsys: pytest.CaptureFixture[str],
) -> None:
    talk = DemoConversation(slack_api, slack, bot, CHANNEL, {m: f"Member {m}" for m in MEMBERS})

    pulse.play(talk)

    before, today = bot.services.pulse.rounds(group.team_id, [group.id])
    assert (before.answers, today.answers, today.invited) == (12, 12, 12)
    assert today.burnout_counts == {"1": 3, "2": 7, "3": 2, "4": 0, "5": 0}
    printed = capsys.readouterr().out
    # 8 of 12 then 2 of 12 at 3 or more, with their Wilson 95% intervals.
    assert "67% at 3 or more (95% CI 39-86%, n=12)" in printed
    assert "17% at 3 or more (95% CI 5-45%, n=12)" in printed
    # Mentions read as Slack renders them: the channel's name, never its id.
    assert "#primary-care-burden" in printed
    assert "<#" not in printed and "<@" not in printed
