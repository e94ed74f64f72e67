"""The one way the assistant reaches a language model: every message is redacted on the way out.

`PrivateModel.ask` is the chokepoint. It renders a prompt file, runs bot.privacy's detector over
the finished messages (the member's words and the prompt's own text alike), and only then hands
them to the chat model, with a deadline. Nothing else in the package holds the chat model."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from bot.assist.prompts import Prompt
from bot.privacy import IdentifierDetector

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

R = TypeVar("R", bound=BaseModel)
# Providers whose chat model classes accept a request timeout and a retry count.
_TIMEOUT_AWARE = frozenset({"openai", "azure_openai", "anthropic"})


class ModelUnavailable(Exception):
    """No model is configured, or the configured one could not be built."""


class MalformedReply(Exception):
    """The model answered, but not with the structure asked for."""


def parse_model_spec(spec: str) -> tuple[str, str]:
    """Split UNBURDEN_LLM's "provider:model" (the model part may itself hold colons)."""
    provider, separator, model = spec.strip().partition(":")
    if not separator or not provider or not model:
        raise ModelUnavailable(f"UNBURDEN_LLM must read provider:model, got {spec!r}")
    return provider.strip().lower(), model.strip()


def build_chat_model(spec: str, timeout_seconds: float) -> BaseChatModel:
    """A LangChain chat model through init_chat_model; raises ModelUnavailable when it cannot be built."""
    from langchain.chat_models import init_chat_model

    provider, model = parse_model_spec(spec)
    extra: dict[str, Any] = {"temperature": 0}
    if provider in _TIMEOUT_AWARE:
        extra |= {"timeout": timeout_seconds, "max_retries": 1}
    try:
        built = init_chat_model(model, model_provider=provider, **extra)
    except Exception as error:  # noqa: BLE001 - a missing extra or key must not stop the bot
        raise ModelUnavailable(f"{provider}: {type(error).__name__}: {error}") from error
    return built


def redact_messages(messages: list[BaseMessage], detector: IdentifierDetector) -> list[BaseMessage]:
    """Each message with every identifier the detector finds replaced by a placeholder."""
    redacted = []
    for message in messages:
        content = message.content
        if isinstance(content, str):
            content = detector.redact(content)
        else:
            # Multi-part content: redact every text part, drop anything else (images, files).
            content = [
                {**part, "text": detector.redact(str(part.get("text", "")))}
                for part in content
                if isinstance(part, dict) and part.get("type") == "text"
            ]
        redacted.append(message.model_copy(update={"content": content}))
    return redacted


class PrivateModel:
    """A chat model that only ever sees redacted text, answering within a deadline."""

    def __init__(
        self,
        chat_model: Callable[[], BaseChatModel],
        detector: Callable[[], IdentifierDetector],
        executor: Executor,
        timeout_seconds: float,
    ) -> None:
        self._chat_model = chat_model
        self._detector = detector
        self._executor = executor
        self._timeout = timeout_seconds

    def ask(self, prompt: Prompt, variables: Mapping[str, str], schema: type[R]) -> R:
        """The model's structured answer to the redacted prompt; raises on timeout or bad output."""
        messages = prompt.template().format_messages(**variables)
        redacted = redact_messages(messages, self._detector())
        structured = self._chat_model().with_structured_output(schema)
        # The deadline holds even when a provider ignores its own timeout; the late call is
        # left to finish in its worker and its answer is dropped.
        answer = self._executor.submit(structured.invoke, redacted).result(timeout=self._timeout)
        if not isinstance(answer, schema):
            raise MalformedReply(f"{prompt.label} answered {type(answer).__name__}")
        return answer


class LazyChatModel:
    """Builds the configured chat model on first use, once, so start-up stays fast."""

    def __init__(self, spec: str, timeout_seconds: float) -> None:
        self._spec = spec
        self._timeout = timeout_seconds
        self._model: BaseChatModel | None = None
        self._failure: ModelUnavailable | None = None
        self._lock = threading.Lock()

    def __call__(self) -> BaseChatModel:
        """The chat model; ModelUnavailable (remembered) when it cannot be built."""
        with self._lock:
            if self._model is None and self._failure is None:
                try:
                    self._model = build_chat_model(self._spec, self._timeout)
                except ModelUnavailable as failure:
                    log.error(
                        "language model unavailable, using deterministic methods: %s", failure
                    )
                    self._failure = failure
            if self._failure is not None:
                raise self._failure
            assert self._model is not None
            return self._model
