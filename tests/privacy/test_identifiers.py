"""Behaviour of the patient-identifier detector over labelled examples and on its own."""

from __future__ import annotations

import re
import socket
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from presidio_analyzer.nlp_engine import NoOpNlpEngine

from bot.privacy import (
    Finding,
    IdentifierDetector,
    IdentifierKind,
    default_detector,
    describe,
    name_lists,
)
from bot.privacy.identifiers import build_analyzer
from bot.privacy.name_lists import NameListsMissing, load_name_lists
from bot.privacy.patterns import npi_check_digit_holds

CASES = yaml.safe_load((Path(__file__).parent / "identifier_cases.yaml").read_text("utf-8"))
POSITIVES = [case for case in CASES if case["kinds"]]
NEGATIVES = [case for case in CASES if not case["kinds"]]
MIN_RECALL = 0.98
MAX_FALSE_POSITIVE_RATE = 0.03


def _params(cases: list[dict], mark_known_misses: bool) -> list:
    """Cases as pytest params named by id, known misses marked xfail with their reason."""
    params = []
    for case in cases:
        marks = []
        if mark_known_misses and case.get("xfail"):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)]
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def _kinds(detector: IdentifierDetector, text: str) -> set[IdentifierKind]:
    return {finding.kind for finding in detector.find(text)}


@pytest.fixture(scope="module")
def detector() -> IdentifierDetector:
    return default_detector()


def test_labelled_cases_are_many_and_balanced() -> None:
    assert len(CASES) >= 300
    assert 0.4 <= len(POSITIVES) / len(CASES) <= 0.6
    assert len({case["id"] for case in CASES}) == len(CASES)
    assert all(case.get("planted") for case in POSITIVES)


@pytest.mark.parametrize("case", _params(POSITIVES, mark_known_misses=True))
def test_positive_case_is_found_with_its_kinds(detector: IdentifierDetector, case: dict) -> None:
    assert _kinds(detector, case["text"]) == {IdentifierKind(k) for k in case["kinds"]}


def test_recall_over_positives_is_at_least_98_percent(detector: IdentifierDetector) -> None:
    missed = [
        case["id"]
        for case in POSITIVES
        if not {IdentifierKind(k) for k in case["kinds"]} <= _kinds(detector, case["text"])
    ]
    recall = 1 - len(missed) / len(POSITIVES)
    assert recall >= MIN_RECALL, f"recall {recall:.2f}, missed {missed}"


def test_false_positive_rate_over_negatives_is_under_3_percent(
    detector: IdentifierDetector,
) -> None:
    flagged = [case["id"] for case in NEGATIVES if detector.contains_identifiers(case["text"])]
    rate = len(flagged) / len(NEGATIVES)
    assert rate < MAX_FALSE_POSITIVE_RATE, f"false-positive rate {rate:.2f}, flagged {flagged}"


@pytest.mark.parametrize("case", _params(POSITIVES, mark_known_misses=True))
def test_redaction_removes_every_planted_identifier(
    detector: IdentifierDetector, case: dict
) -> None:
    redacted = detector.redact(case["text"])
    assert [planted for planted in case["planted"] if str(planted) in redacted] == []


@pytest.mark.parametrize("case", _params(POSITIVES, mark_known_misses=False))
def test_description_never_echoes_the_identifier(detector: IdentifierDetector, case: dict) -> None:
    reason = describe(detector.find(case["text"]))
    for planted in map(str, case["planted"]):
        assert planted not in reason
        for digits in re.findall(r"\d{2,}", planted):
            assert digits not in reason


def test_redaction_puts_a_placeholder_per_kind(detector: IdentifierDetector) -> None:
    text = "Mrs. Jane Doe, MRN 55012877, call (617) 432-1987 or write to jdoe@example.org"
    assert detector.redact(text) == "[NAME], MRN [MRN], call [PHONE] or write to [EMAIL]"


def test_description_names_the_kinds_in_text_order(detector: IdentifierDetector) -> None:
    findings = detector.find("Patient Jane Doe can be reached on 617-432-1987.")
    assert describe(findings) == "it looks like it holds a name and a phone number"
    assert detector.describe(findings) == describe(findings)


def test_description_of_nothing_says_no_identifier() -> None:
    assert "not" in describe([])


def test_finding_shows_kind_and_place_but_no_text(detector: IdentifierDetector) -> None:
    text = "Please call Ms. Nguyen at 415-722-4310."
    findings = detector.find(text)
    assert {f.kind for f in findings} == {IdentifierKind.NAME, IdentifierKind.PHONE}
    for finding in findings:
        shown = repr(finding) + str(finding) + finding.model_dump_json()
        assert text[finding.start : finding.end] not in shown
        assert "Nguyen" not in shown and "4310" not in shown


def test_lone_first_name_in_a_signature_is_accepted(detector: IdentifierDetector) -> None:
    assert not detector.contains_identifiers("Thanks for reading this.\n\nBest,\nSam")
    assert detector.contains_identifiers("Thanks for reading this.\n\nBest,\nSam Carter")


def test_date_counts_only_when_tied_to_a_person(detector: IdentifierDetector) -> None:
    assert not detector.contains_identifiers("The pilot runs from 03/14/2024 to 06/14/2024.")
    assert _kinds(detector, "He was born on 03/14/1956.") == {IdentifierKind.DATE}


def test_public_link_is_not_an_identifier_but_a_chart_link_is(
    detector: IdentifierDetector,
) -> None:
    assert not detector.contains_identifiers("Guide: https://www.ahrq.gov/burden/tools.html")
    chart = "Open https://ehr.example.org/chart?patient=55012877 to see it."
    assert _kinds(detector, chart) == {IdentifierKind.URL}


def test_blank_text_has_no_findings(detector: IdentifierDetector) -> None:
    assert detector.find("   ") == []
    assert detector.redact("") == ""


def test_finding_knows_its_placeholder() -> None:
    finding = Finding(kind=IdentifierKind.ADDRESS, start=3, end=9, score=0.8)
    assert finding.placeholder == "[ADDRESS]"


def test_default_detector_is_built_once() -> None:
    assert default_detector() is default_detector()


def test_detector_needs_no_model_and_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network is cut in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    analyzer = build_analyzer()
    assert isinstance(analyzer.nlp_engine, NoOpNlpEngine)
    offline = IdentifierDetector(analyzer)
    assert offline.redact("Write to jdoe@example.org") == "Write to [EMAIL]"


def test_every_kind_has_positive_cases_and_negatives_are_clinical_talk() -> None:
    covered = {IdentifierKind(kind) for case in POSITIVES for kind in case["kinds"]}
    assert covered == set(IdentifierKind)
    assert len(NEGATIVES) >= 150


@pytest.mark.parametrize(
    ("digits", "holds"),
    [("1234567893", True), ("1245319599", True), ("1234567890", False), ("123456789", False)],
)
def test_npi_check_digit_follows_the_cms_luhn_rule(digits: str, holds: bool) -> None:
    assert npi_check_digit_holds(digits) is holds


def test_npi_is_redacted_as_npi_never_as_phone(detector: IdentifierDetector) -> None:
    assert detector.redact("prefill the ordering NPI (1245319599) on the form") == (
        "prefill the ordering NPI ([NPI]) on the form"
    )
    assert _kinds(detector, "the payer has 1861463432 on file for the group") == {
        IdentifierKind.NPI
    }


def test_a_bare_number_after_a_phone_word_stays_a_phone(detector: IdentifierDetector) -> None:
    assert _kinds(detector, "callback # 2065550123 goes to voicemail") == {IdentifierKind.PHONE}


def test_lower_case_street_is_an_address_but_a_distance_is_not(
    detector: IdentifierDetector,
) -> None:
    assert detector.redact("courier to 77 n elm st apt 3 today") == "courier to [ADDRESS] today"
    assert not detector.contains_identifiers("the lab is 10 minutes down the road")
    assert not detector.contains_identifiers("2 more on the way, start huddle")


def test_full_name_outside_the_common_list_is_found_in_any_case(
    detector: IdentifierDetector,
) -> None:
    assert detector.redact("Thanh Pham called again") == "[NAME] called again"
    assert detector.redact("ask obinna eze about it") == "ask [NAME] about it"
    assert detector.redact("moved beatriz alvarenga's appt") == "moved [NAME]'s appt"


def test_everyday_word_pairs_and_named_hospitals_are_not_names(
    detector: IdentifierDetector,
) -> None:
    for text in ["Mark Done what we stopped", "Virginia Mason style huddles", "Chase Bank login"]:
        assert not detector.contains_identifiers(text), text


def test_missing_name_lists_say_what_to_reinstall(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(name_lists.metadata, "distribution", not_installed)
    with pytest.raises(NameListsMissing, match="philter-lite"):
        load_name_lists()


def test_slack_permalinks_and_date_tokens_pass_untouched(detector: IdentifierDetector) -> None:
    for text in [
        "<https://example.slack.com/archives/C0123/p1700000000000100|the thread>",
        "due <!date^1732960800^{date_short_pretty}|2024-11-30> in <#C0ICU>",
        "reply in thread 1700000000.000100 to <@U024BE7LH>",
    ]:
        assert detector.redact(text) == text


def test_an_identifier_split_by_invisible_characters_is_redacted_whole(
    detector: IdentifierDetector,
) -> None:
    """Callers that skip the Slack edge are safe too: the redaction spans the hidden parts."""
    assert detector.redact("MRN 6612\u200b09\u00ad34 today") == "MRN [MRN] today"
    assert detector.redact("for Mrs\u00a0Oka\u200bfor, +44\u202f7700 900123") == (
        "for [NAME], [PHONE]"
    )


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("add Callbacks to +353 87 123 4567 ~10m/day", "add Callbacks to [PHONE] ~10m/day"),
        ("call +1 415 555 0134 ~10m/day", "call [PHONE] ~10m/day"),
    ],
)
def test_a_phone_number_redacts_up_to_its_last_digit_keeping_the_estimate_after_it(
    detector: IdentifierDetector, typed: str, kept: str
) -> None:
    """A burden's time estimate typed after a phone number survives "Save without them"."""
    assert detector.redact(typed) == kept
