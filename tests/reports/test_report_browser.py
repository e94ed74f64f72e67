"""The report opens in a real browser (headless Chromium, Debian's `chromium`) without errors,
shows its charts, and leaves a screenshot under test-artifacts/ for a person to look at."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.offline.runner import LocalBot
from bot.reports.writer import write_report
from tests.reports.seed import Seeder, seed_portfolio

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
