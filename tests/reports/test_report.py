"""`unburden report`: a self-contained HTML page with a run chart per pilot measure, and CSVs."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sqlalchemy import event

from bot.domain.pilots import PilotOutcome
from bot.offline.runner import LocalBot
from bot.reports.writer import write_report
from tests.reports.seed import FLAT, IMPROVING, MINI_Z, Seeder, seed_portfolio

CHANNELS = ["C0PC1", "C0PC2", "C0PC3", "C0ICU"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def seeded_report(bot: LocalBot, out: Path) -> str:
    seed_portfolio(Seeder(bot.services.database, "T0001"), CHANNELS)
    write_report(bot.services, out)
    return (out / "index.html").read_text(encoding="utf-8")


def outcomes(bot: LocalBot) -> list[PilotOutcome]:
    return bot.services.pilots.outcomes.workspace_outcomes("T0001")


def test_report_shows_the_same_pilot_figures_as_the_pilots_feature(
    bot: LocalBot, tmp_path: Path
) -> None:
    seeded_report(bot, tmp_path / "report")
    portfolio = bot.services.portfolio.workspace("T0001")

    for outcome in outcomes(bot):
        [figures] = [p for p in portfolio.pilots if p.id == outcome.pilot.id]
        assert figures.hours == outcome.hours
        assert figures.value_burden == outcome.value_burden
        judged = [s.judgement for s in outcome.series if s.points]
        assert [m.judgement for m in figures.measures if m.values] == judged
    assert any(o.hours and o.value_burden for o in outcomes(bot))


def test_report_has_one_run_chart_per_pilot_measure(bot: LocalBot, tmp_path: Path) -> None:
    page = seeded_report(bot, tmp_path / "report")

    # The improving pilot tracks minutes and Mini-Z; the flat one tracks note minutes.
    assert page.count('class="chart run-chart"') == 3
    assert page.count('class="chart burnout"') == 1
    assert "P-1 · Inbox minutes per day" in page
    assert "P-2 · Note minutes per day" in page
    assert "Improvement: 8 points in a row below the baseline median (shift)" in page


def test_report_is_self_contained(bot: LocalBot, tmp_path: Path) -> None:
    page = seeded_report(bot, tmp_path / "report")

    assert "data:image/png;base64," in page
    external = re.findall(r'(?:src|href)="(https?:[^"]+)"', page)
    assert external == []
    assert "<style>" in page


def test_report_names_candidates_to_scale_hours_and_value(bot: LocalBot, tmp_path: Path) -> None:
    page = seeded_report(bot, tmp_path / "report")

    # The adopted pilot: (baseline median 30.5 - pilot-period median 18) min/day x 5 days / 60
    # x 4 people = 4.17 h a week.
    assert '<div class="figure" id="hours-reclaimed">4.2 h</div>' in page
    assert "#C0PC2, #C0PC3" in page  # the other primary-care groups, not the ICU
    assert "Value = Quality / (Financial cost + Human cost)" in page
    # Value/burden as `pilots` shows it: indices with the baseline at 100, time and burnout.
    [adopted] = [o for o in outcomes(bot) if o.pilot.status.value == "adopted"]
    vb = adopted.value_burden
    assert vb is not None and vb.ratio_change_percent is not None
    assert f"= {vb.ratio_after:.2f} ({vb.ratio_change_percent:+.0f}%)" in page
    assert "E-3" in page and "45" in page  # the ICU idea waiting 45 days


def test_report_exports_csv_rows(bot: LocalBot, tmp_path: Path) -> None:
    out = tmp_path / "report"
    seeded_report(bot, out)

    burdens = read_csv(out / "burdens.csv")
    assert {row["title"] for row in burdens} == {
        "Refilling prescriptions by hand",
        "Prior authorisation forms",
        "Duplicate nursing notes",
    }
    assert len(read_csv(out / "experiments.csv")) == 5
    pilots = read_csv(out / "pilots.csv")
    assert [(row["pilot"], row["status"], row["channel_id"]) for row in pilots] == [
        ("1", "adopted", "C0PC1"),
        ("2", "active", "C0ICU"),
    ]
    observations = read_csv(out / "observations.csv")
    assert len(observations) == len(IMPROVING) + len(MINI_Z) + len(FLAT)
    assert not (out / "letters.csv").exists()


def test_report_of_an_empty_store_says_what_to_do(bot: LocalBot, tmp_path: Path) -> None:
    out = tmp_path / "report"
    write_report(bot.services, out)

    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="empty-state"' in page
    assert "setup primary care" in page
    assert "<img" not in page
    assert read_csv(out / "pilots.csv") == []


def test_report_without_pilots_shows_no_empty_chart(bot: LocalBot, tmp_path: Path) -> None:
    seeder = Seeder(bot.services.database, "T0001")
    group = seeder.group("C0PC1")
    seeder.idea(group, "Stop faxing referrals")
    out = tmp_path / "report"
    write_report(bot.services, out)

    page = (out / "index.html").read_text(encoding="utf-8")
    assert "No pilots yet." in page
    assert "<img" not in page


def test_workspace_outcomes_read_many_pilots_in_a_few_queries(
    bot: LocalBot, tmp_path: Path
) -> None:
    seed_portfolio(Seeder(bot.services.database, "T0001"), CHANNELS)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = bot.services.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        read = bot.services.pilots.outcomes.workspace_outcomes("T0001")
    finally:
        event.remove(engine, "before_cursor_execute", count)

    assert len(read) >= 2
    # pilots, experiments, groups, measures, observations, decisions; pulse rounds, their
    # counts and how many were asked: a fixed number of reads, whatever the number of pilots.
    assert len(statements) <= 9
