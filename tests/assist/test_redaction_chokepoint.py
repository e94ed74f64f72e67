"""No patient identifier reaches a language model: every task's text passes the detector first,
through one chokepoint (PrivateModel.ask) that nothing else in the bot goes around."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage

from bot.assist import Assistant, IdeaDiscussion
from bot.assist.private_model import PrivateModel
from bot.assist.prompts import Prompt
from bot.assist.replies import LeadersParagraphReply
from bot.domain.questions import Question
from bot.privacy import IdentifierDetector, default_detector
from tests.assist.fakes import StructuredFakeChatModel, assistant_with, fake_model, tool_reply

BOT = Path(__file__).resolve().parents[2] / "bot"
NAME, MRN, PHONE, EMAIL = "Maria Gonzalez", "4471829", "617-555-0142", "maria.g@example.com"
PLANTED = (NAME, MRN, PHONE, EMAIL, "Gonzalez")
MESSAGE = (
    f"Patient {NAME} (MRN {MRN}) called {PHONE} twice about her refill; email {EMAIL}. "
    "MAs could call patients back about refills under a standing order."
)


def run_every_task(assistant: Assistant) -> None:
    """Ask each of the four tasks something that holds identifiers in every text it takes."""
    assistant.sort_message(MESSAGE, "primary care")
    assistant.summarise_stage(
        Question.DELEGATE,
        [IdeaDiscussion(short_id="E-7", text=MESSAGE, votes=2, concerns=[MESSAGE])],
    )
    assistant.draft_hypothesis(MESSAGE, "primary care")
    assistant.leaders_paragraph({"pilots_running": 2, "note": MESSAGE})


def answers() -> list[AIMessage]:
    return [
        tool_reply("SortedIdeasReply", {"ideas": []}),
        tool_reply("StageSummaryReply", {"summary": "Fine.", "disagreements": []}),
        tool_reply("HypothesisReply", {"hypothesis": "If.", "measure_ids": ["mini_z_burnout"]}),
        tool_reply("LeadersParagraphReply", {"paragraph": "2 pilots run."}),
    ]


def test_no_identifier_reaches_the_model_in_any_task() -> None:
    model = fake_model(*answers())

    run_every_task(assistant_with(model))

    assert len(model.received) == 4, "each task asked the model once"
    sent = model.sent_text()
    for planted in PLANTED:
        assert planted not in sent
    for placeholder in ("[NAME]", "[MRN]", "[PHONE]", "[EMAIL]"):
        assert placeholder in sent


class BrokenDetector(IdentifierDetector):
    """A detector that fails: if anything reached the model without it, the model would know."""

    def __init__(self) -> None:
        pass

    def redact(self, text: str) -> str:
        raise RuntimeError("detector down")


def test_when_redaction_fails_the_model_is_never_called() -> None:
    model = fake_model(*answers())
    broken = BrokenDetector()
    assistant = assistant_with(model, detector=lambda: broken)

    # Sorting redacts for its own answer too, so it fails loudly; the other tasks fall back to
    # their templates. Either way the model heard nothing.
    with pytest.raises(RuntimeError):
        assistant.sort_message(MESSAGE, "primary care")
    assert assistant.draft_hypothesis(MESSAGE, "primary care").source == "fallback"
    assistant.summarise_stage(Question.STOP, [IdeaDiscussion(short_id="E-1", text=MESSAGE)])
    assistant.leaders_paragraph({"note": MESSAGE})

    assert model.received == []


def test_the_chokepoint_redacts_the_prompt_text_as_well() -> None:
    model = fake_model(tool_reply("LeadersParagraphReply", {"paragraph": "ok"}))
    private = PrivateModel(lambda: model, default_detector, ThreadPoolExecutor(max_workers=1), 5.0)
    leaky = Prompt(
        name="leaky", version=1, variables=("figures",), system=f"Call {PHONE}.", human="{figures}"
    )

    answer = private.ask(leaky, {"figures": f"MRN {MRN}"}, LeadersParagraphReply)

    assert answer.paragraph == "ok"

    assert PHONE not in model.sent_text()
    assert MRN not in model.sent_text()


def test_the_assistant_holds_no_chat_model_except_through_the_chokepoint() -> None:
    model = fake_model()
    assistant = assistant_with(model)

    held = [v for v in vars(assistant).values() if isinstance(v, StructuredFakeChatModel)]

    assert held == []


def test_only_the_chokepoint_module_talks_to_chat_models() -> None:
    # Building or invoking a chat model anywhere else would be a way around the redaction.
    markers = ("init_chat_model", "with_structured_output", "BaseChatModel", "langchain_openai")
    offenders = [
        str(path.relative_to(BOT.parent))
        for path in BOT.rglob("*.py")
        if path.name != "private_model.py" and any(m in path.read_text() for m in markers)
    ]

    assert offenders == []


def test_the_default_detector_finds_the_planted_identifiers() -> None:
    kinds = {f.kind.value for f in default_detector().find(MESSAGE)}

    assert {"name", "mrn", "phone", "email"} <= kinds
