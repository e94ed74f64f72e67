"""The knowledge files load, validate and answer the questions the bot asks of them."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain.questions import Question
from bot.knowledge import (
    ANY_SETTING,
    DEFAULT_DIRECTORY,
    IDEA_QUESTIONS,
    MEASURES_FILE,
    PLAYBOOK_FILE,
    QUESTIONS_FILE,
    SETTINGS,
    KnowledgeBase,
    KnowledgeError,
    UnknownMeasure,
    UnknownQuestion,
    files_fingerprint,
    normalise_setting,
)

MINIMUM_PER_QUESTION = {"stop": 8, "automate": 8, "delegate": 8, "outsource": 8, "keep_sacred": 5}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The knowledge shipped in the repository."""
    return KnowledgeBase.load()


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the knowledge folder that a test may break."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def _raw(directory: Path, name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((directory / name).read_text(encoding="utf-8"))


def _rewrite(directory: Path, name: str, items: list[dict[str, Any]]) -> None:
    (directory / name).write_text(yaml.safe_dump(items, sort_keys=False), encoding="utf-8")


def test_default_directory_is_the_repository_knowledge_folder() -> None:
    repo_knowledge = Path(__file__).resolve().parent.parent / "knowledge"
    assert repo_knowledge == DEFAULT_DIRECTORY
    assert (DEFAULT_DIRECTORY / PLAYBOOK_FILE).is_file()


def test_shipped_knowledge_loads_and_validates(kb: KnowledgeBase) -> None:
    assert kb.entries() and kb.measures() and kb.guides()


def test_playbook_has_at_least_sixty_entries(kb: KnowledgeBase) -> None:
    assert len(kb.entries()) >= 60


@pytest.mark.parametrize(("question", "minimum"), sorted(MINIMUM_PER_QUESTION.items()))
def test_every_question_has_enough_playbook_entries(
    kb: KnowledgeBase, question: str, minimum: int
) -> None:
    assert len(kb.entries_for(question)) >= minimum


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s != ANY_SETTING])
def test_every_clinical_setting_has_its_own_entries(kb: KnowledgeBase, setting: str) -> None:
    own = [e for e in kb.entries() if setting in e.settings]
    assert len(own) >= 3


def test_every_measure_the_playbook_suggests_exists(kb: KnowledgeBase) -> None:
    catalogue = {m["id"] for m in _raw(DEFAULT_DIRECTORY, MEASURES_FILE)}
    suggested = {m for e in _raw(DEFAULT_DIRECTORY, PLAYBOOK_FILE) for m in e["measures"]}
    assert suggested - catalogue == set()


def test_playbook_and_measure_ids_are_unique() -> None:
    for name in (PLAYBOOK_FILE, MEASURES_FILE):
        counts = Counter(item["id"] for item in _raw(DEFAULT_DIRECTORY, name))
        assert [i for i, n in counts.items() if n > 1] == [], name


def test_every_entry_answers_one_of_the_five_questions(kb: KnowledgeBase) -> None:
    assert {e.question for e in kb.entries()} == set(IDEA_QUESTIONS)


def test_measures_have_a_valid_range_and_direction(kb: KnowledgeBase) -> None:
    for measure in kb.measures():
        assert measure.min < measure.max, measure.id
        assert measure.direction in ("lower", "higher"), measure.id
        assert measure.unit and measure.source, measure.id


def test_minutes_per_day_cannot_exceed_a_day(kb: KnowledgeBase) -> None:
    minutes = kb.measure("task_minutes_per_day")
    assert minutes.accepts(1440) and not minutes.accepts(1441) and not minutes.accepts(-1)


def test_mini_z_ranges_one_to_five_and_three_is_burnout(kb: KnowledgeBase) -> None:
    mini_z = kb.measure("mini_z_burnout")
    assert (mini_z.min, mini_z.max) == (1, 5)
    assert mini_z.direction == "lower"
    assert mini_z.burnout_threshold == 3
    assert "3 or more counts as burnout" in mini_z.definition


def test_improvement_is_positive_when_a_measure_moves_its_better_way(kb: KnowledgeBase) -> None:
    assert kb.measure("inbox_time_per_8h").improvement(before=1.5, after=1.0) == pytest.approx(0.5)
    assert kb.measure("care_gap_closure_rate").improvement(before=40, after=55) == 15
    assert kb.measure("care_gap_closure_rate").improvement(before=55, after=40) == -15


def test_unknown_measure_names_the_valid_ids(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownMeasure) as raised:
        kb.measure("happiness_index")
    assert "mini_z_burnout" in raised.value.valid_ids
    assert "happiness_index" in str(raised.value) and "mini_z_burnout" in str(raised.value)
    assert isinstance(raised.value, KeyError)


def test_measure_lookup_forgives_case_and_hyphens(kb: KnowledgeBase) -> None:
    assert kb.measure(" Mini-Z_Burnout ").id == "mini_z_burnout"


def test_entries_for_puts_setting_specific_entries_before_any(kb: KnowledgeBase) -> None:
    found = kb.entries_for("stop", "primary_care")
    scopes = [ANY_SETTING in e.settings for e in found]
    assert False in scopes and True in scopes
    assert scopes == sorted(scopes), "an 'any' entry came before a primary-care one"
    assert all("primary_care" in e.settings or e.settings == [ANY_SETTING] for e in found)


def test_entries_for_leaves_out_other_settings(kb: KnowledgeBase) -> None:
    found = {e.id for e in kb.entries_for("stop", "icu")}
    assert "stop-routine-daily-labs" in found
    assert "stop-monthly-refills" not in found


def test_entries_for_an_unrecognised_setting_gives_only_general_entries(kb: KnowledgeBase) -> None:
    found = kb.entries_for("automate", "space medicine")
    assert found and all(e.settings == [ANY_SETTING] for e in found)


def test_entries_for_reads_the_setting_a_group_typed(kb: KnowledgeBase) -> None:
    typed = kb.entries_for(Question.DELEGATE, "Emergency Department")
    assert typed == kb.entries_for("delegate", "emergency")
    assert any(e.id == "delegate-ed-scribes" for e in typed)


@pytest.mark.parametrize(
    ("typed", "setting"),
    [
        ("primary care", "primary_care"),
        ("Family Medicine clinic", "primary_care"),
        ("Surgery/Perioperative", "surgery"),
        ("Critical care", "icu"),
        ("behavioural health", "mental_health"),
        ("outpatient specialty", "outpatient_specialty"),
        ("ER", "emergency"),
        ("dermatology", "dermatology"),
    ],
)
def test_free_text_setting_is_mapped_to_a_playbook_setting(typed: str, setting: str) -> None:
    assert normalise_setting(typed) == setting


def test_cancer_centre_is_not_mistaken_for_the_emergency_room() -> None:
    assert normalise_setting("cancer centre") != "emergency"


def test_guides_follow_the_method_order_with_a_few_prompts(kb: KnowledgeBase) -> None:
    guides = kb.guides()
    assert [g.question for g in guides] == [q.value for q in Question]
    assert guides[0].ask == "What can we stop doing?"
    assert all(3 <= len(g.prompts) <= 4 for g in guides)


def test_delegate_guide_explains_a_capable_less_costly_role(kb: KnowledgeBase) -> None:
    assert "less costly role" in kb.guide(Question.DELEGATE).explanation


def test_guide_reads_what_a_member_types(kb: KnowledgeBase) -> None:
    assert kb.guide("keep sacred").question == "keep_sacred"


def test_unknown_question_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownQuestion):
        kb.entries_for("ignore")
    with pytest.raises(UnknownQuestion):
        kb.guide("brainstorm")


def test_fingerprint_matches_the_files_on_disk(kb: KnowledgeBase) -> None:
    assert kb.fingerprint() == files_fingerprint(DEFAULT_DIRECTORY)
    assert len(kb.fingerprint()) == 64


def test_fingerprint_changes_when_a_clinician_edits_a_file(knowledge_copy: Path) -> None:
    before = KnowledgeBase.load(knowledge_copy).fingerprint()
    with (knowledge_copy / PLAYBOOK_FILE).open("a", encoding="utf-8") as playbook:
        playbook.write("\n# reviewed by the primary care group\n")
    after = KnowledgeBase.load(knowledge_copy)
    assert after.fingerprint() != before
    assert len(after.entries()) == len(KnowledgeBase.load().entries())


def test_duplicate_playbook_id_is_refused(knowledge_copy: Path) -> None:
    entries = _raw(knowledge_copy, PLAYBOOK_FILE)
    _rewrite(knowledge_copy, PLAYBOOK_FILE, entries + [entries[0]])
    with pytest.raises(KnowledgeError, match=entries[0]["id"]):
        KnowledgeBase.load(knowledge_copy)


def test_entry_suggesting_an_unknown_measure_is_refused(knowledge_copy: Path) -> None:
    entries = _raw(knowledge_copy, PLAYBOOK_FILE)
    entries[0]["measures"] = ["happiness_index"]
    _rewrite(knowledge_copy, PLAYBOOK_FILE, entries)
    with pytest.raises(KnowledgeError, match="happiness_index"):
        KnowledgeBase.load(knowledge_copy)


def test_entry_with_an_unknown_question_is_refused(knowledge_copy: Path) -> None:
    entries = _raw(knowledge_copy, PLAYBOOK_FILE)
    entries[0]["question"] = "eliminate"
    _rewrite(knowledge_copy, PLAYBOOK_FILE, entries)
    with pytest.raises(KnowledgeError, match=entries[0]["id"]):
        KnowledgeBase.load(knowledge_copy)


def test_entry_mixing_any_with_a_specific_setting_is_refused(knowledge_copy: Path) -> None:
    entries = _raw(knowledge_copy, PLAYBOOK_FILE)
    entries[0]["settings"] = ["any", "icu"]
    _rewrite(knowledge_copy, PLAYBOOK_FILE, entries)
    with pytest.raises(KnowledgeError, match="stands alone"):
        KnowledgeBase.load(knowledge_copy)


def test_measure_with_min_not_below_max_is_refused(knowledge_copy: Path) -> None:
    measures = _raw(knowledge_copy, MEASURES_FILE)
    measures[0]["min"], measures[0]["max"] = 5, 1
    _rewrite(knowledge_copy, MEASURES_FILE, measures)
    with pytest.raises(KnowledgeError, match="must be below max"):
        KnowledgeBase.load(knowledge_copy)


def test_guides_out_of_order_are_refused(knowledge_copy: Path) -> None:
    guides = _raw(knowledge_copy, QUESTIONS_FILE)
    guides[0], guides[1] = guides[1], guides[0]
    _rewrite(knowledge_copy, QUESTIONS_FILE, guides)
    with pytest.raises(KnowledgeError, match="in order"):
        KnowledgeBase.load(knowledge_copy)


def test_a_missing_file_is_named(knowledge_copy: Path) -> None:
    (knowledge_copy / MEASURES_FILE).unlink()
    with pytest.raises(KnowledgeError, match=MEASURES_FILE):
        KnowledgeBase.load(knowledge_copy)


def test_a_misspelt_field_is_refused(knowledge_copy: Path) -> None:
    entries = _raw(knowledge_copy, PLAYBOOK_FILE)
    entries[0]["watchout"] = entries[0].pop("watch_out")
    _rewrite(knowledge_copy, PLAYBOOK_FILE, entries)
    with pytest.raises(KnowledgeError, match="watchout"):
        KnowledgeBase.load(knowledge_copy)
