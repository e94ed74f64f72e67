"""Pilot check-ins: due ones are sent once, by one replica, and survive a restart."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from bot.domain.models import Pilot
from bot.jobs.checkins import WorkspaceCheckIns
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.services.reminders import CHECKIN_KIND, ReminderService
from bot.settings import Settings
from bot.store.digests import DIGEST_KIND
from bot.store.pilots import PilotStore
from bot.store.reminders import ReminderStore
from tests.conftest import CHANNEL, FACILITATOR
from tests.pilot_support import add_experiment, start_pilot

START = date(2026, 11, 2)  # a Monday; weekly check-ins fall on 9, 16, 23 November at 14:00 UTC
FIRST_DUE = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    """The clock stopped on the pilot's first day, in the morning."""
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def new_pilot(bot: LocalBot, slack_api: FakeSlackApi, owner: str = FACILITATOR) -> Pilot:
    """A group in CHANNEL (set up once) and a fresh weekly pilot starting on START."""
    group = bot.services.groups.find(slack_api.team_id, CHANNEL)
    if group is None:
        group = bot.services.groups.setup(
            slack_api.team_id, CHANNEL, FACILITATOR, "primary care", 12
        ).group
    return start_pilot(bot, add_experiment(bot, group), CHANNEL, start=START, owner=owner)


def checkins(slack_api: FakeSlackApi) -> list[ApiCall]:
    """Check-in messages posted in direct messages."""
    return [
        call
        for call in slack_api.calls_to("chat.postMessage")
        if call.ok and (call.channel or "").startswith("D") and "Check-in for pilot" in call.text
    ]


def test_due_checkin_is_sent_once_to_the_owner_with_a_log_button(
    frozen: time_machine.Coordinates, bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    pilot = new_pilot(bot, slack_api)
    reminders = bot.services.pilots.reminders

    assert reminders.run_due(FIRST_DUE - timedelta(minutes=1)) == 0
    assert reminders.run_due(FIRST_DUE) == 1
    assert reminders.run_due(FIRST_DUE + timedelta(hours=1)) == 0

    [sent] = checkins(slack_api)
    opened = slack_api.calls_to("conversations.open")[-1]
    assert opened.args["users"] == FACILITATOR
    assert "P-1" in sent.text
    assert "open_log_modal" in str(sent.args["blocks"])
    [following] = reminders.pending(pilot)
    assert following.key == "checkin:P-1:2026-11-16"


def test_checkin_uses_the_frozen_clock_when_no_time_is_given(
    frozen: time_machine.Coordinates, bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    new_pilot(bot, slack_api)
    reminders = bot.services.pilots.reminders

    assert reminders.run_due() == 0
    frozen.move_to(FIRST_DUE + timedelta(minutes=5))
    assert reminders.run_due() == 1
    assert len(checkins(slack_api)) == 1


def test_two_replicas_running_at_once_send_each_checkin_once(
    frozen: time_machine.Coordinates, bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    pilots = [new_pilot(bot, slack_api, owner=f"U{n:03d}") for n in range(1, 7)]
    database = bot.services.database
    replicas = [bot.services.pilots.reminders]
    for name in ("replica-2", "replica-3"):
        other = ReminderService(ReminderStore(database), PilotStore(database), instance=name)
        other.attach(WorkspaceCheckIns(bot.services.clients))
        replicas.append(other)
    start = threading.Barrier(len(replicas))
    sent: list[int] = []

    def run(replica: ReminderService) -> None:
        start.wait()
        sent.append(replica.run_due(FIRST_DUE))

    threads = [threading.Thread(target=run, args=(replica,)) for replica in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sum(sent) == len(pilots)
    owners = sorted(c.args["users"] for c in slack_api.calls_to("conversations.open"))
    assert owners == sorted(p.owner_id for p in pilots)
    assert len(checkins(slack_api)) == len(pilots)


def test_checkins_survive_a_restart_on_the_same_database(
    frozen: time_machine.Coordinates, settings: Settings, slack_api: FakeSlackApi
) -> None:
    with LocalBot(settings) as before_restart:
        pilot = new_pilot(before_restart, slack_api)

    with LocalBot(settings) as after_restart:
        assert after_restart.services.pilots.reminders.run_due(FIRST_DUE) == 1
        assert after_restart.services.pilots.reminders.pending(pilot)[0].key.endswith("11-16")

    assert len(checkins(slack_api)) == 1


def test_a_failed_send_is_tried_again_on_the_next_run(
    frozen: time_machine.Coordinates, bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    new_pilot(bot, slack_api)
    reminders = bot.services.pilots.reminders
    slack_api.fail("chat.postMessage", error="fatal_error")

    assert reminders.run_due(FIRST_DUE) == 0
    assert reminders.run_due(FIRST_DUE + timedelta(minutes=1)) == 1
    assert len(checkins(slack_api)) == 1


def test_no_checkin_for_a_pilot_closed_before_it_was_due(
    frozen: time_machine.Coordinates, bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    pilot = new_pilot(bot, slack_api)
    bot.services.pilots.decide(pilot.team_id, FACILITATOR, "P-1 abandon no longer needed")

    assert bot.services.pilots.reminders.run_due(FIRST_DUE) == 0
    assert checkins(slack_api) == []


def test_checkin_sweep_never_claims_a_digest_row(
    frozen: time_machine.Coordinates, bot: LocalBot, slack_api: FakeSlackApi
) -> None:
    new_pilot(bot, slack_api)
    store = ReminderStore(bot.services.database)
    store.schedule(slack_api.team_id, "digest:2026-W45", DIGEST_KIND, FIRST_DUE, channel_id="D1")

    claimed = store.claim_due(CHECKIN_KIND, FIRST_DUE, "replica-a")

    assert [r.kind for r in claimed] == [CHECKIN_KIND]
    assert store.claim_due(DIGEST_KIND, FIRST_DUE, "replica-b")[0].key == "digest:2026-W45"
