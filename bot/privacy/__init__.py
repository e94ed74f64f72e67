"""Keeping patient identifiers out of Slack, logs, exports, the vector store and language models."""

from bot.privacy.identifiers import (
    Finding,
    IdentifierDetector,
    IdentifierKind,
    default_detector,
    describe,
    redact,
    redact_if_ready,
)

__all__ = [
    "Finding",
    "IdentifierDetector",
    "IdentifierKind",
    "default_detector",
    "describe",
    "redact",
    "redact_if_ready",
]
