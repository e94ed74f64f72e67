"""One process per embedded Chroma directory: a second `serve` on it refuses to start."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.offline.slack_api import FakeSlackApi
from bot.vectors.connection import client_factory

HOLDER = """
import sys, time
from pathlib import Path
from bot.vectors.connection import client_factory
client_factory(None, Path(sys.argv[1]))
print("holding", flush=True)
time.sleep(120)
"""


@pytest.fixture
def held_data_dir(tmp_path: Path) -> Iterator[Path]:
    """A data directory whose embedded Chroma another running process has claimed."""
    data_dir = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield data_dir
    finally:
        holder.kill()
        holder.wait(timeout=10)


@pytest.mark.slow
def test_a_second_serve_on_the_same_directory_refuses_and_names_chroma_url(
    held_data_dir: Path,
    slack_api: FakeSlackApi,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(held_data_dir.parent)
    monkeypatch.setenv("UNBURDEN_DATA_DIR", str(held_data_dir))
    monkeypatch.setenv("SLACK_BOT_TOKEN", slack_api.bot_token)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("SLACK_API_URL", slack_api.url)

    code = main(["serve"])

    err = capsys.readouterr().err
    assert code == 2
    assert "CHROMA_URL" in err and "Traceback" not in err
    assert err.count("\n") == 1


@pytest.mark.slow
def test_the_directory_is_free_again_once_its_process_has_ended(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    subprocess.run(
        [sys.executable, "-c", HOLDER.replace("time.sleep(120)", ""), str(data_dir)],
        check=True,
        capture_output=True,
        cwd=Path(__file__).resolve().parents[2],
    )

    client_factory(None, data_dir)  # does not raise


@pytest.mark.slow
def test_a_chroma_server_needs_no_directory_lock(held_data_dir: Path) -> None:
    client_factory("http://127.0.0.1:1", held_data_dir)  # does not raise


@pytest.mark.slow
def test_the_report_runs_beside_a_serve_holding_the_directory(
    held_data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A leader asks for the report while the bot runs: it reads only the database."""
    monkeypatch.chdir(held_data_dir.parent)
    monkeypatch.setenv("UNBURDEN_DATA_DIR", str(held_data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)

    code = main(["report", "--out", str(tmp_path / "out")])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "CHROMA_URL" not in captured.err
    assert "No working group" in captured.out
