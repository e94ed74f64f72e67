"""Fake chat models for the assistant's chains: LangChain's GenericFakeChatModel, taught to
bind tools (so with_structured_output works) and to remember every message it was sent."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field

from bot.assist import Assistant
from bot.assist.private_model import PrivateModel
from bot.knowledge import KnowledgeBase
from bot.privacy import IdentifierDetector, default_detector


class StructuredFakeChatModel(GenericFakeChatModel):
    """Answers with the next canned message; records what it received; may be slow or fail."""

    received: list[list[BaseMessage]] = Field(default_factory=list)
    delay_seconds: float = 0.0
    failure: str | None = None

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> StructuredFakeChatModel:  # type: ignore[override]
        """Structured output binds its schema as a tool; the canned answer already holds the call."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.received.append(list(messages))
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.failure:
            raise RuntimeError(self.failure)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)

    def sent_text(self) -> str:
        """Everything the model was sent, as one string."""
        return "\n".join(str(m.content) for batch in self.received for m in batch)


def tool_reply(schema: str, args: dict[str, Any]) -> AIMessage:
    """A model answer that fills the structured-output schema named `schema`."""
    return AIMessage(content="", tool_calls=[{"name": schema, "args": args, "id": "call_1"}])


def fake_model(*replies: AIMessage | str, **fields: Any) -> StructuredFakeChatModel:
    """A fake model that gives these answers in order."""
    answers: Iterator[AIMessage | str] = iter(replies)
    return StructuredFakeChatModel(messages=answers, **fields)


def assistant_with(
    model: BaseChatModel | None,
    timeout_seconds: float = 5.0,
    detector: Callable[[], IdentifierDetector] = default_detector,
) -> Assistant:
    """An assistant over this chat model (or none), with the real detector and knowledge."""
    private = None
    if model is not None:
        chat_model = model
        private = PrivateModel(
            lambda: chat_model, detector, ThreadPoolExecutor(max_workers=2), timeout_seconds
        )
    return Assistant(KnowledgeBase.load(), private, detector=detector)
