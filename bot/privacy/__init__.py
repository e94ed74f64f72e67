"""Keeping patient identifiers out of Slack, logs and language models."""

from bot.privacy.identifiers import (
    Finding,
    IdentifierDetector,
    IdentifierKind,
    default_detector,
    describe,
)

__all__ = ["Finding", "IdentifierDetector", "IdentifierKind", "default_detector", "describe"]
