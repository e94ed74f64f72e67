"""`unburden serve` as a real process: HTTP mode on PORT, answering Slack's signed requests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR, SIGNING_SECRET

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(url: str, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"serve exited early: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("serve did not become healthy in time")


@pytest.fixture
def served(tmp_path: Path, slack_api: FakeSlackApi, database_url: str | None) -> Iterator[str]:
    port = free_port()
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "UNBURDEN_"))
    }
    env = {
        **clean,
        "SLACK_BOT_TOKEN": slack_api.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api.url,
        "PORT": str(port),
        "UNBURDEN_DATA_DIR": str(tmp_path / "data"),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_answers_a_signed_setup_over_http(served: str, slack_api: FakeSlackApi) -> None:
    client = SignedSlackClient(served, SIGNING_SECRET, slack_api)

    response = client.command("setup primary care", channel=CHANNEL, user=FACILITATOR)

    assert response.status == 200
    # The first command after start waits for the identifier detector, built in the background.
    slack_api.wait_for("response_url", timeout=120)
    assert "primary care working group" in " ".join(slack_api.texts())


def test_serve_refuses_an_unsigned_request(served: str, slack_api: FakeSlackApi) -> None:
    client = SignedSlackClient(served, SIGNING_SECRET, slack_api)

    response = client.raw(
        b"command=%2Funburden&text=help",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status == 401


def test_serve_waits_for_an_unreachable_slack_and_then_serves(
    tmp_path: Path, database_url: str | None
) -> None:
    # Slack's address answers nothing at start (a network still coming up), then comes back.
    slack_port, port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "UNBURDEN_"))},
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"http://127.0.0.1:{slack_port}/api/",
        "PORT": str(port),
        "UNBURDEN_DATA_DIR": str(tmp_path / "data"),
        **({"DATABASE_URL": database_url} if database_url else {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    slack = FakeSlackApi(port=slack_port)
    try:
        assert process.stderr is not None
        retrying = process.stderr.readline()
        while "Slack not reachable" not in retrying and process.poll() is None:
            retrying = process.stderr.readline()
        slack.start()
        wait_until_healthy(f"http://127.0.0.1:{port}", process)
    finally:
        process.terminate()
        process.wait(timeout=10)
        slack.stop()

    assert f"Slack not reachable at http://127.0.0.1:{slack_port}/api/" in retrying
    assert "serve retries in 2 s (attempt 1)" in retrying
