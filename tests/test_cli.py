"""The command line refuses to serve without credentials, with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_unburden(
    args: list[str], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "UNBURDEN_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_without_a_bot_token_stops_with_one_line(tmp_path: Path) -> None:
    result = run_unburden(["serve"], {}, tmp_path)

    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_in_http_mode_without_a_signing_secret_stops_with_one_line(tmp_path: Path) -> None:
    result = run_unburden(["serve"], {"SLACK_BOT_TOKEN": "xoxb-1"}, tmp_path)

    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\n")

    result = run_unburden(["serve"], {}, tmp_path)

    assert "SLACK_SIGNING_SECRET is not set" in result.stderr
