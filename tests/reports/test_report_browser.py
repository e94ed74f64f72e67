"""The report opens in a real browser (headless Chromium, Debian's `chromium`) without errors,
shows its charts and the names Slack gave (not ids), and leaves screenshots under
test-artifacts/ for a person to look at."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from slack_sdk import WebClient

from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.reports.writer import write_report
from bot.slack.names import refresh_report_names
from bot.store.slack_names import SlackNameStore
from tests.conftest import CHANNEL
from tests.listeners.meeting_support import warm_detector
from tests.reports.devtools import HeadlessChromium
from tests.reports.seed import Seeder, seed_portfolio
from tests.reports.test_report_names import (
    CHANNEL_NAMES,
    OWNER_NAME,
    SECOND_OWNER_NAME,
    WORKSPACE,
    name_everything,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]
# What Chromium prints when the page itself fails: a script error or a resource it cannot load.
PAGE_ERRORS = re.compile(r"CONSOLE\(\d+\)|Uncaught|Failed to load resource|net::ERR_")


def chromium() -> str:
    """The browser's path; in CI a missing browser is a failure, elsewhere a skip."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("chromium is not installed; CI must install Debian's `chromium` (.ci/run)")
    pytest.skip("chromium is not installed: `apt-get install -y chromium` to run this test")


def run_browser(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_report_renders_in_chromium_with_its_charts(bot: LocalBot, tmp_path: Path) -> None:
    browser = chromium()
    seed_portfolio(Seeder(bot.services.database, "T0001"), ["C0PC1", "C0PC2", "C0PC3", "C0ICU"])
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    write_report(bot.services, ARTIFACTS)
    page = (ARTIFACTS / "index.html").as_uri()

    dom = run_browser(browser, tmp_path / "profile-dom", "--dump-dom", page)
    shot = ARTIFACTS / "screenshot.png"
    screenshot = run_browser(
        browser,
        tmp_path / "profile-shot",
        f"--screenshot={shot}",
        "--window-size=1280,2200",
        "--hide-scrollbars",
        page,
    )

    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Unburden: leaders' report" in dom.stdout
    # Every chart decoded into an <img> the browser kept: three run charts and the burnout trend.
    assert len(re.findall(r'<figure class="chart run-chart"><img', dom.stdout)) == 3
    assert len(re.findall(r'<figure class="chart burnout"><img', dom.stdout)) == 1
    errors = [line for line in dom.stderr.splitlines() if PAGE_ERRORS.search(line)]
    assert errors == [], errors
    assert screenshot.returncode == 0, screenshot.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 50_000  # a page with charts, not a blank one


def ink(shot: Image.Image, box: dict[str, float]) -> tuple[int, int]:
    """Darkest and lightest grey level of the screenshot inside a text box: drawn text has both."""
    left, top = int(box["x"]), int(box["y"])
    right, bottom = int(box["x"] + box["width"]) + 1, int(box["y"] + box["height"]) + 1
    darkest, lightest = shot.convert("L").crop((left, top, right, bottom)).getextrema()
    return int(darkest), int(lightest)


@pytest.mark.slow
def test_report_shows_the_names_slack_gave_in_chromium(
    bot: LocalBot, slack_api: FakeSlackApi, tmp_path: Path
) -> None:
    browser = chromium()
    warm_detector()
    seed_portfolio(
        Seeder(bot.services.database, slack_api.team_id), [CHANNEL, "C0PC2", "C0PC3", "C0ICU"]
    )
    name_everything(slack_api)
    client = WebClient(token=slack_api.bot_token, base_url=slack_api.url)
    refresh_report_names(client, SlackNameStore(bot.services.database), slack_api.team_id)
    out = ARTIFACTS.parent / "report-names"
    shutil.rmtree(out, ignore_errors=True)
    write_report(bot.services, out, slack_api.team_id)
    names = [WORKSPACE, *(f"#{name}" for name in CHANNEL_NAMES.values())]
    names += [OWNER_NAME, SECOND_OWNER_NAME]

    with HeadlessChromium(browser, tmp_path / "profile") as page:
        height = page.open((out / "index.html").as_uri(), width=1280)
        png = page.screenshot()
        boxes = {name: page.text_boxes(name) for name in names}
        ids = {slack_id: page.text_boxes(slack_id) for slack_id in ("T0001", "C0ICU", "U001")}
        errors = page.page_errors()

    (out / "screenshot.png").write_bytes(png)
    shot = Image.open(io.BytesIO(png))
    assert shot.size == (1280, height) and height > 1500
    assert len(shot.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 200  # charts, not blank
    for name, found in boxes.items():
        seen = [box for box in found if box["visible"] and box["width"] > 0 and box["height"] > 0]
        assert seen, f"{name} is not drawn visibly: {found}"
        for box in seen:
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, (name, box)
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (name, box)
        darkest, lightest = ink(shot, seen[0])
        assert lightest - darkest > 100, (
            f"no text drawn where {name} should be: {darkest}-{lightest}"
        )
    assert ids == {"T0001": [], "C0ICU": [], "U001": []}  # no id left where a name is known
    assert errors == []
