"""The pure rules about ideas: adds work (checklist pause), split votes, settle by pilot."""

from __future__ import annotations

import pytest

from bot.domain.ideas import (
    Tally,
    WorkCues,
    cut_idea,
    initial_status,
    is_split,
    judge_work,
    pilot_reasons,
    settled_status,
)
from bot.domain.models import ExperimentStatus
from bot.domain.questions import Question
from bot.services.experiments import load_work_cues


@pytest.fixture(scope="module")
def cues() -> WorkCues:
    """The cues clinicians review in knowledge/adds_work.yaml."""
    return load_work_cues()


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("A new checklist for every refill request", "checklist"),
        ("Nurses fill out a form for each prior authorisation", "fill out"),
        ("Add an extra step: the MA double-checks every order", "extra step"),
        ("Weekly review of all open care gaps by the physician", "weekly review"),
        ("Everyone completes two more checklists", "checklist"),
    ],
)
def test_an_idea_that_introduces_a_task_adds_work(text: str, cue: str, cues: WorkCues) -> None:
    judgement = judge_work(text, Question.AUTOMATE, cues)

    assert judgement.adds_work
    assert judgement.cue == cue


@pytest.mark.parametrize(
    "text",
    [
        "Stop the FYI copies of discharge notes",
        "Medical assistants pend refill requests for protocol medicines",
        "Auto-file normal lab results",
        "Replace the three phone calls with one checklist",
        "Use one shared checklist instead of the five paper forms",
        "Outsource prior authorisation to a vendor",
    ],
)
def test_an_idea_that_removes_or_swaps_work_does_not_add_work(text: str, cues: WorkCues) -> None:
    assert not judge_work(text, Question.DELEGATE, cues).adds_work


def test_keep_sacred_never_adds_work(cues: WorkCues) -> None:
    assert not judge_work(
        "A new checklist for goals-of-care talks", Question.KEEP_SACRED, cues
    ).adds_work


def test_cues_match_whole_words_only(cues: WorkCues) -> None:
    # "audit" is a cue; "auditorium" is not an audit.
    assert not judge_work("Hold the huddle in the auditorium", Question.STOP, cues).adds_work


def test_initial_status_parks_only_work_adding_ideas_during_a_pause() -> None:
    assert initial_status(Question.STOP, paused=True, adds_work=True) is ExperimentStatus.PARKED
    assert initial_status(Question.STOP, paused=True, adds_work=False) is ExperimentStatus.PROPOSED
    assert initial_status(Question.STOP, paused=False, adds_work=True) is ExperimentStatus.PROPOSED
    assert (
        initial_status(Question.KEEP_SACRED, paused=True, adds_work=True)
        is ExperimentStatus.PROTECTED
    )


def test_cut_idea_tidies_spaces_and_cuts_long_text() -> None:
    assert cut_idea("  stop   the   faxes ") == ("stop the faxes", False)
    cut, was_cut = cut_idea("x" * 700, limit=600)
    assert was_cut and len(cut) == 600


@pytest.mark.parametrize(
    ("votes", "voters", "split"),
    [
        (3, 6, True),  # half the voters: divided
        (2, 6, True),  # a third
        (4, 6, True),  # two thirds
        (5, 6, False),  # clear support
        (1, 6, False),  # clear lack of support
        (1, 2, False),  # too few voters to judge
        (0, 8, False),
    ],
)
def test_split_votes(votes: int, voters: int, split: bool) -> None:
    assert is_split(votes, voters) is split


def test_concern_or_low_fist_to_five_sends_an_idea_to_a_pilot() -> None:
    assert pilot_reasons(Tally(votes=5, concerns=1), voters=6) == ["a concern"]
    assert pilot_reasons(Tally(votes=5, ratings=(4, 5, 2)), voters=6) == [
        "a fist-to-five of 2 or less"
    ]
    assert pilot_reasons(Tally(votes=5, ratings=(3, 4, 5)), voters=6) == []


def test_settled_status_moves_only_open_ideas() -> None:
    divided = Tally(votes=3, concerns=1)
    assert settled_status(ExperimentStatus.PROPOSED, divided, 6) is ExperimentStatus.SETTLE_BY_PILOT
    assert settled_status(ExperimentStatus.PROTECTED, divided, 6) is ExperimentStatus.PROTECTED
    assert settled_status(ExperimentStatus.PARKED, divided, 6) is ExperimentStatus.PARKED
    assert (
        settled_status(ExperimentStatus.SETTLE_BY_PILOT, Tally(votes=6), 6)
        is ExperimentStatus.PROPOSED
    )
