"""The leaders' report and summary at scale: 200 groups, 5,000 experiments, 1,000 pilots and
50,000 observations, bulk-inserted into a temporary SQLite database. Goal: under 5 s and 500 MB.

Times are wall-clock for one run each; peak memory is the process's peak resident set size
(ru_maxrss, which includes Python, SQLAlchemy and matplotlib themselves), and, with
--tracemalloc, the peak of Python allocations in a second, slower pass.

    .venv/bin/python benchmarks/report_scale.py [--groups 200] [--pilots 1000] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bot.blocks.portfolio import portfolio_blocks
from bot.listeners.commands.leaders import summary_charts
from bot.reports.writer import CHART_PILOTS_MAX, write_portfolio_report
from bot.services.groups import GroupService
from bot.services.outcomes import OutcomeService
from bot.services.portfolio import PortfolioService
from bot.store.database import Database
from bot.store.exports import ExportStore
from bot.store.groups import GroupStore, LeaderStore
from bot.store.pilots import PilotStore
from bot.store.portfolio import PortfolioStore
from bot.store.tables import (
    BurdenRow,
    DecisionRow,
    ExperimentRow,
    MeetingRow,
    ObservationRow,
    PilotMeasureRow,
    PilotRow,
    WorkingGroupRow,
)

TEAM = "T0BENCH"
LEADER = "U0LEADER"
SETTINGS = ["primary care", "inpatient", "ICU", "emergency", "surgery", "paediatrics",
            "oncology", "psychiatry", "obstetrics", "cardiology"]  # fmt: skip
QUESTIONS = ["stop", "automate", "delegate", "outsource", "keep_sacred"]
STATUSES = ["proposed", "settle_by_pilot", "parked", "piloting", "adopted", "abandoned"]


def seed(db: Database, groups: int, experiments: int, pilots: int, observations: int) -> None:
    """Bulk-insert a synthetic workspace with executemany, in a few statements."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    with db.transaction() as s:
        s.execute(
            insert(WorkingGroupRow),
            [
                {
                    "id": g + 1,
                    "team_id": TEAM,
                    "channel_id": f"C{g:05d}",
                    "setting": SETTINGS[g % 10],
                    "created_by": "U1",
                    "created_at": now - timedelta(days=200),
                }
                for g in range(groups)
            ],
        )
        s.execute(
            insert(MeetingRow),
            [
                {
                    "team_id": TEAM,
                    "group_id": g % groups + 1,
                    "channel_id": f"C{g % groups:05d}",
                    "stage": "review",
                    "status": "closed",
                    "started_by": "U1",
                    "started_at": now - timedelta(days=rng.randint(1, 90)),
                }
                for g in range(groups * 2)
            ],
        )
        s.execute(
            insert(BurdenRow),
            [
                {
                    "team_id": TEAM,
                    "group_id": b % groups + 1,
                    "title": f"burden {b}",
                    "created_by": "U1",
                    "hours_per_week": rng.choice([None, 1.0, 2.5, 4.0]),
                }
                for b in range(groups * 10)
            ],
        )
        s.execute(
            insert(ExperimentRow),
            [
                {
                    "id": e + 1,
                    "team_id": TEAM,
                    "number": e + 1,
                    "group_id": e % groups + 1,
                    "question": QUESTIONS[e % 5],
                    "text": f"idea number {e}",
                    "status": rng.choice(STATUSES),
                    "proposed_by": "U2",
                    "created_at": now - timedelta(days=rng.randint(0, 180)),
                }
                for e in range(experiments)
            ],
        )
        s.execute(
            insert(PilotRow),
            [
                {
                    "id": p + 1,
                    "team_id": TEAM,
                    "number": p + 1,
                    "experiment_id": p * (experiments // pilots) + 1,
                    "group_id": (p * (experiments // pilots)) % groups + 1,
                    "hypothesis": f"pilot {p}",
                    "owner_id": f"U{p % 50:03d}",
                    "participants": rng.randint(1, 12),
                    "start_date": date(2026, 1, 5),
                    "status": rng.choice(["active", "adopted", "abandoned"]),
                    "ihi_score": 2.5,
                }
                for p in range(pilots)
            ],
        )
        measures = [
            {
                "id": p + 1,
                "pilot_id": p + 1,
                "measure_id": "task_minutes_per_day",
                "name": "Task minutes per day",
                "unit": "minutes per day",
                "direction": "lower",
                "kind": "human_time",
                "baseline": 30.0,
                "target": 15.0,
            }
            for p in range(pilots)
        ]
        measures += [
            {
                "id": pilots + p + 1,
                "pilot_id": p + 1,
                "measure_id": "mini_z_burnout",
                "name": "Mini-Z burnout item",
                "unit": "score (1-5)",
                "direction": "lower",
                "kind": "satisfaction",
                "baseline": 3.0,
                "target": 2.0,
            }
            for p in range(0, pilots, 4)
        ]
        s.execute(insert(PilotMeasureRow), measures)
        per_measure = observations // len(measures)
        rows: list[dict[str, Any]] = []
        for m in measures:
            improving = m["pilot_id"] % 3 == 0
            for week in range(per_measure):
                if m["measure_id"] == "mini_z_burnout":
                    value = float(
                        rng.randint(1, 4) if week < per_measure // 2 else rng.randint(1, 3)
                    )
                else:
                    level = 18.0 if improving and week >= per_measure // 2 else 30.0
                    value = round(level + rng.uniform(-3, 3), 1)
                rows.append(
                    {
                        "pilot_id": m["pilot_id"],
                        "pilot_measure_id": m["id"],
                        "value": value,
                        "observed_on": date(2026, 1, 5) + timedelta(weeks=week),
                        "recorded_by": "U3",
                    }
                )
        s.execute(insert(ObservationRow), rows)
        s.execute(insert(DecisionRow), [
            {"pilot_id": p + 1, "cycle": 1, "decision": "adopt", "decided_by": "U1"}
            for p in range(0, pilots, 5)])  # fmt: skip


def measure(label: str, work: Callable[[], object]) -> float:
    """Run once; print wall-clock and CPU seconds (CPU is steadier on a shared machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    work()
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:6.2f} s wall, {time.process_time() - cpu:6.2f} s CPU")
    return seconds


def peak_rss_mb() -> float:
    """The process's peak resident set size so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Seed, then time the summary and the report, and report peak memory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--experiments", type=int, default=5000)
    parser.add_argument("--pilots", type=int, default=1000)
    parser.add_argument("--observations", type=int, default=50000)
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also measure Python allocations"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unburden-bench-") as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        db.migrate()
        seeding = time.perf_counter()
        seed(db, args.groups, args.experiments, args.pilots, args.observations)
        print(f"seeded {args.groups} groups, {args.experiments} experiments, {args.pilots} pilots, "
              f"{args.observations} observations in {time.perf_counter() - seeding:.1f} s")  # fmt: skip
        groups = GroupService(GroupStore(db), LeaderStore(db), frozenset({LEADER}), "/unburden")
        outcomes = OutcomeService(PilotStore(db), GroupStore(db))
        portfolio = PortfolioService(PortfolioStore(db), groups, outcomes)
        out = Path(folder) / "report"

        def summary() -> None:
            figures = portfolio.figures(TEAM, LEADER)
            portfolio_blocks(figures, "/unburden")
            summary_charts(figures)

        def report() -> None:
            write_portfolio_report(portfolio, ExportStore(db), out, "/unburden")

        before = peak_rss_mb()
        total = measure("summary (figures, blocks, 4 charts)", summary)
        total += measure(f"report (HTML, <= {CHART_PILOTS_MAX} pilots charted, CSVs)", report)
        print(f"{'total':<44} {total:6.2f} s wall; load average {os.getloadavg()[0]:.1f}")
        page = (out / "index.html").read_text(encoding="utf-8")
        charts = page.count('class="chart run-chart"')
        print(f"peak RSS {peak_rss_mb():.0f} MB (after seeding {before:.0f} MB); "
              f"report.html {len(page) / 1e6:.1f} MB with {charts} run charts")  # fmt: skip
        if args.tracemalloc:
            tracemalloc.start()
            summary()
            report()
            print(
                f"peak Python allocations (tracemalloc) {tracemalloc.get_traced_memory()[1] / 1e6:.0f} MB"
            )
        db.dispose()


if __name__ == "__main__":
    main()
