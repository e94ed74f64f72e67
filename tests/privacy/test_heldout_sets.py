"""The held-out identifier case sets stay well-formed, so recall can be re-measured on them.

No detection is asserted here on purpose: held-out sets are for measuring
(`benchmarks/identifier_recall.py`), and a threshold on one would turn it into a tuning set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.privacy import IdentifierKind

HERE = Path(__file__).parent
FIRST = HERE / "heldout_cases.yaml"
SECOND = HERE / "heldout2_cases.yaml"
THIRD = HERE / "heldout3_cases.yaml"
FOURTH = HERE / "heldout4_cases.yaml"
FIFTH = HERE / "heldout5_cases.yaml"
SOURCES = {"letter", "meeting", "idea", "burden", "log"}


def _cases(path: Path) -> list[dict]:
    cases = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(cases, list)
    return cases


@pytest.fixture(params=[FIRST, SECOND, THIRD, FOURTH], ids=["first", "second", "third", "fourth"])
def cases(request: pytest.FixtureRequest) -> list[dict]:
    return _cases(request.param)


def test_every_case_names_only_known_kinds_and_sources(cases: list[dict]) -> None:
    known = {kind.value for kind in IdentifierKind}
    unknown = [(case["id"], kind) for case in cases for kind in case["kinds"] if kind not in known]
    assert unknown == []
    assert [case["id"] for case in cases if case["source"] not in SOURCES] == []


def test_cases_are_unique_many_and_about_half_positive(cases: list[dict]) -> None:
    ids = [case["id"] for case in cases]
    assert len(set(ids)) == len(ids)
    assert len(cases) >= 200
    positives = [case for case in cases if case["kinds"]]
    assert 0.4 <= len(positives) / len(cases) <= 0.6
    assert all(isinstance(case["text"], str) and case["text"].strip() for case in cases)


def test_every_planted_identifier_is_in_its_text_and_only_positives_plant(
    cases: list[dict],
) -> None:
    assert [c["id"] for c in cases if c["kinds"] and not c.get("planted")] == []
    assert [c["id"] for c in cases if not c["kinds"] and c.get("planted")] == []
    absent = [(c["id"], p) for c in cases for p in c.get("planted", []) if str(p) not in c["text"]]
    assert absent == []


def test_no_case_of_the_second_set_is_copied_from_the_first() -> None:
    first = _cases(FIRST)
    first_texts = {case["text"].strip().lower() for case in first}
    first_ids = {case["id"] for case in first}
    second = _cases(SECOND)
    assert [c["id"] for c in second if c["text"].strip().lower() in first_texts] == []
    assert [c["id"] for c in second if c["id"] in first_ids] == []


def test_no_case_of_the_third_set_is_copied_from_the_others_and_its_ids_are_opaque() -> None:
    earlier = _cases(FIRST) + _cases(SECOND)
    texts = {case["text"].strip().lower() for case in earlier}
    third = _cases(THIRD)
    assert [c["id"] for c in third if c["text"].strip().lower() in texts] == []
    # Ids say nothing of the case ("h3-017"), so a count of misses by id reveals no text.
    assert [c["id"] for c in third if not re.fullmatch(r"h3-\d{3}", c["id"])] == []


def test_no_case_of_the_fourth_set_is_copied_from_the_others_and_its_ids_are_opaque() -> None:
    earlier = _cases(FIRST) + _cases(SECOND) + _cases(THIRD)
    texts = {case["text"].strip().lower() for case in earlier}
    fourth = _cases(FOURTH)
    assert [c["id"] for c in fourth if c["text"].strip().lower() in texts] == []
    assert [c["id"] for c in fourth if not re.fullmatch(r"h4-\d{3}", c["id"])] == []


def test_no_case_of_the_fifth_set_is_copied_from_the_others_and_its_ids_are_opaque() -> None:
    earlier = _cases(FIRST) + _cases(SECOND) + _cases(THIRD) + _cases(FOURTH)
    texts = {case["text"].strip().lower() for case in earlier}
    fifth = _cases(FIFTH)
    assert [c["id"] for c in fifth if c["text"].strip().lower() in texts] == []
    assert [c["id"] for c in fifth if not re.fullmatch(r"h5-\d{3}", c["id"])] == []
