"""Two real `unburden serve` processes on one PostgreSQL database share the work without doubling it.

Slack may deliver an event, or two facilitators may act, on two replicas at the same moment: a
retried event is handled once, two set-ups make one group, two "Next" clicks move one step.
(Reminders and digests are claimed in the database; the pilots' and leaders' service tests show
that only one replica sends each.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from bot.domain.questions import Question
from bot.offline.call_log import ApiCall
from bot.offline.replicas import ServedReplica, serve_environment, start_replicas
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.store.tables import MeetingRow, ProcessedEventRow, WorkingGroupRow
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS, SIGNING_SECRET

pytestmark = pytest.mark.slow


@pytest.fixture
def replicas(
    database_url: str | None, slack_api: FakeSlackApi, tmp_path: Path
) -> Iterator[list[ServedReplica]]:
    """Two replicas started together on one fresh PostgreSQL database."""
    if database_url is None:
        pytest.skip("replicas share a PostgreSQL database: set TEST_DATABASE_URL to run this")
    environment = serve_environment(
        slack_api.url, slack_api.bot_token, SIGNING_SECRET, database_url, tmp_path / "data"
    )
    started = start_replicas(environment, tmp_path, count=2)
    try:
        yield started
    finally:
        for replica in started:
            replica.stop()


@pytest.fixture
def clients(replicas: list[ServedReplica], slack_api: FakeSlackApi) -> list[SignedSlackClient]:
    """One signed client per replica, as Slack reaching each through the load balancer."""
    return [SignedSlackClient(r.url, SIGNING_SECRET, slack_api) for r in replicas]


def count_rows(database_url: str, statement: Any) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(statement) or 0)
    finally:
        engine.dispose()


def at_once(*sends: Callable[[], object]) -> None:
    """Run the sends in parallel threads released by one barrier, and wait for all of them."""
    barrier = threading.Barrier(len(sends))

    def release(send: Callable[[], object]) -> None:
        barrier.wait()
        send()

    threads = [threading.Thread(target=release, args=(send,)) for send in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)


def posted_button(slack_api: FakeSlackApi, action_id: str, timeout: float = 15) -> ApiCall:
    """The latest message the bot posted that carries a button with this action_id."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in reversed(slack_api.calls_to("chat.postMessage")):
            if f'"action_id": "{action_id}"' in repr(call.args.get("blocks")).replace("'", '"'):
                return call
        time.sleep(0.1)
    raise AssertionError(f"no message with a {action_id} button:\n{slack_api.describe_recent()}")


def test_an_event_delivered_to_both_replicas_is_handled_once(
    clients: list[SignedSlackClient], slack_api: FakeSlackApi, database_url: str
) -> None:
    event = {"type": "app_home_opened", "user": FACILITATOR, "tab": "home"}
    event_id = clients[0].new_event_id()

    at_once(
        lambda: clients[0].event(event, event_id=event_id),
        lambda: clients[1].event(event, event_id=event_id, retry_num=1),
    )

    slack_api.wait_for("views.publish", timeout=15)
    time.sleep(1.5)  # time for a second, wrongful publish to show up
    assert len(slack_api.calls_to("views.publish")) == 1
    assert count_rows(database_url, select(func.count()).select_from(ProcessedEventRow)) == 1


def test_two_setups_at_once_on_two_replicas_make_one_group(
    clients: list[SignedSlackClient], slack_api: FakeSlackApi, database_url: str
) -> None:
    at_once(
        lambda: clients[0].command("setup primary care", channel=CHANNEL, user=FACILITATOR),
        lambda: clients[1].command("setup primary care", channel=CHANNEL, user=MEMBERS[1]),
    )

    slack_api.wait_for("response_url", after=1, timeout=15)
    answers = [call.text for call in slack_api.calls_to("response_url")]
    assert all("primary care" in text for text in answers)
    groups = select(func.count()).select_from(WorkingGroupRow)
    assert count_rows(database_url, groups.where(WorkingGroupRow.channel_id == CHANNEL)) == 1


def test_two_next_clicks_on_two_replicas_move_the_meeting_one_step(
    clients: list[SignedSlackClient], slack_api: FakeSlackApi, database_url: str
) -> None:
    clients[0].command("setup primary care", channel=CHANNEL, user=FACILITATOR)
    # The first free text a fresh replica checks waits for its identifier detector (seconds).
    slack_api.wait_for("response_url", timeout=60)
    clients[1].command("start", channel=CHANNEL, user=FACILITATOR)
    question = posted_button(slack_api, "meeting_next")
    since = slack_api.mark()
    clients[0].command(f"facilitator <@{MEMBERS[1]}>", channel=CHANNEL, user=FACILITATOR)
    slack_api.wait_for("response_url", since=since, timeout=15)
    since = slack_api.mark()

    at_once(
        lambda: clients[0].click(question, "meeting_next", user=FACILITATOR),
        lambda: clients[1].click(question, "meeting_next", user=MEMBERS[1]),
    )

    loser = slack_api.wait_for("response_url", since=since, timeout=15)
    assert "Already moved on" in loser.text
    time.sleep(1.0)  # time for a second, wrongful question to show up
    moved = [c for c in slack_api.calls[since:] if c.method == "chat.postMessage"]
    assert len(moved) == 1
    stages = select(MeetingRow.stage).where(MeetingRow.channel_id == CHANNEL)
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            assert list(connection.scalars(stages)) == [Question.AUTOMATE.value]
    finally:
        engine.dispose()
