"""`unburden scrub` on a store filled before the edge checked for identifiers: a dry run counts
by table and changes nothing; applied, it leaves no identifier in the database or in Chroma."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.domain.memory import SearchFilters
from bot.offline.runner import LocalBot
from bot.privacy import default_detector
from bot.services.scrub import ScrubService
from bot.settings import Settings
from bot.store.database import Database
from bot.store.free_text import FreeTextStore, free_text_columns
from bot.store.tables import Base, ConcernRow, DecisionRow, LetterRow, PilotMeasureRow
from bot.vectors.index import BURDENS, EXPERIMENTS, burden_id, collection_name, experiment_id
from bot.vectors.reindex import ScrubbedReindexer
from tests.privacy.planted import PIECES, SHORT_SET, leaks, planted
from tests.reports.seed import Seeder

TEAM = "T0SCRUB"


def seed_identifiers(database: Database) -> dict[str, int]:
    """One row with the fake set in every kind of stored free text, as before the edge gate."""
    seeder = Seeder(database, TEAM)
    group = seeder.group("C0SCRUB", setting=f"primary care {SHORT_SET}")
    burden = seeder.burden(group, planted("Refill requests by phone"))
    idea = seeder.idea(group, planted("Pool the refill inbox"))
    seeder.idea(group, "Stop printing the after-visit summary")
    pilot = seeder.pilot(group, idea, hypothesis=planted("Pooling cuts inbox minutes"))
    seeder.measure(pilot, measure_id="custom_calls", name=f"Calls from {SHORT_SET}")
    decision = seeder.decision(pilot, "adapt")
    with database.transaction() as session:
        session.add(ConcernRow(experiment_id=idea, user_id="U9", text=planted("Adds work")))
        session.add(LetterRow(team_id=TEAM, text=planted("A letter"), added_by="U9"))
        row = session.get(DecisionRow, decision)
        assert row is not None
        row.reason = planted("Only helped one family")
    return {"group": group, "burden": burden, "idea": idea}


def stored_free_text(database: Database) -> str:
    """Every free-text cell of the database, joined."""
    store = FreeTextStore(database)
    return "\n".join(text for column in free_text_columns() for _, text in store.cells(column))


def index_as_before(bot: LocalBot, ids: dict[str, int]) -> None:
    """Put the raw text into Chroma the way a build without redaction did."""
    connection = bot.services.index._connection  # the old write path, on purpose
    bot.services.index.index_playbook()
    connection.store(collection_name(EXPERIMENTS, TEAM)).add_texts(
        [planted("Pool the refill inbox")],
        metadatas=[
            {
                "team_id": TEAM,
                "group_id": ids["group"],
                "channel_id": "C0SCRUB",
                "setting": SHORT_SET,
                "setting_key": SHORT_SET,
                "kind": "experiment",
                "number": 1,
                "question": "stop",
                "status": "proposed",
            }
        ],
        ids=[experiment_id(TEAM, 1)],
    )
    connection.store(collection_name(BURDENS, TEAM)).add_texts(
        [planted("Refill requests by phone")],
        metadatas=[{"team_id": TEAM, "setting": SHORT_SET, "kind": "burden"}],
        ids=[burden_id(TEAM, ids["burden"])],
    )


def chroma_text(bot: LocalBot) -> str:
    """Every document and metadata value of the workspace's collections, joined."""
    connection = bot.services.index._connection
    found = []
    for kind in (EXPERIMENTS, BURDENS):
        held = connection.store(collection_name(kind, TEAM)).get()
        found += held["documents"] + [str(meta) for meta in held["metadatas"]]
    return "\n".join(found)


def scrub_service(bot: LocalBot) -> ScrubService:
    reindexer = ScrubbedReindexer(bot.services.database, bot.services.index)
    return ScrubService(FreeTextStore(bot.services.database), default_detector(), reindexer.reindex)


def test_every_text_column_of_the_schema_is_scrubbed() -> None:
    columns = {(c.table, c.column) for c in free_text_columns()}
    assert {
        ("working_groups", "setting"),
        ("burdens", "title"),
        ("experiments", "text"),
        ("concerns", "text"),
        ("letters", "text"),
        ("pilots", "hypothesis"),
        ("pilot_measures", "name"),
        ("decisions", "reason"),
    } <= columns
    assert ("pilots", "participant_ids") not in columns
    assert all(c.table in Base.metadata.tables for c in free_text_columns())


def test_dry_run_counts_by_table_and_changes_nothing(bot: LocalBot) -> None:
    seed_identifiers(bot.services.database)
    before = stored_free_text(bot.services.database)

    report = scrub_service(bot).run(apply=False)

    assert stored_free_text(bot.services.database) == before
    lines = report.lines()
    assert "burdens.title: 1 of 1 rows hold identifiers" in "\n".join(lines)
    assert "experiments.text: 1 of 2 rows hold identifiers" in "\n".join(lines)
    assert lines[-1].startswith("Dry run: 8 rows hold identifiers; nothing changed.")
    assert leaks("\n".join(lines)) == []


def test_applied_scrub_leaves_no_identifier_in_the_database_or_chroma(bot: LocalBot) -> None:
    ids = seed_identifiers(bot.services.database)
    index_as_before(bot, ids)
    assert leaks(chroma_text(bot)) != []

    report = scrub_service(bot).run(apply=True)

    assert report.rows_with_identifiers == 8
    assert report.reindexed >= 3  # two ideas of the renamed group's setting, and the burden
    assert leaks(stored_free_text(bot.services.database)) == []
    assert leaks(chroma_text(bot)) == []
    assert scrub_service(bot).run(apply=False).rows_with_identifiers == 0
    with bot.services.database.transaction() as session:
        name = session.scalars(select(PilotMeasureRow.name)).one()
    assert name.startswith("Calls from [NAME]")
    hits = bot.services.index.search(TEAM, "pool the refill inbox", SearchFilters(), k=3)
    assert any(hit.number == 1 and "[NAME]" in hit.text for hit in hits)


def leaks_on_disk(directory: Path) -> dict[str, list[str]]:
    """The planted pieces found in the raw bytes of each file under `directory`, by file."""
    found = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            pieces = [piece for piece in PIECES if piece.encode() in raw]
            if pieces:
                found[str(path.relative_to(directory))] = pieces
    return found


def test_applied_scrub_leaves_no_identifier_in_any_chroma_file(
    bot: LocalBot, settings: Settings
) -> None:
    ids = seed_identifiers(bot.services.database)
    index_as_before(bot, ids)
    chroma = settings.unburden_data_dir / "chroma"
    assert leaks_on_disk(chroma) != {}, "Chroma's files hold the raw text before the scrub"

    scrub_service(bot).run(apply=True)

    assert leaks_on_disk(chroma) == {}
    hits = bot.services.index.search(TEAM, "pool the refill inbox", SearchFilters(), k=3)
    assert any(hit.number == 1 and "[NAME]" in hit.text for hit in hits)
    # The store goes on taking writes after its files were rewritten.
    assert bot.services.index.reindex_pending(bot.services.database) >= 0


def test_scrub_command_prints_counts_never_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNBURDEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    database = Database(Settings(_env_file=None).resolved_database_url)  # type: ignore[call-arg]
    database.migrate()
    seed_identifiers(database)

    assert main(["scrub"]) == 0
    dry = capsys.readouterr().out
    assert "letters.text: 1 of 1 rows hold identifiers" in dry
    assert "Dry run: 8 rows" in dry
    assert main(["scrub", "--apply"]) == 0
    applied = capsys.readouterr().out
    assert "Redacted 8 rows" in applied
    assert leaks(dry + applied) == []
    assert leaks(stored_free_text(database)) == []
