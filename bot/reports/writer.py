"""Write the leaders' report for what the store holds: one self-contained HTML page (inline
CSS, charts as inline base64 PNG, nothing fetched when it opens) and CSV exports.

Defence in depth: every value the page prints, every chart title and every free-text CSV cell
passes through the identifier detector again, so data stored before the edge checked it (or
that slipped past it) leaves the building redacted.

Drawing a chart costs about 50 ms, so the page charts at most CHART_PILOTS_MAX pilots (the
candidates to scale first, then the most recently observed) and tabulates every pilot."""

from __future__ import annotations

import base64
import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.clock import utcnow
from bot.domain.missed import by_setting
from bot.domain.money import PORTFOLIO_MONEY_BASIS
from bot.domain.names import MemberName, NameKind, SlackNames
from bot.domain.portfolio import VALUE_NOTE, Portfolio, pilots_to_chart
from bot.domain.questions import ORDER
from bot.privacy import redact
from bot.reports.charts import burnout_trend_png, run_chart_png
from bot.services.container import Services
from bot.services.portfolio import PortfolioService
from bot.store.exports import EXPORTS, FREE_TEXT_COLUMNS, ExportStore
from bot.store.slack_names import SlackNameStore

CHART_PILOTS_MAX = 30
REPORT_FILE = "index.html"
# Shorter printed values ("12.5", "P-3") cannot hold an identifier worth the detector's time.
SHORTEST_CHECKED = 5
TEMPLATES = Path(__file__).resolve().parent / "templates"
# Id columns of the CSVs and the name column written beside each (ids stay for joins).
NAMED_COLUMNS = {
    "team_id": ("workspace_name", NameKind.WORKSPACE),
    "channel_id": ("channel_name", NameKind.CHANNEL),
    "owner_id": ("owner_name", NameKind.PERSON),
}
# Workspace and channel names are typed by people, so they are checked like all text; members'
# names come from Slack's directory (staff, not patients) and are printed as they are.
CHECKED_NAMES = frozenset(
    column for column, kind in NAMED_COLUMNS.values() if kind is not NameKind.PERSON
)


@dataclass
class Chart:
    """One chart on the page: a title, a one-line reading, and the PNG as a data URI."""

    title: str
    reading: str
    data_uri: str


@dataclass
class WorkspaceReport:
    """One workspace's section of the report."""

    portfolio: Portfolio
    burnout_chart: Chart | None = None
    run_charts: list[Chart] = field(default_factory=list)
    charted_pilots: int = 0


def write_report(
    services: Services, out: Path, team_id: str | None = None, names: SlackNames | None = None
) -> Path:
    """Write index.html and the CSV exports into `out` (created if needed); returns the folder.

    With `team_id`, that workspace only; without, every workspace the store holds on one page
    (a one-workspace install, the demo). `unburden report` always writes one per folder.
    Workspaces, channels and people are named from `names`, by default the names last learnt
    from Slack (bot.slack.names), each id standing in for a name never learnt.
    """
    if names is None:
        names = SlackNameStore(services.database).names(None if team_id is None else [team_id])
    return write_portfolio_report(
        services.portfolio,
        ExportStore(services.database),
        out,
        services.settings.unburden_command,
        team_id,
        names=names,
    )


def write_workspace_reports(
    services: Services, out: Path, team_id: str | None = None
) -> list[Path]:
    """`unburden report`: `team_id`'s report into `out`, or, without it, each workspace's into
    its own folder `out/<team_id>`; returns the folders written (none for an unknown team)."""
    teams = services.portfolio.team_ids()
    if team_id is not None:
        return [write_report(services, out, team_id)] if team_id in teams else []
    return [write_report(services, out / team, team) for team in teams]


def write_portfolio_report(
    portfolio: PortfolioService,
    exports: ExportStore,
    out: Path,
    command: str,
    team_id: str | None = None,
    names: SlackNames | None = None,
) -> Path:
    """Write the report of one workspace, or of every workspace the portfolio service reads,
    naming workspaces, channels and people from `names` (their ids without it)."""
    names = SlackNames() if names is None else names
    out.mkdir(parents=True, exist_ok=True)
    teams = portfolio.team_ids() if team_id is None else [team_id]
    sections = [build_section(portfolio.workspace(team)) for team in teams]
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        finalize=printed,
    )
    # Before `truncate`, so a cut never leaves half a phone number for finalize to miss.
    environment.filters["redact"] = redacted
    page = environment.get_template("report.html.j2").render(
        sections=sections,
        generated_at=utcnow(),
        questions=[q for q in ORDER if q.asks_for_ideas],
        value_note=VALUE_NOTE,
        chart_limit=CHART_PILOTS_MAX,
        exports=EXPORTS,
        command=command,
        missed_by_setting=by_setting,
        money_note=PORTFOLIO_MONEY_BASIS,
        names=names,
    )
    (out / REPORT_FILE).write_text(page, encoding="utf-8")
    write_exports(exports, out, team_id, names)
    return out


def build_section(portfolio: Portfolio) -> WorkspaceReport:
    """Draw a workspace's charts: the burnout trend and a run chart per measure of charted pilots."""
    section = WorkspaceReport(portfolio=portfolio)
    if portfolio.burnout_trend:
        section.burnout_chart = Chart(
            "Burnout trend",
            "Share of the anonymous pulse's Mini-Z answers at 3 or more (burnout), per month, "
            "with each month's count and 95% Wilson interval; no share from fewer than 5.",
            data_uri(burnout_trend_png(portfolio.burnout_trend)),
        )
    charted = pilots_to_chart(portfolio, CHART_PILOTS_MAX)
    section.charted_pilots = len(charted)
    for pilot in charted:
        for measure in pilot.measures:
            if not measure.values or measure.judgement is None:
                continue
            # The title is drawn into the PNG too, where no later check could read it.
            title = redacted(f"{pilot.short_id} · {measure.name} ({pilot.setting})")
            section.run_charts.append(
                Chart(
                    title,
                    measure.judgement.plain_text("points"),
                    data_uri(run_chart_png(measure, title)),
                )
            )
    return section


def write_exports(
    store: ExportStore, out: Path, team_id: str | None = None, names: SlackNames | None = None
) -> None:
    """One CSV per export, header first, a name column beside each workspace, channel and owner
    id, free-text and name columns redacted; one workspace's rows with `team_id`."""
    names = SlackNames() if names is None else names
    for name in EXPORTS:
        header, rows = store.rows(name, team_id)
        kinds = {i: NAMED_COLUMNS[c][1] for i, c in enumerate(header) if c in NAMED_COLUMNS}
        header = [
            named for column in header for named in (column, *NAMED_COLUMNS.get(column, ())[:1])
        ]
        free = [i for i, c in enumerate(header) if c in FREE_TEXT_COLUMNS or c in CHECKED_NAMES]
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(_redact_cells(_with_names(row, kinds, names), free) for row in rows)


def _with_names(
    row: tuple[Any, ...], kinds: dict[int, NameKind], names: SlackNames
) -> tuple[Any, ...]:
    """The row with the name of each id in a named column (the id when none is known) beside it."""
    cells: list[Any] = []
    for index, cell in enumerate(row):
        cells.append(cell)
        if index in kinds:
            cells.append(names.name_of(kinds[index], cell) or cell if cell else cell)
    return tuple(cells)


def _redact_cells(row: tuple[Any, ...], columns: list[int]) -> tuple[Any, ...]:
    """The row with its free-text cells redacted."""
    cells = list(row)
    for index in columns:
        if isinstance(cells[index], str):
            cells[index] = redacted(cells[index])
    return tuple(cells)


@lru_cache(maxsize=4096)
def redacted(text: str) -> str:
    """The text redacted; a group's setting or a measure's name repeats, so answers are kept."""
    return redact(text)


def printed(value: Any) -> Any:
    """Jinja's finalize: every value the page prints, redacted (charts' data URIs aside)."""
    if not isinstance(value, str) or len(value) < SHORTEST_CHECKED:
        return value
    if value.startswith("data:image/") or isinstance(value, MemberName):
        return value
    return redacted(value)


def data_uri(png: bytes) -> str:
    """A PNG as a data: URI, so the page needs no other file."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
