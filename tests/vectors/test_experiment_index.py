"""The micro-experiment memory over embedded Chroma, with the real all-MiniLM-L6-v2 model."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.domain.memory import SearchFilters
from bot.domain.models import Burden, ExperimentStatus, WorkingGroup
from bot.domain.questions import Question
from bot.knowledge import DEFAULT_DIRECTORY, KNOWLEDGE_FILES
from bot.settings import Settings
from bot.store.database import Database
from bot.vectors import NEAR_DUPLICATE_SCORE, ExperimentIndex
from tests.vectors.records import is_indexed, save_experiment, save_group

pytestmark = pytest.mark.slow

TEAM = "T0HOSPITAL"
OTHER_TEAM = "T0ELSEWHERE"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite store of its own."""
    database = Database(f"sqlite:///{tmp_path / 'unburden.sqlite3'}")
    database.migrate()
    yield database
    database.dispose()


def make_index(
    data_dir: Path, database: Database, knowledge_dir: Path | None = None
) -> ExperimentIndex:
    """An index over embedded Chroma under `data_dir`, as `serve` builds it without CHROMA_URL."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        unburden_data_dir=data_dir,
        unburden_knowledge_dir=knowledge_dir,
    )
    return ExperimentIndex.from_settings(settings, database)


@pytest.fixture
def index(tmp_path: Path, database: Database) -> ExperimentIndex:
    """An embedded index under the test's folder."""
    return make_index(tmp_path / "data", database)


@pytest.fixture
def clinic(database: Database) -> WorkingGroup:
    """A primary-care group of TEAM."""
    return save_group(database, TEAM, "C0CLINIC", "primary care")


@pytest.fixture
def ward(database: Database) -> WorkingGroup:
    """A hospital-medicine (inpatient) group of TEAM."""
    return save_group(database, TEAM, "C0WARD", "hospital medicine")


def add(index: ExperimentIndex, database: Database, group: WorkingGroup, number: int, text: str,
        question: Question = Question.AUTOMATE,
        status: ExperimentStatus = ExperimentStatus.PROPOSED) -> None:  # fmt: skip
    """Save an experiment and index it, as the `idea` verb does."""
    experiment = save_experiment(database, group, number, text, question, status)
    index.add_experiment(experiment, group)


def test_similar_puts_the_paraphrase_first_with_a_high_score(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup, ward: WorkingGroup
) -> None:
    add(
        index, database, clinic, 1, "Medical assistants pend refill requests for protocol medicines"
    )
    add(index, database, clinic, 2, "Stop the daily fax of normal lab results", Question.STOP)
    add(
        index,
        database,
        ward,
        3,
        "Pharmacists reconcile medications at discharge",
        Question.DELEGATE,
    )

    found = index.similar(TEAM, "medical assistants pend refills for protocol medications")

    assert [s.short_id for s in found][0] == "E-1"
    assert found[0].score >= NEAR_DUPLICATE_SCORE
    assert found[0].setting == "primary care" and found[0].channel_id == "C0CLINIC"
    assert all(0.0 <= s.score <= 1.0 for s in found)
    assert found == sorted(found, key=lambda s: s.score, reverse=True)
    assert max(s.score for s in found[1:]) < 0.5


def test_similar_leaves_out_the_idea_itself(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup
) -> None:
    add(index, database, clinic, 1, "Medical assistants pend refill requests")
    add(index, database, clinic, 2, "Nurses pend refill requests under a protocol")

    found = index.similar(TEAM, "Medical assistants pend refill requests", exclude_number=1)

    assert [s.number for s in found] == [2]


def test_search_never_returns_another_workspace_experiments(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup
) -> None:
    elsewhere = save_group(database, OTHER_TEAM, "C0CLINIC", "primary care")
    secret = "Scribes in the hallway dictate every discharge summary for the night team"
    add(index, database, elsewhere, 1, secret)
    add(index, database, clinic, 1, "Stop printing the daily census", Question.STOP)

    for query in (secret, OTHER_TEAM, "scribes dictate discharge summaries", "census"):
        hits = index.search(TEAM, query, SearchFilters())
        similar = index.similar(TEAM, query, k=10)
        assert all(hit.text != secret for hit in hits)
        assert all(s.text != secret for s in similar)
        assert {s.number for s in similar} <= {1}
        assert all(s.channel_id == "C0CLINIC" and s.text != secret for s in similar)
    assert index.similar(OTHER_TEAM, secret)[0].text == secret


def test_search_filters_by_setting_question_and_status(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup, ward: WorkingGroup
) -> None:
    add(index, database, clinic, 1, "Auto-file normal lab results out of the inbox")
    add(index, database, ward, 2, "Auto-file normal lab results for inpatients")
    add(index, database, ward, 3, "Stop paging for normal lab results", Question.STOP,
        ExperimentStatus.ADOPTED)  # fmt: skip
    query = "normal lab results inbox"

    inpatient = index.search(TEAM, query, SearchFilters(setting="inpatient"))
    automate = index.search(TEAM, query, SearchFilters(question="automate"))
    adopted = index.search(TEAM, query, SearchFilters(status="adopted"))

    assert {h.number for h in inpatient if h.kind == "experiment"} == {2, 3}
    assert all("inpatient" in h.settings or "any" in h.settings
               for h in inpatient if h.kind == "playbook")  # fmt: skip
    assert {h.number for h in automate if h.kind == "experiment"} == {1, 2}
    assert all(h.question == "automate" for h in automate)
    assert [(h.kind, h.number) for h in adopted] == [("experiment", 3)]


def test_search_marks_playbook_entries_as_playbook(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup
) -> None:
    add(index, database, clinic, 1, "Medical assistants pend refill requests")

    hits = index.search(TEAM, "electronic prior authorisation in the EHR", SearchFilters())

    playbook = [h for h in hits if h.kind == "playbook"]
    assert playbook and playbook[0].entry_id and playbook[0].title
    assert "prior auth" in playbook[0].text.lower()
    assert all(h.short_id is None and h.group_id is None for h in playbook)


def test_a_new_status_is_what_the_status_filter_sees(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup
) -> None:
    experiment = save_experiment(database, clinic, 1, "Medical assistants pend refill requests")
    index.add_experiment(experiment, clinic)
    query, adopted = "refill requests pended", SearchFilters(status="adopted")
    assert index.search(TEAM, query, adopted) == []

    index.update_status(experiment.model_copy(update={"status": ExperimentStatus.ADOPTED}))

    assert [h.number for h in index.search(TEAM, query, adopted)] == [1]
    assert index.similar(TEAM, query)[0].status == "adopted"


def test_burdens_are_embedded_but_never_offered_as_experiments(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup
) -> None:
    burden = Burden(id=7, team_id=TEAM, group_id=clinic.id, title="Refill requests pile up",
                    created_by="U001", created_at=clinic.created_at)  # fmt: skip
    index.add_burden(burden, clinic)

    assert index.similar(TEAM, "Refill requests pile up") == []
    assert all(h.kind == "playbook" for h in index.search(TEAM, "refill requests", SearchFilters()))


def test_added_experiments_are_flagged_indexed(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup
) -> None:
    experiment = save_experiment(database, clinic, 1, "Stop the daily census printout")
    assert not is_indexed(database, experiment)

    index.add_experiment(experiment, clinic)

    assert is_indexed(database, experiment)
    assert index.reindex_pending(database) == 0


def test_reindex_pending_indexes_what_was_saved_but_not_indexed(
    index: ExperimentIndex, database: Database, clinic: WorkingGroup
) -> None:
    waiting = [save_experiment(database, clinic, n, f"Idea {n}: stop duplicate faxes of form {n}")
               for n in (1, 2, 3)]  # fmt: skip

    assert index.reindex_pending(database) == 3

    assert all(is_indexed(database, experiment) for experiment in waiting)
    assert {s.number for s in index.similar(TEAM, "stop duplicate faxes", k=5)} == {1, 2, 3}


def test_the_playbook_is_reindexed_when_its_files_change(
    tmp_path: Path, database: Database
) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for name in KNOWLEDGE_FILES:
        shutil.copy(DEFAULT_DIRECTORY / name, knowledge / name)
    first = make_index(tmp_path / "data", database, knowledge)
    assert first.index_playbook() is True
    assert make_index(tmp_path / "data", database, knowledge).index_playbook() is False

    playbook = knowledge / "playbook.yaml"
    original = first.search(TEAM, "electronic prior authorisation", SearchFilters())[0]
    assert original.kind == "playbook" and original.title
    playbook.write_text(
        playbook.read_text().replace(original.title, "Prior auth straight from the EHR")
    )
    second = make_index(tmp_path / "data", database, knowledge)

    assert second.index_playbook() is True
    titles = [
        h.title for h in second.search(TEAM, "electronic prior authorisation", SearchFilters())
    ]
    assert "Prior auth straight from the EHR" in titles
    assert original.title not in titles


def test_playbook_examples_follow_the_text_when_given(index: ExperimentIndex) -> None:
    plain = index.playbook_examples("automate", "primary care")
    about_refills = index.playbook_examples("automate", "primary care", text="refill requests")

    assert len(plain) == 2 and len(about_refills) == 2
    assert all(entry.question == "automate" for entry in plain + about_refills)
    assert "refill" in (about_refills[0].title + about_refills[0].change).lower()
