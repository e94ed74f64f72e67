"""Socket Mode as Slack runs it: the bot keeps answering through refreshes, drops and closes,
runs a redelivered envelope once, and stops in one line when Slack refuses its app token."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_payloads import slash_command_form
from bot.offline.socket_bot import SocketModeBot
from bot.offline.socket_mode import SocketModeStandIn
from bot.settings import Settings
from bot.store.tables import ExperimentRow
from tests.conftest import CHANNEL
from tests.listeners.meeting_support import warm_detector
from tests.socket_mode.socket_support import SocketSlack


def set_up_group(socket_slack: SocketSlack, slack_api: FakeSlackApi) -> None:
    since = slack_api.mark()
    socket_slack.type_verb("setup primary care")
    slack_api.wait_for("response_url", since=since, timeout=30)


def ideas_stored(bot: SocketModeBot) -> int:
    with bot.services.database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ExperimentRow)) or 0)


def test_a_command_over_the_socket_sets_up_the_group(
    socket_bot: SocketModeBot, socket_slack: SocketSlack, slack_api: FakeSlackApi
) -> None:
    set_up_group(socket_slack, slack_api)

    assert socket_bot.services.groups.find(slack_api.team_id, CHANNEL) is not None


def test_after_a_refresh_the_bot_answers_on_the_new_connection(
    socket_bot: SocketModeBot,
    socket_slack: SocketSlack,
    stand_in: SocketModeStandIn,
    slack_api: FakeSlackApi,
) -> None:
    opened = stand_in.connections_made
    stand_in.refresh()
    # Someone types a command at once: its ack is due 3 s later, whether connected or not.
    set_up_group(socket_slack, slack_api)

    assert stand_in.connections_made > opened


def test_after_an_abrupt_drop_the_bot_reconnects_and_answers(
    socket_bot: SocketModeBot,
    socket_slack: SocketSlack,
    stand_in: SocketModeStandIn,
    slack_api: FakeSlackApi,
) -> None:
    opened = stand_in.connections_made
    stand_in.drop()
    # Someone types a command at once: its ack is due 3 s later, whether connected or not.
    set_up_group(socket_slack, slack_api)

    assert stand_in.connections_made > opened


def test_after_a_clean_close_the_bot_reconnects_and_answers(
    socket_bot: SocketModeBot,
    socket_slack: SocketSlack,
    stand_in: SocketModeStandIn,
    slack_api: FakeSlackApi,
) -> None:
    opened = stand_in.connections_made
    stand_in.close_cleanly()
    # Someone types a command at once: its ack is due 3 s later, whether connected or not.
    set_up_group(socket_slack, slack_api)

    assert stand_in.connections_made > opened


@pytest.mark.slow
def test_a_redelivered_idea_envelope_records_the_idea_once(
    socket_bot: SocketModeBot,
    socket_slack: SocketSlack,
    stand_in: SocketModeStandIn,
    slack_api: FakeSlackApi,
) -> None:
    warm_detector()
    set_up_group(socket_slack, slack_api)
    since = slack_api.mark()
    socket_slack.type_verb("start")
    slack_api.wait_for("chat.postMessage", since=since, after=2, timeout=60)
    origin = socket_slack.origin("U002", CHANNEL)
    trigger_id = slack_api.new_trigger_id()
    response_url = slack_api.new_response_url(channel=CHANNEL)
    text = "idea Stop faxing discharge summaries the portal already shows"

    payload = slash_command_form(origin, "/unburden", text, response_url, trigger_id)
    first = stand_in.send("slash_commands", payload)
    stand_in.wait_for_ack(first)
    wait_until(lambda: ideas_stored(socket_bot) == 1)
    # Slack did not see the ack and delivers the same envelope again.
    stand_in.send("slash_commands", payload, envelope_id=first)

    assert stand_in.wait_for_ack(first, count=2).in_time
    time.sleep(1.0)  # time for a second, wrongful idea to be stored and posted
    assert ideas_stored(socket_bot) == 1
    assert not [c for c in slack_api.calls_to("chat.postMessage") if "E-2" in str(c.args)]


def test_a_refused_app_token_stops_serve_with_one_line(
    socket_settings: Settings,
    slack_api: FakeSlackApi,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = socket_settings
    for name, value in {
        "SLACK_BOT_TOKEN": slack_api.bot_token,
        "SLACK_APP_TOKEN": "xapp-1-A0001-revoked",
        "SLACK_API_URL": slack_api.url,
        "UNBURDEN_DATA_DIR": str(settings.unburden_data_dir.parent / "second"),
        "PORT": str(free_port()),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(settings.unburden_data_dir.parent)
    caplog.set_level(logging.INFO)

    code = main(["serve"])

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "SLACK_APP_TOKEN" in err and "invalid_auth" in err
    # Records of this thread only: earlier tests' background work may still be logging.
    mine = [r for r in caplog.records if r.thread == threading.get_ident()]
    assert not [r for r in mine if r.exc_info or r.levelno >= logging.ERROR]


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
