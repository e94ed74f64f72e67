"""The memory against a real Chroma server (CHROMA_URL): it works, and an outage loses no idea."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.domain.memory import SearchFilters
from bot.settings import Settings
from bot.store.database import Database
from bot.vectors import ExperimentIndex, VectorStoreUnavailable
from tests.vectors.chroma_server import ChromaServer
from tests.vectors.records import is_indexed, save_experiment, save_group

pytestmark = pytest.mark.slow

TEAM = "T0HOSPITAL"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite store of its own."""
    database = Database(f"sqlite:///{tmp_path / 'unburden.sqlite3'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def index(tmp_path: Path, database: Database, chroma_server: ChromaServer) -> ExperimentIndex:
    """An index whose CHROMA_URL points at the test's Chroma server."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        unburden_data_dir=tmp_path / "data",
        chroma_url=chroma_server.url,
    )
    return ExperimentIndex.from_settings(settings, database)


def test_a_chroma_server_holds_the_experiments_not_the_data_dir(
    tmp_path: Path, index: ExperimentIndex, database: Database
) -> None:
    clinic = save_group(database, TEAM, "C0CLINIC", "primary care")
    experiment = save_experiment(database, clinic, 1, "Stop faxing normal lab results daily")

    index.add_experiment(experiment, clinic)

    assert index.ping()
    assert index.similar(TEAM, "stop the daily lab result faxes")[0].number == 1
    hits = index.search(TEAM, "electronic prior authorisation", SearchFilters())
    assert any(hit.kind == "playbook" for hit in hits)
    assert not (tmp_path / "data" / "chroma").exists()


def test_an_idea_saved_during_an_outage_is_indexed_when_chroma_is_back(
    index: ExperimentIndex, database: Database, chroma_server: ChromaServer
) -> None:
    clinic = save_group(database, TEAM, "C0CLINIC", "primary care")
    before = save_experiment(database, clinic, 1, "Medical assistants pend refill requests")
    index.add_experiment(before, clinic)

    chroma_server.stop()
    during = save_experiment(database, clinic, 2, "Nurses pend refill requests under a protocol")
    with pytest.raises(VectorStoreUnavailable):
        index.add_experiment(during, clinic)
    with pytest.raises(VectorStoreUnavailable):
        index.similar(TEAM, "refill requests")
    with pytest.raises(VectorStoreUnavailable):
        index.reindex_pending(database)
    assert not index.ping()
    assert not is_indexed(database, during)

    chroma_server.start()
    assert index.reindex_pending(database) == 1

    assert is_indexed(database, during)
    assert {s.number for s in index.similar(TEAM, "pend refill requests")} == {1, 2}
    assert index.reindex_pending(database) == 0


def test_playbook_examples_fall_back_to_the_files_when_chroma_is_down(
    index: ExperimentIndex, chroma_server: ChromaServer
) -> None:
    chroma_server.stop()

    examples = index.playbook_examples("automate", "inpatient", text="discharge paperwork")

    assert len(examples) == 2
    assert all(entry.question == "automate" for entry in examples)
