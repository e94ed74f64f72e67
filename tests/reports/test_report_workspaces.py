"""`unburden report` writes one workspace per folder: no page or CSV mixes two workspaces."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.cli import main
from bot.offline.runner import LocalBot
from bot.reports.writer import write_workspace_reports
from bot.settings import Settings
from bot.store.database import Database
from tests.reports.seed import Seeder


def seed_two_workspaces(database: Database) -> None:
    for team, channel, title in [("T0ONE", "C0ONE", "Fax queue"), ("T0TWO", "C0TWO", "Prior auth")]:
        seeder = Seeder(database, team)
        group = seeder.group(channel)
        seeder.burden(group, title)
        seeder.idea(group, f"Stop the {title.lower()}")


def csv_column(path: Path, column: str) -> set[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def test_each_workspace_gets_its_own_folder(bot: LocalBot, tmp_path: Path) -> None:
    seed_two_workspaces(bot.services.database)

    written = write_workspace_reports(bot.services, tmp_path)

    assert sorted(written) == [tmp_path / "T0ONE", tmp_path / "T0TWO"]
    one = (tmp_path / "T0ONE" / "index.html").read_text(encoding="utf-8")
    assert 'data-team="T0ONE"' in one and "T0TWO" not in one and "C0TWO" not in one
    assert csv_column(tmp_path / "T0ONE" / "burdens.csv", "title") == {"Fax queue"}
    assert csv_column(tmp_path / "T0TWO" / "experiments.csv", "team_id") == {"T0TWO"}
    assert csv_column(tmp_path / "T0TWO" / "groups.csv", "channel_id") == {"C0TWO"}


def test_report_with_a_team_writes_that_workspace_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNBURDEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    database = Database(Settings(_env_file=None).resolved_database_url)  # type: ignore[call-arg]
    database.migrate()
    seed_two_workspaces(database)

    assert main(["report", "--out", str(tmp_path / "two"), "--team", "T0TWO"]) == 0

    page = (tmp_path / "two" / "index.html").read_text(encoding="utf-8")
    assert 'data-team="T0TWO"' in page and "T0ONE" not in page
    assert csv_column(tmp_path / "two" / "burdens.csv", "title") == {"Prior auth"}
    assert main(["report", "--out", str(tmp_path / "none"), "--team", "T0NOPE"]) == 0
    assert "No working group in workspace T0NOPE" in capsys.readouterr().out
    assert not (tmp_path / "none").exists()
