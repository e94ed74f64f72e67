"""Fixtures of the privacy tests: the language-model stand-in whose requests are searched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.assist.openai_standin import OpenAIStandIn

# What the stand-in model answers to every task: one sorted idea.
MODEL_REPLY = {"ideas": [{"question": "delegate", "text": "MAs pool the refill inbox"}]}


@pytest.fixture
def standin() -> Iterator[OpenAIStandIn]:
    """The OpenAI-compatible stand-in, recording every request the bot makes to a model."""
    with OpenAIStandIn(MODEL_REPLY) as server:
        yield server
