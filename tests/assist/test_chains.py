"""The assistant's four tasks, with LangChain's fake chat models standing in for a real model:
the model's structured answer is used when it is sound, and the deterministic method answers
within the same call when the model is slow, fails, answers malformed or invents a number."""

from __future__ import annotations

import pytest

from bot.assist import IdeaDiscussion
from bot.assist.private_model import ModelUnavailable, build_chat_model, parse_model_spec
from bot.assist.prompts import load_prompt
from bot.domain.questions import Question
from tests.assist.fakes import assistant_with, fake_model, tool_reply

THREE_IDEAS = (
    "We should stop sending FYI copies of every discharge to the PCP inbox.\n"
    "- The EHR could auto-fill the prior authorisation form from the chart\n"
    "- MAs could reconcile medications before the visit under a standing order"
)
TASKS = ("sort_message", "summarise_stage", "draft_hypothesis", "leaders_paragraph")


def sorted_reply(*ideas: tuple[str, str]) -> object:
    return tool_reply("SortedIdeasReply", {"ideas": [{"question": q, "text": t} for q, t in ideas]})


# -- sort_message ---------------------------------------------------------------------------


def test_model_sorts_and_splits_a_message_into_ideas() -> None:
    model = fake_model(
        sorted_reply(("automate", "Auto-fill prior auth forms"), ("delegate", "MAs call back"))
    )

    result = assistant_with(model).sort_message("Auto-fill prior auth forms; MAs call back", "icu")

    assert result.source == "model"
    assert [(i.question, i.text) for i in result.ideas] == [
        (Question.AUTOMATE, "Auto-fill prior auth forms"),
        (Question.DELEGATE, "MAs call back"),
    ]
    assert "icu" in model.sent_text()


def test_without_a_model_a_message_is_split_and_sorted_by_similarity() -> None:
    result = assistant_with(None).sort_message(THREE_IDEAS, "primary care")

    assert result.source == "fallback"
    assert [i.question for i in result.ideas] == [
        Question.STOP,
        Question.AUTOMATE,
        Question.DELEGATE,
    ]


def test_chat_is_not_taken_for_an_idea() -> None:
    assert assistant_with(None).sort_message("Thanks, I agree!", "primary care").ideas == []


def test_a_reply_without_the_structure_falls_back() -> None:
    model = fake_model("Sure! Here are the ideas: stop FYI copies, auto-fill forms.")

    result = assistant_with(model).sort_message(THREE_IDEAS, "primary care")

    assert result.source == "fallback"
    assert len(result.ideas) == 3
    assert model.received, "the model was asked first"


def test_a_question_outside_the_five_falls_back() -> None:
    model = fake_model(sorted_reply(("review", "Pilot it"), ("banana", "Auto-fill forms")))

    result = assistant_with(model).sort_message(THREE_IDEAS, "primary care")

    assert result.source == "fallback"


def test_a_slow_model_falls_back_within_the_deadline() -> None:
    model = fake_model(sorted_reply(("stop", "too late")), delay_seconds=3.0)

    result = assistant_with(model, timeout_seconds=0.3).sort_message(THREE_IDEAS, "primary care")

    # The model would answer validly after 3 s, so a fallback proves the deadline cut it off
    # (no wall-clock assertion: CI machines are shared and noisy).
    assert result.source == "fallback"


def test_a_failing_model_falls_back() -> None:
    model = fake_model(failure="connection refused")

    result = assistant_with(model).sort_message(THREE_IDEAS, "primary care")

    assert result.source == "fallback"
    assert len(result.ideas) == 3


# -- summarise_stage -------------------------------------------------------------------------

IDEAS = [
    IdeaDiscussion(
        short_id="E-1", text="Stop FYI copies of discharges", votes=5, consensus=[4, 5, 5]
    ),
    IdeaDiscussion(
        short_id="E-2",
        text="Stop the monthly quality report",
        votes=3,
        consensus=[0, 5, 4],
        concerns=["The payer contract requires it"],
    ),
]


def test_model_summary_names_the_disagreements() -> None:
    model = fake_model(
        tool_reply(
            "StageSummaryReply",
            {
                "summary": "The group backs E-1. E-2 divides it.",
                "disagreements": ["E-2: one member blocks it over the payer contract"],
            },
        )
    )

    summary = assistant_with(model).summarise_stage(Question.STOP, IDEAS)

    assert summary.source == "model"
    assert summary.disagreements == ["E-2: one member blocks it over the payer contract"]
    sent = model.sent_text()
    assert "E-2 (3 votes; fist-to-five [0, 5, 4])" in sent
    assert "concern: The payer contract requires it" in sent


def test_template_summary_names_concerns_and_split_ratings() -> None:
    summary = assistant_with(fake_model("no structure")).summarise_stage(Question.STOP, IDEAS)

    assert summary.source == "fallback"
    assert "Most support: E-1 (5 votes)" in summary.summary
    # One line per disputed idea: E-2's concern (its fist-to-five of 0 would send it too).
    assert summary.disagreements == ["E-2: 1 concern raised"]


def test_template_calls_a_tie_no_disagreement_but_a_low_fist_to_five_one() -> None:
    tied = [
        IdeaDiscussion(short_id="E-1", text="Stop FYI copies", votes=7),
        IdeaDiscussion(short_id="E-2", text="Stop re-entering vitals", votes=7),
        IdeaDiscussion(short_id="E-3", text="Stop the audit", votes=2, consensus=[5, 2, 4]),
    ]

    summary = assistant_with(None).summarise_stage(Question.STOP, tied)

    # Two ideas backed equally are no dispute; a fist-to-five of 2 or less settles by pilot.
    assert summary.disagreements == ["E-3: a fist-to-five of 2"]
    assert "Most support: E-1 and E-2, backed equally (7 votes each)." in summary.summary
    assert "equal support" not in summary.summary


def test_a_stage_without_ideas_is_summarised_without_asking_a_model() -> None:
    model = fake_model()

    summary = assistant_with(model).summarise_stage(Question.OUTSOURCE, [])

    assert summary.summary == "No ideas under Outsource."
    assert not model.received


# -- draft_hypothesis ------------------------------------------------------------------------


def test_model_hypothesis_keeps_only_catalogue_measures() -> None:
    model = fake_model(
        tool_reply(
            "HypothesisReply",
            {
                "hypothesis": "If MAs pend refills, inbox time will fall within 6 weeks.",
                "measure_ids": ["inbox_time_per_8h", "happiness_index", "Mini-Z-Burnout"],
            },
        )
    )

    draft = assistant_with(model).draft_hypothesis("MAs pend refill requests", "primary care")

    assert draft.source == "model"
    assert draft.measure_ids == ["inbox_time_per_8h", "mini_z_burnout"]


def test_a_hypothesis_with_no_known_measure_falls_back_to_the_template() -> None:
    model = fake_model(
        tool_reply("HypothesisReply", {"hypothesis": "It will help.", "measure_ids": ["vibes"]})
    )

    draft = assistant_with(model).draft_hypothesis(
        "Stop FYI copies of notes in the inbox", "primary care"
    )

    assert draft.source == "fallback"
    assert draft.hypothesis.startswith('If we try "Stop FYI copies of notes in the inbox"')
    assert "inbox_time_per_8h" in draft.measure_ids
    assert "mini_z_burnout" in draft.measure_ids


# -- leaders_paragraph -----------------------------------------------------------------------

FIGURES: dict[str, float | int | str] = {
    "hours_reclaimed_per_week": 14.5,
    "pilots_running": 4,
    "share_burned_out": "38%",
    "ready_to_scale": "P-3",
}


def paragraph(text: str) -> object:
    return tool_reply("LeadersParagraphReply", {"paragraph": text})


def test_model_words_the_figures_it_was_given() -> None:
    text = "4 pilots reclaimed 14.5 hours a week; 38% report burnout. P-3 can scale."
    model = fake_model(paragraph(text))

    words = assistant_with(model).leaders_paragraph(FIGURES)

    assert words == text
    assert "hours reclaimed per week: 14.5" in model.sent_text()


@pytest.mark.parametrize(
    "invented",
    [
        "4 pilots reclaimed 15 hours a week.",  # rounded
        "4 pilots reclaimed 14.5 hours, saving $20,000.",  # added
        "Twelve pilots reclaimed 14.5 hours a week.",  # as a word
    ],
)
def test_an_invented_number_falls_back_to_the_template(invented: str) -> None:
    words = assistant_with(fake_model(paragraph(invented))).leaders_paragraph(FIGURES)

    assert "14.5 hours a week reclaimed" in words
    assert "pilots running: 4" in words.lower()


def test_leaders_paragraph_without_a_model_is_the_template() -> None:
    words = assistant_with(None).leaders_paragraph({"pilots_running": 2})

    assert words == "Pilots running: 2."


# -- prompts and configuration ---------------------------------------------------------------


@pytest.mark.parametrize("task", TASKS)
def test_every_task_has_a_versioned_prompt_file(task: str) -> None:
    prompt = load_prompt(task)

    assert prompt.version >= 1
    assert prompt.label == f"{task}@{prompt.version}"
    assert set(prompt.template().input_variables) == set(prompt.variables)


def test_model_setting_names_provider_and_model() -> None:
    assert parse_model_spec("ollama:llama3.1:8b") == ("ollama", "llama3.1:8b")
    with pytest.raises(ModelUnavailable):
        parse_model_spec("gpt-4o")


def test_an_openai_model_is_built_through_init_chat_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-dummy")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")

    model = build_chat_model("openai:any-model", timeout_seconds=4)

    assert type(model).__name__ == "ChatOpenAI"


def test_a_provider_that_is_not_installed_is_reported_not_raised_at_import() -> None:
    with pytest.raises(ModelUnavailable, match="no_such_provider"):
        build_chat_model("no_such_provider:model", timeout_seconds=4)


def test_template_summary_reads_counts_and_the_settle_by_pilot_mark() -> None:
    ideas = [
        IdeaDiscussion(short_id="E-4", text="Stop faxing", votes=1, concern_count=2),
        IdeaDiscussion(short_id="E-5", text="Stop the audit", votes=2, settle_by_pilot=True),
    ]

    summary = assistant_with(None).summarise_stage(Question.STOP, ideas)

    assert summary.disagreements == ["E-4: 2 concerns raised", "E-5: marked settle by pilot"]
